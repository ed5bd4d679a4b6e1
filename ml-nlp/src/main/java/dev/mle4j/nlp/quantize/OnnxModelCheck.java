package dev.mle4j.nlp.quantize;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.mle4j.core.MlException;
import dev.mle4j.core.report.RunOutput;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Quantizes any ONNX model and checks the INT8 graph against the FP32 one on generated inputs, when
 * no labelled data is at hand: cosine similarity of the first output, batch-1 latency at each
 * intra-op thread count. Inputs are made from the model's input metadata: int token inputs get ids
 * in {@code [0, 1000)} (all ones for names containing {@code mask}, zeros for names containing
 * {@code type}), float inputs standard normal values; dynamic dimensions are 1 for the first axis
 * and 16 for the others.
 */
public final class OnnxModelCheck {

  /**
   * What the check found.
   *
   * @param comparison FP32 vs INT8 (no accuracy; agreement = mean cosine)
   * @param report the quantizer's report
   * @param meanCosine mean cosine similarity of the outputs
   * @param minCosine smallest cosine similarity
   * @param outDir the output folder
   * @param int8File the quantized model
   */
  public record Result(
      ModelComparison comparison,
      QuantizationReport report,
      double meanCosine,
      double minCosine,
      Path outDir,
      Path int8File) {}

  private final OnnxQuantizer quantizer;
  private final List<Integer> threads;
  private final int samples;
  private final long seed;
  private final CpuInt8Support cpu;

