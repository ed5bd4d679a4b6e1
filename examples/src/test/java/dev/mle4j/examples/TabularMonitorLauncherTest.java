package dev.mle4j.examples;

import static dev.mle4j.examples.LauncherTest.assertOneLineUsageError;
import static dev.mle4j.examples.LauncherTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.core.serving.PredictionLog;
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

/** {@code mle4j tabular monitor} and {@code tabular shadow-compare} on logs made here. */
class TabularMonitorLauncherTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;

  private static PredictionRecord cls(
      Instant t, String id, String version, int x, String label, double conf) {
    JsonNode in = MAPPER.valueToTree(Map.of("x", x, "contract", x % 2 == 0 ? "month" : "year"));
    return new PredictionRecord(t, id, "churn", version, in, label, conf, 1.0 + x % 5);
  }

  /** Writes records with the real server log. */
  private static Path write(Path file, List<PredictionRecord> records) {
    try (PredictionLog log = PredictionLog.builder(file).build()) {
      for (PredictionRecord r : records) {
        if (!log.offer(r)) {
          throw new IllegalStateException("log dropped a record");
        }
      }
    }
    return file;
  }

  /** Truth: x >= 50 is "yes". A model with cut c answers "yes" for x >= c. */
  private static String predict(int x, int cut) {
    return x >= cut ? "yes" : "no";
  }

  private static String truth(int x) {
    return x >= 50 ? "yes" : "no";
  }

  @Test
  void monitorWithLabelsWritesPerformanceAndPrintsTheTable() throws IOException {
    List<PredictionRecord> recs = new ArrayList<>();
    StringBuilder labels = new StringBuilder("request_id,label,label_timestamp\n");
    for (int i = 0; i < 100; i++) {
      Instant t = T0.plus(Duration.ofMinutes(30L * i)); // 50 h: three daily windows
      int x = i;
      recs.add(cls(t, "r" + i, "v1", x, predict(x, 60), 0.5 + x / 200.0));
      labels
          .append("r")
          .append(i)
          .append(',')
          .append(truth(x))
          .append(',')
          .append(t.plus(Duration.ofHours(1)))
          .append('\n');
    }
    Path log = write(dir.resolve("predictions.jsonl"), recs);
    Files.writeString(dir.resolve("labels.csv"), labels);
    StringBuilder ref = new StringBuilder("x,contract\n");
    for (int x = 0; x < 100; x++) {
      ref.append(x).append(',').append(x % 2 == 0 ? "month" : "year").append('\n');
    }
    Files.writeString(dir.resolve("ref.csv"), ref);
    Path out = dir.resolve("out");

    LauncherTest.Run r =
        run(
            "tabular",
            "monitor",
            "--log",
            log.toString(),
            "--labels",
            dir.resolve("labels.csv").toString(),
            "--reference",
            dir.resolve("ref.csv").toString(),
            "--window",
            "1d",
            "--out",
            out.toString());

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("100 predictions")
        .contains("churn@v1")
        .contains("latency p50")
        .contains("drift share")
        .contains("performance by window")
        .contains("accuracy")
        .contains("2026-03-01T00:00:00Z")
        .contains("overall churn@v1:")
        .contains("accuracy=0.9000");
    assertThat(out.resolve("windows.csv")).isRegularFile();
    assertThat(out.resolve("metrics.json")).isRegularFile();
    assertThat(out.resolve("performance").resolve("performance.csv")).isRegularFile();
    assertThat(out.resolve("performance").resolve("metrics.json")).isRegularFile();
    List<String> rows = Files.readAllLines(out.resolve("performance").resolve("performance.csv"));
    assertThat(rows).hasSize(4); // header + 3 daily windows
    assertThat(rows.get(0)).contains("accuracy");
  }

  @Test
  void monitorWithoutLabelsPrintsTrafficOnly() {
    Path log = write(dir.resolve("p.jsonl"), List.of(cls(T0, "a", "v1", 3, "no", 0.9)));
    LauncherTest.Run r =
        run("tabular", "monitor", "--log", log.toString(), "--out", dir.resolve("o").toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("churn@v1").doesNotContain("performance by window");
    assertThat(dir.resolve("o").resolve("metrics.json")).isRegularFile();
  }

  private String register(ModelRegistry registry, String content) throws IOException {
    Path art = Files.createDirectories(dir.resolve("art-" + content));
    Files.writeString(art.resolve("model.txt"), content);
    ModelCard card =
        new ModelCard(
            "churn",
            null,
            "tabular-classification",
            "test",
            List.of("no", "yes"),
            Map.of("accuracy", 0.9),
            "fp",
            Map.of(),
            T0);
    return registry.register("churn", art, card).version();
  }

  /** Both models answer every request; returns the log; writes labels.csv. */
  private Path shadowLog(String name, String primary, int primaryCut, String cand, int candCut)
      throws IOException {
    List<PredictionRecord> recs = new ArrayList<>();
    StringBuilder labels = new StringBuilder("request_id,label\n");
    for (int x = 0; x < 100; x++) {
      Instant t = T0.plusSeconds(x);
      recs.add(cls(t, "req-" + x, primary, x, predict(x, primaryCut), 0.8));
      recs.add(cls(t, "req-" + x, cand, x, predict(x, candCut), 0.7));
      labels.append("req-").append(x).append(',').append(truth(x)).append('\n');
    }
    Files.writeString(dir.resolve("labels.csv"), labels);
    return write(dir.resolve(name), recs);
  }

  @Test
  void shadowComparePromotesABetterCandidateOnly() throws IOException {
    Path root = dir.resolve("registry");
    ModelRegistry registry = ModelRegistry.open(root);
    String v1 = register(registry, "primary");
    String v2 = register(registry, "candidate");
    registry.promote("churn", v1, "production");
    String labels = dir.resolve("labels.csv").toString();

    // worse candidate (cut 70: accuracy 0.80 vs 0.90): decision printed, nothing promoted
    Path worse = shadowLog("worse.jsonl", v1, 60, v2, 70);
    LauncherTest.Run no =
        run(
            "tabular",
            "shadow-compare",
            "--log",
            worse.toString(),
            "--primary",
            v1,
            "--candidate",
            v2,
            "--labels",
            labels,
            "--promote",
            "churn",
            "--registry",
            root.toString());
    assertThat(no.code()).as(no.toString()).isZero();
    assertThat(no.out())
        .contains("agreement 90.0%")
        .contains("accuracy on 100 labelled pairs: primary 0.9000, candidate 0.8000")
        .contains("decision: KEEP PRIMARY")
        .contains("not promoted");
    assertThat(registry.stage("churn", "production")).map(ModelVersion::version).contains(v1);

    // better candidate (cut 52: accuracy 0.98): promoted
    Path better = shadowLog("better.jsonl", v1, 60, v2, 52);
    LauncherTest.Run yes =
        run(
            "tabular",
            "shadow-compare",
            "--log",
            better.toString(),
            "--primary",
            v1,
            "--candidate",
            v2,
            "--labels",
            labels,
            "--margin",
            "0.05",
            "--promote",
            "churn",
            "--registry",
            root.toString());
    assertThat(yes.code()).as(yes.toString()).isZero();
    assertThat(yes.out())
        .contains("candidate 0.9800")
        .contains("decision: PROMOTE")
        .contains("promoted churn version " + v2 + " to production");
    assertThat(ModelRegistry.open(root).stage("churn", "production"))
        .map(ModelVersion::version)
        .contains(v2);

    // without labels: never promotes, still exit 0
    LauncherTest.Run unlabelled =
        run(
            "tabular",
            "shadow-compare",
            "--log",
            better.toString(),
            "--primary",
            v1,
            "--candidate",
            "v-none");
    assertThat(unlabelled.code()).as(unlabelled.toString()).isZero();
    assertThat(unlabelled.out()).contains("decision: KEEP PRIMARY");
  }

  @Test
  void badInputsExitTwoWithOneLine() throws IOException {
    Path missing = dir.resolve("missing.jsonl");
    assertOneLineUsageError(
        run("tabular", "monitor", "--log", missing.toString()), "missing.jsonl");
    assertOneLineUsageError(
        run(
            "tabular",
            "shadow-compare",
            "--log",
            missing.toString(),
            "--primary",
            "a",
            "--candidate",
            "b"),
        "missing.jsonl");

    Path good = write(dir.resolve("good.jsonl"), List.of(cls(T0, "a", "v1", 1, "no", 0.9)));
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, Files.readString(good) + "{not json\n");
    assertOneLineUsageError(run("tabular", "monitor", "--log", bad.toString()), "bad.jsonl:2");
    assertOneLineUsageError(
        run(
            "tabular",
            "shadow-compare",
            "--log",
            bad.toString(),
            "--primary",
            "v1",
            "--candidate",
            "v2"),
        "bad.jsonl:2");

    assertOneLineUsageError(
        run("tabular", "monitor", "--log", good.toString(), "--window", "soon"),
        "is not a duration");
    assertOneLineUsageError(
        run("tabular", "monitor", "--log", good.toString(), "--label-col", "y"), "--labels");
    assertOneLineUsageError(
        run(
            "tabular",
            "monitor",
            "--log",
            good.toString(),
            "--labels",
            dir.resolve("nolabels.csv").toString()),
        "nolabels.csv");
    assertOneLineUsageError(
        run(
            "tabular",
            "shadow-compare",
            "--log",
            good.toString(),
            "--primary",
            "v1",
            "--candidate",
            "v1"),
        "same version");
    assertOneLineUsageError(
        run(
            "tabular",
            "shadow-compare",
            "--log",
            good.toString(),
            "--primary",
            "v1",
            "--candidate",
            "v2",
            "--margin",
            "-1"),
        "margin");
    assertOneLineUsageError(
        run(
            "tabular",
            "shadow-compare",
            "--log",
            good.toString(),
            "--primary",
            "v1",
            "--candidate",
            "0123456789ab",
            "--promote",
            "churn",
            "--registry",
            dir.resolve("empty-registry").toString()),
        "no version 0123456789ab");
  }
}
