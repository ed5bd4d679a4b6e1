package dev.mle4j.vision;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.mle4j.core.MlException;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.vision.data.DatasetSplit;
import dev.mle4j.vision.data.ImageDataset;
import dev.mle4j.vision.data.StratifiedSplitter;
import dev.mle4j.vision.eval.Evaluation;
import dev.mle4j.vision.eval.EvaluationResult;
import dev.mle4j.vision.eval.VisionReport;
import dev.mle4j.vision.model.InputSpec;
import dev.mle4j.vision.model.Network;
import dev.mle4j.vision.model.SimpleCnn;
import dev.mle4j.vision.train.Strategy;
import dev.mle4j.vision.train.TrainingOptions;
import dev.mle4j.vision.train.TrainingResult;
import dev.mle4j.vision.train.VisionTrainer;
import dev.mle4j.vision.transform.Augmentations;
import dev.mle4j.vision.transform.ImageTransform;
import dev.mle4j.vision.transform.InputKind;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic transfer-learning split experiment on data we fully control: pretrain the scratch CNN
 * on some classes (e.g. Fashion-MNIST 0-4: tops, trousers, pullovers, dresses, coats), then learn
 * the other classes (5-9: sandals, shirts, sneakers, bags, boots) from only a few labelled images
 * per class, three ways: from scratch, with the pretrained features frozen (new head only), and
 * with the pretrained features fine-tuned at a lower learning rate. Test accuracy on every test
 * image of the target classes shows what the transferred features are worth.
 */
public final class TransferExperiment {

  private static final Logger LOG = LoggerFactory.getLogger(TransferExperiment.class);

  /**
   * The experiment's settings.
   *
   * @param sourceClasses classes to pretrain on
   * @param targetClasses classes to transfer to
   * @param shots labelled training images per target class
   * @param validationPerClass target validation images per class (early stopping)
   * @param pretrainEpochs epochs of pretraining
   * @param targetEpochs maximum epochs on the target classes
   * @param seed seed of sampling and training
   */
  public record Settings(
      List<Integer> sourceClasses,
      List<Integer> targetClasses,
      int shots,
      int validationPerClass,
      int pretrainEpochs,
      int targetEpochs,
      long seed) {

    /** Checks the settings. */
    public Settings {
      sourceClasses = List.copyOf(sourceClasses);
      targetClasses = List.copyOf(targetClasses);
      if (sourceClasses.size() < 2 || targetClasses.size() < 2) {
        throw new MlException("source and target need at least 2 classes each");
      }
      for (Integer c : targetClasses) {
        if (sourceClasses.contains(c)) {
          throw new MlException("class " + c + " is both a source and a target class");
        }
      }
      if (shots < 1 || validationPerClass < 1 || pretrainEpochs < 1 || targetEpochs < 1) {
        throw new MlException("shots, validation size and epochs must be positive");
      }
    }

    /**
     * Fashion-MNIST classes 0-4 to 5-9, 20 shots, 3 pretraining and 30 target epochs.
     *
     * @return the defaults
     */
    public static Settings defaults() {
      return new Settings(List.of(0, 1, 2, 3, 4), List.of(5, 6, 7, 8, 9), 20, 50, 3, 30, 42);
    }
  }

  private final Settings settings;

