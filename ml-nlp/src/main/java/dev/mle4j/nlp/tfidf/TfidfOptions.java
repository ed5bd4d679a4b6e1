package dev.mle4j.nlp.tfidf;

import dev.mle4j.core.MlException;
import dev.mle4j.nlp.text.TextAnalyzerOptions;
import java.util.Objects;

/**
 * Settings of a {@link TfidfVectorizer}. Term weighting follows scikit-learn's {@code
 * TfidfVectorizer} defaults: smooth idf {@code ln((1+n)/(1+df))+1}, L2-normalised rows.
 *
 * @param analyzer how texts are split into tokens
 * @param minNgram smallest word n-gram length (at least 1)
 * @param maxNgram largest word n-gram length ({@code >= minNgram})
 * @param minDf keep only terms found in at least this many training documents (at least 1)
 * @param maxFeatures keep at most this many terms, those with the highest total count in the
 *     training texts (ties broken by term order), like scikit-learn's {@code max_features}
 * @param sublinearTf use {@code 1 + ln(tf)} instead of the raw term count
 */
public record TfidfOptions(
    TextAnalyzerOptions analyzer,
    int minNgram,
    int maxNgram,
    int minDf,
    int maxFeatures,
    boolean sublinearTf) {

  /** Validates. */
  public TfidfOptions {
    Objects.requireNonNull(analyzer, "analyzer");
    if (minNgram < 1 || maxNgram < minNgram) {
      throw new MlException(
          "n-gram range must satisfy 1 <= minNgram <= maxNgram, got ["
              + minNgram
              + ", "
              + maxNgram
              + "]");
    }
    if (maxNgram > 8) {
      throw new MlException("maxNgram must be at most 8, got " + maxNgram);
    }
    if (minDf < 1) {
      throw new MlException("minDf must be at least 1 document, got " + minDf);
    }
    if (maxFeatures < 1) {
      throw new MlException("maxFeatures must be at least 1, got " + maxFeatures);
    }
  }

  /**
   * The defaults: default analyzer, uni- and bigrams, minDf 2, at most 50,000 terms, raw tf.
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
        .sublinearTf(sublinearTf);
  }

  /** Builds {@link TfidfOptions}. */
  public static final class Builder {
    private TextAnalyzerOptions analyzer = TextAnalyzerOptions.defaults();
    private int minNgram = 1;
    private int maxNgram = 2;
    private int minDf = 2;
    private int maxFeatures = 50_000;
    private boolean sublinearTf;

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
     * Word n-gram lengths, inclusive (default 1 to 2).
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
      return new TfidfOptions(analyzer, minNgram, maxNgram, minDf, maxFeatures, sublinearTf);
    }
  }
}
