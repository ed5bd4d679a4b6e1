package dev.mle4j.core.serving;

/**
 * A {@link DynamicBatcher} shed a request because it had waited in the queue longer than the
 * batcher's {@linkplain DynamicBatcher.Builder#maxQueueWait maximum queue wait} when a worker took
 * it. It is a {@link BatcherFullException}: callers treat it as overload (HTTP 503 with {@code
 * Retry-After}).
 */
public class QueueWaitExceededException extends BatcherFullException {
  private static final long serialVersionUID = 1L;

  /** How long the request waited, in milliseconds. */
  private final long waitedMillis;

  /** The limit it passed, in milliseconds. */
  private final long limitMillis;

  /**
   * Creates the exception.
   *
   * @param batcher name of the batcher
   * @param waitedMillis how long the request waited in the queue
   * @param limitMillis the batcher's maximum queue wait
   */
  public QueueWaitExceededException(String batcher, long waitedMillis, long limitMillis) {
    super(
        "batcher '"
            + batcher
            + "' is overloaded: the request waited "
            + waitedMillis
            + " ms in the queue, longer than the limit of "
            + limitMillis
            + " ms; retry later");
    this.waitedMillis = waitedMillis;
    this.limitMillis = limitMillis;
  }

  /**
   * How long the request waited in the queue.
   *
   * @return milliseconds
   */
  public long waitedMillis() {
    return waitedMillis;
  }

  /**
   * The maximum queue wait it passed.
   *
   * @return milliseconds
   */
  public long limitMillis() {
    return limitMillis;
  }
}
