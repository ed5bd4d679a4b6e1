package dev.mle4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.examples.Mle4j;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mle4j loadtest --study} end to end on a tiny TF-IDF model trained into a temp registry.
 */
@Timeout(120)
class LoadtestStudyLauncherTest {

  @TempDir static Path tmp;

  private static Path registry;
  private static String version;

  /** Output of one launcher run. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Mle4j.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void trainATinyModel() throws Exception {
    StringBuilder csv = new StringBuilder("text,label\n");
    String[] ham = {"lunch at noon", "see you at home", "call me later", "meeting moved", "thanks"};
    String[] spam = {"win cash now", "free prize claim", "urgent offer txt", "winner claim cash"};
    for (int i = 0; i < 120; i++) {
      boolean s = i % 3 == 0;
      String[] pool = s ? spam : ham;
      csv.append(pool[i % pool.length]).append(' ').append(pool[(i / 3) % pool.length]);
      csv.append(',').append(s ? "spam" : "ham").append('\n');
    }
    Path file = tmp.resolve("mini.csv");
    Files.writeString(file, csv.toString());
    registry = tmp.resolve("registry");
    Run r =
        run(
            "text",
            "train",
            "--csv",
            file.toString(),
            "--name",
            "tiny-spam",
            "--quick",
            "--registry",
            registry.toString(),
            "--out",
            tmp.resolve("train").toString());
    assertThat(r.code()).as(r.err()).isZero();
    version = ModelRegistry.open(registry).stage("tiny-spam", "production").orElseThrow().version();
  }

  private static List<String> study(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "loadtest",
                "--study",
                "--registry",
                registry.toString(),
                "--concurrency",
                "2",
                "--duration",
                "1s",
                "--warmup",
                "200ms"));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void studiesTheModelWithAndWithoutBatchingAndWritesTheOutputs() throws Exception {
    Path out = tmp.resolve("study");
    List<String> args =
        study(
            "--models",
            "tiny-spam,tiny-spam=" + version,
            "--delays-ms",
            "1",
            "--overload-users",
            "16",
            "--queue-capacity",
            "2",
            "--out",
            out.toString());
    Run r = run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("| tiny-spam | off | 2 |", "| tiny-spam | on-1ms | 2 |");
    assertThat(r.out()).contains("| tiny-spam=" + version + " | on-1ms (overload) | 16 |");

    JsonNode json = new ObjectMapper().readTree(out.resolve("study.json").toFile());
    assertThat(json.at("/config/endpoint").asText()).isEqualTo("classify");
    assertThat(json.at("/config/dataset").asText()).isEqualTo("sample-sms");
    assertThat(json.at("/config/bodies").asInt()).isEqualTo(LoadtestCommand.SAMPLE_TEXTS.size());
    // 2 models x (off, on-1ms) at 2 users, plus one overload level per model
    JsonNode levels = json.get("levels");
    assertThat(levels).hasSize(6);
    for (JsonNode l : levels) {
      assertThat(l.get("requests").asLong()).as(l.toString()).isPositive();
      assertThat(l.get("timeouts").asLong()).as(l.toString()).isZero();
      assertThat(l.get("level_items").asLong()).isEqualTo(l.get("level_server_ok").asLong());
      if (!l.get("overload").asBoolean()) {
        assertThat(l.get("errors").asLong()).as(l.toString()).isZero();
        long ok = l.get("ok").asLong();
        assertThat(l.get("batch_items").asLong()).isBetween(ok, ok + 2);
      }
    }
    for (String f :
        List.of(
            "study.json",
            "study.csv",
            "metrics.json",
            "report.html",
            "qps-latency-tiny-spam.png",
            "batch-size-vs-users.png",
            "measured-vs-predicted.png")) {
      assertThat(out.resolve(f)).as(f).isNotEmptyFile();
    }
    assertThat(Files.readAllLines(out.resolve("study.csv"))).hasSize(7);
    JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(metrics.get("task").asText()).isEqualTo("loadtest-study");
    assertThat(metrics.get("models").has("tiny-spam/off@c2")).isTrue();
  }

  @Test
  void badStudyInputExitsTwoWithOneLine() {
    assertUsage(run(study("--models", "nope").toArray(String[]::new)), "unknown model 'nope'");
    assertUsage(run(study().toArray(String[]::new)), "--study needs --models");
    assertUsage(run(study("--models", "").toArray(String[]::new)), "--study needs --models");
    assertUsage(
        run(study("--models", "tiny-spam", "--delays-ms", "0,-2").toArray(String[]::new)),
        "--delays-ms must be >= 0, got -2");
    assertUsage(
        run(study("--models", "tiny-spam", "--concurrency", "0").toArray(String[]::new)),
        "--concurrency level 0 is out of range");
    assertUsage(
        run(study("--models", "tiny-spam", "--concurrency", "20000").toArray(String[]::new)),
        "out of range");
    assertUsage(
        run(study("--models", "tiny-spam=0123456789ab").toArray(String[]::new)),
        "has no version '0123456789ab'");
    assertUsage(
        run(study("--models", "tiny-spam", "--endpoint", "nowhere").toArray(String[]::new)),
        "--endpoint");
    assertUsage(
        run(study("--models", "tiny-spam", "--max-queue-delay-ms", "3").toArray(String[]::new)),
        "use --delays-ms");
    assertUsage(
        run(study("--models", "tiny-spam", "--overload-users", "-1").toArray(String[]::new)),
        "--overload-users");
    assertUsage(run("loadtest", "--study", "--url", "http://127.0.0.1:1/x"), "mutually exclusive");
  }

  private static void assertUsage(Run r, String fragment) {
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("mle4j: ").contains(fragment).doesNotContain("\n");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
