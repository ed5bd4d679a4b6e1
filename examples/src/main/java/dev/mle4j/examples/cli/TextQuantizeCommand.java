package dev.mle4j.examples.cli;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.nlp.data.TextSource;
import dev.mle4j.nlp.finetune.MiniLmFineTuneTrainer;
import dev.mle4j.nlp.quantize.ModelComparison;
import dev.mle4j.nlp.quantize.OnnxModelCheck;
import dev.mle4j.nlp.quantize.OnnxQuantizer;
import dev.mle4j.nlp.quantize.PrecisionResult;
import dev.mle4j.nlp.quantize.QuantizationJob;
import dev.mle4j.nlp.quantize.QuantizationResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mle4j text quantize}: FP32 vs dynamic INT8 of a transformer classifier or any ONNX. */
@Command(
    name = "quantize",
    mixinStandardHelpOptions = true,
    description = {
      "Quantize a transformer text classifier to dynamic INT8 and compare it with FP32 on the same"
          + " test split: accuracy, macro F1, size, batch-1 p50/p99, throughput at batch 8/32, at"
          + " each --threads count. With --dataset/--csv the fine-tuned MiniLM classifier is"
          + " reused from the registry (same data and split) or trained, exported to one ONNX"
          + " graph, quantized, measured, and registered as NAME-fp32 and NAME-int8. With --onnx"
          + " any ONNX model is quantized and checked on generated inputs (output similarity,"
          + " latency). Writes model_comparison.json, quantization_report.json, metrics.json,"
          + " model-card.json, PNG charts and report.html."
    })
final class TextQuantizeCommand implements Callable<Integer> {

  /** What to quantize. */
  static final class Input {
    @Option(
        names = "--dataset",
        paramLabel = "ID",
        description = "Catalog dataset id (sms-spam, spam-assassin).")
    String dataset;

    @Option(names = "--csv", paramLabel = "FILE", description = "CSV/TSV with text and label.")
    Path csv;

    @Option(names = "--onnx", paramLabel = "FILE", description = "Any FP32 ONNX model file.")
    Path onnx;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Option(names = "--text-col", defaultValue = "text", description = "Text column of --csv.")
  String textCol;

  @Option(names = "--label-col", defaultValue = "label", description = "Label column of --csv.")
  String labelCol;

  @Option(names = "--separator", defaultValue = ",", description = "Field separator of --csv.")
  char separator;

  @Option(names = "--quick", description = "Fine-tune with the quick budget (1 epoch, 64 tokens).")
  boolean quick;

  @Option(names = "--seed", defaultValue = "42", description = "Split and training seed.")
  long seed;

  @Option(
      names = "--threads",
      split = ",",
      defaultValue = "1,2",
      description = "Intra-op thread counts to measure; the first is reported at top level.")
  List<Integer> threads;

  @Option(
      names = "--samples",
      defaultValue = "200",
      description = "Batch-1 calls timed per model and thread count.")
  int samples;

  @Option(names = "--per-tensor", description = "One scale per weight instead of per column.")
  boolean perTensor;

  @Option(
      names = "--exclude",
      split = ",",
      paramLabel = "NODE",
      description = "Node names to keep in FP32.")
  Set<String> exclude = Set.of();

  @Option(
      names = "--exclude-op-types",
      split = ",",
      paramLabel = "OP",
      description = "Operator types to keep in FP32 (e.g. Gather).")
  Set<String> excludeOps = Set.of();

