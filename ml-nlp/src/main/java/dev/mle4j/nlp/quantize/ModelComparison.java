package dev.mle4j.nlp.quantize;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * FP32 against INT8 on the same data: what {@code model_comparison.json} holds.
 *
 * @param fp32 the FP32 graph
 * @param int8 the quantized graph
 * @param agreement share of inputs where both give the same label (or, without labels, the mean
 *     cosine similarity of their outputs)
 * @param cpu the CPU's INT8 support
 * @param recommended the precision to serve: {@code int8}, or {@code fp32} when INT8 was not faster
 *     at batch 1 on this machine
 * @param warnings warnings raised (CPU without int8 instructions, INT8 slower, accuracy drop over
 *     the limit)
 * @param extra more top-level fields (e.g. the reference accuracy of the source model)
 */
public record ModelComparison(
    PrecisionResult fp32,
    PrecisionResult int8,
    double agreement,
    CpuInt8Support cpu,
    String recommended,
    List<String> warnings,
    Map<String, Object> extra) {

  /** Copies. */
  public ModelComparison {
    Objects.requireNonNull(fp32, "fp32");
    Objects.requireNonNull(int8, "int8");
    warnings = List.copyOf(warnings);
    extra = Map.copyOf(extra);
  }

  /**
   * FP32 accuracy minus INT8 accuracy, as a fraction (0.01 = one point), or {@code null} without
   * labels.
   *
   * @return the drop
   */
  public Double accuracyDrop() {
    if (fp32.accuracy() == null || int8.accuracy() == null) {
      return null;
    }
    return fp32.accuracy() - int8.accuracy();
  }

  /**
   * FP32 batch-1 p50 divided by INT8 batch-1 p50 at the primary thread count.
   *
   * @return the speed-up (above 1 when INT8 is faster)
   */
  public double speedupP50Batch1() {
    return fp32.primary().p50MsBatch1() / int8.primary().p50MsBatch1();
  }

  /**
   * Speed-up at a given thread count.
   *
   * @param threads the thread count
   * @return FP32 p50 / INT8 p50 at batch 1, or NaN when not measured
   */
  public double speedupP50Batch1(int threads) {
    LatencyProfile a =
        fp32.latency().stream().filter(l -> l.threads() == threads).findFirst().orElse(null);
    LatencyProfile b =
        int8.latency().stream().filter(l -> l.threads() == threads).findFirst().orElse(null);
    return a == null || b == null ? Double.NaN : a.p50MsBatch1() / b.p50MsBatch1();
  }

  /**
   * The JSON object: {@code fp32}, {@code int8}, {@code accuracy_drop}, {@code speedup_p50_batch1},
   * per-thread speed-ups, size ratio, agreement, CPU, recommendation, warnings.
   *
   * @return field name to value
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fp32", fp32.toMap());
    m.put("int8", int8.toMap());
    m.put("accuracy_drop", accuracyDrop());
    Double f1a = fp32.macroF1();
    Double f1b = int8.macroF1();
    m.put("macro_f1_drop", f1a == null || f1b == null ? null : f1a - f1b);
    m.put("speedup_p50_batch1", speedupP50Batch1());
    Map<String, Object> by = new LinkedHashMap<>();
    for (LatencyProfile l : fp32.latency()) {
      double s = speedupP50Batch1(l.threads());
      if (!Double.isNaN(s)) {
        by.put(Integer.toString(l.threads()), s);
      }
    }
    m.put("speedup_p50_batch1_by_threads", by);
    m.put("size_ratio", (double) int8.sizeBytes() / fp32.sizeBytes());
    m.put("agreement", agreement);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model", cpu.model());
    c.put("int8_level", cpu.level().name());
    c.put("flags", cpu.flags());
    m.put("cpu", c);
    m.put("recommended", recommended);
    m.put("warnings", warnings);
    m.putAll(extra);
    return m;
  }
}