  private OnnxModelCheck(Builder b) {
    this.quantizer = b.quantizer;
    this.threads = b.threads;
    this.samples = b.samples;
    this.seed = b.seed;
    this.cpu = b.cpu == null ? CpuInt8Support.detect() : b.cpu;
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Quantizes {@code onnx}, writes {@code model.int8.onnx} and the reports into {@code outDir}.
   *
   * @param onnx the FP32 model file
   * @param outDir the output folder
   * @return the result
   * @throws MlException if the model cannot be read, quantized or run
   */
  public Result run(Path onnx, Path outDir) {
    RunOutput out = RunOutput.create(outDir);
    Path int8File = out.file("model.int8.onnx");
    QuantizationReport report = quantizer.quantize(onnx, int8File);
    byte[] fp32Bytes;
    byte[] int8Bytes;
    try {
      fp32Bytes = Files.readAllBytes(onnx);
      int8Bytes = Files.readAllBytes(int8File);
    } catch (java.io.IOException e) {
      throw new MlException("cannot read " + onnx + ": " + e.getMessage(), e);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<LatencyProfile> la = new ArrayList<>();
    List<LatencyProfile> lb = new ArrayList<>();
    double[] cos = null;
    for (int t : threads) {
      try (OrtSession a = session(env, fp32Bytes, t, onnx.toString());
          OrtSession b = session(env, int8Bytes, t, int8File.toString())) {
        List<Map<String, OnnxTensor>> inputs = inputs(env, a, samples);
        try {
          if (cos == null) {
            cos = new double[inputs.size()];
            for (int i = 0; i < inputs.size(); i++) {
              cos[i] = cosine(first(a, inputs.get(i)), first(b, inputs.get(i)));
            }
          }
          la.add(time(a, inputs, t));
          lb.add(time(b, inputs, t));
        } finally {
          inputs.forEach(m -> m.values().forEach(OnnxTensor::close));
        }
      } catch (OrtException e) {
        throw new MlException("ONNX Runtime failed on " + onnx + ": " + e.getMessage(), e);
      }
    }
    double mean = Arrays.stream(cos).average().orElse(Double.NaN);
    double min = Arrays.stream(cos).min().orElse(Double.NaN);
    int primary = threads.get(0);
    PrecisionResult pf = new PrecisionResult("fp32", null, null, fp32Bytes.length, la, primary);
    PrecisionResult pi = new PrecisionResult("int8", null, null, int8Bytes.length, lb, primary);
    List<String> warnings = new ArrayList<>();
    if (!cpu.warning().isEmpty()) {
      warnings.add(cpu.warning());
    }
    String recommended = "int8";
    if (pi.primary().p50MsBatch1() >= pf.primary().p50MsBatch1()) {
      recommended = "fp32";
      warnings.add(
          String.format(
              Locale.ROOT,
              "INT8 is not faster than FP32 on this CPU (%s, batch-1 p50 %.2f vs %.2f ms):"
                  + " falling back to FP32",
              cpu.level(),
              pi.primary().p50MsBatch1(),
              pf.primary().p50MsBatch1()));
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("source_model", onnx.toString());
    extra.put("output_cosine_mean", mean);
    extra.put("output_cosine_min", min);
    extra.put("inputs", "generated from the model's input metadata (seed " + seed + ")");
    ModelComparison c = new ModelComparison(pf, pi, mean, cpu, recommended, warnings, extra);
    ComparisonOutputs.writeJson(out.file(QuantizationJob.COMPARISON_FILE), c.toMap());
    ComparisonOutputs.writeJson(
        out.file(QuantizationJob.REPORT_FILE), ComparisonOutputs.reportMap(report));
    List<Path> charts = ComparisonOutputs.charts(out, c);
    ComparisonOutputs.writeReport(
        out,
        "INT8 quantization: " + onnx.getFileName(),
        "Dynamic INT8 (OnnxQuantizer) vs FP32 on generated inputs (no labels), ONNX Runtime",
        c,
        report,
        charts);
    return new Result(c, report, mean, min, out.dir(), int8File);
  }

  private static OrtSession session(OrtEnvironment env, byte[] model, int threads, String what) {
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(threads);
      o.setInterOpNumThreads(1);
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return env.createSession(model, o);
    } catch (OrtException e) {
      throw new MlException("ONNX Runtime cannot open " + what + ": " + e.getMessage(), e);
    }
  }

  private List<Map<String, OnnxTensor>> inputs(OrtEnvironment env, OrtSession s, int n)
      throws OrtException {
    Random r = new Random(seed);
    List<Map<String, OnnxTensor>> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Map<String, OnnxTensor> m = new HashMap<>();
      for (Map.Entry<String, NodeInfo> e : s.getInputInfo().entrySet()) {
        if (!(e.getValue().getInfo() instanceof TensorInfo info)) {
          throw new MlException("input " + e.getKey() + " is not a tensor: cannot generate it");
        }
        long[] shape = info.getShape().clone();
        for (int d = 0; d < shape.length; d++) {
          if (shape[d] < 1) {
            shape[d] = d == 0 ? 1 : 16;
          }
        }
        int size = Math.toIntExact(Arrays.stream(shape).reduce(1, (x, y) -> x * y));
        String lower = e.getKey().toLowerCase(Locale.ROOT);
        OnnxJavaType type = info.type;
        if (type == OnnxJavaType.INT64) {
          long[] v = new long[size];
          for (int i = 0; i < size; i++) {
            v[i] = lower.contains("mask") ? 1 : lower.contains("type") ? 0 : r.nextInt(1000);
          }
          m.put(e.getKey(), OnnxTensor.createTensor(env, LongBuffer.wrap(v), shape));
        } else if (type == OnnxJavaType.INT32) {
          int[] v = new int[size];
          for (int i = 0; i < size; i++) {
            v[i] = lower.contains("mask") ? 1 : lower.contains("type") ? 0 : r.nextInt(1000);
          }
          m.put(e.getKey(), OnnxTensor.createTensor(env, IntBuffer.wrap(v), shape));
        } else if (type == OnnxJavaType.FLOAT) {
          float[] v = new float[size];
          for (int i = 0; i < size; i++) {
            v[i] = (float) r.nextGaussian();
          }
          m.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(v), shape));
        } else {
          m.values().forEach(OnnxTensor::close);
          throw new MlException(
              "input "
                  + e.getKey()
                  + " has type "
                  + type
                  + ": only int32/int64/float are generated");
        }
      }
      out.add(m);
    }
    return out;
  }

  private static float[] first(OrtSession s, Map<String, OnnxTensor> in) throws OrtException {
    try (OrtSession.Result r = s.run(in)) {
      if (!(r.get(0) instanceof OnnxTensor t) || t.getInfo().type != OnnxJavaType.FLOAT) {
        throw new MlException("the model's first output is not a float tensor");
      }
      FloatBuffer b = t.getFloatBuffer();
      float[] v = new float[b.remaining()];
      b.get(v);
      return v;
    }
  }

  private static LatencyProfile time(OrtSession s, List<Map<String, OnnxTensor>> inputs, int t)
      throws OrtException {
    for (int i = 0; i < Math.min(10, inputs.size()); i++) {
      s.run(inputs.get(i)).close();
    }
    double[] ms = new double[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      long t0 = System.nanoTime();
      s.run(inputs.get(i)).close();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    double total = Arrays.stream(ms).sum();
    Arrays.sort(ms);
    double perSecond = inputs.size() / (total / 1e3);
    return new LatencyProfile(
        t,
        LatencyProfile.percentile(ms, 0.5),
        LatencyProfile.percentile(ms, 0.99),
        perSecond,
        perSecond,
        inputs.size());
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? (na == nb ? 1 : 0) : dot / Math.sqrt(na * nb);
  }

  /** Options of {@link OnnxModelCheck}. */
  public static final class Builder {
    private OnnxQuantizer quantizer = OnnxQuantizer.builder().build();
    private List<Integer> threads = List.of(1, 2);
    private int samples = 100;
    private long seed = 42;
    private CpuInt8Support cpu;

    private Builder() {}

    /**
     * The quantizer (default settings otherwise).
     *
     * @param value the quantizer
     * @return this builder
     */
    public Builder quantizer(OnnxQuantizer value) {
      this.quantizer = value;
      return this;
    }

    /**
     * Thread counts to time; the first is reported at top level (default 1, 2).
     *
     * @param value counts >= 1
     * @return this builder
     */
    public Builder threads(List<Integer> value) {
      this.threads = LatencyProfile.threadCounts(value);
      return this;
    }

    /**
     * Generated inputs (default 100).
     *
     * @param value the count, >= 10
     * @return this builder
     */
    public Builder samples(int value) {
      if (value < 10) {
        throw new MlException("samples must be >= 10, got " + value);
      }
      this.samples = value;
      return this;
    }

    /**
     * Seed of the generated inputs.
     *
     * @param value the seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * The CPU support to assume (default detected).
     *
     * @param value the support
     * @return this builder
     */
    public Builder cpu(CpuInt8Support value) {
      this.cpu = value;
      return this;
    }

    /**
     * Builds the check.
     *
     * @return the check
     */
    public OnnxModelCheck build() {
      return new OnnxModelCheck(this);
    }
  }
}
