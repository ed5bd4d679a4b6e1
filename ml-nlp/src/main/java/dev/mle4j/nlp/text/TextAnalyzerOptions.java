package dev.mle4j.nlp.text;

import dev.mle4j.core.MlException;
import java.util.Objects;

/**
 * How a {@link TextAnalyzer} turns text into tokens. The defaults (lowercase, punctuation removed,
 * keep stop words, no stemming, tokens of at least 2 characters) mirror scikit-learn's {@code
 * TfidfVectorizer}.
 *
 * @param lowercase lowercase every token
 * @param removeStopWords drop Lucene's English stop words (case-insensitive)
 * @param stemmer the stemmer applied last ({@link Stemmer#NONE} for none; best with {@code
 *     lowercase})
 * @param minTokenLength drop word tokens shorter than this many characters (at least 1);
 *     punctuation tokens kept with {@code removePunctuation = false} are never dropped for length
 * @param removePunctuation split on Unicode word boundaries and drop punctuation and symbols (true,
 *     the default), or keep every punctuation or symbol character as a token of its own, such as
 *     {@code "!"} or {@code "$"}, which can be telling for spam (false)
 */
public record TextAnalyzerOptions(
    boolean lowercase,
    boolean removeStopWords,
    Stemmer stemmer,
    int minTokenLength,
    boolean removePunctuation) {

  /** Validates. */
  public TextAnalyzerOptions {
    if (stemmer == null) {
      throw new MlException("stemmer is null; use Stemmer.NONE for no stemming");
    }
    if (minTokenLength < 1) {
      throw new MlException("minTokenLength must be at least 1, got " + minTokenLength);
    }
  }

  /**
   * The original four options; punctuation is removed and {@code stem} selects Porter stemming.
   *
   * @param lowercase lowercase every token
   * @param removeStopWords drop English stop words
   * @param stem apply the Porter stemmer
   * @param minTokenLength minimum token length, at least 1
   */
  public TextAnalyzerOptions(
      boolean lowercase, boolean removeStopWords, boolean stem, int minTokenLength) {
    this(lowercase, removeStopWords, stem ? Stemmer.PORTER : Stemmer.NONE, minTokenLength, true);
  }

  /**
   * Whether any stemmer is applied.
   *
   * @return {@code stemmer() != Stemmer.NONE}
   */
  public boolean stem() {
    return stemmer != Stemmer.NONE;
  }

  /**
   * The default options: lowercase, remove punctuation, keep stop words, no stemming, minimum token
   * length 2.
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
        .stemmer(stemmer)
        .minTokenLength(minTokenLength)
        .removePunctuation(removePunctuation);
  }

  /** Builds {@link TextAnalyzerOptions}. */
  public static final class Builder {
    private boolean lowercase = true;
    private boolean removeStopWords;
    private Stemmer stemmer = Stemmer.NONE;
    private int minTokenLength = 2;
    private boolean removePunctuation = true;

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
     * Applies the Porter stemmer (true) or none (false); see {@link #stemmer(Stemmer)}.
     *
     * @param value whether to stem with Porter
     * @return this builder
     */
    public Builder stem(boolean value) {
      this.stemmer = value ? Stemmer.PORTER : Stemmer.NONE;
      return this;
    }

    /**
     * The stemmer (default {@link Stemmer#NONE}).
     *
     * @param value the stemmer
     * @return this builder
     */
    public Builder stemmer(Stemmer value) {
      this.stemmer = Objects.requireNonNull(value, "stemmer");
      return this;
    }

    /**
     * Minimum word token length in characters (default 2).
     *
     * @param value the minimum length, at least 1
     * @return this builder
     */
    public Builder minTokenLength(int value) {
      this.minTokenLength = value;
      return this;
    }

    /**
     * Removes punctuation and symbols (default true); false keeps each as a token.
     *
     * @param value whether to remove punctuation
     * @return this builder
     */
    public Builder removePunctuation(boolean value) {
      this.removePunctuation = value;
      return this;
    }

    /**
     * Builds and validates the options.
     *
     * @return the options
     * @throws MlException if a value is out of range
     */
    public TextAnalyzerOptions build() {
      return new TextAnalyzerOptions(
          lowercase, removeStopWords, stemmer, minTokenLength, removePunctuation);
    }
  }
}
