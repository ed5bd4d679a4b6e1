package dev.mle4j.benchmarks.load;

import dev.mle4j.core.MlException;
import java.util.List;
import java.util.Objects;

/**
 * How one server of a {@link ServingStudy} runs its model: either without a batcher (every request
 * makes its own model call on its request thread, {@code --no-batching}) or with dynamic batching.
 *
 * @param name the configuration's name in tables and charts, e.g. {@code off} or {@code on-2ms}
 * @param batching whether a dynamic batcher is used
 * @param maxBatchSize largest batch (1 when batching is off)
 * @param maxQueueDelayMs longest wait for a batch to fill, in ms (0 when batching is off)
 * @param preferredBatchSizes batch sizes dispatched without waiting for the delay (may be empty;
 *     copied)
 * @param workers batches that run side by side; with batching off, the number of cores, the
 *     parallelism of model calls made on request threads
 * @param queueCapacity requests that may wait for a batch (0 when batching is off)
 */
public record BatchingConfig(
    String name,
    boolean batching,
    int maxBatchSize,
    long maxQueueDelayMs,
    List<Integer> preferredBatchSizes,
    int workers,
    int queueCapacity) {

  /** Name of the configuration without a batcher. */
  public static final String OFF = "off";

  /** Validates and copies the components. */
  public BatchingConfig {
    if (name == null || name.isBlank()) {
      throw new MlException("BatchingConfig: name must not be blank");
    }
    if (preferredBatchSizes == null || preferredBatchSizes.stream().anyMatch(Objects::isNull)) {
      throw new MlException("BatchingConfig '" + name + "': preferredBatchSizes must not be null");
    }
    preferredBatchSizes = List.copyOf(preferredBatchSizes);
    if (workers < 1) {
      throw new MlException("BatchingConfig '" + name + "': workers must be >= 1, got " + workers);
    }
    if (batching) {
      if (maxBatchSize < 1) {
        throw new MlException(
            "BatchingConfig '" + name + "': maxBatchSize must be >= 1, got " + maxBatchSize);
      }
      if (maxQueueDelayMs < 0) {
        throw new MlException(
            "BatchingConfig '"
                + name
                + "': max queue delay must be >= 0 ms, got "
                + maxQueueDelayMs);
      }
      if (queueCapacity < 1) {
        throw new MlException(
            "BatchingConfig '" + name + "': queueCapacity must be >= 1, got " + queueCapacity);
      }
      for (int size : preferredBatchSizes) {
        if (size < 1 || size > maxBatchSize) {
          throw new MlException(
              "BatchingConfig '"
                  + name
                  + "': preferred batch size "
                  + size
                  + " is out of range 1.."
                  + maxBatchSize);
        }
      }
    }
  }

  /**
   * The configuration without a batcher.
   *
   * @param cores model calls that can run at once (the number of cores)
   * @return the configuration named {@link #OFF}
   */
  public static BatchingConfig off(int cores) {
    return new BatchingConfig(OFF, false, 1, 0, List.of(), cores, 0);
  }

  /**
   * A dynamic-batching configuration named {@code on-<delay>ms}.
   *
   * @param maxBatchSize largest batch
   * @param maxQueueDelayMs longest wait for a batch to fill, in ms
   * @param preferredBatchSizes preferred sizes (may be empty)
   * @param workers batch workers
   * @param queueCapacity bounded queue size
   * @return the configuration
   */
  public static BatchingConfig on(
      int maxBatchSize,
      long maxQueueDelayMs,
      List<Integer> preferredBatchSizes,
      int workers,
      int queueCapacity) {
    return new BatchingConfig(
        "on-" + maxQueueDelayMs + "ms",
        true,
        maxBatchSize,
        maxQueueDelayMs,
        preferredBatchSizes,
        workers,
        queueCapacity);
  }

  /**
   * A one-line description for logs and reports.
   *
   * @return e.g. {@code on-2ms: max batch 32, max queue delay 2 ms, 2 workers, queue 1024}
   */
  public String describe() {
    if (!batching) {
      return name + ": no batcher, one model call per request (" + workers + " cores)";
    }
    return name
        + ": max batch "
        + maxBatchSize
        + ", max queue delay "
        + maxQueueDelayMs
        + " ms"
        + (preferredBatchSizes.isEmpty() ? "" : ", preferred sizes " + preferredBatchSizes)
        + ", "
        + workers
        + " workers, queue "
        + queueCapacity;
  }

  /**
   * A copy with another queue capacity (the overload level's small queue).
   *
   * @param capacity the queue capacity
   * @return the copy
   */
  public BatchingConfig withQueueCapacity(int capacity) {
    return new BatchingConfig(
        name, batching, maxBatchSize, maxQueueDelayMs, preferredBatchSizes, workers, capacity);
  }
}
