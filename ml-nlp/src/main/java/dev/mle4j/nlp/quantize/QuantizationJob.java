package dev.mle4j.nlp.quantize;

import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.data.SplitIndices;
import dev.mle4j.core.data.SplitRatios;
import dev.mle4j.core.data.Splits;
import dev.mle4j.core.metrics.ClassificationMetrics;
import dev.mle4j.core.metrics.ClassificationReport;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.data.TextSource;
import dev.mle4j.nlp.finetune.FineTunedTextClassifier;
import dev.mle4j.nlp.finetune.MiniLmFineTuneLoader;
import dev.mle4j.nlp.finetune.MiniLmFineTuneTrainer;
import dev.mle4j.nlp.ort.OrtTextClassifier;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quantizes the fine-tuned transformer text classifier and measures what INT8 costs and gains.
 *
 * <p>Steps: load the labelled texts and split them (stratified, seeded, like {@code text train});
 * take the fine-tuned MiniLM classifier (given, reused from the registry when one was trained on
 * the same data and split, or trained now); export it as one ONNX graph (FP32); quantize it with
 * {@link OnnxQuantizer} (INT8); evaluate both on the test split in ONNX Runtime (accuracy, macro
 * F1, label agreement); measure batch-1 latency and batch-8/32 throughput at each intra-op thread
 * count; check the CPU's INT8 instructions and recommend FP32 with a warning when INT8 is not
 * faster. Writes {@code model_comparison.json}, {@code quantization_report.json}, {@code
 * metrics.json}, {@code model-card.json}, PNG charts, {@code report.html} and the two servable
 * model folders {@code fp32/} and {@code int8/} ({@value OrtTextClassifier#FORMAT}), and registers
 * them as {@code <name>-fp32} and {@code <name>-int8}.
 */
public final class QuantizationJob {

  /** Task written into model cards. */
  public static final String TASK = "text-classification";

  /** File name of the comparison. */
  public static final String COMPARISON_FILE = "model_comparison.json";

  /** File name of the quantizer's report. */
  public static final String REPORT_FILE = "quantization_report.json";

  private static final Logger LOG = LoggerFactory.getLogger(QuantizationJob.class);

  private final TextSource data;
  private final FineTunedTextClassifier baseModel;
  private final MiniLmFineTuneTrainer trainer;
  private final SplitRatios ratios;
  private final long seed;
  private final String name;
  private final Path outDir;
  private final ModelRegistry registry;
  private final String stage;
  private final OnnxQuantizer quantizer;
  private final List<Integer> threads;
  private final int latencySamples;
  private final double maxAccuracyDrop;
  private final CpuInt8Support cpu;

  private QuantizationJob(Builder b) {
    this.data = b.data;
    this.baseModel = b.baseModel;
    this.trainer = b.trainer;
    this.ratios = b.ratios;
    this.seed = b.seed;
    this.name = b.name == null ? b.data.name() : b.name;
    this.outDir = b.outDir;
    this.registry = b.registry;
    this.stage = b.stage;
    this.quantizer = b.quantizer;
    this.threads = List.copyOf(b.threads);
    this.latencySamples = b.latencySamples;
    this.maxAccuracyDrop = b.maxAccuracyDrop;
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
   * Name of the fine-tuned source model in the registry for a data set.
   *
   * @param name the data set / model base name
   * @return {@code <name>-minilm-finetuned}
   */
  public static String baseModelName(String name) {
    return name + "-" + MiniLmFineTuneTrainer.NAME;
  }

  /**
   * Runs the job.
   *
   * @return what was measured and written
   * @throws MlException on bad data, a failed export or quantization, or a write error
   */
  public QuantizationResult run() {
    String cpuWarning = cpu.warning();
    List<String> warnings = new ArrayList<>();
    LOG.info(
        "CPU: {} (INT8 level {})", cpu.model().isEmpty() ? "unknown" : cpu.model(), cpu.level());
    if (!cpuWarning.isEmpty()) {
      LOG.warn(cpuWarning);
      warnings.add(cpuWarning);
    }

    // 1. data and split (the same split as text train / text compare with this seed)
    List<String> labels = data.rows().stream().map(LabeledText::label).toList();
    SplitIndices split = Splits.stratified(labels, ratios, seed);
    List<LabeledText> train = pick(data.rows(), split.train());
    List<LabeledText> validation = pick(data.rows(), split.validation());
    List<LabeledText> test = pick(data.rows(), split.test());
    if (test.isEmpty()) {
      throw new MlException("the test split of '" + data.name() + "' is empty");
    }
    LOG.info(
        "{}: {} train, {} validation, {} test texts (seed {})",
        data.name(),
        train.size(),
        validation.size(),
        test.size(),
        seed);
    List<String> testTexts = test.stream().map(LabeledText::text).toList();
    List<String> truth = test.stream().map(LabeledText::label).toList();

    RunOutput out = RunOutput.create(outDir);
    Optional<ModelVersion> baseVersion = Optional.empty();
    FineTunedTextClassifier source = baseModel;
    boolean ownSource = false;
    try {
      // 2. the fine-tuned source model
      if (source == null) {
        Optional<ModelVersion> reuse = reusable();
        if (reuse.isPresent()) {
          LOG.info(
              "reusing {} version {} (same data and split)",
              reuse.get().name(),
              reuse.get().version());
          source =
              (FineTunedTextClassifier)
                  new MiniLmFineTuneLoader().load(reuse.get().dir(), reuse.get().card());
          baseVersion = reuse;
        } else {
          LOG.info("fine-tuning {} on {} texts", MiniLmFineTuneTrainer.NAME, train.size());
          source = trainer.train(train, validation);
          if (registry != null) {
            baseVersion = Optional.of(registerBase(source, out.dir().resolve("source")));
          }
        }
        ownSource = true;
      }
      return quantizeAndCompare(
          source, baseVersion, out, testTexts, truth, warnings, train.size(), split);
    } finally {
      if (ownSource && source != null) {
        source.close();
      }
    }
  }

  private QuantizationResult quantizeAndCompare(
      FineTunedTextClassifier source,
      Optional<ModelVersion> baseVersion,
      RunOutput out,
      List<String> testTexts,
      List<String> truth,
      List<String> warnings,
      int trainRows,
      SplitIndices split) {
    String sourceRef =
        baseVersion.map(v -> v.name() + "@" + v.version()).orElse(source.card().name());
    // reference quality of the DJL model
    List<Classification> djl = source.classifyAll(testTexts);
    double djlAccuracy = accuracy(djl, truth);

    // 3. export and quantize
    long t0 = System.nanoTime();
    try (OrtTextClassifier fp32 = source.toOnnx(card(source, "fp32", sourceRef), 1)) {
      double exportSeconds = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      QuantizedModel q = quantizer.quantize(fp32.onnxBytes());
      double quantizeSeconds = (System.nanoTime() - t0) / 1e9;
      QuantizationReport qr = q.report();
      LOG.info(
          "exported FP32 graph ({} MB) in {} s; quantized {} nodes ({} skipped) to {} MB in {} s",
          ComparisonOutputs.mb(fp32.modelBytes()),
          ComparisonOutputs.fmt(exportSeconds),
          qr.quantizedNodes().size(),
          qr.skippedNodes().size(),
          ComparisonOutputs.mb(q.bytes().length),
          ComparisonOutputs.fmt(quantizeSeconds));
      Path int8Dir = out.dir().resolve("int8");
      Path fp32Dir = out.dir().resolve("fp32");
      ModelCard int8Card = card(source, "int8", sourceRef);
      try (OrtTextClassifier int8 =
          OrtTextClassifier.of(
              q.bytes(), fp32.tokenizerJson(), fp32.config().withPrecision("int8"), int8Card, 1)) {
        // 4. quality on the test split
        List<Classification> a = fp32.classifyAll(testTexts);
        List<Classification> b = int8.classifyAll(testTexts);
        ClassificationReport ra = evaluate(truth, a, fp32.labels());
        ClassificationReport rb = evaluate(truth, b, int8.labels());
        double agreement = agreement(a, b);
        double parity = agreement(a, djl);
        LOG.info(
            "test accuracy: DJL {} | ONNX FP32 {} | INT8 {} (labels agree {}; FP32 vs DJL {})",
            ComparisonOutputs.fmt(djlAccuracy),
            ComparisonOutputs.fmt(ra.accuracy()),
            ComparisonOutputs.fmt(rb.accuracy()),
            ComparisonOutputs.fmt(agreement),
            ComparisonOutputs.fmt(parity));

        // 5. speed at each thread count
        List<LatencyProfile> la = new ArrayList<>();
        List<LatencyProfile> lb = new ArrayList<>();
        for (int t : threads) {
          try (OrtTextClassifier f = fp32.withThreads(t);
              OrtTextClassifier i = int8.withThreads(t)) {
            LatencyProfile pa = LatencyProfile.measure(f, t, testTexts, latencySamples, 20);
            LatencyProfile pb = LatencyProfile.measure(i, t, testTexts, latencySamples, 20);
            la.add(pa);
            lb.add(pb);
            LOG.info(
                "{} thread(s): batch-1 p50 FP32 {} ms, INT8 {} ms (x{}); batch 32: {} vs {} texts/s",
                t,
                ComparisonOutputs.fmt(pa.p50MsBatch1()),
                ComparisonOutputs.fmt(pb.p50MsBatch1()),
                ComparisonOutputs.fmt(pa.p50MsBatch1() / pb.p50MsBatch1()),
                ComparisonOutputs.fmt(pa.throughputBatch32()),
                ComparisonOutputs.fmt(pb.throughputBatch32()));
          }
        }
        int primary = threads.get(0);
        PrecisionResult pf =
            new PrecisionResult(
                "fp32", ra.accuracy(), ra.macroF1(), fp32.modelBytes(), la, primary);
        PrecisionResult pi =
            new PrecisionResult(
                "int8", rb.accuracy(), rb.macroF1(), int8.modelBytes(), lb, primary);

        // 6. recommendation
        String recommended = "int8";
        if (pi.primary().p50MsBatch1() >= pf.primary().p50MsBatch1()) {
          recommended = "fp32";
          String w =
              String.format(
                  Locale.ROOT,
                  "INT8 is not faster than FP32 on this CPU (%s, batch-1 p50 %.2f vs %.2f ms):"
                      + " falling back to FP32",
                  cpu.level(),
                  pi.primary().p50MsBatch1(),
                  pf.primary().p50MsBatch1());
          LOG.warn(w);
          warnings.add(w);
        }
        double drop = ra.accuracy() - rb.accuracy();
        if (drop > maxAccuracyDrop) {
          String w =
              String.format(
                  Locale.ROOT,
                  "INT8 loses %.2f accuracy points (limit %.2f): check the excluded nodes",
                  drop * 100,
                  maxAccuracyDrop * 100);
          LOG.warn(w);
          warnings.add(w);
          recommended = "fp32";
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("source_model", sourceRef);
        extra.put("djl_fp32_accuracy", djlAccuracy);
        extra.put("onnx_fp32_vs_djl_agreement", parity);
        extra.put("test_rows", testTexts.size());
        extra.put("dataset", data.name());
        extra.put("export_seconds", exportSeconds);
        extra.put("quantize_seconds", quantizeSeconds);
        ModelComparison comparison =
            new ModelComparison(pf, pi, agreement, cpu, recommended, warnings, extra);

        // 7. outputs
        ModelCard fp32Final = withMetrics(fp32.card(), pf);
        ModelCard int8Final = withMetrics(int8Card, pi);
        OrtTextClassifier.write(
            fp32Dir, fp32.onnxBytes(), fp32.tokenizerJson(), fp32.config(), fp32Final);
        OrtTextClassifier.write(int8Dir, q.bytes(), int8.tokenizerJson(), int8.config(), int8Final);
        ComparisonOutputs.writeJson(out.file(COMPARISON_FILE), comparison.toMap());
        ComparisonOutputs.writeJson(out.file(REPORT_FILE), ComparisonOutputs.reportMap(qr));
        Map<String, Map<String, Double>> models = new LinkedHashMap<>();
        models.put(fp32Final.name(), fp32Final.metrics());
        models.put(int8Final.name(), int8Final.metrics());
        Map<String, Object> metricsExtra = new LinkedHashMap<>();
        metricsExtra.put("accuracy_drop", comparison.accuracyDrop());
        metricsExtra.put("speedup_p50_batch1", comparison.speedupP50Batch1());
        metricsExtra.put("recommended", recommended);
        metricsExtra.put("train_rows", trainRows);
        metricsExtra.put("test_rows", testTexts.size());
        metricsExtra.put("seed", seed);
        out.writeMetrics(new MetricsFile(data.name(), TASK, models, metricsExtra));
        out.writeModelCard("fp32".equals(recommended) ? fp32Final : int8Final);
        List<Path> charts = ComparisonOutputs.charts(out, comparison);
        ComparisonOutputs.writeReport(
            out,
            "INT8 quantization: " + name,
            "Dynamic INT8 (OnnxQuantizer) vs FP32 ONNX of the fine-tuned transformer, same test"
                + " split, ONNX Runtime",
            comparison,
            qr,
            charts);

        // 8. registry
        Optional<ModelVersion> vf = Optional.empty();
        Optional<ModelVersion> vi = Optional.empty();
        if (registry != null) {
          vf = Optional.of(register(fp32Final.name(), fp32Dir, fp32Final, true));
          vi =
              Optional.of(
                  register(int8Final.name(), int8Dir, int8Final, "int8".equals(recommended)));
        }
        LOG.info(
            "accuracy drop {} points, batch-1 speed-up x{} ({} threads); wrote {}",
            ComparisonOutputs.fmt(drop * 100),
            ComparisonOutputs.fmt(comparison.speedupP50Batch1()),
            primary,
            out.dir());
        return new QuantizationResult(
            comparison, qr, out.dir(), fp32Dir, int8Dir, baseVersion, vf, vi, split.test().length);
      }
    }
  }

  private Optional<ModelVersion> reusable() {
    if (registry == null) {
      return Optional.empty();
    }
    String base = baseModelName(name);
    if (!registry.models().contains(base)) {
      return Optional.empty();
    }
    List<ModelVersion> versions = new ArrayList<>(registry.versions(base));
    for (int i = versions.size() - 1; i >= 0; i--) {
      ModelVersion v = versions.get(i);
      ModelCard c = v.card();
      if (FineTunedTextClassifier.FORMAT.equals(c.format())
          && data.fingerprint().equals(c.dataFingerprint())
          && Long.toString(seed).equals(c.parameters().get("split_seed"))
          && c.parameters().entrySet().containsAll(trainer.parameters().entrySet())) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  private ModelVersion registerBase(FineTunedTextClassifier model, Path dir) {
    Map<String, String> params = new LinkedHashMap<>(model.card().parameters());
    params.put("split_seed", Long.toString(seed));
    params.put("split_ratios", ratios.train() + "/" + ratios.validation() + "/" + ratios.test());
    params.put("dataset", data.name());
    ModelCard c =
        new ModelCard(
            baseModelName(name),
            "",
            TASK,
            FineTunedTextClassifier.FORMAT,
            model.labels(),
            model.card().metrics(),
            data.fingerprint(),
            params,
            Instant.now());
    // the copy shares the weights with `model` (closed by the caller), so it is not closed here
    model.withCard(c).save(dir);
    ModelVersion v = registry.register(c.name(), dir, c);
    LOG.info("registered the fine-tuned source model {} version {}", v.name(), v.version());
    return v;
  }

  private ModelVersion register(String model, Path dir, ModelCard c, boolean promote) {
    ModelVersion v = registry.register(model, dir, c);
    if (stage != null && promote) {
      v = registry.promote(model, v.version(), stage);
    }
    LOG.info(
        "registered {} version {}{}",
        model,
        v.version(),
        stage != null && promote ? " (stage " + stage + ")" : "");
    return v;
  }

  private ModelCard card(FineTunedTextClassifier source, String precision, String sourceRef) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("precision", precision);
    params.put("source_model", sourceRef);
    params.put("dataset", data.name());
    params.put("split_seed", Long.toString(seed));
    params.put("max_length", Integer.toString(source.maxLength()));
    params.put("cpu_int8_level", cpu.level().name());
    if ("int8".equals(precision)) {
      params.putAll(quantizer.parameters());
    }
    return new ModelCard(
        name + "-" + precision,
        "",
        TASK,
        OrtTextClassifier.FORMAT,
        source.labels(),
        Map.of(),
        data.fingerprint(),
        params,
        Instant.now());
  }

  private static ModelCard withMetrics(ModelCard c, PrecisionResult r) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", r.accuracy());
    m.put("macro_f1", r.macroF1());
    m.put("size_bytes", (double) r.sizeBytes());
    m.put("p50_ms", r.primary().p50MsBatch1());
    m.put("p99_ms", r.primary().p99MsBatch1());
    m.put("throughput_batch8", r.primary().throughputBatch8());
    m.put("throughput_batch32", r.primary().throughputBatch32());
    return c.withMetrics(m);
  }

  private static ClassificationReport evaluate(
      List<String> truth, List<Classification> predicted, List<String> labels) {
    List<String> yPred = predicted.stream().map(Classification::label).toList();
    double[][] scores = new double[predicted.size()][];
    for (int i = 0; i < scores.length; i++) {
      double[] row = new double[labels.size()];
      for (int j = 0; j < row.length; j++) {
        row[j] = predicted.get(i).scores().getOrDefault(labels.get(j), 0.0);
      }
      scores[i] = row;
    }
    try {
      return ClassificationMetrics.evaluate(truth, yPred, labels, scores);
    } catch (MlException e) {
      return ClassificationMetrics.evaluate(truth, yPred, labels);
    }
  }

  private static double accuracy(List<Classification> predicted, List<String> truth) {
    int ok = 0;
    for (int i = 0; i < truth.size(); i++) {
      ok += predicted.get(i).label().equals(truth.get(i)) ? 1 : 0;
    }
    return (double) ok / truth.size();
  }

  private static double agreement(List<Classification> a, List<Classification> b) {
    int same = 0;
    for (int i = 0; i < a.size(); i++) {
      same += a.get(i).label().equals(b.get(i).label()) ? 1 : 0;
    }
    return (double) same / a.size();
  }

  private static List<LabeledText> pick(List<LabeledText> rows, int[] idx) {
    List<LabeledText> out = new ArrayList<>(idx.length);
    for (int i : idx) {
      out.add(rows.get(i));
    }
    return out;
  }

  /** Options of {@link QuantizationJob}. */
  public static final class Builder {
    private TextSource data;
    private FineTunedTextClassifier baseModel;
    private MiniLmFineTuneTrainer trainer = MiniLmFineTuneTrainer.builder().build();
    private SplitRatios ratios = SplitRatios.of(0.8, 0.1, 0.1);
    private long seed = 42L;
    private String name;
    private Path outDir;
    private ModelRegistry registry;
    private String stage;
    private OnnxQuantizer quantizer = OnnxQuantizer.builder().build();
    private List<Integer> threads = List.of(1, 2);
    private int latencySamples = 200;
    private double maxAccuracyDrop = 0.01;
    private CpuInt8Support cpu;

    private Builder() {}

    /**
     * The labelled texts (required).
     *
     * @param value the data
     * @return this builder
     */
    public Builder data(TextSource value) {
      this.data = Objects.requireNonNull(value, "data");
      return this;
    }

    /**
     * A fine-tuned model to quantize (not closed by the job); without it the job reuses or trains
     * one.
     *
     * @param value the model
     * @return this builder
     */
    public Builder baseModel(FineTunedTextClassifier value) {
      this.baseModel = value;
      return this;
    }

    /**
     * The trainer used when no model is given or reusable (default: the MiniLM fine-tuning
     * defaults).
     *
     * @param value the trainer
     * @return this builder
     */
    public Builder trainer(MiniLmFineTuneTrainer value) {
      this.trainer = Objects.requireNonNull(value, "trainer");
      return this;
    }

    /**
     * Split ratios (default 0.8/0.1/0.1).
     *
     * @param value the ratios
     * @return this builder
     */
    public Builder splitRatios(SplitRatios value) {
      this.ratios = Objects.requireNonNull(value, "ratios");
      return this;
    }

    /**
     * Split and training seed (default 42).
     *
     * @param value the seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Base name of the models (default the data set name): {@code <name>-fp32}, {@code
     * <name>-int8}, source {@code <name>-minilm-finetuned}.
     *
     * @param value the name
     * @return this builder
     */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /**
     * Output folder (required).
     *
     * @param value the folder
     * @return this builder
     */
    public Builder outDir(Path value) {
      this.outDir = value;
      return this;
    }

    /**
     * Registry to reuse the source model from and register the results in (default none).
     *
     * @param value the registry
     * @return this builder
     */
    public Builder registry(ModelRegistry value) {
      this.registry = value;
      return this;
    }

    /**
     * Stage to promote the registered models to (the INT8 model only when recommended).
     *
     * @param value the stage, or null for none
     * @return this builder
     */
    public Builder stage(String value) {
      this.stage = value;
      return this;
    }

    /**
     * The quantizer (default: per-channel INT8 of MatMul, Gemm and Gather).
     *
     * @param value the quantizer
     * @return this builder
     */
    public Builder quantizer(OnnxQuantizer value) {
      this.quantizer = Objects.requireNonNull(value, "quantizer");
      return this;
    }

    /**
     * Intra-op thread counts to measure; the first is the one the top-level fields report (default
     * 1, 2).
     *
     * @param value thread counts, each >= 1
     * @return this builder
     */
    public Builder threads(List<Integer> value) {
      this.threads = LatencyProfile.threadCounts(value);
      return this;
    }

    /**
     * Single calls timed per model and thread count (default 200).
     *
     * @param value the count, >= 10
     * @return this builder
     */
    public Builder latencySamples(int value) {
      if (value < 10) {
        throw new MlException("latency samples must be >= 10, got " + value);
      }
      this.latencySamples = value;
      return this;
    }

    /**
     * Largest accepted accuracy drop as a fraction (default 0.01); above it FP32 is recommended.
     *
     * @param value the limit
     * @return this builder
     */
    public Builder maxAccuracyDrop(double value) {
      this.maxAccuracyDrop = value;
      return this;
    }

    /**
     * The CPU support to assume (default: detected).
     *
     * @param value the support
     * @return this builder
     */
    public Builder cpu(CpuInt8Support value) {
      this.cpu = value;
      return this;
    }

    /**
     * Builds the job.
     *
     * @return the job
     * @throws MlException when data or the output folder is missing
     */
    public QuantizationJob build() {
      if (data == null) {
        throw new MlException("quantization job: data is required");
      }
      if (outDir == null) {
        throw new MlException("quantization job: outDir is required");
      }
      return new QuantizationJob(this);
    }
  }
}
