package dev.mle4j.rag.ingest;

/**
 * Counts tokens in a text, the unit {@link Chunker} sizes chunks in. Implementations must be
 * additive over whitespace: the count of {@code a + " " + b} equals the count of {@code a} plus the
 * count of {@code b}.
 */
@FunctionalInterface
public interface TokenCounter {

  /**
   * Counts the tokens of a text.
   *
   * @param text the text (not null)
   * @return the number of tokens, 0 for blank text
   */
  int count(String text);

  /**
   * The default counter, {@link WordPieceApproxCounter}.
   *
   * @return a shared stateless instance
   */
  static TokenCounter defaults() {
    return WordPieceApproxCounter.INSTANCE;
  }
}
