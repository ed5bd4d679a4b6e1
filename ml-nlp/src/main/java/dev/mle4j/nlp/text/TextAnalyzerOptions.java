package dev.mle4j.nlp.text;

import dev.mle4j.core.MlException;

/**
 * How a {@link TextAnalyzer} turns text into tokens. The defaults (lowercase, keep stop words, no
 * stemming, tokens of at least 2 characters) mirror scikit-learn's {@code TfidfVectorizer}.
 *
 * @param lowercase lowercase every token
 * @param removeStopWords drop Lucene's English stop words (case-insensitive)
 * @param stem reduce tokens to their Porter stem (best with {@code lowercase})
 * @param minTokenLength drop tokens shorter than this many characters (at least 1)
 */
public record TextAnalyzerOptions(
    boolean lowercase, boolean removeStopWords, boolean stem, int minTokenLength) {

  /** Validates. */
  public TextAnalyzerOptions {
    if (minTokenLength < 1) {
      throw new MlException("minTokenLength must be at least 1, got " + minTokenLength);
    }
  }

  /**
   * The default options: lowercase, keep stop words, no stemming, minimum token length 2.
   *
   * @return the defaults
   */
  public static TextAnalyzerOptions defaults() {
    return builder().build();
  }

  /**
   * Starts a builder with the default options.
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
        .lowercase(lowercase)
        .removeStopWords(removeStopWords)
        .stem(stem)
        .minTokenLength(minTokenLength);
  }

  /** Builds {@link TextAnalyzerOptions}. */
  public static final class Builder {
    private boolean lowercase = true;
    private boolean removeStopWords;
    private boolean stem;
    private int minTokenLength = 2;

    private Builder() {}

    /**
     * Lowercases tokens (default true).
     *
     * @param value whether to lowercase
     * @return this builder
     */
    public Builder lowercase(boolean value) {
      this.lowercase = value;
      return this;
    }

    /**
     * Removes English stop words (default false).
     *
     * @param value whether to remove stop words
     * @return this builder
     */
    public Builder removeStopWords(boolean value) {
      this.removeStopWords = value;
      return this;
    }

    /**
     * Applies the Porter stemmer (default false).
     *
     * @param value whether to stem
     * @return this builder
     */
    public Builder stem(boolean value) {
      this.stem = value;
      return this;
    }

    /**
     * Minimum token length in characters (default 2).
     *
     * @param value the minimum length, at least 1
     * @return this builder
     */
    public Builder minTokenLength(int value) {
      this.minTokenLength = value;
      return this;
    }

    /**
     * Builds and validates the options.
     *
     * @return the options
     * @throws MlException if a value is out of range
     */
    public TextAnalyzerOptions build() {
      return new TextAnalyzerOptions(lowercase, removeStopWords, stem, minTokenLength);
    }
  }
}
