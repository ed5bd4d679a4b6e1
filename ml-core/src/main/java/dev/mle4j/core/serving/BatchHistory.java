package dev.mle4j.core.serving;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The recent batches of one model and running totals since the last reset, for per-batch reports
 * (the model server's {@code GET /v1/models/{name}/batches}). Keeps the last {@link #capacity()}
 * {@link BatchStats} in a ring; totals and the size histogram cover every batch since creation or
 * the last {@link #reset()}. Thread-safe; {@link #record} is cheap enough for a {@link
 * BatchListener}.
 */
public final class BatchHistory {

  /** Number of batches kept when no capacity is given. */
  public static final int DEFAULT_CAPACITY = 2048;

  private final BatchStats[] ring;
  private int next;
  private int count;
  private long batches;
  private long items;
  private long collectNanos;
  private long inferNanos;
  private final TreeMap<Integer, Long> sizes = new TreeMap<>();

  /** Creates a history of the last {@value #DEFAULT_CAPACITY} batches. */
  public BatchHistory() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * Creates a history.
   *
   * @param capacity number of recent batches kept, 1..1,000,000
   */
  public BatchHistory(int capacity) {
    if (capacity < 1 || capacity > 1_000_000) {
      throw new MlException("batch history capacity must be in 1..1000000, got " + capacity);
    }
    this.ring = new BatchStats[capacity];
  }

  /**
   * Number of recent batches kept.
   *
   * @return the ring's capacity
   */
  public int capacity() {
    return ring.length;
  }

  /**
   * Adds one batch.
   *
   * @param stats the batch
   */
  public synchronized void record(BatchStats stats) {
    Objects.requireNonNull(stats, "stats");
    ring[next] = stats;
    next = (next + 1) % ring.length;
    count = Math.min(count + 1, ring.length);
    batches++;
    items += stats.size();
    collectNanos += stats.collectNanos();
    inferNanos += stats.inferNanos();
    sizes.merge(stats.size(), 1L, Long::sum);
  }

  /**
   * The current totals and recent batches.
   *
   * @return a copy
   */
  public synchronized Snapshot snapshot() {
    List<BatchStats> recent = new ArrayList<>(count);
    int start = (next - count + ring.length) % ring.length;
    for (int i = 0; i < count; i++) {
      recent.add(ring[(start + i) % ring.length]);
    }
    long[] infer = new long[count];
    for (int i = 0; i < count; i++) {
      infer[i] = recent.get(i).inferNanos();
    }
    Arrays.sort(infer);
    return new Snapshot(
        batches,
        items,
        new TreeMap<>(sizes),
        collectNanos,
        inferNanos,
        percentileMs(infer, 50),
        percentileMs(infer, 99),
        recent);
  }

  /**
   * The current totals and recent batches, then clears them, in one step (no batch is lost between
   * the two).
   *
   * @return a copy taken before the reset
   */
  public synchronized Snapshot snapshotAndReset() {
    Snapshot s = snapshot();
    reset();
    return s;
  }

  /** Forgets every batch and zeroes the totals. */
  public synchronized void reset() {
    Arrays.fill(ring, null);
    next = 0;
    count = 0;
    batches = 0;
    items = 0;
    collectNanos = 0;
    inferNanos = 0;
    sizes.clear();
  }

  /** Nearest-rank percentile of sorted nanosecond values, in milliseconds; NaN when empty. */
  private static double percentileMs(long[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  /**
   * A copy of a {@link BatchHistory}.
   *
   * @param batches batches since the last reset
   * @param items requests in those batches
   * @param sizeHistogram number of batches per batch size, ascending by size
   * @param totalCollectNanos sum of the batches' collect times
   * @param totalInferNanos sum of the batches' model times
   * @param p50InferMs median model time per batch over the {@code recent} batches (NaN if none)
   * @param p99InferMs 99th percentile (nearest rank) of the model time per batch over the {@code
   *     recent} batches (NaN if none)
   * @param recent the last batches, oldest first
   */
  public record Snapshot(
      long batches,
      long items,
      SortedMap<Integer, Long> sizeHistogram,
      long totalCollectNanos,
      long totalInferNanos,
      double p50InferMs,
      double p99InferMs,
      List<BatchStats> recent) {

    /** Copies the collections. */
    public Snapshot {
      sizeHistogram = Collections.unmodifiableSortedMap(new TreeMap<>(sizeHistogram));
      recent = List.copyOf(recent);
    }

    /**
     * Mean requests per batch.
     *
     * @return items / batches, NaN without batches
     */
    public double meanBatchSize() {
      return batches == 0 ? Double.NaN : (double) items / batches;
    }

    /**
     * Mean time from a batch's first request to its dispatch.
     *
     * @return milliseconds, NaN without batches
     */
    public double meanCollectMs() {
      return batches == 0 ? Double.NaN : totalCollectNanos / 1e6 / batches;
    }

    /**
     * Mean time of one model batch call.
     *
     * @return milliseconds, NaN without batches
     */
    public double meanInferMs() {
      return batches == 0 ? Double.NaN : totalInferNanos / 1e6 / batches;
    }

    /**
     * Throughput the model could reach if every worker ran batches of the mean size back to back:
     * {@code workers * meanBatchSize / meanInferSeconds} (per worker, QPS = batch size / inference
     * time). It ignores HTTP and queueing costs, so it is an upper bound for the model alone.
     *
     * @param workers worker threads running batches in parallel, at least 1
     * @return requests per second, NaN without batches or measurable model time
     */
    public double predictedMaxQps(int workers) {
      if (workers < 1) {
        throw new MlException("workers must be at least 1, got " + workers);
      }
      if (batches == 0 || totalInferNanos <= 0) {
        return Double.NaN;
      }
      return workers * meanBatchSize() / (meanInferMs() / 1e3);
    }
  }
}
