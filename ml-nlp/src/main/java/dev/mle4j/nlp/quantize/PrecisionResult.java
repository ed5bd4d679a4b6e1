package dev.mle4j.nlp.quantize;

import dev.mle4j.core.MlException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quality, size and speed of one precision (FP32 or INT8) of a model.
 *
 * @param precision {@code fp32} or {@code int8}
 * @param accuracy test accuracy, or {@code null} when no labelled data was given
 * @param macroF1 test macro F1, or {@code null} when no labelled data was given
 * @param sizeBytes size of the ONNX graph
 * @param latency one profile per intra-op thread count
 * @param primaryThreads the thread count whose profile the top-level fields report
 */
public record PrecisionResult(
    String precision,
    Double accuracy,
    Double macroF1,
    long sizeBytes,
    List<LatencyProfile> latency,
    int primaryThreads) {

  /** Validates and copies. */
  public PrecisionResult {
    latency = List.copyOf(latency);
    if (latency.stream().noneMatch(l -> l.threads() == primaryThreads)) {
      throw new MlException("no latency profile for the primary thread count " + primaryThreads);
    }
  }

  /**
   * The profile at {@link #primaryThreads()}.
   *
   * @return the profile
   */
  public LatencyProfile primary() {
    return latency.stream().filter(l -> l.threads() == primaryThreads).findFirst().orElseThrow();
  }

  /**
   * JSON fields: accuracy, macro_f1, size_bytes, p50/p99 at batch 1 and throughput at batch 8/32 of
   * the primary thread count, and {@code by_threads}.
   *
   * @return field name to value
   */
  public Map<String, Object> toMap() {
    LatencyProfile p = primary();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("precision", precision);
    m.put("accuracy", accuracy);
    m.put("macro_f1", macroF1);
    m.put("size_bytes", sizeBytes);
    m.put("p50_ms_batch1", p.p50MsBatch1());
    m.put("p99_ms_batch1", p.p99MsBatch1());
    m.put("throughput_batch8", p.throughputBatch8());
    m.put("throughput_batch32", p.throughputBatch32());
    m.put("threads", primaryThreads);
    Map<String, Object> by = new LinkedHashMap<>();
    for (LatencyProfile l : latency) {
      by.put(Integer.toString(l.threads()), l.toMap());
    }
    m.put("by_threads", by);
    return m;
  }
}
