package dev.mle4j.vision.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Error paths of {@link TorchScriptBackbone} (a real TorchScript file needs Python to make; see
 * tools/efficientnet_lite0_torchscript.py).
 */
class TorchScriptBackboneTest {

  @TempDir Path dir;

  @Test
  void missingFileIsReported() {
    assertThatThrownBy(
            () ->
                TorchScriptBackbone.load(
                    dir.resolve("absent.pt"), "ts", EfficientNetLite0.inputSpec(224)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining("absent.pt");
  }

  @Test
  void nonTorchScriptFileIsReported() throws Exception {
    Path file = dir.resolve("garbage.pt");
    Files.writeString(file, "not a model");
    assertThatThrownBy(() -> TorchScriptBackbone.load(file, "ts", EfficientNetLite0.inputSpec(224)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("garbage.pt");
  }

  @Test
  void unreachableUrlFailsClearly() {
    assertThatThrownBy(
            () ->
                TorchScriptBackbone.loadUrl(
                    "https://models.invalid/lite0.zip", "ts", EfficientNetLite0.inputSpec(224)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("models.invalid");
  }
}
