package dev.mle4j.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadReportTest {

  private static LevelResult result(String target, int c, double throughput, double p50) {
    return new LevelResult(
        target,
        c,
        100,
        4,
        Map.of("timeout", 1L, "http_503", 3L),
        2.0,
        throughput,
        p50,
        p50 * 2,
        p50 * 3,
        p50 * 4,
        p50 * 1.5);
  }

  @Test
  void csvQuotesNamesAndListsErrorKinds(@TempDir Path dir) throws IOException {
    LoadReport report = new LoadReport(List.of(result("a,\"b\"", 1, 48.0, 1.25)));
    List<String> lines = Files.readAllLines(report.writeCsv(dir.resolve("x/r.csv")));
    assertThat(lines)
        .containsExactly(
            "target,concurrency,requests,errors,errors_by_kind,duration_s,throughput_per_s,"
                + "p50_ms,p95_ms,p99_ms,max_ms,mean_ms",
            "\"a,\"\"b\"\"\",1,100,4,http_503=3;timeout=1,2.000,48.000,1.250,2.500,3.750,5.000,"
                + "1.875");
  }

  @Test
  void jsonHasMetricsPerTargetAndLevel(@TempDir Path dir) throws IOException {
    LoadReport report =
        new LoadReport(List.of(result("u", 1, 10.0, 2.0), result("u", 8, 70.0, 3.0)));
    JsonNode json = new ObjectMapper().readTree(report.writeJson(dir.resolve("m.json")).toFile());
    assertThat(json.get("task").asText()).isEqualTo("loadtest");
    JsonNode m = json.at("/models/u@c8");
    assertThat(m.get("throughput_per_s").asDouble()).isEqualTo(70.0);
    assertThat(m.get("p50_ms").asDouble()).isEqualTo(3.0);
    assertThat(m.get("p95_ms").asDouble()).isEqualTo(6.0);
    assertThat(m.get("p99_ms").asDouble()).isEqualTo(9.0);
    assertThat(m.get("errors").asLong()).isEqualTo(4);
    assertThat(m.get("requests").asLong()).isEqualTo(100);
  }

  @Test
  void markdownEscapesPipesAndChartsAreImages(@TempDir Path dir) throws IOException {
    LoadReport report =
        new LoadReport(
            List.of(
                result("x|y", 1, 10.0, 2.0),
                result("x|y", 100, 90.0, 9.0),
                result("x_y", 1, 12.0, 1.0),
                result("x_y", 100, 99.0, 8.0)));
    String md = report.toMarkdownTable();
    assertThat(md).contains("| x\\|y | 100 | 100 | 4 | 90.0 | 9.00 | 18.00 | 27.00 | 36.00 |");
    List<Path> charts = report.writeCharts(dir);
    // both names sanitise to the same file name: the second gets a suffix
    assertThat(charts)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("throughput.png", "latency-x_y.png", "latency-x_y-2.png");
    for (Path p : charts) {
      assertThat(ImageIO.read(p.toFile())).isNotNull();
    }
  }

  @Test
  void inconsistentResultsAreRejected() {
    assertThatThrownBy(() -> new LoadReport(List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> new LoadReport(List.of(result("a", 1, 1, 1), result("a", 1, 2, 2))))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("duplicate result for a@c1");
    assertThatThrownBy(
            () -> new LevelResult("a", 1, 10, 2, Map.of("timeout", 1L), 1, 8, 1, 1, 1, 1, 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("errorsByKind adds up to 1 but errors=2");
    assertThatThrownBy(() -> new LevelResult("a", 0, 10, 0, Map.of(), 1, 8, 1, 1, 1, 1, 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("concurrency must be >= 1");
  }
}
