package dev.mle4j.tabular.monitoring;

import static dev.mle4j.tabular.monitoring.LogFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.CsvReader;
import dev.mle4j.core.data.CsvTable;
import dev.mle4j.core.serving.PredictionRecord;
import dev.mle4j.tabular.SharedData;
import dev.mle4j.tabular.drift.ColumnDrift;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionLogAnalysisTest {
  @TempDir Path dir;

  private Path classificationLog() {
    List<PredictionRecord> rs = new ArrayList<>();
    // v1: 10 predictions in hour 0 (latency 1..10 ms), 4 in hour 2; v2: 2 in hour 0
    for (int i = 0; i < 10; i++) {
      rs.add(
          LogFixtures.cls(
              T0.plusSeconds(60L * i),
              "r" + i,
              "v1",
              Map.of("x", i),
              i < 7 ? "no" : "yes",
              0.8,
              i + 1));
    }
    for (int i = 0; i < 4; i++) {
      rs.add(
          LogFixtures.cls(
              T0.plus(Duration.ofHours(2)).plusSeconds(i),
              "s" + i,
              "v1",
              Map.of("x", i),
              "yes",
              0.9,
              5));
    }
    rs.add(LogFixtures.cls(T0, "a", "v2", Map.of("x", 1), "no", 0.6, 2));
    rs.add(LogFixtures.cls(T0.plusSeconds(5), "b", "v2", Map.of("x", 1), "yes", 0.6, 4));
    return LogFixtures.write(dir.resolve("log.jsonl"), rs);
  }

  @Test
  void summarisesCountsLatencyAndClassSharesPerWindow() {
    PredictionLogAnalysis.Summary s =
        PredictionLogAnalysis.builder().build().analyze(classificationLog());
    assertThat(s.records()).isEqualTo(16);
    assertThat(s.models()).hasSize(2);
    PredictionLogAnalysis.ModelSummary v1 = s.model("churn", "v1");
    assertThat(v1.count()).isEqualTo(14);
    assertThat(v1.regression()).isFalse();
    assertThat(v1.windows()).hasSize(2);
    PredictionLogAnalysis.Window w0 = v1.windows().get(0);
    assertThat(w0.start()).isEqualTo(T0);
    assertThat(w0.end()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(w0.count()).isEqualTo(10);
    assertThat(w0.classShares()).containsEntry("no", 0.7).containsEntry("yes", 0.3);
    // numpy.percentile([1..10], 50) = 5.5, 90 -> 9.1
    assertThat(w0.latency().p50()).isCloseTo(5.5, within(1e-9));
    assertThat(w0.latency().p90()).isCloseTo(9.1, within(1e-9));
    assertThat(w0.latency().max()).isEqualTo(10.0);
    assertThat(v1.windows().get(1).start()).isEqualTo(T0.plus(Duration.ofHours(2)));
    assertThat(v1.windows().get(1).classShares()).containsEntry("yes", 1.0);
    assertThat(s.model("churn", "v2").latency().mean()).isEqualTo(3.0);
    assertThat(v1.drift()).isNull();
    assertThatThrownBy(() -> s.model("churn", "v9"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("churn@v1");
  }

  @Test
  void regressionQuantilesAndDailyWindows() throws IOException {
    List<PredictionRecord> rs = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      rs.add(LogFixtures.reg(T0.plusSeconds(i), "r" + i, "v1", Map.of("t", 0.5), i * 10.0, 3));
    }
    Path log = LogFixtures.write(dir.resolve("reg.jsonl"), rs);
    PredictionLogAnalysis.Summary s =
        PredictionLogAnalysis.builder().window(Duration.ofDays(1)).build().analyze(log);
    PredictionLogAnalysis.Window w = s.model("bikes", "v1").windows().get(0);
    assertThat(w.quantiles())
        .containsEntry("p10", 10.0)
        .containsEntry("p50", 50.0)
        .containsEntry("p90", 90.0);
    assertThat(w.classShares()).isEmpty();
    Path out = dir.resolve("out");
    PredictionLogAnalysis.write(s, out);
    List<String> lines = Files.readAllLines(out.resolve("windows.csv"));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("bikes,v1,2026-03-01T00:00:00Z,2026-03-02T00:00:00Z,11,");
    assertThat(Files.readString(out.resolve("metrics.json"))).contains("\"count\"");
  }

  @Test
  void detectsDriftOfLoggedInputsAgainstReference() throws IOException {
    Path ref = dir.resolve("ref.csv");
    StringBuilder csv = new StringBuilder("x,color\n");
    for (int i = 0; i < 200; i++) {
      csv.append(i % 100).append(',').append(i % 2 == 0 ? "red" : "blue").append('\n');
    }
    Files.writeString(ref, csv);
    List<PredictionRecord> rs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("x", 60 + (i % 100)); // shifted
      in.put("color", i % 2 == 0 ? "red" : "blue"); // same
      in.put("extra", "ignored");
      rs.add(LogFixtures.cls(T0.plusSeconds(i), "r" + i, "v1", in, "no", 0.7, 1));
    }
    Path log = LogFixtures.write(dir.resolve("log.jsonl"), rs);
    PredictionLogAnalysis.ModelSummary m =
        PredictionLogAnalysis.builder().reference(ref).build().analyze(log).model("churn", "v1");
    assertThat(m.drift()).isNotNull();
    assertThat(m.drift().feature("x").map(ColumnDrift::drift)).contains(true);
    assertThat(m.drift().feature("color").map(ColumnDrift::drift)).contains(false);
    assertThat(m.drift().driftShare()).isEqualTo(0.5);
    assertThat(m.drift().feature("extra")).isEmpty();
  }

  @Test
  void bikeSharingWinterReferenceVsSummerTraffic() throws IOException {
    CsvTable bikes =
        CsvReader.builder()
            .trim(true)
            .build()
            .read(SharedData.root().resolve("tabular/bike-sharing-hour.csv"));
    List<String> cols = List.of("temp", "hum", "windspeed", "weathersit");
    StringBuilder ref = new StringBuilder(String.join(",", cols)).append('\n');
    for (int r = 0; r < 1000; r++) { // January and February 2011
      List<String> cells = new ArrayList<>();
      for (String c : cols) {
        cells.add(bikes.value(r, c));
      }
      ref.append(String.join(",", cells)).append('\n');
    }
    Path refCsv = dir.resolve("winter.csv");
    Files.writeString(refCsv, ref);
    List<PredictionRecord> rs = new ArrayList<>();
    for (int r = 4000; r < 4500; r++) { // June 2011
      Map<String, Object> in = new LinkedHashMap<>();
      for (String c : cols) {
        in.put(c, Double.parseDouble(bikes.value(r, c)));
      }
      rs.add(LogFixtures.reg(T0.plusSeconds(r), "r" + r, "v1", in, 100, 2));
    }
    Path log = LogFixtures.write(dir.resolve("bikes.jsonl"), rs);
    PredictionLogAnalysis.ModelSummary m =
        PredictionLogAnalysis.builder().reference(refCsv).build().analyze(log).model("bikes", "v1");
    assertThat(m.drift().feature("temp").map(ColumnDrift::drift)).contains(true);
    assertThat(m.drift().features()).hasSize(4);
    assertThat(m.drift().driftShare()).isGreaterThanOrEqualTo(0.25);
  }

  @Test
  void malformedLineNamesFileAndLine() throws IOException {
    Path log = classificationLog();
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    lines.add(2, "{\"timestamp\": \"yesterday\"}");
    lines.add(3, "");
    Files.write(log, lines);
    assertThatThrownBy(() -> PredictionLogAnalysis.builder().build().analyze(log))
        .isInstanceOf(MlException.class)
        .hasMessageContaining(log + ":3")
        .hasMessageContaining("timestamp");
    Files.writeString(log, "{not json\n");
    assertThatThrownBy(() -> PredictionLogReader.read(log))
        .hasMessageContaining(log + ":1: not valid JSON");
    Files.writeString(
        log,
        "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"request_id\":\"a\",\"model\":\"m\","
            + "\"version\":\"v\",\"input\":{},\"latency_ms\":1}\n");
    assertThatThrownBy(() -> PredictionLogReader.read(log))
        .hasMessageContaining(log + ":1")
        .hasMessageContaining("exactly one of 'label'");
  }

  @Test
  void badInputs() throws IOException {
    assertThatThrownBy(
            () -> PredictionLogAnalysis.builder().build().analyze(dir.resolve("missing.jsonl")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("does not exist");
    Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");
    assertThatThrownBy(() -> PredictionLogAnalysis.builder().build().analyze(empty))
        .hasMessageContaining("has no records");
    assertThatThrownBy(
            () -> PredictionLogAnalysis.builder().reference(dir.resolve("nope.csv")).build())
        .hasMessageContaining("nope.csv does not exist");
    assertThatThrownBy(() -> PredictionLogAnalysis.builder().window(Duration.ZERO))
        .hasMessageContaining("window");
    Path ref = Files.writeString(dir.resolve("ref.csv"), "a,b\n1,2\n3,4\n");
    Path log = classificationLog();
    assertThatThrownBy(() -> PredictionLogAnalysis.builder().reference(ref).build().analyze(log))
        .hasMessageContaining("no reference column [a, b] appears");
  }
}
