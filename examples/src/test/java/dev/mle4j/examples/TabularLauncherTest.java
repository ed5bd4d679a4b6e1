package dev.mle4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.serving.ModelServer;
import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.examples.LauncherTest.Run;
import dev.mle4j.tabular.serving.TabularPredictor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mle4j tabular ...} end to end on a CSV the defaults were not tuned on (penguins). */
class TabularLauncherTest {

  @TempDir static Path tmp;

  private static String previousData;

  @BeforeAll
  static void pointAtSharedData() {
    previousData = System.getProperty(DatasetCatalog.DATA_PROPERTY);
    System.setProperty(DatasetCatalog.DATA_PROPERTY, LauncherTest.sharedData().toString());
  }

  @AfterAll
  static void restore() {
    if (previousData == null) {
      System.clearProperty(DatasetCatalog.DATA_PROPERTY);
    } else {
      System.setProperty(DatasetCatalog.DATA_PROPERTY, previousData);
    }
  }

  private static Path penguins() {
    return LauncherTest.sharedData().resolve("tabular/penguins.csv");
  }

  @Test
  void trainsAnyCsvRegressionPredictsACsvAndServesIt() throws Exception {
    Path registry = tmp.resolve("registry");
    Run r =
        LauncherTest.run(
            "tabular",
            "train",
            "--csv",
            penguins().toString(),
            "--target",
            "body_mass_g",
            "--task",
            "regression",
            "--models",
            "ridge,decision-tree,xgboost",
            "--quick",
            "--registry",
            registry.toString(),
            "--name",
            "penguin-mass",
            "--out",
            tmp.resolve("out").toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("cross-validated rmse").contains("<- best").contains("stacking");
    JsonNode metrics = new ObjectMapper().readTree(tmp.resolve("out/metrics.json").toFile());
    assertThat(metrics.path("models").path("ridge").path("cv_rmse").asDouble())
        .isBetween(200.0, 500.0);
    assertThat(metrics.path("best_model").asText()).isNotBlank();

    // batch prediction of the same file (the target column is ignored as an extra field)
    Path preds = tmp.resolve("preds.csv");
    Run p =
        LauncherTest.run(
            "tabular",
            "predict",
            "--model",
            "penguin-mass",
            "--registry",
            registry.toString(),
            "--csv",
            penguins().toString(),
            "--out",
            preds.toString(),
            "--skip-invalid");
    assertThat(p.code()).as(p.toString()).isZero();
    List<String> lines = Files.readAllLines(preds);
    assertThat(lines).hasSize(345);
    assertThat(lines.get(0)).contains("prediction");

    // served through the registry like 'mle4j serve': one JSON row -> the same number
    List<ServedModel<?>> served =
        RegistryModels.load(ModelRegistry.open(registry), "production", List.of("penguin-mass"));
    Map<String, Object> row =
        Map.of(
            "species",
            "Adelie",
            "island",
            "Torgersen",
            "bill_length_mm",
            39.1,
            "bill_depth_mm",
            18.7,
            "flipper_length_mm",
            181,
            "sex",
            "MALE");
    try (ModelServer server =
            ModelServer.builder().port(0).addModel(served.get(0)).build().start();
        TabularPredictor local =
            TabularPredictor.load(
                ModelRegistry.open(registry).stage("penguin-mass", "production").get().dir())) {
      String body = new ObjectMapper().writeValueAsString(row);
      HttpResponse<String> resp =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(server.baseUri() + "/v1/models/penguin-mass/predict"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
      double remote = new ObjectMapper().readTree(resp.body()).path("prediction").asDouble();
      assertThat(remote).isEqualTo(local.predictRow(row).value(0));
      HttpResponse<String> bad =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(server.baseUri() + "/v1/models/penguin-mass/predict"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"species\":\"Dodo\",\"island\":\"Torgersen\","
                                  + "\"bill_length_mm\":39,\"bill_depth_mm\":18,"
                                  + "\"flipper_length_mm\":181,\"sex\":\"MALE\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isBetween(400, 499);
      assertThat(bad.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
      assertThat(bad.body()).contains("species").contains("Dodo");
    } finally {
      served.forEach(ServedModel::closeModel);
    }
  }

  @Test
  void trainsFromAYamlConfigWithDatetimesAndZones() throws Exception {
    Path config = tmp.resolve("taxis.yml");
    Files.writeString(
        config,
        "csv: "
            + LauncherTest.sharedData().resolve("tabular/taxis.csv")
            + "\n"
            + "target: tip\n"
            + "task: regression\n"
            + "time_column: pickup\n"
            + "drop: [total]\n"
            + "types: {passengers: numeric}\n"
            + "expressions: [\"fare_per_mile = fare / distance\"]\n");
    Run r =
        LauncherTest.run(
            "tabular",
            "train",
            "--config",
            config.toString(),
            "--models",
            "ridge,xgboost",
            "--quick",
            "--no-ensembles",
            "--no-register",
            "--out",
            tmp.resolve("taxis-out").toString());
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode metrics = new ObjectMapper().readTree(tmp.resolve("taxis-out/metrics.json").toFile());
    assertThat(metrics.path("cv_strategy").asText()).isEqualTo("time_ordered");
    assertThat(metrics.path("models").path("xgboost").path("cv_rmse").asDouble())
        .isGreaterThan(0.0)
        .isLessThan(3.0);
    String card = Files.readString(tmp.resolve("taxis-out/model-card.json"));
    assertThat(card).contains("fare_per_mile").contains("pickup");

    Path bad = tmp.resolve("bad.yml");
    Files.writeString(bad, "csv: x.csv\ntarget: tip\ncolour: red\n");
    LauncherTest.assertOneLineUsageError(
        LauncherTest.run("tabular", "train", "--config", bad.toString()), "colour");
  }

  private static Path sample(String name, long seed, double shift, double shareB) throws Exception {
    java.util.Random rnd = new java.util.Random(seed);
    StringBuilder sb = new StringBuilder("x,y,c\n");
    for (int i = 0; i < 300; i++) {
      sb.append(rnd.nextGaussian() + shift)
          .append(',')
          .append(rnd.nextGaussian() * (1 + shift))
          .append(',')
          .append(rnd.nextDouble() < shareB ? "b" : "a")
          .append('\n');
    }
    Path file = tmp.resolve(name);
    Files.writeString(file, sb);
    return file;
  }

  @Test
  void driftFlagsAShiftedSampleAndStaysQuietOnTheSameDistribution() throws Exception {
    Path reference = sample("ref.csv", 1, 0, 0.5);
    Path same = sample("same.csv", 2, 0, 0.5);
    Path shifted = sample("shifted.csv", 3, 1.0, 0.8);
    Run quiet =
        LauncherTest.run(
            "tabular",
            "drift",
            "--reference",
            reference.toString(),
            "--current",
            same.toString(),
            "--out",
            tmp.resolve("d1").toString());
    assertThat(quiet.code()).as(quiet.toString()).isZero();
    JsonNode m1 = new ObjectMapper().readTree(tmp.resolve("d1/metrics.json").toFile());
    assertThat(m1.path("dataset_drift").asBoolean()).isFalse();
    Run loud =
        LauncherTest.run(
            "tabular",
            "drift",
            "--reference",
            reference.toString(),
            "--current",
            shifted.toString(),
            "--out",
            tmp.resolve("d2").toString());
    assertThat(loud.code()).as(loud.toString()).isZero();
    JsonNode m2 = new ObjectMapper().readTree(tmp.resolve("d2/metrics.json").toFile());
    assertThat(m2.path("dataset_drift").asBoolean()).isTrue();
    assertThat(m2.path("drift_share").asDouble()).isEqualTo(1.0);
    assertThat(m2.path("columns").path("x").path("test").asText()).isEqualTo("ks");
    assertThat(m2.path("columns").path("c").path("drift").asBoolean()).isTrue();
    assertThat(tmp.resolve("d2/report.html")).isRegularFile();
    Path lacking = tmp.resolve("lacking.csv");
    Files.writeString(lacking, "x,y\n1,2\n");
    LauncherTest.assertOneLineUsageError(
        LauncherTest.run(
            "tabular",
            "drift",
            "--reference",
            reference.toString(),
            "--current",
            lacking.toString()),
        "lacks reference columns [c]");
  }

  @Test
  void pipelineRunTwiceReusesEveryTaskAndStatusListsTheRuns() {
    String[] args = {
      "pipeline",
      "run",
      "--csv",
      LauncherTest.sharedData().resolve("tabular/titanic.csv").toString(),
      "--target",
      "survived",
      "--task",
      "classification",
      "--learner",
      "logistic",
      "--name",
      "titanic-pipeline",
      "--root",
      tmp.resolve("pipe").toString(),
      "--registry",
      tmp.resolve("pipe-reg").toString()
    };
    Run first = LauncherTest.run(args);
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.out()).contains("register").contains("SUCCEEDED");
    Run second = LauncherTest.run(args);
    assertThat(second.code()).as(second.toString()).isZero();
    assertThat(second.out()).contains("SKIPPED_CACHED").doesNotContain("SUCCEEDED ");
    Run status = LauncherTest.run("pipeline", "status", "--root", tmp.resolve("pipe").toString());
    assertThat(status.code()).isZero();
    assertThat(status.out().lines().filter(l -> l.startsWith("run ")).count()).isEqualTo(2);
  }

  @Test
  void badTabularInputExitsTwoWithOneLine() throws Exception {
    LauncherTest.assertOneLineUsageError(
        LauncherTest.run("tabular", "train", "--csv", penguins().toString(), "--target", "weight"),
        "target column 'weight' not found");
    LauncherTest.assertOneLineUsageError(
        LauncherTest.run(
            "tabular", "train", "--csv", tmp.resolve("none.csv").toString(), "--target", "y"),
        "CSV file not found");
    LauncherTest.assertOneLineUsageError(
        LauncherTest.run("tabular", "train", "--dataset", "house-prices", "--no-register"),
        "is not a CSV file");
    LauncherTest.assertOneLineUsageError(
        LauncherTest.run("tabular", "train", "--dataset", "nope"),
        "unknown tabular data set 'nope'");
    Path lacking = tmp.resolve("lacking.csv");
    Files.writeString(lacking, "species,island\nAdelie,Torgersen\n");
    LauncherTest.assertOneLineUsageError(
        LauncherTest.run(
            "tabular",
            "predict",
            "--artifact",
            tmp.resolve("no-such-model").toString(),
            "--csv",
            lacking.toString(),
            "--out",
            tmp.resolve("x.csv").toString()),
        "model folder not found");
  }
}
