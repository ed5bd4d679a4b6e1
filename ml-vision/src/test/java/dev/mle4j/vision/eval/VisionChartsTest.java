package dev.mle4j.vision.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisionChartsTest {

  @TempDir Path dir;

  private static ImageClassifier classifier;

  @BeforeAll
  static void model() {
    classifier = TestModels.randomCnn(13);
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  static List<EpochMetrics> history() {
    return List.of(
        new EpochMetrics(1, 1.2, 0.55, 1.0, 0.6, 0.58, 1e-3, 3.0, true),
        new EpochMetrics(2, 0.8, 0.70, 0.9, 0.66, 0.65, 5e-4, 3.1, true),
        new EpochMetrics(3, 0.6, 0.78, 0.95, 0.64, 0.63, 1e-4, 2.9, false));
  }

  static BufferedImage read(Path png) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("decodable PNG %s", png).isNotNull();
    return image;
  }

  private static Prediction prediction(String id, int truth, int predicted, PixelImage image) {
    float[] p = new float[3];
    p[predicted] = 0.87f;
    p[(predicted + 1) % 3] = 0.13f;
    return new Prediction(
        id,
        truth,
        predicted,
        TestModels.LABELS.get(truth),
        TestModels.LABELS.get(predicted),
        0.87,
        p,
        () -> image);
  }

  @Test
  void trainingCurvesWriteLossAndAccuracyCharts() throws IOException {
    List<Path> files = VisionCharts.trainingCurves(dir.resolve("run"), history());
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("loss_curve.png", "accuracy_curve.png");
    for (Path f : files) {
      assertThat(read(f).getWidth()).isEqualTo(800);
    }
    assertThat(VisionCharts.trainingCurves(dir, "cnn_", history()).get(0))
        .isEqualTo(dir.resolve("cnn_loss_curve.png"));
    assertThatThrownBy(() -> VisionCharts.trainingCurves(dir, List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("empty history");
  }

  @Test
  void confusionMatrixIsWritten() throws IOException {
    EvaluationResult result = Evaluation.evaluate(classifier, TestModels.bars(2, 1));
    Path png = dir.resolve("charts/confusion_matrix.png");
    VisionCharts.confusionMatrix(png, "Confusion", result.report());
    assertThat(read(png).getWidth()).isEqualTo(600);
  }

  @Test
  void galleryUpscalesSmallImagesAndCaptionsThem() throws IOException {
    byte[] white = new byte[28 * 28];
    Arrays.fill(white, (byte) 255);
    PixelImage image = new PixelImage(28, 28, 1, white);
    List<Prediction> wrong = List.of(prediction("a", 0, 1, image), prediction("b", 2, 0, image));
    Path png = dir.resolve("misclassified.png");
    VisionCharts.misclassifiedGallery(png, wrong, 24);
    BufferedImage out = read(png);
    assertThat(out.getWidth()).isGreaterThanOrEqualTo(2 * 96);
    // the first image is drawn white and at least 96 pixels wide in its row
    int y = 8 + 64;
    int whiteRun = 0;
    int longest = 0;
    int darkInCaption = 0;
    for (int x = 0; x < out.getWidth() / 2; x++) {
      boolean isWhite = (out.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF;
      whiteRun = isWhite ? whiteRun + 1 : 0;
      longest = Math.max(longest, whiteRun);
      for (int cy = 8 + 128; cy < out.getHeight(); cy++) {
        if ((out.getRGB(x, cy) & 0xFF) < 128) {
          darkInCaption++;
        }
      }
    }
    assertThat(longest).isGreaterThanOrEqualTo(96);
    assertThat(darkInCaption).as("caption text pixels").isGreaterThan(20);
    assertThat(wrong.get(0).caption()).isEqualTo("true: left / pred: middle (0.87)");

    Path limited = dir.resolve("one.png");
    VisionCharts.misclassifiedGallery(limited, wrong, 1);
    assertThat(read(limited).getWidth()).isLessThan(out.getWidth());

    Path none = dir.resolve("none.png");
    VisionCharts.misclassifiedGallery(none, List.of(), 24);
    assertThat(read(none).getWidth()).isPositive();
  }

  @Test
  void gradCamGridDrawsImageAndOverlayPairs() throws IOException {
    EvaluationResult result = Evaluation.evaluate(classifier, TestModels.bars(2, 2));
    Path png = dir.resolve("gradcam.png");
    VisionCharts.gradCamGrid(png, classifier, result.sample(4), 4);
    BufferedImage out = read(png);
    assertThat(out.getWidth()).isEqualTo(3 * (2 * 128 + 3 * 8));
    assertThat(out.getHeight()).isEqualTo(2 * (128 + 40 + 8) + 8);
    assertThatThrownBy(() -> VisionCharts.gradCamGrid(png, classifier, List.of(), 4))
        .isInstanceOf(MlException.class);
  }

  @Test
  void classDistributionUsesTheDatasetProfile() throws IOException {
    List<Path> files = VisionCharts.classDistribution(dir, TestModels.bars(3, 3));
    for (Path f : files) {
      assertThat(read(f).getWidth()).isPositive();
    }
  }
}
