package dev.mle4j.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
  @TempDir Path tmp;

  private static BufferedImage image(Path png) throws IOException {
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img).as("%s is a readable image", png).isNotNull();
    return img;
  }

  /** Counts distinct colours, to show the chart is not a blank canvas. */
  private static int colours(BufferedImage img) {
    return (int)
        java.util.stream.IntStream.range(0, img.getWidth() * img.getHeight())
            .map(i -> img.getRGB(i % img.getWidth(), i / img.getWidth()))
            .distinct()
            .count();
  }

  @Test
  void confusionMatrixIsASquarePng() throws IOException {
    Path png = tmp.resolve("confusion.png");
    Charts.confusionMatrix(
        png,
        "Confusion <test>",
        List.of("cat", "dog", "bird"),
        new long[][] {{50, 2, 0}, {3, 40, 7}, {0, 1, 60}});
    BufferedImage img = image(png);
    assertThat(img.getWidth()).isEqualTo(Charts.confusionMatrixSide(3)).isEqualTo(600);
    assertThat(img.getHeight()).isEqualTo(600);
    assertThat(colours(img)).isGreaterThan(10);
    assertThat(Charts.confusionMatrixSide(20)).isEqualTo(1200);
    assertThat(Charts.confusionMatrixSide(100)).isEqualTo(1600);
  }

  @Test
  void confusionMatrixOfZerosStillRenders() throws IOException {
    Path png = tmp.resolve("zeros.png");
    Charts.confusionMatrix(png, "empty", List.of("a", "b"), new long[2][2]);
    assertThat(image(png).getWidth()).isEqualTo(600);
  }

  @Test
  void linesBarsAndHistogramHaveTheStandardSize() throws IOException {
    int n = 200;
    double[] fpr = new double[n];
    double[] tpr = new double[n];
    for (int i = 0; i < n; i++) {
      fpr[i] = i / (n - 1.0);
      tpr[i] = Math.sqrt(fpr[i]);
    }
    Map<String, double[][]> roc = new LinkedHashMap<>();
    roc.put("model (AUC 0.67)", new double[][] {fpr, tpr});
    roc.put("chance", new double[][] {{0, 1}, {0, 1}});
    Path lines = tmp.resolve("roc.png");
    Charts.lines(lines, "ROC", "False positive rate", "True positive rate", roc);

    Path bars = tmp.resolve("bars.png");
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("precision", new double[] {0.9, 0.8, 0.7});
    series.put("recall", new double[] {0.85, 0.75, 0.95});
    Charts.bars(bars, "Per class", List.of("a", "b", "c"), series);

    Random random = new Random(42);
    double[] values = new double[1000];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextGaussian() * 3 + 10;
    }
    Path hist = tmp.resolve("hist.png");
    Charts.histogram(hist, "Latency", "ms", values, 30);
    Path single = tmp.resolve("single.png");
    Charts.histogram(single, "One value", "x", new double[] {5, 5, 5}, 10);

    for (Path png : List.of(lines, bars, hist, single)) {
      BufferedImage img = image(png);
      assertThat(img.getWidth()).as(png.toString()).isEqualTo(Charts.WIDTH);
      assertThat(img.getHeight()).as(png.toString()).isEqualTo(Charts.HEIGHT);
      assertThat(colours(img)).as(png.toString()).isGreaterThan(10);
    }
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("roc.png", "bars.png", "hist.png", "single.png");
    }
  }

  @Test
  void badInputIsRejectedWithTheSeriesNamed() {
    Path png = tmp.resolve("x.png");
    assertThatThrownBy(
            () ->
                Charts.lines(
                    png, "t", "x", "y", Map.of("roc", new double[][] {{0, 1}, {0, Double.NaN}})))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'roc'")
        .hasMessageContaining("NaN")
        .hasMessageContaining("index 1");
    assertThatThrownBy(
            () -> Charts.lines(png, "t", "x", "y", Map.of("s", new double[][] {{0, 1}, {0}})))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("same non-zero length");
    assertThatThrownBy(() -> Charts.lines(png, "t", "x", "y", Map.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no series");
    assertThatThrownBy(
            () -> Charts.bars(png, "t", List.of("a", "b"), Map.of("f1", new double[] {1})))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'f1'")
        .hasMessageContaining("one value per category (2)");
    assertThatThrownBy(
            () -> Charts.confusionMatrix(png, "cm", List.of("a", "b"), new long[][] {{1, 2}}))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("1 rows for 2 labels");
    assertThatThrownBy(
            () ->
                Charts.confusionMatrix(
                    png, "cm", List.of("a", "b"), new long[][] {{1, 2}, {3, -1}}))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("negative count -1 at [1][1]");
    assertThatThrownBy(() -> Charts.histogram(png, "h", "x", new double[] {1}, 0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("bins");
    assertThatThrownBy(() -> Charts.histogram(png, "h", "x", new double[0], 5))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no values");
    assertThat(png).doesNotExist();
  }
}
