package dev.mle4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.serving.ModelServer;
import dev.mle4j.core.serving.ServedModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The launcher end to end on the real SMS data: exit codes, one-line errors, files written. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherTest {

  @TempDir static Path tmp;

  private static String previousData;

  /** Output of one launcher run. */
  record Run(int code, String out, String err) {}

  @BeforeAll
  static void pointAtSharedData() {
    previousData = System.getProperty(DatasetCatalog.DATA_PROPERTY);
    System.setProperty(DatasetCatalog.DATA_PROPERTY, sharedData().toString());
  }

  @AfterAll
  static void restore() {
    if (previousData == null) {
      System.clearProperty(DatasetCatalog.DATA_PROPERTY);
    } else {
      System.setProperty(DatasetCatalog.DATA_PROPERTY, previousData);
    }
  }

  static Path sharedData() {
    Path sibling = Path.of("..", "..", "shared", "data").toAbsolutePath().normalize();
    if (Files.isDirectory(sibling)) {
      return sibling;
    }
    String env = System.getenv(DatasetCatalog.DATA_ENV);
    if (env != null && Files.isDirectory(Path.of(env))) {
      return Path.of(env);
    }
    throw new IllegalStateException("shared data not found at " + sibling + " nor MLE4J_DATA");
  }

  static Run run(String... args) {
    CommandLine cl = Mle4j.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static void assertOneLineUsageError(Run r, String fragment) {
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("mle4j: ").contains(fragment).doesNotContain("\n");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  @Order(1)
  void helpListsEveryCommand() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("demo", "text", "serve", "loadtest", "registry", "data");
    for (String cmd : new String[] {"demo", "serve", "loadtest", "registry", "data", "text"}) {
      assertThat(run(cmd, "--help").code()).as(cmd).isZero();
    }
    assertThat(run("text", "train", "--help").out()).contains("--dataset", "--csv", "--out");
  }

  @Test
  @Order(2)
  void badArgumentsExitTwoWithOneLine() {
    assertOneLineUsageError(run("nope"), "Unmatched argument");
    assertOneLineUsageError(run("text", "train"), "--dataset");
    assertOneLineUsageError(
        run("text", "train", "--dataset", "sms-spam", "--bogus"), "Unknown option");
    assertOneLineUsageError(
        run("loadtest", "--url", "http://127.0.0.1:1/x", "--duration", "soon"),
        "is not a duration");
    assertOneLineUsageError(
        run("loadtest", "--url", "http://127.0.0.1:1/x", "--concurrency", "a,b"), "concurrency");
    assertOneLineUsageError(run("serve", "--port", "70000"), "--port must be in 0..65535");
    assertOneLineUsageError(
        run("text", "train", "--csv", tmp.resolve("missing.csv").toString()), "missing.csv");
    assertOneLineUsageError(run("data", "fetch", "no-such-set"), "no-such-set");
    assertOneLineUsageError(
        run("text", "train", "--dataset", "sms-spam", "--split", "0.5,0.6,0.1"), "--split");
  }

  @Test
  @Order(3)
  void trainsRegistersAndListsTheSpamModel() throws Exception {
    Path out = tmp.resolve("run");
    Path registry = tmp.resolve("registry");
    Run r =
        run(
            "text",
            "train",
            "--dataset",
            "sms-spam",
            "--out",
            out.toString(),
            "--registry",
            registry.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("registered sms-spam version");

    JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    JsonNode model = metrics.get("models").get("tfidf-logreg");
    assertThat(model.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.97);
    assertThat(model.get("macro_f1").asDouble()).isGreaterThanOrEqualTo(0.92);
    assertThat(out.resolve("model-card.json")).isRegularFile();
    assertThat(out.resolve("confusion-matrix.png")).isRegularFile();
    assertThat(out.resolve("report.html")).isRegularFile();

    Run list = run("registry", "list", "--registry", registry.toString());
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("sms-spam").contains("production").contains("accuracy=");

    assertOneLineUsageError(
        run("registry", "rollback", "sms-spam", "--registry", registry.toString()), "production");
    assertOneLineUsageError(
        run("registry", "promote", "sms-spam", "0123456789ab", "--registry", registry.toString()),
        "0123456789ab");

    Run demo =
        run(
            "demo",
            "--no-serve",
            "--no-transformer",
            "--no-rag",
            "--out",
            tmp.resolve("demo-out").toString(),
            "--registry",
            registry.toString());
    assertThat(demo.code()).as(demo.err()).isZero();
    assertThat(demo.out()).contains("sms-spam").contains("reused");
    // the image model is trained (ants/bees from MLE4J_DATA, weights fetched by the test command)
    assertThat(demo.out()).contains("vision", "hymenoptera", "pretrained-freeze");
  }

  @Test
  @Order(4)
  void serveRefusesAnEmptyRegistryUnlessItServesAKnowledgeBase() {
    assertOneLineUsageError(
        run("serve", "--port", "0", "--no-rag", "--registry", tmp.resolve("empty").toString()),
        "no model is in stage 'production'");
    // with a knowledge base (the RAG image, a Hugging Face Space) no model is needed
    assertThat(
            RegistryModels.load(
                ModelRegistry.open(tmp.resolve("empty")), "production", List.of(), true))
        .isEmpty();
  }

  @Test
  @Order(5)
  void servesTheRegisteredModelAndCallsTheWinnerMessageSpam() throws Exception {
    Path registry = tmp.resolve("registry");
    List<ServedModel<?>> served =
        RegistryModels.load(ModelRegistry.open(registry), "production", List.of());
    // the demo above also registered other models (titanic, the ants/bees image model)
    ServedModel<?> spam =
        served.stream().filter(m -> m.name().equals("sms-spam")).findFirst().orElseThrow();
    try (ModelServer server = ModelServer.builder().port(0).addModel(spam).build()) {
      server.start();
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.baseUri().resolve("/v1/models/sms-spam/predict"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"text\":\"WINNER!! Claim your free prize now\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = new ObjectMapper().readTree(response.body());
      assertThat(body.get("label").asText()).isEqualTo("spam");
      assertThat(body.get("confidence").asDouble()).isGreaterThan(0.5);
    } finally {
      served.forEach(m -> m.closeModel());
    }
  }

  @Test
  @Order(6)
  void trainsAnyModelByNameWithASearchOnAUserCsv() throws Exception {
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
    Path out = tmp.resolve("nb");
    Run r =
        run(
            "text",
            "train",
            "--csv",
            file.toString(),
            "--model",
            "tfidf-nb",
            "--search",
            "grid",
            "--quick",
            "--no-register",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(out.resolve("search_results.csv")).isRegularFile();
    JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(metrics.get("models").has("tfidf-nb")).isTrue();

    Path cmp = tmp.resolve("cmp");
    Run compare =
        run(
            "text",
            "compare",
            "--csv",
            file.toString(),
            "--models",
            "tfidf-logreg,bow-nb",
            "--quick",
            "--out",
            cmp.toString());
    assertThat(compare.code()).as(compare.err()).isZero();
    assertThat(compare.out()).contains("tfidf-logreg").contains("bow-nb");
    assertThat(cmp.resolve("comparison_table.csv")).isRegularFile();
    assertThat(cmp.resolve("report.html")).isRegularFile();
    Run list = run("text", "compare", "--list");
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("tfidf-logreg", "bow-nb", "tfidf-xgboost", "minilm-head");
    assertOneLineUsageError(run("text", "compare", "--quick"), "--dataset");
    assertOneLineUsageError(
        run("text", "compare", "--csv", file.toString(), "--models", "nope"), "known models");
    assertOneLineUsageError(
        run("text", "train", "--csv", file.toString(), "--model", "nope"), "known models");
    assertOneLineUsageError(
        run("text", "train", "--csv", file.toString(), "--search", "sideways"), "--search");
  }
}
