package dev.mle4j.benchmarks.load;

import dev.mle4j.core.MlException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One level of a {@link ServingStudy}: a model served with one batching configuration under a
 * number of closed-loop virtual users, measured on both sides.
 *
 * <p>Client side (from the {@link LoadRunner}): requests, errors by status, QPS (successful
 * responses per second) and latency percentiles. Server side: the model calls (batches) that ended
 * inside the level's measured window, their size histogram and mean inference time, timed around
 * the model; the mean collect time (first request of a batch queued until the model call starts)
 * comes from the server's own batch report ({@code GET /v1/models/{name}/batches}, reset when the
 * window starts). The predicted QPS is the capacity relation {@code workers * mean batch size /
 * mean inference seconds}; a level whose measured QPS reaches {@link #SATURATION_RATIO} of it is
 * {@linkplain #saturated() saturated}: the model calls, not HTTP or the load generator, limit the
 * throughput.
 *
 * <p>The batches of the window cover every successful measured request plus at most one request per
 * user that was still in flight when the warm-up ended, so {@code ok <= batchItems <= ok + users}
 * (with one item per request). Over the whole level, warm-up included, the model inputs ({@code
 * levelItems}) equal the requests the server itself counted as successful ({@code levelServerOk},
 * from its {@code mle4j_requests_total} counter).
 *
 * @param model model label
 * @param config batching configuration name
 * @param users virtual users
 * @param overload whether this is the overload level (far above capacity, small queue)
 * @param requests requests completed in the measured window
 * @param ok successful (2xx) requests among them
 * @param statusCounts requests by outcome: {@code http_2xx}, {@code http_<status>}, {@code
 *     timeout}, {@code connection} (sorted; copied); adds up to {@code requests}
 * @param durationSeconds measured wall time
 * @param qps successful requests per second
 * @param p50Ms median latency (NaN when no response)
 * @param p95Ms 95th percentile latency
 * @param p99Ms 99th percentile latency
 * @param maxMs largest latency
 * @param batches model calls that ended in the window
 * @param batchItems inputs in those calls
 * @param sizeHistogram number of batches per batch size (sorted; copied); adds up to {@code
 *     batches}
 * @param meanCollectMs mean collect time of the batches in ms, from the server's batch report (0
 *     without batching; NaN when unknown)
 * @param meanInferMs mean model-call time in ms (NaN when there was no batch)
 * @param levelItems model inputs during the whole level, warm-up included
 * @param levelServerOk successful requests the server counted during the whole level, warm-up
 *     included (-1 when unknown)
 * @param workers model calls that can run side by side (batch workers, or cores without batching)
 * @param predictedQps {@code workers * mean batch size / mean inference seconds} (NaN without
 *     batches)
 */
public record StudyLevel(
    String model,
    String config,
    int users,
    boolean overload,
    long requests,
    long ok,
    Map<String, Long> statusCounts,
    double durationSeconds,
    double qps,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    double maxMs,
    long batches,
    long batchItems,
    Map<Integer, Long> sizeHistogram,
    double meanCollectMs,
    double meanInferMs,
    long levelItems,
    long levelServerOk,
    int workers,
    double predictedQps) {

  /** Measured / predicted QPS at or above which a level counts as saturated. */
  public static final double SATURATION_RATIO = 0.8;

  /** Outcome key of successful responses in {@link #statusCounts()}. */
  public static final String OK_KEY = "http_2xx";

  /** Validates and copies the components. */
  public StudyLevel {
    String where = "StudyLevel " + model + "/" + config + "@c" + users + ": ";
    if (model == null || model.isBlank() || config == null || config.isBlank()) {
      throw new MlException("StudyLevel: model and config must not be blank");
    }
    if (users < 1) {
      throw new MlException(where + "users must be >= 1");
    }
    if (ok < 0 || ok > requests) {
      throw new MlException(where + "need 0 <= ok <= requests, got " + ok + " / " + requests);
    }
    statusCounts =
        Collections.unmodifiableMap(new TreeMap<>(statusCounts == null ? Map.of() : statusCounts));
    long outcomes = statusCounts.values().stream().mapToLong(Long::longValue).sum();
    if (outcomes != requests) {
      throw new MlException(
          where + "statusCounts add up to " + outcomes + " but requests=" + requests);
    }
    sizeHistogram =
        Collections.unmodifiableMap(
            new TreeMap<>(sizeHistogram == null ? Map.of() : sizeHistogram));
    long counted = 0;
    long items = 0;
    for (Map.Entry<Integer, Long> e : sizeHistogram.entrySet()) {
      if (e.getKey() < 1 || e.getValue() < 0) {
        throw new MlException(where + "bad size histogram entry " + e);
      }
      counted += e.getValue();
      items += e.getKey() * e.getValue();
    }
    if (counted != batches || items != batchItems) {
      throw new MlException(
          where
              + "size histogram holds "
              + counted
              + " batches of "
              + items
              + " items, but batches="
              + batches
              + " batchItems="
              + batchItems);
    }
  }

  /** Builds a level from the client result, the batches of its window and the server counts. */
  static StudyLevel of(
      String model,
      BatchingConfig config,
      boolean overload,
      LevelResult r,
      List<BatchRecorder.Batch> windowBatches,
      double meanCollectMs,
      long levelItems,
      long levelServerOk) {
    long ok = r.requests() - r.errors();
    Map<String, Long> status = new LinkedHashMap<>(r.errorsByKind());
    if (ok > 0) {
      status.put(OK_KEY, ok);
    }
    Map<Integer, Long> histogram = new TreeMap<>();
    long items = 0;
    long inferSum = 0;
    for (BatchRecorder.Batch b : windowBatches) {
      histogram.merge(b.size(), 1L, Long::sum);
      items += b.size();
      inferSum += b.inferNanos();
    }
    int n = windowBatches.size();
    double meanInferMs = n == 0 ? Double.NaN : inferSum / 1e6 / n;
    double meanBatch = n == 0 ? Double.NaN : (double) items / n;
    double predicted =
        n == 0 || inferSum == 0 ? Double.NaN : config.workers() * meanBatch / (meanInferMs / 1e3);
    return new StudyLevel(
        model,
        config.name(),
        r.concurrency(),
        overload,
        r.requests(),
        ok,
        status,
        r.durationSeconds(),
        r.throughputPerS(),
        r.p50Ms(),
        r.p95Ms(),
        r.p99Ms(),
        r.maxMs(),
        n,
        items,
        histogram,
        config.batching() ? meanCollectMs : 0.0,
        meanInferMs,
        levelItems,
        levelServerOk,
        config.workers(),
        predicted);
  }

  /**
   * Failed requests (any non-2xx outcome).
   *
   * @return {@code requests - ok}
   */
  public long errors() {
    return requests - ok;
  }

  /**
   * Requests answered 503 (queue full: load shed).
   *
   * @return the count
   */
  public long rejected() {
    return statusCounts.getOrDefault(LevelResult.statusKind(503), 0L);
  }

  /**
   * Requests that got no response within the client's request timeout.
   *
   * @return the count
   */
  public long timeouts() {
    return statusCounts.getOrDefault(LevelResult.ERROR_TIMEOUT, 0L);
  }

  /**
   * Mean number of inputs per model call.
   *
   * @return {@code batchItems / batches}, NaN without batches
   */
  public double meanBatchSize() {
    return batches == 0 ? Double.NaN : (double) batchItems / batches;
  }

  /**
   * Measured over predicted QPS.
   *
   * @return the ratio, NaN when nothing was predicted
   */
  public double measuredToPredicted() {
    return Double.isFinite(predictedQps) && predictedQps > 0 ? qps / predictedQps : Double.NaN;
  }

  /**
   * Whether the measured QPS reached {@link #SATURATION_RATIO} of the predicted capacity.
   *
   * @return true for a saturated level
   */
  public boolean saturated() {
    double ratio = measuredToPredicted();
    return Double.isFinite(ratio) && ratio >= SATURATION_RATIO;
  }

  /**
   * Key of this level in {@code metrics.json}: {@code <model>/<config>@c<users>}, with {@code
   * -overload} appended for the overload level.
   *
   * @return the key
   */
  public String key() {
    return model + "/" + config + "@c" + users + (overload ? "-overload" : "");
  }
}
