package dev.mle4j.core.serving;

import dev.mle4j.core.MlException;

/** A {@link DynamicBatcher} rejected a request because its bounded queue was full. */
public class BatcherFullException extends MlException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param batcher name of the batcher
   * @param capacity its queue capacity
   */
  public BatcherFullException(String batcher, int capacity) {
    super(
        "batcher '"
            + batcher
            + "' is full ("
            + capacity
            + " requests waiting, the queue capacity); retry later");
  }
}
