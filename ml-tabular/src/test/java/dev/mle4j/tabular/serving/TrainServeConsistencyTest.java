package dev.mle4j.tabular.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.ModelLoaders;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.core.serving.InvalidInputException;
import dev.mle4j.core.serving.ModelServer;
import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.tabular.data.ColumnSpec;
import dev.mle4j.tabular.data.DataFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The done-criterion of serving: a model trained on real data, saved, loaded and served over HTTP
 * answers every row exactly as the bulk prediction of the same rows does.
 */
@Timeout(120)
class TrainServeConsistencyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static DataFrame titanic;
  @TempDir Path tmp;

  @BeforeAll
  static void load() {
    titanic = Fixtures.titanic();
  }

  /** A row as a client would send it: numbers, strings, booleans and nulls. */
  private static ObjectNode clientJson(DataFrame frame, int row, List<ColumnSpec> columns) {
    ObjectNode o = JSON.createObjectNode();
    for (ColumnSpec c : columns) {
      Object v = frame.value(row, c.name());
      switch (c.type()) {
        case NUMERIC -> {
          double d = (Double) v;
          if (Double.isNaN(d)) {
            o.putNull(c.name());
          } else if (d == Math.rint(d)) {
            o.put(c.name(), (long) d);
          } else {
            o.put(c.name(), d);
          }
        }
        case BOOLEAN -> {
          double d = (Double) v;
          if (Double.isNaN(d)) {
            o.putNull(c.name());
          } else {
            o.put(c.name(), d == 1.0);
          }
        }
        default -> o.put(c.name(), (String) v);
      }
    }
    return o;
  }

  private static HttpResponse<String> post(ModelServer s, String model, String body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(s.baseUri() + "/v1/models/" + model + "/predict"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Test rows 600..634 that pass validation (a few may hold categories unseen in training). */
  private static int[] servableRows(TabularPredictor p) {
    List<Integer> ok = new ArrayList<>();
    List<ColumnSpec> input = p.artifact().pipeline().input();
    for (int i = 600; i < 635; i++) {
      try {
        p.validator().read(clientJson(titanic, i, input));
        ok.add(i);
      } catch (InvalidInputException e) {
        // skipped: checked separately
      }
    }
    return ok.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void servedClassifierAnswersExactlyLikeBulkPrediction() throws Exception {
    Path dir = tmp.resolve("survival");
    try (TabularArtifact a = Fixtures.classifier(titanic)) {
      a.save(dir);
    }
    try (TabularPredictor p = TabularPredictor.load(dir);
        ModelServer server =
            ModelServer.builder()
                .batching(16, Duration.ofMillis(2), 1024)
                .addModel(p.served())
                .build()
                .start()) {
      int[] rows = servableRows(p);
      assertThat(rows.length).isGreaterThanOrEqualTo(30);
      DataFrame frame = titanic.rows(rows);
      TabularPredictions bulk = p.predictFrame(frame);
      List<ColumnSpec> input = p.artifact().pipeline().input();
      ArrayNode instances = JSON.createArrayNode();
      for (int i = 0; i < rows.length; i++) {
        ObjectNode row = clientJson(frame, i, input);
        row.put("survived", 1); // an extra field a client may send: ignored
        instances.add(row);
        HttpResponse<String> r = post(server, "titanic-survival", row.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("label").asText()).isEqualTo(bulk.classification(i).label());
        for (int k = 0; k < 2; k++) {
          assertThat(body.get("scores").get(p.labels().get(k)).asDouble())
              .isCloseTo(bulk.outputs()[i][k], within(1e-12));
        }
        assertThat(body.get("confidence").asDouble())
            .isCloseTo(bulk.classification(i).confidence(), within(1e-12));
      }
      HttpResponse<String> batch =
          post(
              server,
              "titanic-survival",
              JSON.createObjectNode().set("instances", instances).toString());
      assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
      JsonNode predictions = JSON.readTree(batch.body()).get("predictions");
      assertThat(predictions).hasSize(rows.length);
      for (int i = 0; i < rows.length; i++) {
        assertThat(predictions.get(i).get("scores").get("1").asDouble())
            .isCloseTo(bulk.outputs()[i][1], within(1e-12));
      }
      // the model is not constant: both labels occur
      assertThat(bulk.classifications().stream().map(c -> c.label()).distinct()).hasSize(2);
      assertThat(p.validator().ignoredFields()).isGreaterThanOrEqualTo(rows.length);

      // invalid rows: problem+json naming the field
      ObjectNode good = clientJson(frame, 0, input);
      assertInvalid(
          server,
          "titanic-survival",
          good.deepCopy().put("sex", "alien"),
          "sex",
          "unknown category 'alien'");
      assertInvalid(
          server,
          "titanic-survival",
          good.deepCopy().put("age", "old"),
          "age",
          "not a number: 'old'");
      ObjectNode noClass = good.deepCopy();
      noClass.remove("pclass");
      assertInvalid(server, "titanic-survival", noClass, "pclass", "field 'pclass' is required");
      assertInvalid(
          server,
          "titanic-survival",
          good.deepCopy().put("fare", "Infinity"),
          "fare",
          "not a finite number");
      assertInvalid(
          server,
          "titanic-survival",
          good.deepCopy().put("adult_male", "perhaps"),
          "adult_male",
          "yes/no");
      ArrayNode mixed = JSON.createArrayNode().add(good).add(good.deepCopy().putNull("sex"));
      HttpResponse<String> bad =
          post(
              server,
              "titanic-survival",
              JSON.createObjectNode().set("instances", mixed).toString());
      assertThat(bad.statusCode()).isEqualTo(422);
      JsonNode problem = JSON.readTree(bad.body());
      assertThat(problem.get("field").asText()).isEqualTo("sex");
      assertThat(problem.get("index").asInt()).isEqualTo(1);
      assertThat(problem.get("detail").asText()).contains("instances[1]: field 'sex'");
    }
  }

  private static void assertInvalid(
      ModelServer s, String model, ObjectNode row, String field, String detail) throws Exception {
    HttpResponse<String> r = post(s, model, row.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("type").asText()).isEqualTo("https://mle4j.dev/problems/invalid-input");
    assertThat(p.get("field").asText()).isEqualTo(field);
    assertThat(p.get("detail").asText()).contains(detail);
  }

  @Test
  void registeredRegressorIsServedThroughTheModelLoader() throws Exception {
    Path dir = tmp.resolve("fare");
    try (TabularArtifact a = Fixtures.regressor(titanic)) {
      a.save(dir);
    }
    ModelRegistry registry = ModelRegistry.open(tmp.resolve("registry"));
    ModelVersion v =
        registry.register(
            "titanic-fare",
            dir,
            dev.mle4j.core.registry.ModelCardJson.read(dir.resolve("model-card.json")));
    ModelLoaders loaders = ModelLoaders.discover();
    assertThat(loaders.forCard(v.card())).isInstanceOf(TabularModelLoader.class);
    assertThat(loaders.isRegressor(v.card())).isTrue();
    ServedModel<?> served = loaders.loadServed("titanic-fare", v.version(), v.dir(), v.card());
    try (TabularPredictor p = TabularPredictor.load(dir);
        ModelServer server = ModelServer.builder().noBatching().addModel(served).build().start()) {
      assertThat(served.isRegressor()).isTrue();
      assertThat(served.card().version()).isEqualTo(v.version());
      int[] rows = servableRows(p);
      assertThat(rows.length).isGreaterThanOrEqualTo(30);
      DataFrame frame = titanic.rows(rows);
      double[] bulk = p.predictFrame(frame).values();
      List<ColumnSpec> input = p.artifact().pipeline().input();
      ArrayNode instances = JSON.createArrayNode();
      for (int i = 0; i < rows.length; i++) {
        ObjectNode row = clientJson(frame, i, input);
        instances.add(row);
        HttpResponse<String> r = post(server, "titanic-fare", row.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("prediction").asDouble()).isCloseTo(bulk[i], within(1e-12));
        assertThat(body.get("version").asText()).isEqualTo(v.version());
      }
      JsonNode predictions =
          JSON.readTree(
                  post(
                          server,
                          "titanic-fare",
                          JSON.createObjectNode().set("instances", instances).toString())
                      .body())
              .get("predictions");
      for (int i = 0; i < rows.length; i++) {
        assertThat(predictions.get(i).get("prediction").asDouble())
            .isCloseTo(bulk[i], within(1e-12));
      }
      // a real regression: predictions vary with the input
      assertThat(java.util.Arrays.stream(bulk).distinct().count()).isGreaterThan(5);
      assertInvalid(
          server,
          "titanic-fare",
          clientJson(frame, 0, input).put("embarked", "X"),
          "embarked",
          "known values: [C, Q, S]");
    } finally {
      served.closeModel();
    }
  }
}
