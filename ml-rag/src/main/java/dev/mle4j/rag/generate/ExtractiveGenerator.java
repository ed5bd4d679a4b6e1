package dev.mle4j.rag.generate;

import dev.mle4j.core.Answer;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Question;
import dev.mle4j.core.ScoredChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The offline generator used when no LLM is configured: it answers with the 1 to 3 retrieved
 * sentences that best support the question, each followed by its source marker {@code [n]}, or with
 * {@link PromptBuilder#NOT_IN_DOCUMENTS} when no sentence is supported. Deterministic.
 *
 * <p>Scoring. The chunks that fit the {@link PromptBuilder} budget are split into sentences; those
 * under 3 words are skipped, and those over 60 words (tables, code, synopses without sentence
 * punctuation) are split at line breaks and semicolons, pieces still over 60 words being skipped.
 * Question and sentences are analysed with Lucene's English analyzer (lower case, stop words plus
 * question words such as "what", "how", "does", Porter stems). Each question term gets a BM25 idf
 * weight {@code ln(1 + (N - df + 0.5) / (df + 0.5))} over the N retrieved sentences, so a term
 * found in no sentence weighs most. A sentence's <em>support</em> is the idf-weighted share of the
 * question's terms it contains, from 0 to 1.
 *
 * <p>Threshold (when to refuse). The question is answerable when the retrieved context as a whole
 * contains at least {@link #DEFAULT_SUPPORT_THRESHOLD} (0.5) of the question's idf-weighted terms:
 * the majority of the question's information, weighted by how rare each term is in the retrieved
 * text. This is a general majority rule, not a tuned value; questions whose distinctive terms
 * appear nowhere in the sources (another product's setting, a feature of a later release) fall
 * below it, so the generator refuses rather than guess. (A first version required the majority
 * within one sentence; it refused 88% of the answerable questions of the PostgreSQL question set,
 * whose wording is paraphrased and whose facts often span two sentences.)
 *
 * <p>Selection. Sentences holding at least one question term are ranked by support, or, when an
 * {@link Embedder} is given, by {@code 0.5 * support + 0.5 * cosine(question, sentence)} ({@link
 * Embedder#embedQueries} for the question, {@link Embedder#embed} for the sentences). The best
 * sentence is kept, plus up to {@code maxSentences - 1} more whose score is at least 80% of the
 * best; duplicates are dropped and the kept sentences are given in source order.
 *
 * <p>Token counts: prompt tokens are the estimated tokens of the question and the context read,
 * completion tokens those of the answer; {@link Generation#usageEstimated()} is true.
 */
public final class ExtractiveGenerator implements GroundedGenerator {

  /** The default minimum support a sentence needs to be used in an answer. */
  public static final double DEFAULT_SUPPORT_THRESHOLD = 0.5;

  /** The model name reported for pricing. */
  public static final String MODEL = "extractive";

  private static final double COMPANION_RATIO = 0.8;
  private static final int MIN_WORDS = 3;
  private static final int MAX_WORDS = 60;
  private static final List<String> QUESTION_WORDS =
      List.of(
          "what",
          "which",
          "who",
          "whom",
          "whose",
          "when",
          "where",
          "why",
          "how",
          "do",
          "does",
          "did",
          "done",
          "can",
          "could",
          "should",
          "would",
          "may",
          "might",
          "must",
          "shall",
          "i",
          "me",
          "my",
          "we",
          "our",
          "you",
          "your",
          "he",
          "she",
          "him",
          "her",
          "its",
          "has",
          "have",
          "had",
          "were",
          "been",
          "being",
          "am",
          "from",
          "about",
          "than",
          "so",
          "some",
          "any",
          "there",
          "here",
          "also",
          "s",
          "mean",
          "means",
          "meaning",
          "purpose",
          "explain",
          "describe",
          "tell",
          "please");

  private final PromptBuilder prompts;
  private final double threshold;
  private final int maxSentences;
  private final Embedder embedder;
  private final Analyzer analyzer;

  private ExtractiveGenerator(Builder b) {
    this.prompts = b.prompts;
    this.threshold = b.threshold;
    this.maxSentences = b.maxSentences;
    this.embedder = b.embedder;
    CharArraySet stop = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
    stop.addAll(QUESTION_WORDS);
    this.analyzer = new EnglishAnalyzer(stop);
  }

  /**
   * An extractive generator with the defaults and no embedder.
   *
   * @return the generator
   */
  public static ExtractiveGenerator defaults() {
    return builder().build();
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public Generation generateDetailed(
      Question question, List<ScoredChunk> context, Consumer<String> onToken) {
    long start = System.nanoTime();
    Prompt prompt = prompts.build(question, context);
    TokenEstimator tokens = prompts.tokenEstimator();
    int promptTokens = tokens.count(question.text());
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < prompt.chunks().size(); i++) {
      String text = prompt.chunks().get(i).chunk().text();
      promptTokens += tokens.count(text);
      int pos = 0;
      for (String sentence : Sentences.units(text, MAX_WORDS)) {
        if (Sentences.words(sentence) >= MIN_WORDS) {
          candidates.add(new Candidate(i + 1, pos++, sentence, terms(sentence)));
        }
      }
    }
    List<Candidate> chosen = choose(question.text(), candidates);
    String text;
    if (chosen.isEmpty()) {
      text = PromptBuilder.NOT_IN_DOCUMENTS;
    } else {
      StringBuilder sb = new StringBuilder();
      for (Candidate c : chosen) {
        if (!sb.isEmpty()) {
          sb.append(' ');
        }
        sb.append(c.text()).append(" [").append(c.number()).append(']');
      }
      text = sb.toString();
    }
    if (onToken != null) {
      onToken.accept(text);
    }
    Set<Integer> cited = new LinkedHashSet<>();
    chosen.stream().map(Candidate::number).sorted().forEach(cited::add);
    List<ScoredChunk> citations = new ArrayList<>();
    for (int n : cited) {
      citations.add(prompt.chunks().get(n - 1));
    }
    double latencyMs = (System.nanoTime() - start) / 1e6;
    return new Generation(
        new Answer(text, citations, promptTokens, tokens.count(text), latencyMs),
        prompt,
        MODEL,
        true,
        chosen.isEmpty() ? "not_supported" : "stop");
  }

  private List<Candidate> choose(String question, List<Candidate> candidates) {
    Set<String> qTerms = new LinkedHashSet<>(terms(question));
    if (qTerms.isEmpty() || candidates.isEmpty()) {
      return List.of();
    }
    int n = candidates.size();
    Map<String, Double> idf = new HashMap<>();
    double total = 0;
    for (String t : qTerms) {
      long df = candidates.stream().filter(c -> c.terms().contains(t)).count();
      double w = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      idf.put(t, w);
      total += w;
    }
    // answerable: the context as a whole holds the majority of the question's weighted terms
    double coveredAnywhere = 0;
    for (String t : qTerms) {
      if (candidates.stream().anyMatch(c -> c.terms().contains(t))) {
        coveredAnywhere += idf.get(t);
      }
    }
    if (coveredAnywhere / total < threshold) {
      return List.of();
    }
    List<Candidate> supported = new ArrayList<>();
    for (Candidate c : candidates) {
      double covered = 0;
      for (String t : qTerms) {
        if (c.terms().contains(t)) {
          covered += idf.get(t);
        }
      }
      double support = covered / total;
      if (support > 0) {
        supported.add(c.withScore(support));
      }
    }
    if (supported.isEmpty()) {
      return List.of();
    }
    if (embedder != null) {
      float[] q = embedder.embedQueries(List.of(question))[0];
      float[][] vs = embedder.embed(supported.stream().map(Candidate::text).toList());
      for (int i = 0; i < supported.size(); i++) {
        Candidate c = supported.get(i);
        supported.set(i, c.withScore(0.5 * c.score() + 0.5 * cosine(q, vs[i])));
      }
    }
    supported.sort(
        Comparator.comparingDouble(Candidate::score)
            .reversed()
            .thenComparingInt(Candidate::number)
            .thenComparingInt(Candidate::position));
    double best = supported.get(0).score();
    List<Candidate> chosen = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Candidate c : supported) {
      if (chosen.size() >= maxSentences || c.score() < COMPANION_RATIO * best) {
        break;
      }
      if (seen.add(c.text().toLowerCase(Locale.ROOT))) {
        chosen.add(c);
      }
    }
    chosen.sort(Comparator.comparingInt(Candidate::number).thenComparingInt(Candidate::position));
    return chosen;
  }

  private static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new MlException(
          "embedder returned vectors of different sizes: " + a.length + " and " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  private Set<String> terms(String text) {
    Set<String> out = new HashSet<>();
    try (TokenStream ts = analyzer.tokenStream("t", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Closes the analyzer; the embedder, if any, belongs to the caller. */
  @Override
  public void close() {
    analyzer.close();
  }

  @Override
  public String toString() {
    return "ExtractiveGenerator[threshold="
        + threshold
        + ", maxSentences="
        + maxSentences
        + ", embedder="
        + (embedder == null ? "none" : embedder.name())
        + "]";
  }

  private record Candidate(int number, int position, String text, Set<String> terms, double score) {
    Candidate(int number, int position, String text, Set<String> terms) {
      this(number, position, text, terms, 0);
    }

    Candidate withScore(double s) {
      return new Candidate(number, position, text, terms, s);
    }
  }

  /** Options for {@link ExtractiveGenerator}. */
  public static final class Builder {
    private PromptBuilder prompts = PromptBuilder.defaults();
    private double threshold = DEFAULT_SUPPORT_THRESHOLD;
    private int maxSentences = 3;
    private Embedder embedder;

    private Builder() {}

    /**
     * Sets the minimum support, 0 (exclusive) to 1 (default {@value
     * ExtractiveGenerator#DEFAULT_SUPPORT_THRESHOLD}).
     *
     * @param threshold the threshold
     * @return this builder
     */
    public Builder supportThreshold(double threshold) {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new MlException("supportThreshold must be in (0, 1], got " + threshold);
      }
      this.threshold = threshold;
      return this;
    }

    /**
     * Sets the most sentences an answer uses (default 3).
     *
     * @param maxSentences 1 to 10
     * @return this builder
     */
    public Builder maxSentences(int maxSentences) {
      if (maxSentences < 1 || maxSentences > 10) {
        throw new MlException("maxSentences must be 1 to 10, got " + maxSentences);
      }
      this.maxSentences = maxSentences;
      return this;
    }

    /**
     * Sets an embedder whose question-sentence cosine joins the ranking (default none). The
     * generator does not close it.
     *
     * @param embedder the embedder, or null for none
     * @return this builder
     */
    public Builder embedder(Embedder embedder) {
      this.embedder = embedder;
      return this;
    }

    /**
     * Sets the prompt builder whose budget limits the context read (default {@link
     * PromptBuilder#defaults()}).
     *
     * @param prompts the prompt builder
     * @return this builder
     */
    public Builder promptBuilder(PromptBuilder prompts) {
      this.prompts = Objects.requireNonNull(prompts, "promptBuilder");
      return this;
    }

    /**
     * Builds the generator.
     *
     * @return the generator
     */
    public ExtractiveGenerator build() {
      return new ExtractiveGenerator(this);
    }
  }
}