  @Option(
      names = "--name",
      description = "Model base name (default the dataset id or CSV name): NAME-fp32, NAME-int8.")
  String name;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Mixin RegisterOptions registering = new RegisterOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (samples < 10) {
      throw new MlException("--samples must be >= 10, got " + samples);
    }
    OnnxQuantizer quantizer =
        OnnxQuantizer.builder()
            .perChannel(!perTensor)
            .exclude(exclude)
            .excludeOpTypes(excludeOps)
            .build();
    Path outDir = out != null ? out : RunOutput.defaultDir("text-quantize");
    PrintWriter w = spec.commandLine().getOut();
    if (input.onnx != null) {
      if (!Files.isRegularFile(input.onnx)) {
        throw new MlException("--onnx " + input.onnx + ": no such file");
      }
      OnnxModelCheck.Result r =
          OnnxModelCheck.builder()
              .quantizer(quantizer)
              .threads(threads)
              .samples(samples)
              .seed(seed)
              .build()
              .run(input.onnx, outDir);
      w.printf(
          "%s: quantized %d nodes, %s -> %s MB; output cosine mean %s (min %s); batch-1 p50 %s ->"
              + " %s ms (x%s)%n",
          input.onnx.getFileName(),
          r.report().quantizedNodes().size(),
          Formats.fixed(r.report().bytesBefore() / 1e6, 1),
          Formats.fixed(r.report().bytesAfter() / 1e6, 1),
          Formats.fixed(r.meanCosine(), 4),
          Formats.fixed(r.minCosine(), 4),
          Formats.fixed(r.comparison().fp32().primary().p50MsBatch1(), 2),
          Formats.fixed(r.comparison().int8().primary().p50MsBatch1(), 2),
          Formats.fixed(r.comparison().speedupP50Batch1(), 2));
      r.comparison().warnings().forEach(x -> w.println("warning: " + x));
      w.println("outputs in " + r.outDir());
      w.flush();
      return 0;
    }
    TextSource data =
        input.dataset != null
            ? TextSource.dataset(input.dataset, DatasetCatalog.defaults())
            : TextSource.csv(input.csv, textCol, labelCol, separator);
    MiniLmFineTuneTrainer.Builder trainer = MiniLmFineTuneTrainer.builder().seed(seed);
    if (quick) {
      trainer.quick();
    }
    QuantizationJob.Builder job =
        QuantizationJob.builder()
            .data(data)
            .trainer(trainer.build())
            .seed(seed)
            .quantizer(quantizer)
            .threads(threads)
            .latencySamples(samples)
            .outDir(outDir);
    if (name != null) {
      job.name(name);
    }
    if (registering.register()) {
      job.registry(registering.open()).stage(registering.stage);
    }
    QuantizationResult r = job.build().run();
    print(w, r);
    return 0;
  }

  private static void print(PrintWriter w, QuantizationResult r) {
    ModelComparison c = r.comparison();
    w.printf(
        "%-6s %8s %8s %8s %8s %8s %10s %10s%n",
        "", "accuracy", "macro_f1", "size_MB", "p50_ms", "p99_ms", "tput_b8", "tput_b32");
    for (PrecisionResult p : List.of(c.fp32(), c.int8())) {
      w.printf(
          "%-6s %8s %8s %8s %8s %8s %10s %10s%n",
          p.precision(),
          Formats.fixed(p.accuracy(), 4),
          Formats.fixed(p.macroF1(), 4),
          Formats.fixed(p.sizeBytes() / 1e6, 1),
          Formats.fixed(p.primary().p50MsBatch1(), 2),
          Formats.fixed(p.primary().p99MsBatch1(), 2),
          Formats.fixed(p.primary().throughputBatch8(), 1),
          Formats.fixed(p.primary().throughputBatch32(), 1));
    }
    w.printf(
        "accuracy drop %s points, batch-1 p50 speed-up x%s (%d thread(s)), recommended %s%n",
        Formats.fixed(c.accuracyDrop() * 100, 2),
        Formats.fixed(c.speedupP50Batch1(), 2),
        c.fp32().primaryThreads(),
        c.recommended());
    c.warnings().forEach(x -> w.println("warning: " + x));
    r.int8Version().ifPresent(v -> w.println("registered " + v.name() + " version " + v.version()));
    r.fp32Version().ifPresent(v -> w.println("registered " + v.name() + " version " + v.version()));
    w.println("outputs in " + r.outDir());
    w.flush();
  }
}
