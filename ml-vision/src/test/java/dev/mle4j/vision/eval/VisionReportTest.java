package dev.mle4j.vision.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.data.ImageDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisionReportTest {

  @TempDir Path dir;

  private static ImageClassifier classifier;

  @BeforeAll
  static void model() {
    classifier = TestModels.randomCnn(17);
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  @Test
  void writesSelfContainedReportWithFiguresAndTables() throws IOException {
    ImageDataset test = TestModels.bars(4, 9);
    EvaluationResult eval = Evaluation.evaluate(classifier, test, 5);
    List<PixelImage> images = test.images().stream().map(i -> i.source().load()).toList();
    Latency latency = Latency.measure(classifier, images, 2, 1, 5);
    List<VisionReport.Figure> figures =
        VisionReport.modelFigures(dir, "cnn_", classifier, eval, VisionChartsTest.history());
    assertThat(figures)
        .extracting(f -> f.png().getFileName().toString())
        .contains(
            "cnn_loss_curve.png",
            "cnn_accuracy_curve.png",
            "cnn_confusion_matrix.png",
            "cnn_misclassified.png",
            "cnn_gradcam.png");
    for (VisionReport.Figure f : figures) {
      VisionChartsTest.read(f.png());
    }
    List<Path> dataFigures = VisionCharts.classDistribution(dir, test);
    Map<String, Integer> splits = new LinkedHashMap<>();
    splits.put("train", 100);
    splits.put("test", test.size());
    VisionReport.DatasetSummary data =
        new VisionReport.DatasetSummary(
            "bars",
            test.classes(),
            splits,
            List.of(new VisionReport.Figure(dataFigures.get(0), "Images per class")));
    VisionReport.ModelSection section =
        VisionReport.ModelSection.of("simple-cnn", eval)
            .withLatency(latency)
            .withHistory(VisionChartsTest.history())
            .withDetails(Map.of("architecture", "simple-cnn"))
            .withFigures(figures);

    Path file = VisionReport.write(dir, "Bars run", data, List.of(section));

    assertThat(file).isEqualTo(dir.resolve("report.html"));
    String html = Files.readString(file);
    assertThat(html)
        .contains("<title>Bars run</title>")
        .contains("class_distribution.png")
        .contains("cnn_confusion_matrix.png")
        .contains("cnn_misclassified.png")
        .contains("cnn_gradcam.png")
        .contains("cnn_loss_curve.png")
        .contains("Model: simple-cnn")
        .contains("<td>middle</td>")
        .contains("val macro F1")
        .contains("1 *");
    assertThat(html.split("data:image/png;base64,", -1)).hasSize(figures.size() + 2);

    Map<String, Double> metrics = section.metrics();
    assertThat(metrics.get("accuracy")).isEqualTo(eval.report().accuracy());
    assertThat(metrics).containsKeys("macro_f1", "p50_ms", "p99_ms", "throughput_per_s");
    assertThat(latency.p50Ms()).isLessThanOrEqualTo(latency.p99Ms());
    assertThat(latency.throughputPerSecond()).isPositive();
    assertThat(latency.runs()).isEqualTo(5);
  }

  @Test
  void rejectsReportsWithoutModelsAndBadLatencySettings() {
    VisionReport.DatasetSummary data =
        new VisionReport.DatasetSummary("x", List.of("a", "b"), Map.of(), List.of());
    assertThatThrownBy(() -> VisionReport.write(dir, "t", data, List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least one model");
    assertThatThrownBy(() -> Latency.measure(classifier, List.of(), 1, 0, 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least one image");
    PixelImage image = TestModels.bar(0, new java.util.Random(0));
    assertThatThrownBy(() -> Latency.measure(classifier, List.of(image), 1, 0, 0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("runs >= 1");
  }

  @Test
  void percentileUsesNearestRank() {
    double[] sorted = new double[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }
    assertThat(Latency.percentile(sorted, 0.5)).isEqualTo(50);
    assertThat(Latency.percentile(sorted, 0.99)).isEqualTo(99);
    assertThat(Latency.percentile(new double[] {7}, 0.99)).isEqualTo(7);
  }
}
