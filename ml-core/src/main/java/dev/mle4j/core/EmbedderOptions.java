package dev.mle4j.core;

/**
 * Options for {@link EmbedderProvider#open(String, EmbedderOptions)}.
 *
 * @param maxTokens token limit per text, special tokens included; 0 means the model's own default
 * @param batchSize texts per inference call (sorted by length within the call)
 * @param threads intra-op threads of the inference session
 */
public record EmbedderOptions(int maxTokens, int batchSize, int threads) {

  /** Validates the options. */
  public EmbedderOptions {
    if (maxTokens < 0) {
      throw new IllegalArgumentException("maxTokens must be >= 0, got " + maxTokens);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
  }

  /**
   * The model's own token limit, batches of 32, all available cores (at most 4).
   *
   * @return the defaults
   */
  public static EmbedderOptions defaults() {
    return new EmbedderOptions(
        0, 32, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
  }

  /**
   * A copy with another token limit.
   *
   * @param value the limit (0 for the model's default)
   * @return the copy
   */
  public EmbedderOptions withMaxTokens(int value) {
    return new EmbedderOptions(value, batchSize, threads);
  }
}
