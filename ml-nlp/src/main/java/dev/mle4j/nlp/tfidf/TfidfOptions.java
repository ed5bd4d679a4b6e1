package dev.mle4j.nlp.tfidf;

import dev.mle4j.core.MlException;
import dev.mle4j.nlp.text.TextAnalyzerOptions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link TfidfVectorizer}. With the default {@link Weighting#TFIDF}, term weighting
 * follows scikit-learn's {@code TfidfVectorizer} defaults: smooth idf {@code ln((1+n)/(1+df))+1},
 * L2-normalised rows; {@link Weighting#COUNT} and {@link Weighting#BINARY} give an unnormalised bag
 * of words like scikit-learn's {@code CountVectorizer}.
 *
 * <p>Features are word n-grams of the analyzer's tokens and, when {@code maxCharNgram > 0},
 * character n-grams inside each token padded with one space on both sides (scikit-learn's {@code
 * analyzer='char_wb'}); either kind may be switched off with a range of {@code 0-0}, not both.
 *
 * @param analyzer how texts are split into tokens
 * @param minNgram smallest word n-gram length (at least 1, or 0 together with {@code maxNgram} to
 *     use no word n-grams)
 * @param maxNgram largest word n-gram length ({@code >= minNgram}, at most 8)
 * @param minDf keep only terms found in at least this many training documents (at least 1)
 * @param maxFeatures keep at most this many terms, those with the highest total count in the
 *     training texts (ties broken by term order), like scikit-learn's {@code max_features}
 * @param sublinearTf use {@code 1 + ln(tf)} instead of the raw term count (TFIDF and COUNT)
 * @param weighting the term weighting
 * @param minCharNgram smallest character n-gram length (at least 1, or 0 together with {@code
 *     maxCharNgram} for none)
 * @param maxCharNgram largest character n-gram length ({@code >= minCharNgram}, at most 10)
 */
public record TfidfOptions(
    TextAnalyzerOptions analyzer,
    int minNgram,
    int maxNgram,
    int minDf,
    int maxFeatures,
    boolean sublinearTf,
    Weighting weighting,
    int minCharNgram,
    int maxCharNgram) {

  /** Validates. */
  public TfidfOptions {
    Objects.requireNonNull(analyzer, "analyzer");
    if (weighting == null) {
      throw new MlException("weighting is null");
    }
    boolean noWords = minNgram == 0 && maxNgram == 0;
    if (!noWords && (minNgram < 1 || maxNgram < minNgram)) {
      throw new MlException(
          "n-gram range must satisfy 1 <= minNgram <= maxNgram (or be 0-0 for none), got ["
              + minNgram
              + ", "
              + maxNgram
              + "]");
    }
    if (maxNgram > 8) {
      throw new MlException("maxNgram must be at most 8, got " + maxNgram);
    }
    boolean noChars = minCharNgram == 0 && maxCharNgram == 0;
    if (!noChars && (minCharNgram < 1 || maxCharNgram < minCharNgram)) {
      throw new MlException(
          "character n-gram range must satisfy 1 <= minCharNgram <= maxCharNgram (or be 0-0 for"
              + " none), got ["
              + minCharNgram
              + ", "
              + maxCharNgram
              + "]");
    }
    if (maxCharNgram > 10) {
      throw new MlException("maxCharNgram must be at most 10, got " + maxCharNgram);
    }
    if (noWords && noChars) {
      throw new MlException("both word and character n-grams are off: no features to extract");
    }
    if (minDf < 1) {
      throw new MlException("minDf must be at least 1 document, got " + minDf);
    }
    if (maxFeatures < 1) {
      throw new MlException("maxFeatures must be at least 1, got " + maxFeatures);
    }
  }

  /**
   * The original six settings: TF-IDF weighting, word n-grams only.
   *
   * @param analyzer how texts are split into tokens
   * @param minNgram smallest word n-gram length
   * @param maxNgram largest word n-gram length
   * @param minDf minimum document frequency
   * @param maxFeatures maximum vocabulary size
   * @param sublinearTf use {@code 1 + ln(tf)}
   */
  public TfidfOptions(
      TextAnalyzerOptions analyzer,
      int minNgram,
      int maxNgram,
      int minDf,
      int maxFeatures,
      boolean sublinearTf) {
    this(analyzer, minNgram, maxNgram, minDf, maxFeatures, sublinearTf, Weighting.TFIDF, 0, 0);
  }

  /**
   * The settings as strings for model cards and search tables, with scikit-learn-like names.
   *
   * @return parameter name to value, in a fixed order
   */
  public Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("weighting", weighting.name().toLowerCase(Locale.ROOT));
    p.put("ngram_range", minNgram + "-" + maxNgram);
    p.put("char_ngram_range", minCharNgram + "-" + maxCharNgram);
    p.put("min_df", Integer.toString(minDf));
    p.put("max_features", Integer.toString(maxFeatures));
    p.put("sublinear_tf", Boolean.toString(sublinearTf));
    p.put("lowercase", Boolean.toString(analyzer.lowercase()));
    p.put("remove_punctuation", Boolean.toString(analyzer.removePunctuation()));
    p.put("stop_words", Boolean.toString(analyzer.removeStopWords()));
    p.put("stemming", analyzer.stemmer().name().toLowerCase(Locale.ROOT));
    p.put("min_token_length", Integer.toString(analyzer.minTokenLength()));
    return p;
  }

  /**
   * Whether word n-grams are extracted.
   *
   * @return {@code maxNgram() > 0}
   */
  public boolean wordNgrams() {
    return maxNgram > 0;
  }

  /**
   * Whether character n-grams are extracted.
   *
   * @return {@code maxCharNgram() > 0}
   */
  public boolean charNgrams() {
    return maxCharNgram > 0;
  }

  /**
   * The defaults: default analyzer, uni- and bigrams, minDf 2, at most 50,000 terms, raw tf, TF-IDF
   * weighting, no character n-grams.
   *
   * @return the defaults
   */
  public static TfidfOptions defaults() {
    return builder().build();
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder initialised with these options.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder()
        .analyzer(analyzer)
        .ngramRange(minNgram, maxNgram)
        .minDf(minDf)
        .maxFeatures(maxFeatures)
        .sublinearTf(sublinearTf)
        .weighting(weighting)
        .charNgramRange(minCharNgram, maxCharNgram);
  }

  /** Builds {@link TfidfOptions}. */
  public static final class Builder {
    private TextAnalyzerOptions analyzer = TextAnalyzerOptions.defaults();
    private int minNgram = 1;
    private int maxNgram = 2;
    private int minDf = 2;
    private int maxFeatures = 50_000;
    private boolean sublinearTf;
    private Weighting weighting = Weighting.TFIDF;
    private int minCharNgram;
    private int maxCharNgram;

    private Builder() {}

    /**
     * Text analysis options (default {@link TextAnalyzerOptions#defaults()}).
     *
     * @param value the analyzer options
     * @return this builder
     */
    public Builder analyzer(TextAnalyzerOptions value) {
      this.analyzer = value;
      return this;
    }

    /**
     * Term weighting (default {@link Weighting#TFIDF}).
     *
     * @param value the weighting
     * @return this builder
     */
    public Builder weighting(Weighting value) {
      this.weighting = value;
      return this;
    }

    /**
     * Character n-gram lengths inside word boundaries, inclusive (default 0-0: none), e.g. 2 to 5.
     *
     * @param min smallest n (0 with {@code max} 0 for none)
     * @param max largest n
     * @return this builder
     */
    public Builder charNgramRange(int min, int max) {
      this.minCharNgram = min;
      this.maxCharNgram = max;
      return this;
    }

    /**
     * Word n-gram lengths, inclusive (default 1 to 2; 0-0 for none).
     *
     * @param min smallest n
     * @param max largest n
     * @return this builder
     */
    public Builder ngramRange(int min, int max) {
      this.minNgram = min;
      this.maxNgram = max;
      return this;
    }

    /**
     * Minimum document frequency (default 2 documents).
     *
     * @param value the minimum number of training documents containing a term
     * @return this builder
     */
    public Builder minDf(int value) {
      this.minDf = value;
      return this;
    }

    /**
     * Maximum vocabulary size (default 50,000).
     *
     * @param value the maximum number of terms
     * @return this builder
     */
    public Builder maxFeatures(int value) {
      this.maxFeatures = value;
      return this;
    }

    /**
     * Sublinear term frequency {@code 1 + ln(tf)} (default false).
     *
     * @param value whether to use sublinear tf
     * @return this builder
     */
    public Builder sublinearTf(boolean value) {
      this.sublinearTf = value;
      return this;
    }

    /**
     * Builds and validates the options.
     *
     * @return the options
     * @throws MlException if a value is out of range
     */
    public TfidfOptions build() {
      return new TfidfOptions(
          analyzer,
          minNgram,
          maxNgram,
          minDf,
          maxFeatures,
          sublinearTf,
          weighting,
          minCharNgram,
          maxCharNgram);
    }
  }
}
