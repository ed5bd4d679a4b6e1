package dev.mle4j.core.serving;

import dev.mle4j.core.MlException;

/** A request was submitted to a {@link DynamicBatcher} after {@link DynamicBatcher#close()}. */
public class BatcherClosedException extends MlException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param batcher name of the batcher
   */
  public BatcherClosedException(String batcher) {
    super("batcher '" + batcher + "' is closed and accepts no more requests");
  }
}
