package dev.mle4j.nlp.tfidf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.nlp.text.Stemmer;
import dev.mle4j.nlp.text.TextAnalyzer;
import dev.mle4j.nlp.text.TextAnalyzerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns texts into L2-normalised TF-IDF vectors, computed exactly like scikit-learn's {@code
 * TfidfVectorizer} with {@code smooth_idf=True, norm='l2'}: the vocabulary (word n-grams with at
 * least {@code minDf} training documents, at most {@code maxFeatures} by total count) is sorted and
 * indexed in code-point order, {@code idf(t) = ln((1+n)/(1+df(t))) + 1} and each row is {@code tf *
 * idf} scaled to unit Euclidean length. With {@link Weighting#COUNT} or {@link Weighting#BINARY}
 * (see {@link TfidfOptions#weighting()}) rows are unnormalised term counts or 0/1 indicators, like
 * scikit-learn's {@code CountVectorizer}.
 *
 * <p>Character n-grams ({@link TfidfOptions#charNgrams()}) are taken inside each token padded with
 * one space on both sides, like scikit-learn's {@code char_wb}; in the vocabulary they carry the
 * prefix {@link #CHAR_NGRAM_PREFIX} (the control character U+0001, which no token holds), so that
 * they never collide with word n-grams.
 *
 * <p>Create one with {@link #fit}, on training texts only; save its fitted state with {@link
 * #save(Path)} / {@link #toJson()} and restore it with {@link #load(Path)} / {@link #fromJson} so
 * that serving computes the same vectors. Instances are immutable and thread-safe; {@link #close()}
 * releases the analyzer's per-thread resources.
 */
public final class TfidfVectorizer implements AutoCloseable {

  /** Format id written into the JSON form. */
  public static final String FORMAT = "mle4j-tfidf/v1";

  /** The prefix of character n-gram terms, the control character U+0001. */
  public static final String CHAR_NGRAM_PREFIX = "\u0001";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .build();

  private static final Comparator<String> CODE_POINT_ORDER = TfidfVectorizer::compareCodePoints;

  private final TfidfOptions options;
  private final int documentCount;
  private final List<String> terms;
  private final Map<String, Integer> vocabulary;
  private final double[] idf;
  private final TextAnalyzer analyzer;

  private TfidfVectorizer(
      TfidfOptions options, int documentCount, List<String> terms, double[] idf) {
    this.options = options;
    this.documentCount = documentCount;
    this.terms = List.copyOf(terms);
    this.idf = idf.clone();
    Map<String, Integer> vocab = new HashMap<>(terms.size() * 2);
    for (int i = 0; i < terms.size(); i++) {
      vocab.put(terms.get(i), i);
    }
    this.vocabulary = Collections.unmodifiableMap(vocab);
    this.analyzer = new TextAnalyzer(options.analyzer());
  }

  /**
   * Learns the vocabulary and idf weights from training texts.
   *
   * @param texts the training texts (not empty, no nulls)
   * @param options the settings
   * @return the fitted vectorizer
   * @throws MlException if there are no texts, a text is null, or no term is frequent enough
   */
  public static TfidfVectorizer fit(List<String> texts, TfidfOptions options) {
    Objects.requireNonNull(options, "options");
    if (texts == null || texts.isEmpty()) {
      throw new MlException("cannot fit TF-IDF on no texts");
    }
    Map<String, long[]> stats = new HashMap<>(); // term -> {document frequency, total count}
    try (TextAnalyzer fitAnalyzer = new TextAnalyzer(options.analyzer())) {
      Set<String> seen = new HashSet<>();
      for (int d = 0; d < texts.size(); d++) {
        String text = texts.get(d);
        if (text == null) {
          throw new MlException("training text at index " + d + " is null");
        }
        seen.clear();
        for (String term : ngrams(fitAnalyzer.tokens(text), options)) {
          long[] s = stats.computeIfAbsent(term, k -> new long[2]);
          s[1]++;
          if (seen.add(term)) {
            s[0]++;
          }
        }
      }
    }
    List<Map.Entry<String, long[]>> kept = new ArrayList<>();
    for (Map.Entry<String, long[]> e : stats.entrySet()) {
      if (e.getValue()[0] >= options.minDf()) {
        kept.add(e);
      }
    }
    if (kept.isEmpty()) {
      throw new MlException(
          "no term occurs in at least minDf="
              + options.minDf()
              + " of the "
              + texts.size()
              + " training texts; lower minDf or add data");
    }
    if (kept.size() > options.maxFeatures()) {
      kept.sort(
          Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[1])
              .thenComparing(Map.Entry::getKey, CODE_POINT_ORDER));
      kept = kept.subList(0, options.maxFeatures());
    }
    kept.sort(Map.Entry.comparingByKey(CODE_POINT_ORDER));
    List<String> terms = new ArrayList<>(kept.size());
    double[] idf = new double[kept.size()];
    int n = texts.size();
    for (int i = 0; i < kept.size(); i++) {
      terms.add(kept.get(i).getKey());
      idf[i] = smoothIdf(n, kept.get(i).getValue()[0]);
    }
    return new TfidfVectorizer(options, n, terms, idf);
  }

  private static double smoothIdf(int documents, long df) {
    return Math.log((double) (documents + 1) / (double) (df + 1)) + 1.0;
  }

  /**
   * The features of a token list: word n-grams, then character n-grams.
   *
   * @param tokens the tokens
   * @param options the n-gram ranges
   * @return the terms (may repeat)
   */
  private static List<String> ngrams(List<String> tokens, TfidfOptions options) {
    if (!options.charNgrams()) {
      return wordNgrams(tokens, options);
    }
    List<String> out = new ArrayList<>();
    if (options.wordNgrams()) {
      out.addAll(wordNgrams(tokens, options));
    }
    addCharNgrams(tokens, options.minCharNgram(), options.maxCharNgram(), out);
    return out;
  }

  /**
   * Character n-grams of each token padded with one space on both sides, like scikit-learn's {@code
   * char_wb}: a padded token shorter than {@code n} counts once as a whole.
   */
  private static void addCharNgrams(List<String> tokens, int min, int max, List<String> out) {
    StringBuilder sb = new StringBuilder();
    for (String token : tokens) {
      int[] w = (" " + token + " ").codePoints().toArray();
      for (int n = min; n <= max; n++) {
        int offset = 0;
        do {
          sb.setLength(0);
          sb.append(CHAR_NGRAM_PREFIX);
          for (int i = offset; i < Math.min(offset + n, w.length); i++) {
            sb.appendCodePoint(w[i]);
          }
          out.add(sb.toString());
          offset++;
        } while (offset + n <= w.length);
        if (n >= w.length) {
          break; // longer n-grams would repeat the whole short token
        }
      }
    }
  }

  /**
   * Word n-grams of a token list, joined with single spaces, like scikit-learn.
   *
   * @param tokens the tokens
   * @param options the n-gram range
   * @return the n-grams (may repeat)
   */
  private static List<String> wordNgrams(List<String> tokens, TfidfOptions options) {
    if (options.minNgram() == 1 && options.maxNgram() == 1) {
      return tokens;
    }
    List<String> out =
        new ArrayList<>(tokens.size() * (options.maxNgram() - options.minNgram() + 1));
    StringBuilder sb = new StringBuilder();
    for (int n = options.minNgram(); n <= Math.min(options.maxNgram(), tokens.size()); n++) {
      for (int i = 0; i + n <= tokens.size(); i++) {
        if (n == 1) {
          out.add(tokens.get(i));
          continue;
        }
        sb.setLength(0);
        sb.append(tokens.get(i));
        for (int j = i + 1; j < i + n; j++) {
          sb.append(' ').append(tokens.get(j));
        }
        out.add(sb.toString());
      }
    }
    return out;
  }

  /**
   * Computes the vector of one text (weighted as {@link TfidfOptions#weighting()} says). Terms
   * outside the vocabulary are ignored; a text with no known term (or an empty text) gives an
   * all-zero vector.
   *
   * @param text the text
   * @return the vector of {@link #size()} dimensions (L2-normalised for TF-IDF)
   * @throws MlException if {@code text} is null
   */
  public SparseVector transform(String text) {
    if (text == null) {
      throw new MlException("text is null");
    }
    List<String> grams = ngrams(analyzer.tokens(text), options);
    int[] ids = new int[grams.size()];
    int count = 0;
    for (String g : grams) {
      Integer id = vocabulary.get(g);
      if (id != null) {
        ids[count++] = id;
      }
    }
    Arrays.sort(ids, 0, count);
    int distinct = 0;
    for (int i = 0; i < count; i++) {
      if (i == 0 || ids[i] != ids[i - 1]) {
        distinct++;
      }
    }
    int[] indices = new int[distinct];
    double[] values = new double[distinct];
    int k = -1;
    for (int i = 0; i < count; i++) {
      if (i == 0 || ids[i] != ids[i - 1]) {
        k++;
        indices[k] = ids[i];
      }
      values[k] += 1.0;
    }
    Weighting weighting = options.weighting();
    double norm = 0.0;
    for (int i = 0; i < distinct; i++) {
      double tf = options.sublinearTf() ? Math.log(values[i]) + 1.0 : values[i];
      if (weighting == Weighting.BINARY) {
        values[i] = 1.0;
      } else if (weighting == Weighting.COUNT) {
        values[i] = tf;
      } else {
        values[i] = tf * idf[indices[i]];
        norm += values[i] * values[i];
      }
    }
    if (norm > 0) {
      norm = Math.sqrt(norm);
      for (int i = 0; i < distinct; i++) {
        values[i] /= norm;
      }
    }
    return new SparseVector(terms.size(), indices, values);
  }

  /**
   * Computes the vectors of many texts.
   *
   * @param texts the texts
   * @return one vector per text, in order
   * @throws MlException if a text is null (the message names its index)
   */
  public List<SparseVector> transformAll(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    List<SparseVector> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null) {
        throw new MlException("text at index " + i + " is null");
      }
      out.add(transform(texts.get(i)));
    }
    return out;
  }

  /**
   * The settings this vectorizer was fitted with.
   *
   * @return the options
   */
  public TfidfOptions options() {
    return options;
  }

  /**
   * Number of training documents the idf weights come from.
   *
   * @return the count
   */
  public int documentCount() {
    return documentCount;
  }

  /**
   * Vocabulary size, the dimension of every vector.
   *
   * @return the number of terms
   */
  public int size() {
    return terms.size();
  }

  /**
   * The terms, in index order.
   *
   * @return unmodifiable list of terms
   */
  public List<String> terms() {
    return terms;
  }

  /**
   * The term of a vector index.
   *
   * @param index the index
   * @return the term
   */
  public String term(int index) {
    return terms.get(index);
  }

  /**
   * The index of a term, or -1 when it is not in the vocabulary.
   *
   * @param term the term (an n-gram's tokens are joined by one space)
   * @return the index or -1
   */
  public int indexOf(String term) {
    Integer id = vocabulary.get(term);
    return id == null ? -1 : id;
  }

  /**
   * The idf weights, in index order.
   *
   * @return a copy of the weights
   */
  public double[] idf() {
    return idf.clone();
  }

  /**
   * The fitted state as JSON: format, options, document count, vocabulary (term to index) and idf.
   *
   * @return the JSON text
   */
  public String toJson() {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (int i = 0; i < terms.size(); i++) {
      vocab.put(terms.get(i), i);
    }
    try {
      return JSON.writeValueAsString(new State(FORMAT, options, documentCount, vocab, idf));
    } catch (JsonProcessingException e) {
      throw new MlException("cannot write TF-IDF state as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Restores a vectorizer from {@link #toJson()} output.
   *
   * @param json the JSON text
   * @return the vectorizer
   * @throws MlException if the JSON is malformed or inconsistent
   */
  public static TfidfVectorizer fromJson(String json) {
    Objects.requireNonNull(json, "json");
    StateIn state;
    try {
      state = JSON.readValue(json, StateIn.class);
    } catch (JsonProcessingException e) {
      throw new MlException("invalid TF-IDF JSON: " + e.getOriginalMessage(), e);
    }
    return fromState(state);
  }

  private static TfidfVectorizer fromState(StateIn in) {
    if (in.options() == null || in.options().isNull()) {
      throw new MlException("TF-IDF JSON lacks one of: options, vocabulary, idf");
    }
    State s =
        new State(
            in.format(), readOptions(in.options()), in.documentCount(), in.vocabulary(), in.idf());
    if (!FORMAT.equals(s.format())) {
      throw new MlException(
          "unsupported TF-IDF format '" + s.format() + "', expected '" + FORMAT + "'");
    }
    if (s.options() == null || s.vocabulary() == null || s.idf() == null) {
      throw new MlException("TF-IDF JSON lacks one of: options, vocabulary, idf");
    }
    if (s.documentCount() < 1) {
      throw new MlException("TF-IDF JSON has documentCount " + s.documentCount() + " (< 1)");
    }
    int n = s.vocabulary().size();
    if (s.idf().length != n) {
      throw new MlException(
          "TF-IDF JSON has " + n + " vocabulary terms but " + s.idf().length + " idf values");
    }
    String[] byIndex = new String[n];
    for (Map.Entry<String, Integer> e : s.vocabulary().entrySet()) {
      Integer idx = e.getValue();
      if (idx == null || idx < 0 || idx >= n || byIndex[idx] != null) {
        throw new MlException(
            "TF-IDF JSON: term '" + e.getKey() + "' has invalid or duplicate index " + idx);
      }
      byIndex[idx] = e.getKey();
    }
    for (int i = 0; i < n; i++) {
      if (!(s.idf()[i] >= 1.0) || Double.isInfinite(s.idf()[i])) {
        throw new MlException("TF-IDF JSON: idf[" + i + "] = " + s.idf()[i] + " is not >= 1");
      }
    }
    return new TfidfVectorizer(s.options(), s.documentCount(), Arrays.asList(byIndex), s.idf());
  }

  /**
   * Writes {@link #toJson()} to a file (atomically: temp file then rename).
   *
   * @param file the target file; parent folders are created
   * @throws MlException if the file cannot be written
   */
  public void save(Path file) {
    Objects.requireNonNull(file, "file");
    AtomicFiles.writeString(file, toJson());
  }

  /**
   * Reads a vectorizer saved with {@link #save(Path)}.
   *
   * @param file the JSON file
   * @return the vectorizer
   * @throws MlException if the file is missing, unreadable or invalid
   */
  public static TfidfVectorizer load(Path file) {
    Objects.requireNonNull(file, "file");
    String json;
    try {
      json = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new MlException("TF-IDF file not found: " + file, e);
    } catch (IOException e) {
      throw new MlException("cannot read TF-IDF file " + file + ": " + e, e);
    }
    try {
      return fromJson(json);
    } catch (MlException e) {
      throw new MlException(file + ": " + e.getMessage(), e);
    }
  }

  /** Releases the analyzer's per-thread resources. */
  @Override
  public void close() {
    analyzer.close();
  }

  /** Compares strings by Unicode code point, like Python's {@code sorted}. */
  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /**
   * Reads the options, filling settings added after the first release (stemmer, punctuation,
   * weighting, character n-grams) with the values older files implied.
   */
  private static TfidfOptions readOptions(JsonNode node) {
    JsonNode a = node.get("analyzer");
    if (a == null || !a.isObject()) {
      throw new MlException("TF-IDF JSON: options.analyzer is missing or not an object");
    }
    Stemmer stemmer;
    JsonNode stemmerNode = a.get("stemmer");
    if (stemmerNode != null && !stemmerNode.isNull()) {
      try {
        stemmer = Stemmer.valueOf(stemmerNode.asText());
      } catch (IllegalArgumentException e) {
        throw new MlException(
            "TF-IDF JSON: options.analyzer.stemmer '"
                + stemmerNode.asText()
                + "' is not one of "
                + Arrays.toString(Stemmer.values()),
            e);
      }
    } else {
      stemmer = bool(a, "stem", "options.analyzer", false) ? Stemmer.PORTER : Stemmer.NONE;
    }
    TextAnalyzerOptions analyzerOptions =
        new TextAnalyzerOptions(
            bool(a, "lowercase", "options.analyzer", null),
            bool(a, "removeStopWords", "options.analyzer", null),
            stemmer,
            integer(a, "minTokenLength", "options.analyzer", null),
            bool(a, "removePunctuation", "options.analyzer", true));
    Weighting weighting;
    JsonNode w = node.get("weighting");
    if (w != null && !w.isNull()) {
      try {
        weighting = Weighting.valueOf(w.asText());
      } catch (IllegalArgumentException e) {
        throw new MlException(
            "TF-IDF JSON: options.weighting '"
                + w.asText()
                + "' is not one of "
                + Arrays.toString(Weighting.values()),
            e);
      }
    } else {
      weighting = Weighting.TFIDF;
    }
    return new TfidfOptions(
        analyzerOptions,
        integer(node, "minNgram", "options", null),
        integer(node, "maxNgram", "options", null),
        integer(node, "minDf", "options", null),
        integer(node, "maxFeatures", "options", null),
        bool(node, "sublinearTf", "options", null),
        weighting,
        integer(node, "minCharNgram", "options", 0),
        integer(node, "maxCharNgram", "options", 0));
  }

  private static boolean bool(JsonNode parent, String field, String where, Boolean fallback) {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        throw new MlException("TF-IDF JSON: " + where + "." + field + " is missing");
      }
      return fallback;
    }
    if (!v.isBoolean()) {
      throw new MlException("TF-IDF JSON: " + where + "." + field + " is not a boolean: " + v);
    }
    return v.booleanValue();
  }

  private static int integer(JsonNode parent, String field, String where, Integer fallback) {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        throw new MlException("TF-IDF JSON: " + where + "." + field + " is missing");
      }
      return fallback;
    }
    if (!v.isInt()) {
      throw new MlException("TF-IDF JSON: " + where + "." + field + " is not an integer: " + v);
    }
    return v.intValue();
  }

  /** The JSON form as read: options are parsed by hand to accept older files. */
  private record StateIn(
      String format,
      JsonNode options,
      int documentCount,
      Map<String, Integer> vocabulary,
      double[] idf) {}

  /** The JSON form. */
  private record State(
      String format,
      TfidfOptions options,
      int documentCount,
      Map<String, Integer> vocabulary,
      double[] idf) {}
}
