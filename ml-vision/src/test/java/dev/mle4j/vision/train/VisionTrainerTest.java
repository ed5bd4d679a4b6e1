package dev.mle4j.vision.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.mle4j.core.MlException;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.SyntheticImages;
import dev.mle4j.vision.data.DatasetSplit;
import dev.mle4j.vision.data.ImageDataset;
import dev.mle4j.vision.data.LabeledImage;
import dev.mle4j.vision.model.InputSpec;
import dev.mle4j.vision.model.Network;
import dev.mle4j.vision.model.SimpleCnn;
import dev.mle4j.vision.transform.ImageTransform;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisionTrainerTest {

  private static final InputSpec INPUT = InputSpec.uniform(28, 1, 0.5f, 0.5f);
  private static final ImageTransform IDENTITY = (image, random) -> image;

  @TempDir Path tmp;

  private static DatasetSplit split(int classes, int train, int val, long seed) {
    ImageDataset all = SyntheticImages.dataset("bands", classes, train + val, 28, 1, seed);
    List<LabeledImage> tr = new ArrayList<>();
    List<LabeledImage> va = new ArrayList<>();
    for (LabeledImage image : all.images()) {
      int index = Integer.parseInt(image.id().substring(image.id().lastIndexOf('/') + 1));
      (index < train ? tr : va).add(image);
    }
    return new DatasetSplit(
        all.with("bands-train", tr), all.with("bands-val", va), all.with("bands-val", va));
  }

  @Test
  void scratchCnnLearnsSeparablePatternsAndWritesHistoryAndCheckpoint() {
    DatasetSplit split = split(3, 40, 12, 1);
    TrainingOptions options = TrainingOptions.builder().epochs(4).batchSize(16).seed(7).build();
    TrainingResult r =
        new VisionTrainer(options)
            .train("bands", SimpleCnn.create(INPUT, 3, 0.1f), null, split, IDENTITY, tmp);
    try (ImageClassifier classifier = r.classifier()) {
      assertThat(r.history()).hasSize(4);
      assertThat(r.bestEpoch()).isBetween(1, 4);
      EpochMetrics best = r.history().get(r.bestEpoch() - 1);
      assertThat(best.best()).isTrue();
      assertThat(best.valAccuracy()).isGreaterThanOrEqualTo(0.9);
      assertThat(VisionTrainer.readHistory(tmp)).isEqualTo(r.history());
      assertThat(tmp.resolve(VisionTrainer.CHECKPOINT_FILE)).isRegularFile();
      assertThat(classifier.card().parameters())
          .containsEntry("architecture", "simple-cnn")
          .containsEntry("strategy", "scratch")
          .containsEntry("best_epoch", Integer.toString(r.bestEpoch()));
      assertThat(r.trainableParameters()).isGreaterThan(10_000);
      // the restored best checkpoint reproduces the best epoch's validation accuracy
      int correct = 0;
      for (LabeledImage image : split.validation().images()) {
        if (classifier.classify(image.source().load()).label().equals("c" + image.label())) {
          correct++;
        }
      }
      assertThat((double) correct / split.validation().size())
          .isCloseTo(best.valAccuracy(), within(1e-9));
    }
  }

  @Test
  void savedClassifierLoadsWithIdenticalPredictions() {
    DatasetSplit split = split(3, 10, 4, 2);
    TrainingOptions options = TrainingOptions.builder().epochs(1).batchSize(8).build();
    List<PixelImage> probe = new ArrayList<>();
    for (LabeledImage image : split.validation().images()) {
      probe.add(image.source().load());
    }
    probe.add(SyntheticImages.band(1, 3, 50, 3, new Random(3))); // other size and channels
    try (ImageClassifier trained =
        new VisionTrainer(options)
            .train("bands", SimpleCnn.create(INPUT, 3, 0f), null, split, IDENTITY, tmp)
            .classifier()) {
      Path dir = tmp.resolve("model");
      trained.save(dir);
      float[][] before = trained.probabilities(probe);
      try (ImageClassifier loaded = ImageClassifier.load(dir, trained.card())) {
        float[][] after = loaded.probabilities(probe);
        for (int i = 0; i < before.length; i++) {
          for (int j = 0; j < 3; j++) {
            assertThat(after[i][j]).isCloseTo(before[i][j], within(1e-6f));
          }
        }
        assertThat(loaded.labels()).containsExactly("c0", "c1", "c2");
        assertThat(loaded.parameterBytes()).isEqualTo(trained.parameterBytes());
      }
    }
    assertThatThrownBy(() -> ImageClassifier.load(tmp.resolve("missing"), null))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not an image classifier folder");
  }

  @Test
  void freezeKeepsBackboneWeightsAndBatchNormStatisticsAndTrainsTheHead() {
    DatasetSplit split = split(3, 12, 4, 3);
    Network network = SimpleCnn.create(INPUT, 3, 0f);
    List<float[]> start = new ArrayList<>();
    TrainingOptions options =
        TrainingOptions.builder().strategy(Strategy.FREEZE).epochs(2).batchSize(8).build();
    TrainingResult r =
        new VisionTrainer(options)
            .train(
                "frozen",
                network,
                net -> {
                  // a stand-in for pretrained weights: fixed values, recorded for comparison
                  Random random = new Random(5);
                  for (Pair<String, Parameter> p : net.features().getParameters()) {
                    float[] values = p.getValue().getArray().toFloatArray();
                    for (int i = 0; i < values.length; i++) {
                      values[i] =
                          p.getKey().contains("running")
                              ? 0.5f + random.nextFloat()
                              : (float) random.nextGaussian() * 0.1f;
                    }
                    p.getValue().getArray().set(FloatBuffer.wrap(values));
                    start.add(values);
                  }
                },
                split,
                IDENTITY,
                tmp);
    try (ImageClassifier classifier = r.classifier()) {
      int i = 0;
      for (Pair<String, Parameter> p : network.features().getParameters()) {
        assertThat(p.getValue().getArray().toFloatArray())
            .as(p.getKey())
            .containsExactly(start.get(i++));
        assertThat(p.getValue().requiresGradient()).isFalse();
      }
      assertThat(network.features().frozenStages()).isEqualTo(network.features().stages().size());
      long headWeights = 0;
      for (Pair<String, Parameter> p : network.head().getParameters()) {
        headWeights += p.getValue().getArray().size();
      }
      assertThat(r.trainableParameters()).isEqualTo(headWeights);
    }
  }

  @Test
  void finetuneUnfreezesOnlyTheTopStages() {
    DatasetSplit split = split(3, 8, 3, 4);
    Network network = SimpleCnn.create(INPUT, 3, 0f);
    TrainingOptions options =
        TrainingOptions.builder()
            .strategy(Strategy.FINETUNE)
            .unfreezeStages(1)
            .epochs(1)
            .batchSize(8)
            .build();
    TrainingResult r =
        new VisionTrainer(options).train("ft", network, net -> {}, split, IDENTITY, tmp);
    try (ImageClassifier classifier = r.classifier()) {
      int stages = network.features().stages().size();
      assertThat(network.features().frozenStages()).isEqualTo(stages - 1);
      // trained: the last stage's learnable weights (not its running statistics) and the head
      long expected = 0;
      for (Pair<String, Parameter> p :
          network.features().stages().get(stages - 1).getParameters()) {
        Parameter.Type type = p.getValue().getType();
        if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
          expected += p.getValue().getArray().size();
        }
      }
      for (Pair<String, Parameter> p : network.head().getParameters()) {
        expected += p.getValue().getArray().size();
      }
      assertThat(r.trainableParameters()).isEqualTo(expected);
      // the returned classifier is inference-only: nothing requires gradients any more
      for (Pair<String, Parameter> p : network.block().getParameters()) {
        assertThat(p.getValue().requiresGradient()).as(p.getKey()).isFalse();
      }
    }
  }

  @Test
  void discriminativeScheduleScalesBackboneRatesAndDecays() {
    LearningRateSchedule cosine =
        new LearningRateSchedule(ScheduleKind.COSINE, 0.01f, 1000, Set.of("backbone"), 0.1f);
    cosine.setStep(0);
    assertThat(cosine.getNewValue("head", 0)).isCloseTo(0.01f / 50, within(1e-7f));
    cosine.setStep(50);
    assertThat(cosine.getNewValue("head", 0)).isCloseTo(0.01f, within(1e-6f));
    assertThat(cosine.getNewValue("backbone", 0)).isCloseTo(0.001f, within(1e-7f));
    cosine.setStep(1000);
    assertThat(cosine.getNewValue("head", 0)).isCloseTo(0.0001f, within(1e-7f));

    LearningRateSchedule plateau =
        new LearningRateSchedule(ScheduleKind.PLATEAU, 0.01f, 100, Set.of(), 1f);
    plateau.onValidation(1.0);
    plateau.onValidation(1.0);
    assertThat(plateau.current()).isEqualTo(0.01f);
    plateau.onValidation(1.1);
    assertThat(plateau.current()).isCloseTo(0.005f, within(1e-8f));
    plateau.onValidation(0.5);
    assertThat(plateau.current()).isCloseTo(0.005f, within(1e-8f));
  }

  @Test
  void classWeightedLossIsTheWeightedMeanOfPerExampleLosses() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[][] logits = {{2f, 0f, -1f}, {0f, 1f, 0f}, {0.5f, 0.5f, 3f}};
      int[] labels = {0, 2, 2};
      float[] weights = {1f, 1f, 3f};
      double num = 0;
      double den = 0;
      for (int i = 0; i < 3; i++) {
        double z = 0;
        for (float v : logits[i]) {
          z += Math.exp(v);
        }
        double nll = -(logits[i][labels[i]] - Math.log(z));
        num += weights[labels[i]] * nll;
        den += weights[labels[i]];
      }
      var x = m.create(logits);
      var y = m.create(labels);
      assertThat(VisionTrainer.loss(x, y, weights, 3, m).getFloat())
          .isCloseTo((float) (num / den), within(1e-5f));
      assertThat(VisionTrainer.loss(x, y, null, 3, m).getFloat()).isPositive();
    }
  }

  @Test
  void rejectsInconsistentRequests() {
    DatasetSplit split = split(3, 4, 2, 5);
    VisionTrainer trainer = new VisionTrainer(TrainingOptions.builder().epochs(1).build());
    assertThatThrownBy(
            () -> trainer.train("x", SimpleCnn.create(INPUT, 4, 0f), null, split, IDENTITY, tmp))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("3 classes but the network has 4 outputs");
    VisionTrainer freeze =
        new VisionTrainer(TrainingOptions.builder().strategy(Strategy.FREEZE).build());
    assertThatThrownBy(
            () -> freeze.train("x", SimpleCnn.create(INPUT, 3, 0f), null, split, IDENTITY, tmp))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("needs a pretrained backbone");
    ImageTransform wrongSize = (image, random) -> SyntheticImages.band(0, 3, 20, 1, random);
    assertThatThrownBy(
            () -> trainer.train("x", SimpleCnn.create(INPUT, 3, 0f), null, split, wrongSize, tmp))
        .hasMessageContaining("20x20");
  }

  @Test
  void optionsReadFromConfigMapsAndRejectBadValues() {
    TrainingOptions base = TrainingOptions.builder().build();
    TrainingOptions o =
        TrainingOptions.fromMap(
            base,
            Map.of(
                "epochs",
                3,
                "optimizer",
                "sgd",
                "schedule",
                "plateau",
                "class_balance",
                "balanced-sampler",
                "learning_rate",
                "0.05"));
    assertThat(o.epochs()).isEqualTo(3);
    assertThat(o.optimizer()).isEqualTo(OptimizerKind.SGD);
    assertThat(o.schedule()).isEqualTo(ScheduleKind.PLATEAU);
    assertThat(o.classBalance()).isEqualTo(ClassBalance.BALANCED_SAMPLER);
    assertThat(o.learningRate()).isEqualTo(0.05f);
    assertThat(TrainingOptions.fromMap(base, o.toMap())).isEqualTo(o);
    assertThatThrownBy(() -> TrainingOptions.fromMap(base, Map.of("epoch", 3)))
        .hasMessageContaining("unknown training option 'epoch'");
    assertThatThrownBy(() -> TrainingOptions.fromMap(base, Map.of("optimizer", "lbfgs")))
        .hasMessageContaining("must be one of adam, sgd");
    assertThatThrownBy(() -> TrainingOptions.fromMap(base, Map.of("epochs", "ten")))
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> TrainingOptions.builder().epochs(0).build())
        .hasMessageContaining("epochs must be >= 1");
  }

  @Test
  void balancedSamplerAndWeightedLossTrainOnImbalancedData() throws Exception {
    ImageDataset all = SyntheticImages.dataset("imb", 2, 30, 28, 1, 6);
    List<LabeledImage> train = new ArrayList<>();
    List<LabeledImage> val = new ArrayList<>();
    for (LabeledImage image : all.images()) {
      int index = Integer.parseInt(image.id().substring(image.id().lastIndexOf('/') + 1));
      if (index >= 24) {
        val.add(image);
      } else if (image.label() == 0 || index < 4) {
        train.add(image); // 24 of class 0, 4 of class 1
      }
    }
    DatasetSplit split =
        new DatasetSplit(
            all.with("imb-train", train), all.with("imb-val", val), all.with("v", val));
    for (ClassBalance mode : List.of(ClassBalance.WEIGHTED_LOSS, ClassBalance.BALANCED_SAMPLER)) {
      Path dir = Files.createDirectories(tmp.resolve(mode.name()));
      TrainingOptions options =
          TrainingOptions.builder().classBalance(mode).epochs(4).batchSize(8).build();
      TrainingResult r =
          new VisionTrainer(options)
              .train("imb", SimpleCnn.create(INPUT, 2, 0f), null, split, IDENTITY, dir);
      try (ImageClassifier c = r.classifier()) {
        assertThat(r.history().get(r.bestEpoch() - 1).valMacroF1())
            .as(mode.name())
            .isGreaterThan(0.8);
        assertThat(c.card().parameters())
            .containsEntry("class_balance", mode.name().toLowerCase().replace('_', '-'));
      }
    }
  }
}
