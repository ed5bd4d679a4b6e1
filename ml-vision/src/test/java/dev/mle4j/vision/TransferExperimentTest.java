package dev.mle4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.vision.data.DatasetSplit;
import dev.mle4j.vision.model.InputSpec;
import dev.mle4j.vision.transform.InputKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferExperimentTest {

  @TempDir Path tmp;

  @Test
  void runsScratchFreezeAndFinetuneOnTheTargetClasses() {
    DatasetSplit data =
        new DatasetSplit(
            SyntheticImages.dataset("bands-train", 4, 40, 28, 1, 1),
            SyntheticImages.dataset("bands-validation", 4, 8, 28, 1, 2),
            SyntheticImages.dataset("bands-test", 4, 10, 28, 1, 3));
    TransferExperiment.Settings settings =
        new TransferExperiment.Settings(List.of(0, 1), List.of(2, 3), 4, 4, 2, 3, 42);
    MetricsFile metrics =
        new TransferExperiment(settings)
            .run(data, InputKind.SMALL_GRAYSCALE, InputSpec.uniform(28, 1, 0.5f, 0.5f), tmp);
    assertThat(metrics.models())
        .containsOnlyKeys("scratch", "transfer-freeze", "transfer-finetune");
    assertThat(metrics.extra()).containsEntry("target_classes", List.of("c2", "c3"));
    assertThat(metrics.extra()).containsEntry("target_test_images", 20);
    for (var m : metrics.models().values()) {
      assertThat(m.get("accuracy")).isBetween(0.0, 1.0);
    }
    // frozen transfer trains only the dense head
    assertThat(metrics.models().get("transfer-freeze").get("trainable_parameters"))
        .isLessThan(metrics.models().get("scratch").get("trainable_parameters"));
    assertThat(tmp.resolve("report.html")).isRegularFile();
    assertThat(tmp.resolve("metrics.json")).isRegularFile();
    assertThat(tmp.resolve("transfer-freeze_confusion_matrix.png")).isRegularFile();
  }

  @Test
  void rejectsOverlappingOrTinySettings() {
    assertThatThrownBy(
            () -> new TransferExperiment.Settings(List.of(0, 1), List.of(1, 2), 5, 5, 1, 1, 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("both a source and a target");
    assertThatThrownBy(
            () -> new TransferExperiment.Settings(List.of(0, 1), List.of(2, 3), 0, 5, 1, 1, 1))
        .hasMessageContaining("positive");
  }
}
