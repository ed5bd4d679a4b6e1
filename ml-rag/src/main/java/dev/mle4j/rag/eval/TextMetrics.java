package dev.mle4j.rag.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Non-LLM text measures used by the generation estimates.
 *
 * <ul>
 *   <li>{@link #normalize}: SQuAD's answer normalisation: lowercase, delete ASCII punctuation, drop
 *       the articles a, an, the, collapse white space.
 *   <li>{@link #tokenF1}: SQuAD token F1 of two texts (bag-of-tokens overlap).
 *   <li>{@link #contentTokens}: normalised tokens without common English stop words.
 *   <li>{@link #coverage}: the fraction of a text's distinct content tokens found in a token set.
 *   <li>{@link #sentences}: sentences split at {@code . ! ?} followed by white space, and at line
 *       breaks.
 * </ul>
 */
public final class TextMetrics {

  private static final Pattern PUNCT =
      Pattern.compile("[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]");
  private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\R+");
  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "the", "and", "or", "but", "if", "then", "else", "of", "to", "in", "on", "at",
          "by", "for", "with", "from", "into", "onto", "as", "is", "are", "was", "were", "be",
          "been", "being", "it", "its", "this", "that", "these", "those", "there", "here", "which",
          "who", "whom", "what", "when", "where", "why", "how", "can", "could", "should", "would",
          "will", "shall", "may", "might", "must", "do", "does", "did", "done", "has", "have",
          "had", "not", "no", "so", "such", "than", "too", "very", "also", "just", "only", "you",
          "your", "we", "our", "they", "their", "them", "he", "she", "his", "her", "i", "me", "my",
          "about", "any", "all", "each", "some", "more", "most", "other", "same", "both", "either",
          "use", "used", "using");

  private TextMetrics() {}

  /**
   * SQuAD normalisation.
   *
   * @param text the text
   * @return lowercase text without punctuation and articles, single spaces
   */
  public static String normalize(String text) {
    String s = text.toLowerCase(Locale.ROOT);
    s = PUNCT.matcher(s).replaceAll("");
    s = ARTICLES.matcher(s).replaceAll(" ");
    return String.join(" ", s.trim().split("\\s+")).trim();
  }

  /**
   * The tokens of the normalised text.
   *
   * @param text the text
   * @return tokens, possibly empty
   */
  public static List<String> tokens(String text) {
    String n = normalize(text);
    return n.isEmpty() ? List.of() : List.of(n.split(" "));
  }

  /**
   * The distinct normalised tokens that are not stop words.
   *
   * @param text the text
   * @return content tokens in order of first occurrence
   */
  public static Set<String> contentTokens(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String t : tokens(text)) {
      if (!STOP_WORDS.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * SQuAD token F1: harmonic mean of token precision and recall of the prediction against the
   * reference, counting repeated tokens; 1 when both are empty, 0 when only one is.
   *
   * @param prediction the predicted answer
   * @param reference the reference answer
   * @return F1 in [0, 1]
   */
  public static double tokenF1(String prediction, String reference) {
    List<String> p = tokens(prediction);
    List<String> r = tokens(reference);
    if (p.isEmpty() || r.isEmpty()) {
      return p.isEmpty() && r.isEmpty() ? 1.0 : 0.0;
    }
    Map<String, Integer> counts = new HashMap<>();
    r.forEach(t -> counts.merge(t, 1, Integer::sum));
    int same = 0;
    for (String t : p) {
      Integer c = counts.get(t);
      if (c != null && c > 0) {
        same++;
        counts.put(t, c - 1);
      }
    }
    if (same == 0) {
      return 0.0;
    }
    double precision = (double) same / p.size();
    double recall = (double) same / r.size();
    return 2 * precision * recall / (precision + recall);
  }

  /**
   * The fraction of the text's distinct content tokens present in {@code available}.
   *
   * @param text the text (a sentence)
   * @param available content tokens available (e.g. of the retrieved context)
   * @return coverage in [0, 1], or NaN when the text has no content token
   */
  public static double coverage(String text, Set<String> available) {
    Set<String> tokens = contentTokens(text);
    if (tokens.isEmpty()) {
      return Double.NaN;
    }
    int hit = 0;
    for (String t : tokens) {
      if (available.contains(t)) {
        hit++;
      }
    }
    return (double) hit / tokens.size();
  }

  /**
   * Splits text into sentences (at {@code . ! ?} + white space and at line breaks), dropping blank
   * ones.
   *
   * @param text the text
   * @return the trimmed sentences
   */
  public static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    for (String s : SENTENCE_END.split(text)) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /**
   * Cosine similarity of two vectors of equal length; 0 when either is all zeros.
   *
   * @param a first vector
   * @param b second vector
   * @return cosine in [-1, 1]
   */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new dev.mle4j.core.MlException(
          "vectors differ in length: " + a.length + " and " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0.0 : dot / Math.sqrt(na * nb);
  }
}
