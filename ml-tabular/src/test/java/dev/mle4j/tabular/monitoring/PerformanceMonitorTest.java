package dev.mle4j.tabular.monitoring;

import static dev.mle4j.tabular.monitoring.LogFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.core.serving.PredictionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerformanceMonitorTest {
  private static final Duration DAY = Duration.ofDays(1);
  @TempDir Path dir;

  /**
   * Day 0: 4 predictions, labels arrive the same day, 3 right. Day 1: 4 predictions, labels arrive
   * on day 3 (late), all right. Day 2: 2 predictions, never labelled.
   */
  private Path[] binaryCase() throws IOException {
    List<PredictionRecord> rs = new ArrayList<>();
    StringBuilder labels = new StringBuilder("request_id,label,label_timestamp\n");
    String[] pred = {"yes", "yes", "no", "no"};
    double[] conf = {0.9, 0.6, 0.8, 0.7};
    String[] truth = {"yes", "no", "no", "no"};
    for (int i = 0; i < 4; i++) {
      Instant t = T0.plus(Duration.ofHours(i));
      rs.add(LogFixtures.cls(t, "d0-" + i, "v1", Map.of("id", "c" + i), pred[i], conf[i], 1));
      labels
          .append("d0-")
          .append(i)
          .append(',')
          .append(truth[i])
          .append(',')
          .append(t.plus(Duration.ofHours(1)))
          .append('\n');
    }
    for (int i = 0; i < 4; i++) {
      Instant t = T0.plus(DAY).plus(Duration.ofHours(i));
      String label = i % 2 == 0 ? "yes" : "no";
      rs.add(LogFixtures.cls(t, "d1-" + i, "v1", Map.of("id", "k" + i), label, 0.9, 1));
      labels
          .append("d1-")
          .append(i)
          .append(',')
          .append(label)
          .append(',')
          .append("2026-03-04 12:00:00")
          .append('\n');
    }
    for (int i = 0; i < 2; i++) {
      rs.add(
          LogFixtures.cls(
              T0.plus(DAY.multipliedBy(2)), "d2-" + i, "v1", Map.of("id", "z"), "no", 0.5, 1));
    }
    Path log = LogFixtures.write(dir.resolve("log.jsonl"), rs);
    Path csv = Files.writeString(dir.resolve("labels.csv"), labels);
    return new Path[] {log, csv};
  }

  @Test
  void windowsOnlyUseLabelsArrivedByTheirEnd() throws IOException {
    Path[] f = binaryCase();
    PerformanceMonitor.Result r =
        PerformanceMonitor.builder().window(DAY).build().evaluate(f[0], f[1]);
    assertThat(r.regression()).isFalse();
    assertThat(r.windows()).hasSize(3);
    PerformanceMonitor.WindowMetrics d0 = r.windows().get(0);
    assertThat(d0.predictions()).isEqualTo(4);
    assertThat(d0.labelled()).isEqualTo(4);
    assertThat(d0.metrics().get("accuracy")).isEqualTo(0.75);
    // positive "yes": TP=1, FP=1, FN=0 -> F1 = 2/3
    assertThat(d0.metrics().get("f1")).isCloseTo(2.0 / 3, within(1e-12));
    // scores of "yes": 0.9, 0.6, 0.2, 0.3; truth yes,no,no,no -> AUC 1
    assertThat(d0.metrics().get("roc_auc")).isEqualTo(1.0);
    PerformanceMonitor.WindowMetrics d1 = r.windows().get(1);
    assertThat(d1.labelled()).isZero();
    assertThat(d1.metrics().get("accuracy")).isNaN();
    assertThat(r.windows().get(2).coverage()).isZero();
    assertThat(r.overall().get("churn@v1"))
        .containsEntry("labelled", 8.0)
        .containsEntry("predictions", 10.0);
    assertThat(r.overall().get("churn@v1").get("accuracy")).isEqualTo(7.0 / 8);

    PerformanceMonitor.Result late =
        PerformanceMonitor.builder()
            .window(DAY)
            .labelDelay(Duration.ofDays(2))
            .build()
            .evaluate(f[0], f[1]);
    assertThat(late.windows().get(1).labelled()).isEqualTo(4);
    assertThat(late.windows().get(1).metrics().get("accuracy")).isEqualTo(1.0);
  }

  @Test
  void writesCsvChartAndMetrics() throws IOException {
    Path[] f = binaryCase();
    PerformanceMonitor.Result r =
        PerformanceMonitor.builder().window(DAY).build().evaluate(f[0], f[1]);
    Path out = dir.resolve("perf");
    PerformanceMonitor.write(r, out);
    List<String> lines = Files.readAllLines(out.resolve("performance.csv"));
    assertThat(lines.get(0))
        .isEqualTo(
            "model,version,window_start,window_end,predictions,labelled,coverage,accuracy,f1,"
                + "roc_auc");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).contains(",4,4,1.00000,0.750000,");
    assertThat(Files.size(out.resolve("performance.png"))).isPositive();
    assertThat(Files.readString(out.resolve("metrics.json"))).contains("\"churn@v1\"");
  }

  @Test
  void regressionJoinedOnAnInputIdField() throws IOException {
    List<PredictionRecord> rs = new ArrayList<>();
    double[] yPred = {10, 12, 7, 3};
    double[] yTrue = {11, 10, 7, 6};
    StringBuilder labels = new StringBuilder("ride,count\n");
    for (int i = 0; i < 4; i++) {
      rs.add(
          LogFixtures.reg(
              T0.plus(Duration.ofHours(i)), "req" + i, "v1", Map.of("ride", "R" + i), yPred[i], 1));
      labels.append("R").append(i).append(',').append(yTrue[i]).append('\n');
    }
    Path log = LogFixtures.write(dir.resolve("reg.jsonl"), rs);
    Path csv = Files.writeString(dir.resolve("labels.csv"), labels);
    LabelsFile spec =
        LabelsFile.builder().idColumn("ride").labelColumn("count").inputIdField("ride").build();
    PerformanceMonitor.Result r =
        PerformanceMonitor.builder().window(DAY).labels(spec).build().evaluate(log, csv);
    assertThat(r.regression()).isTrue();
    assertThat(r.primaryMetric()).isEqualTo("rmse");
    Map<String, Double> m = r.windows().get(0).metrics();
    // errors -1, 2, 0, -3: RMSE sqrt(14/4), MAE 1.5
    assertThat(m.get("rmse")).isCloseTo(Math.sqrt(3.5), within(1e-12));
    assertThat(m.get("mae")).isEqualTo(1.5);
    PerformanceMonitor.write(r, dir.resolve("out"));
    assertThat(dir.resolve("out/performance.png")).exists();
  }

  @Test
  void badInputs() throws IOException {
    Path[] f = binaryCase();
    PerformanceMonitor mon = PerformanceMonitor.builder().build();
    assertThatThrownBy(() -> mon.evaluate(f[0], dir.resolve("missing.csv")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("labels file")
        .hasMessageContaining("does not exist");
    Path noLabel = Files.writeString(dir.resolve("nolabel.csv"), "request_id,y\na,1\n");
    assertThatThrownBy(() -> mon.evaluate(f[0], noLabel))
        .hasMessageContaining("lacks column 'label'");
    Path badTime =
        Files.writeString(
            dir.resolve("badtime.csv"),
            "request_id,label,label_timestamp\na,yes,2026-01-01T00:00:00Z\nb,no,soon\n");
    assertThatThrownBy(() -> mon.evaluate(f[0], badTime))
        .hasMessageContaining("badtime.csv:3")
        .hasMessageContaining("'soon'");
    Path reg =
        LogFixtures.write(
            dir.resolve("r.jsonl"),
            List.of(LogFixtures.reg(T0, "a", "v1", Map.of("x", 1), 1.0, 1)));
    Path text = Files.writeString(dir.resolve("text.csv"), "request_id,label\na,many\n");
    assertThatThrownBy(() -> mon.evaluate(reg, text)).hasMessageContaining("'many', not a number");
    assertThatThrownBy(() -> PerformanceMonitor.builder().labelDelay(Duration.ofSeconds(-1)))
        .hasMessageContaining("labelDelay");
  }
}