  /**
   * Creates the experiment.
   *
   * @param settings the settings
   */
  public TransferExperiment(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Runs the experiment and writes {@code metrics.json} (models {@code scratch}, {@code
   * transfer-freeze}, {@code transfer-finetune}), {@code model-card.json}, charts and {@code
   * report.html}.
   *
   * @param data train / validation / test of the full data set (all classes)
   * @param kind the kind of images (decides augmentation)
   * @param input the CNN input
   * @param outDir the run folder
   * @return the metrics written
   */
  public MetricsFile run(DatasetSplit data, InputKind kind, InputSpec input, Path outDir) {
    RunOutput out = RunOutput.create(outDir);
    long seed = settings.seed();
    DatasetSplit source =
        new DatasetSplit(
            StratifiedSplitter.subsetClasses(data.train(), settings.sourceClasses()),
            StratifiedSplitter.subsetClasses(data.validation(), settings.sourceClasses()),
            StratifiedSplitter.subsetClasses(data.test(), settings.sourceClasses()));
    ImageDataset targetTrainAll =
        StratifiedSplitter.subsetClasses(data.train(), settings.targetClasses());
    DatasetSplit target =
        new DatasetSplit(
            StratifiedSplitter.fewPerClass(targetTrainAll, settings.shots(), seed),
            StratifiedSplitter.fewPerClass(
                StratifiedSplitter.subsetClasses(data.validation(), settings.targetClasses()),
                settings.validationPerClass(),
                seed),
            StratifiedSplitter.subsetClasses(data.test(), settings.targetClasses()));
    LOG.info(
        "transfer experiment: pretrain on {} ({} images), transfer to {} with {} labelled images"
            + " per class, test on {} images",
        source.train().classes(),
        source.train().size(),
        target.train().classes(),
        settings.shots(),
        target.test().size());
    ImageTransform augmentation = Augmentations.training(kind, input.size());
    TrainingOptions pretrainOptions =
        TrainingOptions.builder()
            .epochs(settings.pretrainEpochs())
            .batchSize(128)
            .seed(seed)
            .build();
    List<float[]> features;
    double pretrainAccuracy;
    Network sourceNet = SimpleCnn.create(input, source.train().classes().size(), 0.2f);
    TrainingResult pre =
        new VisionTrainer(pretrainOptions)
            .train(
                "source", sourceNet, null, source, augmentation, out.dir().resolve("runs/source"));
    try (ImageClassifier classifier = pre.classifier()) {
      features = copyFeatures(sourceNet);
      pretrainAccuracy = Evaluation.evaluate(classifier, source.test()).report().accuracy();
    }
    LOG.info(
        "pretrained on the source classes: test accuracy {}",
        String.format("%.4f", pretrainAccuracy));
    int batch = Math.min(32, target.train().size());
    TrainingOptions targetBase =
        TrainingOptions.builder()
            .epochs(settings.targetEpochs())
            .batchSize(batch)
            .patience(8)
            .seed(seed)
            .build();
    Map<String, TrainingOptions> variants = new LinkedHashMap<>();
    variants.put("scratch", targetBase);
    variants.put(
        "transfer-freeze",
        targetBase.toBuilder().strategy(Strategy.FREEZE).learningRate(3e-3f).build());
    variants.put(
        "transfer-finetune",
        targetBase.toBuilder()
            .strategy(Strategy.FINETUNE)
            .unfreezeStages(0)
            .backboneLearningRateFactor(0.1f)
            .build());
    Map<String, Map<String, Double>> models = new LinkedHashMap<>();
    List<VisionReport.ModelSection> sections = new ArrayList<>();
    dev.mle4j.core.ModelCard bestCard = null;
    double bestAcc = -1;
    for (var e : variants.entrySet()) {
      Network net = SimpleCnn.create(input, target.train().classes().size(), 0.2f);
      Consumer<Network> init =
          e.getValue().strategy() == Strategy.SCRATCH ? null : n -> pasteFeatures(n, features);
      TrainingResult r =
          new VisionTrainer(e.getValue())
              .train(
                  "transfer-" + e.getKey(),
                  net,
                  init,
                  target,
                  augmentation,
                  out.dir().resolve("runs").resolve(e.getKey()));
      try (ImageClassifier classifier = r.classifier()) {
        EvaluationResult eval = Evaluation.evaluate(classifier, target.test());
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", eval.report().accuracy());
        m.put("macro_f1", eval.report().macroF1());
        m.put("train_seconds", r.trainSeconds());
        m.put("epochs_run", (double) r.history().size());
        m.put("trainable_parameters", (double) r.trainableParameters());
        models.put(e.getKey(), m);
        LOG.info(
            "{}: test accuracy {} macro-F1 {}",
            e.getKey(),
            String.format("%.4f", m.get("accuracy")),
            String.format("%.4f", m.get("macro_f1")));
        if (m.get("accuracy") > bestAcc) {
          bestAcc = m.get("accuracy");
          bestCard = classifier.card();
        }
        sections.add(
            VisionReport.ModelSection.of(e.getKey(), eval)
                .withHistory(r.history())
                .withDetails(e.getValue().toMap())
                .withFigures(
                    VisionReport.modelFigures(
                        out.dir(), e.getKey() + "_", classifier, eval, r.history())));
      }
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("source_classes", source.train().classes());
    extra.put("target_classes", target.train().classes());
    extra.put("shots_per_class", settings.shots());
    extra.put("source_train_images", source.train().size());
    extra.put("source_test_accuracy", pretrainAccuracy);
    extra.put("target_test_images", target.test().size());
    MetricsFile metrics =
        new MetricsFile(
            VisionTrainingJob.baseName(data.train().name()) + "-transfer",
            ImageClassifier.TASK,
            models,
            extra);
    out.writeMetrics(metrics);
    out.writeModelCard(bestCard);
    Map<String, Integer> splits = new LinkedHashMap<>();
    splits.put("source train", source.train().size());
    splits.put("target train (few labels)", target.train().size());
    splits.put("target validation", target.validation().size());
    splits.put("target test", target.test().size());
    VisionReport.write(
        out.dir(),
        "Transfer experiment: " + source.train().classes() + " to " + target.train().classes(),
        new VisionReport.DatasetSummary(
            VisionTrainingJob.baseName(data.train().name()),
            target.train().classes(),
            splits,
            List.of()),
        sections);
    return metrics;
  }

  private static List<float[]> copyFeatures(Network network) {
    List<float[]> values = new ArrayList<>();
    for (Pair<String, Parameter> p : network.features().getParameters()) {
      values.add(p.getValue().getArray().toFloatArray());
    }
    return values;
  }

  private static void pasteFeatures(Network network, List<float[]> values) {
    var params = network.features().getParameters();
    if (params.size() != values.size()) {
      throw new MlException("pretrained and target feature extractors differ");
    }
    for (int i = 0; i < values.size(); i++) {
      params.get(i).getValue().getArray().set(FloatBuffer.wrap(values.get(i)));
    }
  }
}
