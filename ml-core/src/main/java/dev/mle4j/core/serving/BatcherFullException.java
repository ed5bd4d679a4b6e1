package dev.mle4j.core.serving;

import dev.mle4j.core.MlException;

/**
 * A {@link DynamicBatcher} rejected a request because it is overloaded: its bounded queue was full,
 * or (subclass {@link QueueWaitExceededException}) the request waited in the queue longer than the
 * batcher's maximum queue wait.
 */
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

  /**
   * Creates the exception with its own message, for subclasses.
   *
   * @param message what overloaded the batcher
   */
  protected BatcherFullException(String message) {
    super(message);
  }
}
