package dev.mle4j.nlp.quantize;

import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency and throughput of a text classifier on real texts, measured in this process: batch-1
 * latency percentiles over single {@code classify} calls, throughput of {@code classifyAll} over
 * consecutive chunks of 8 and 32 texts.
 *
 * @param threads intra-op threads the model used
 * @param p50MsBatch1 median batch-1 latency, ms
 * @param p99MsBatch1 99th percentile batch-1 latency, ms
 * @param throughputBatch8 texts per second in batches of 8
 * @param throughputBatch32 texts per second in batches of 32
 * @param samples single calls measured
 */
public record LatencyProfile(
    int threads,
    double p50MsBatch1,
    double p99MsBatch1,
    double throughputBatch8,
    double throughputBatch32,
    int samples) {

  /**
   * Measures a classifier: {@code warmUp} unmeasured single calls, then one timed single call per
   * text of the first {@code samples} texts, then every text once in chunks of 8 and once in chunks
   * of 32.
   *
   * @param model the classifier (already opened with its thread count)
   * @param threads the thread count to record
   * @param texts the texts, e.g. the test split
   * @param samples single calls to time (at most the number of texts)
   * @param warmUp unmeasured calls first
   * @return the profile
   */
  public static LatencyProfile measure(
      Classifier<String> model, int threads, List<String> texts, int samples, int warmUp) {
    if (texts.isEmpty()) {
      throw new MlException("no texts to measure latency on");
    }
    int n = Math.min(samples, texts.size());
    for (int i = 0; i < warmUp; i++) {
      model.classify(texts.get(i % texts.size()));
    }
    model.classifyAll(texts.subList(0, Math.min(32, texts.size())));
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      model.classify(texts.get(i));
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return new LatencyProfile(
        threads,
        percentile(ms, 0.50),
        percentile(ms, 0.99),
        throughput(model, texts, 8),
        throughput(model, texts, 32),
        n);
  }

  private static double throughput(Classifier<String> model, List<String> texts, int batch) {
    long t0 = System.nanoTime();
    for (int start = 0; start < texts.size(); start += batch) {
      model.classifyAll(texts.subList(start, Math.min(texts.size(), start + batch)));
    }
    return texts.size() / ((System.nanoTime() - t0) / 1e9);
  }

  /** Validates and copies intra-op thread counts to measure: non-empty, each >= 1. */
  static List<Integer> threadCounts(List<Integer> value) {
    if (value == null || value.isEmpty() || value.stream().anyMatch(t -> t == null || t < 1)) {
      throw new MlException("threads must be a non-empty list of counts >= 1, got " + value);
    }
    return List.copyOf(value);
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /**
   * The profile as snake_case JSON fields.
   *
   * @return field name to value
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("threads", threads);
    m.put("p50_ms_batch1", p50MsBatch1);
    m.put("p99_ms_batch1", p99MsBatch1);
    m.put("throughput_batch8", throughputBatch8);
    m.put("throughput_batch32", throughputBatch32);
    m.put("samples", samples);
    return m;
  }
}
