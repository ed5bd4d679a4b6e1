package dev.mle4j.examples.cli;

import static dev.mle4j.examples.cli.VisionLauncherTest.assertOneLineUsageError;
import static dev.mle4j.examples.cli.VisionLauncherTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.examples.cli.VisionLauncherTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mle4j text evaluate}: a saved model evaluated on the training run's test split gives
 * exactly the test metrics the run reported; {@code --all} scores every row of a new file; bad
 * input exits 2 with one line.
 */
class TextEvaluateLauncherTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] HAM = {
    "lunch at noon",
    "see you at home",
    "call me later",
    "meeting moved",
    "thanks a lot",
    "on my way"
  };
  private static final String[] SPAM = {
    "win cash now", "free prize claim", "urgent offer txt", "winner claim cash", "text to win"
  };

  @TempDir static Path tmp;
  private static Path csv;

  @BeforeAll
  static void writeCsv() throws IOException {
    csv = tmp.resolve("mini.csv");
    Files.writeString(csv, labelledCsv(150, new Random(3), ","));
  }

  /** Short ham and spam messages, about one third spam, with some shared noise words. */
  private static String labelledCsv(int rows, Random random, String separator) {
    StringBuilder sb = new StringBuilder("message" + separator + "kind\n");
    String[] noise = {"ok", "now", "today", "please", "hey"};
    for (int i = 0; i < rows; i++) {
      boolean spam = random.nextInt(3) == 0;
      String[] pool = spam ? SPAM : HAM;
      sb.append(pool[random.nextInt(pool.length)])
          .append(' ')
          .append(noise[random.nextInt(noise.length)])
          .append(' ')
          .append(pool[random.nextInt(pool.length)])
          .append(separator)
          .append(spam ? "spam" : "ham")
          .append('\n');
    }
    return sb.toString();
  }

  private static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  /** Every metric of the evaluation equals the training run's test metric of the same name. */
  private static void assertSameTestMetrics(JsonNode train, JsonNode eval, String model) {
    JsonNode trained = train.path("models").path(model);
    JsonNode evaluated = eval.path("models").path(model);
    assertThat(evaluated.isObject()).as("models.%s in %s", model, eval).isTrue();
    assertThat(evaluated.path("accuracy").asDouble())
        .isEqualTo(trained.path("accuracy").asDouble());
    assertThat(evaluated.path("macro_f1").asDouble())
        .isEqualTo(trained.path("macro_f1").asDouble());
    for (Map.Entry<String, JsonNode> metric : evaluated.properties()) {
      assertThat(trained.has(metric.getKey())).as(metric.getKey()).isTrue();
      assertThat(metric.getValue().asDouble())
          .as(metric.getKey())
          .isEqualTo(trained.path(metric.getKey()).asDouble());
    }
  }

  @Test
  void savedSmsSpamModelReproducesTheTestMetricsOfTraining() throws Exception {
    Path train = tmp.resolve("sms-train");
    Run t =
        run(
            "text",
            "train",
            "--dataset",
            "sms-spam",
            "--seed",
            "7",
            "--split",
            "0.7,0.1,0.2",
            "--no-register",
            "--out",
            train.toString());
    assertThat(t.code()).as(t.toString()).isZero();
    Path eval = tmp.resolve("sms-eval");
    Run e =
        run(
            "text",
            "evaluate",
            "--model-dir",
            train.resolve("model").toString(),
            "--dataset",
            "sms-spam",
            "--seed",
            "7",
            "--split",
            "0.7,0.1,0.2",
            "--out",
            eval.toString());
    assertThat(e.code()).as(e.toString()).isZero();
    assertThat(e.out()).contains("tfidf-logreg").contains("outputs in").doesNotContain("warning");

    JsonNode trainMetrics = read(train.resolve("metrics.json"));
    JsonNode evalMetrics = read(eval.resolve("metrics.json"));
    assertSameTestMetrics(trainMetrics, evalMetrics, "tfidf-logreg");
    assertThat(evalMetrics.path("models").path("tfidf-logreg").has("roc_auc")).isTrue();
    assertThat(evalMetrics.path("dataset").asText()).isEqualTo("sms-spam");
    assertThat(evalMetrics.path("task").asText()).isEqualTo(trainMetrics.path("task").asText());
    assertThat(evalMetrics.path("rows").asInt()).isEqualTo(trainMetrics.path("test_rows").asInt());
    assertThat(evalMetrics.path("data_sha256")).isEqualTo(trainMetrics.path("data_sha256"));
    // the printed headline is the training run's
    String trainHeadline = t.out().lines().filter(l -> l.startsWith("test ")).findFirst().get();
    assertThat(e.out()).contains(trainHeadline);
    assertThat(read(eval.resolve("model-card.json")))
        .isEqualTo(read(train.resolve("model").resolve("model-card.json")));
    assertThat(eval.resolve("confusion-matrix.png")).isRegularFile();
    assertThat(eval.resolve("roc-curve.png")).isRegularFile();
    assertThat(Files.readString(eval.resolve("report.html")))
        .contains("Text evaluation")
        .contains("tfidf-logreg");

    // the run folder itself is accepted too; another seed is evaluated with a warning
    Run other =
        run(
            "text",
            "evaluate",
            "--model-dir",
            train.toString(),
            "--dataset",
            "sms-spam",
            "--seed",
            "8",
            "--split",
            "0.7,0.1,0.2",
            "--out",
            tmp.resolve("sms-eval-8").toString());
    assertThat(other.code()).as(other.toString()).isZero();
    assertThat(other.out()).contains("warning: the model was trained with split seed 7");
  }

  @Test
  void registeredCsvModelOfAnotherFormatAndAllRowsOfANewFile() throws Exception {
    Path registry = tmp.resolve("registry");
    Path train = tmp.resolve("nb-train");
    Run t =
        run(
            "text",
            "train",
            "--csv",
            csv.toString(),
            "--text-col",
            "message",
            "--label-col",
            "kind",
            "--model",
            "tfidf-nb",
            "--seed",
            "5",
            "--name",
            "mini-nb",
            "--registry",
            registry.toString(),
            "--out",
            train.toString());
    assertThat(t.code()).as(t.toString()).isZero();
    String version =
        t.out()
            .lines()
            .filter(l -> l.startsWith("registered mini-nb version "))
            .map(l -> l.split(" ")[3])
            .findFirst()
            .orElseThrow();
    Path eval = tmp.resolve("nb-eval");
    Run e =
        run(
            "text",
            "evaluate",
            "--name",
            "mini-nb",
            "--registry",
            registry.toString(),
            "--stage",
            "production",
            "--csv",
            csv.toString(),
            "--text-col",
            "message",
            "--label-col",
            "kind",
            "--seed",
            "5",
            "--out",
            eval.toString());
    assertThat(e.code()).as(e.toString()).isZero();
    JsonNode evalMetrics = read(eval.resolve("metrics.json"));
    assertSameTestMetrics(read(train.resolve("metrics.json")), evalMetrics, "tfidf-nb");
    assertThat(evalMetrics.path("model_name").asText()).isEqualTo("mini-nb");
    assertThat(evalMetrics.path("model_format").asText()).isEqualTo("tribuo-text/v1");

    // every row of a new semicolon-separated file, the version picked by id
    Path fresh = tmp.resolve("fresh.tsv");
    Files.writeString(fresh, labelledCsv(40, new Random(11), ";"));
    Path all = tmp.resolve("nb-all");
    Run a =
        run(
            "text",
            "evaluate",
            "--name",
            "mini-nb",
            "--version",
            version,
            "--registry",
            registry.toString(),
            "--csv",
            fresh.toString(),
            "--text-col",
            "message",
            "--label-col",
            "kind",
            "--separator",
            ";",
            "--all",
            "--out",
            all.toString());
    assertThat(a.code()).as(a.toString()).isZero();
    JsonNode allMetrics = read(all.resolve("metrics.json"));
    assertThat(allMetrics.path("rows").asInt()).isEqualTo(40);
    assertThat(allMetrics.path("split").asText()).isEqualTo("all");
    assertThat(allMetrics.path("dataset").asText()).isEqualTo("fresh");
    assertThat(allMetrics.path("models").path("tfidf-nb").path("accuracy").asDouble())
        .isGreaterThan(0.9);
    assertThat(all.resolve("confusion-matrix.png")).isRegularFile();
    assertThat(all.resolve("report.html")).isRegularFile();
  }

  @Test
  void badInputExitsTwoWithOneLine() throws Exception {
    Path train = tmp.resolve("bad-train");
    Run t =
        run(
            "text",
            "train",
            "--csv",
            csv.toString(),
            "--text-col",
            "message",
            "--label-col",
            "kind",
            "--no-register",
            "--out",
            train.toString());
    assertThat(t.code()).as(t.toString()).isZero();
    String modelDir = train.resolve("model").toString();
    String out = tmp.resolve("bad-out").toString();
    String[] cols = {"--text-col", "message", "--label-col", "kind"};

    assertOneLineUsageError(
        run(
            "text",
            "evaluate",
            "--model-dir",
            tmp.resolve("no-such-model").toString(),
            "--csv",
            csv.toString(),
            "--out",
            out),
        "does not exist");
    Path empty = Files.createDirectories(tmp.resolve("empty-model"));
    assertOneLineUsageError(
        run(
            "text",
            "evaluate",
            "--model-dir",
            empty.toString(),
            "--csv",
            csv.toString(),
            "--out",
            out),
        "holds no model-card.json");
    Path strange = tmp.resolve("strange.csv");
    Files.writeString(strange, "message,kind\nhello there,ham\nwin cash,spam\nwho knows,other\n");
    assertOneLineUsageError(
        run(
            "text",
            "evaluate",
            "--model-dir",
            modelDir,
            "--csv",
            strange.toString(),
            cols[0],
            cols[1],
            cols[2],
            cols[3],
            "--all",
            "--out",
            out),
        "labels of the data not known to the model: {other=1}");
    assertOneLineUsageError(
        run(
            "text",
            "evaluate",
            "--model-dir",
            modelDir,
            "--csv",
            csv.toString(),
            "--text-col",
            "body",
            "--label-col",
            "kind",
            "--out",
            out),
        "body");
    assertOneLineUsageError(
        run("text", "evaluate", "--model-dir", modelDir, "--dataset", "sms-spam", "--all"),
        "--all evaluates every row of a CSV file");
    assertOneLineUsageError(
        run(
            "text",
            "evaluate",
            "--model-dir",
            modelDir,
            "--csv",
            csv.toString(),
            cols[0],
            cols[1],
            cols[2],
            cols[3],
            "--split",
            "0.5,0.6,0.1",
            "--out",
            out),
        "--split");
    assertOneLineUsageError(
        run(
            "text",
            "evaluate",
            "--model-dir",
            modelDir,
            "--csv",
            tmp.resolve("missing.csv").toString(),
            "--out",
            out),
        "missing.csv");
    assertOneLineUsageError(
        run(
            "text",
            "evaluate",
            "--name",
            "nobody",
            "--registry",
            tmp.resolve("no-registry").toString(),
            "--csv",
            csv.toString(),
            "--out",
            out),
        "unknown model 'nobody'");
    assertOneLineUsageError(
        run(
            "text",
            "evaluate",
            "--model-dir",
            modelDir,
            "--version",
            "0123456789ab",
            "--csv",
            csv.toString()),
        "select a model with --name");
    assertOneLineUsageError(run("text", "evaluate", "--csv", csv.toString()), "--model-dir");
    assertThat(Files.exists(tmp.resolve("bad-out").resolve("metrics.json"))).isFalse();
  }
}
