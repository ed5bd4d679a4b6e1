package dev.mle4j.tabular.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.json and report.html of a drift check. */
class DriftReportTest {

  @Test
  void writesMetricsAndHtmlWithCharts(@TempDir Path dir) throws Exception {
    double[] a = new double[80];
    double[] b = new double[80];
    String[] c = new String[80];
    String[] d = new String[80];
    for (int i = 0; i < 80; i++) {
      a[i] = i;
      b[i] = i + 50;
      c[i] = "k" + (i % 3);
      d[i] = "k" + (i % 4);
    }
    DataFrame ref =
        DataFrame.empty(80)
            .with("num", ColumnType.NUMERIC, a)
            .with("cat", ColumnType.CATEGORICAL, c);
    DataFrame cur =
        DataFrame.empty(80)
            .with("num", ColumnType.NUMERIC, b)
            .with("cat", ColumnType.CATEGORICAL, d);
    DriftResult result = new DriftDetector(DriftConfig.defaults()).detect("toy", ref, cur);
    DriftReport.write(result, ref, cur, dir);
    JsonNode json = new ObjectMapper().readTree(dir.resolve(RunOutput.METRICS_FILE).toFile());
    assertThat(json.get("task").asText()).isEqualTo("drift");
    assertThat(json.get("drift_share").asDouble()).isEqualTo(1.0);
    assertThat(json.get("dataset_drift").asBoolean()).isTrue();
    assertThat(json.get("models").get("drift").get("drifted_columns").asDouble()).isEqualTo(2.0);
    JsonNode num = json.get("columns").get("num");
    assertThat(num.get("test").asText()).isEqualTo("ks");
    assertThat(num.get("drift").asBoolean()).isTrue();
    assertThat(num.get("score").asDouble()).isEqualTo(result.feature("num").orElseThrow().score());
    assertThat(num.get("threshold").asDouble()).isEqualTo(0.05);
    assertThat(json.get("columns").get("cat").get("test").asText()).isEqualTo("chisquare");
    String html = Files.readString(dir.resolve(RunOutput.REPORT_FILE));
    assertThat(html)
        .contains("Data drift: toy")
        .contains("DRIFT")
        .contains("data:image/png;base64");
    assertThat(dir.resolve("drift-00.png")).exists();
    assertThat(dir.resolve("drift-01.png")).exists();
  }
}
