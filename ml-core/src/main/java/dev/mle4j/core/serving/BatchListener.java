package dev.mle4j.core.serving;

/**
 * Called by a {@link DynamicBatcher}'s worker thread after each batch's model call (successful or
 * not) and before the batch's requests are completed, e.g. to record metrics. Implementations must
 * be quick and must not block; exceptions they throw are logged and ignored.
 */
@FunctionalInterface
public interface BatchListener {

  /** A listener that does nothing. */
  BatchListener NONE = stats -> {};

  /**
   * Receives the statistics of one batch.
   *
   * @param stats size and timings of the batch
   */
  void onBatch(BatchStats stats);
}
