package dev.mle4j.core.serving;

import static dev.mle4j.core.serving.ModelServerTest.assertProblem;
import static dev.mle4j.core.serving.ModelServerTest.get;
import static dev.mle4j.core.serving.ModelServerTest.metrics;
import static dev.mle4j.core.serving.ModelServerTest.post;
import static dev.mle4j.core.serving.ModelServerTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.Regressor;
import dev.mle4j.core.serving.ModelServerTest.KeywordClassifier;
import dev.mle4j.core.serving.ModelServerTest.Resp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ModelServerClassifyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_TEXTS = 6;

  private static ModelServer server;

  /** A classifier of numbers (not text): instances {"x": number}. */
  static final class SignClassifier implements Classifier<Double> {
    @Override
    public Classification classify(Double x) {
      return x >= 0
          ? new Classification("positive", 1.0, Map.of("negative", 0.0, "positive", 1.0))
          : new Classification("negative", 1.0, Map.of("negative", 1.0, "positive", 0.0));
    }

    @Override
    public List<String> labels() {
      return List.of("negative", "positive");
    }

    @Override
    public ModelCard card() {
      return testCard("sign", "tabular-classification");
    }
  }

  /** A text regressor: the length of the text. */
  static final class LengthRegressor implements Regressor<String> {
    @Override
    public double predict(String text) {
      return text.length();
    }

    @Override
    public ModelCard card() {
      return testCard("length", "text-regression");
    }
  }

  static ModelCard testCard(String name, String task) {
    return new ModelCard(
        name,
        "3",
        task,
        "test/v1",
        List.of(),
        Map.of(),
        "fp",
        Map.of(),
        Instant.parse("2024-01-01T00:00:00Z"));
  }

  static final InputReader<Double> X_READER = instance -> instance.get("x").doubleValue();

  @BeforeAll
  static void startServer() {
    server =
        ModelServer.builder()
            .maxInstancesPerRequest(4)
            .maxTextsPerRequest(MAX_TEXTS)
            .batching(16, Duration.ofMillis(1), 64)
            .addModel(
                new ServedModel<>("spam", "1.0", new KeywordClassifier("spam"), TextInput.reader()))
            .addModel(
                new ServedModel<>(
                    "spam-msg", "2", new KeywordClassifier("spam-msg"), TextInput.reader("msg")))
            .addModel(new ServedModel<>("sign", "3", new SignClassifier(), X_READER))
            .addModel(
                ServedModel.ofRegressor("length", "3", new LengthRegressor(), TextInput.reader()))
            .build()
            .start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void servedModelKnowsWhetherItTakesText() {
    assertThat(
            new ServedModel<>("a", "1", new KeywordClassifier("a"), TextInput.reader()).textField())
        .contains("text");
    assertThat(
            new ServedModel<>("a", "1", new KeywordClassifier("a"), TextInput.reader("body"))
                .textField())
        .contains("body");
    assertThat(new ServedModel<>("a", "1", new SignClassifier(), X_READER).textField()).isEmpty();
  }

  @Test
  void classifiesOneText() throws Exception {
    Resp r = post(server, "/v1/models/spam/classify", "{\"text\": \"Win a FREE cruise\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(body.get("label").asText()).isEqualTo("spam");
    assertThat(body.get("confidence").asDouble()).isEqualTo(0.9);
    assertThat(body.get("scores").get("ham").asDouble()).isEqualTo(0.1);
    assertThat(body.get("scores").get("spam").asDouble()).isEqualTo(0.9);
    assertThat(body.get("model").asText()).isEqualTo("spam");
    assertThat(body.get("version").asText()).isEqualTo("1.0");
    assertThat(body.get("latency_ms").asDouble()).isGreaterThanOrEqualTo(0);
    assertThat(body.has("results")).isFalse();
  }

  @Test
  void classifiesAListInInputOrder() throws Exception {
    List<String> texts = List.of("hello", "free money", "see you", "FREE entry", "lunch?", "free");
    String body =
        texts.stream()
            .map(t -> "\"" + t + "\"")
            .collect(Collectors.joining(",", "{\"texts\":[", "]}"));
    Resp r = post(server, "/v1/models/spam/classify", body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode json = r.json();
    List<String> labels = new ArrayList<>();
    json.get("results").forEach(n -> labels.add(n.get("label").asText()));
    assertThat(labels).containsExactly("ham", "spam", "ham", "spam", "ham", "spam");
    JsonNode second = json.get("results").get(1);
    assertThat(second.get("confidence").asDouble()).isEqualTo(0.9);
    assertThat(second.get("scores").get("spam").asDouble()).isEqualTo(0.9);
    assertThat(second.has("model")).isFalse();
    assertThat(json.get("model").asText()).isEqualTo("spam");
    assertThat(json.get("version").asText()).isEqualTo("1.0");
    assertThat(json.get("latency_ms").asDouble()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void classifyMapsTextToTheModelsOwnField() throws Exception {
    Resp r = post(server, "/v1/models/spam-msg/classify", "{\"texts\": [\"free\", \"hi\"]}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("results").get(0).get("label").asText()).isEqualTo("spam");
    assertThat(r.json().get("results").get(1).get("label").asText()).isEqualTo("ham");
    assertThat(r.json().get("version").asText()).isEqualTo("2");
  }

  @Test
  void topKWorksLikeOnPredict() throws Exception {
    Resp r = post(server, "/v1/models/spam/classify?top_k=1", "{\"texts\": [\"free\"]}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode best = r.json().get("results").get(0).get("top_k");
    assertThat(best).hasSize(1);
    assertThat(best.get(0).get("label").asText()).isEqualTo("spam");
    assertProblem(
        post(server, "/v1/models/spam/classify?top_k=0", "{\"text\": \"free\"}"),
        400,
        "invalid-request",
        "'top_k' must be a positive integer");
  }

  @Test
  void badBodiesGetClearProblems() throws Exception {
    String path = "/v1/models/spam/classify";
    assertProblem(post(server, path, "{\"text\": "), 400, "malformed-json", "not valid JSON");
    assertProblem(post(server, path, ""), 400, "malformed-json", "{\"texts\": [");
    assertProblem(post(server, path, "[\"a\"]"), 400, "invalid-request", "got array");
    assertProblem(post(server, path, "{}"), 422, "invalid-input", "'text' (one string) or 'texts'");
    assertProblem(
        post(server, path, "{\"text\": \"\"}"), 422, "invalid-input", "must not be empty");
    assertProblem(
        post(server, path, "{\"text\": \"  \"}"), 422, "invalid-input", "'text' must not be empty");
    assertProblem(
        post(server, path, "{\"text\": 3}"), 422, "invalid-input", "must be a string, got number");
    assertProblem(
        post(server, path, "{\"text\": null}"), 422, "invalid-input", "must be a string, got null");
    assertProblem(
        post(server, path, "{\"texts\": \"hello\"}"),
        422,
        "invalid-input",
        "'texts' must be an array of strings, got string");
    assertProblem(
        post(server, path, "{\"texts\": []}"), 422, "invalid-input", "at least one string");
    assertProblem(
        post(server, path, "{\"text\": \"a\", \"texts\": [\"b\"]}"),
        422,
        "invalid-input",
        "not both");
    assertProblem(
        send("{\"text\": \"free\"}", "text/plain"), 415, "unsupported-media-type", "text/plain");
  }

  @Test
  void aBadItemIsNamedByItsIndex() throws Exception {
    Resp r = post(server, "/v1/models/spam/classify", "{\"texts\": [\"ok\", \"fine\", 5]}");
    assertProblem(r, 422, "invalid-input", "texts[2] must be a string, got number");
    assertThat(r.json().get("index").asInt()).isEqualTo(2);
    assertThat(r.json().get("field").asText()).isEqualTo("texts");
    Resp blank = post(server, "/v1/models/spam/classify", "{\"texts\": [\"ok\", \" \"]}");
    assertProblem(blank, 422, "invalid-input", "texts[1] must not be empty");
    assertThat(blank.json().get("index").asInt()).isEqualTo(1);
  }

  @Test
  void tooManyTextsStateTheLimit() throws Exception {
    String body =
        IntStream.range(0, MAX_TEXTS + 1)
            .mapToObj(i -> "\"t" + i + "\"")
            .collect(Collectors.joining(",", "{\"texts\":[", "]}"));
    Resp r = post(server, "/v1/models/spam/classify", body);
    assertProblem(r, 413, "too-many-instances", "7 texts exceed the limit of 6 per request");
    assertThat(r.json().get("limit").asInt()).isEqualTo(MAX_TEXTS);
  }

  @Test
  void unknownModelNonTextModelAndRegressorAreRejected() throws Exception {
    assertProblem(
        post(server, "/v1/models/nope/classify", "{\"text\": \"x\"}"),
        404,
        "unknown-model",
        "unknown model 'nope'");
    Resp sign = post(server, "/v1/models/sign/classify", "{\"text\": \"x\"}");
    assertProblem(
        sign, 400, "invalid-request", "model 'sign' does not take text; classify is for text");
    assertThat(sign.detail()).contains("use POST /v1/models/sign/predict");
    assertProblem(
        post(server, "/v1/models/length/classify", "{\"text\": \"x\"}"),
        400,
        "invalid-request",
        "model 'length' is a regressor; classify is for text classifiers");
  }

  @Test
  void classifyIsCountedInTheModelsMetrics() throws Exception {
    double before =
        zeroIfNaN(
            sample(
                metrics(server), "mle4j_requests_total", "model=\"spam-msg\"", "status=\"200\""));
    post(server, "/v1/models/spam-msg/classify", "{\"text\": \"hi\"}");
    assertThat(
            sample(metrics(server), "mle4j_requests_total", "model=\"spam-msg\"", "status=\"200\""))
        .isEqualTo(before + 1);
  }

  @Test
  void unknownRoutesListClassifyAndBatches() throws Exception {
    assertProblem(get(server, "/v1/nothing"), 404, "not-found", "POST /v1/models/{name}/classify");
    assertProblem(get(server, "/v1/nothing"), 404, "not-found", "GET /v1/models/{name}/batches");
  }

  @Test
  void textsGoToThePredictionLogLikePredictInstances(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("predictions.jsonl");
    try (PredictionLog log = PredictionLog.builder(file).build()) {
      try (ModelServer s =
          ModelServer.builder()
              .predictionLog(log)
              .addModel(
                  new ServedModel<>(
                      "spam", "1.0", new KeywordClassifier("spam"), TextInput.reader()))
              .build()
              .start()) {
        Resp r =
            ModelServerTest.send(
                ModelServerTest.request(s, "/v1/models/spam/classify")
                    .header("Content-Type", "application/json")
                    .header("X-Request-Id", "req-42")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"texts\": [\"free gift\", \"hello\"]}"))
                    .build());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
      }
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.get("request_id").asText()).isEqualTo("req-42");
    assertThat(first.get("model").asText()).isEqualTo("spam");
    assertThat(first.get("input").get("text").asText()).isEqualTo("free gift");
    assertThat(first.get("label").asText()).isEqualTo("spam");
    assertThat(JSON.readTree(lines.get(1)).get("label").asText()).isEqualTo("ham");
  }

  @Test
  void builderChecksTheTextLimitAgainstTheQueue() {
    assertThatThrownBy(
            () ->
                ModelServer.builder()
                    .batching(8, Duration.ZERO, 100)
                    .maxInstancesPerRequest(10)
                    .maxTextsPerRequest(101)
                    .build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("queueCapacity (100) must be at least maxTextsPerRequest (101)");
    assertThatThrownBy(() -> ModelServer.builder().maxTextsPerRequest(0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("maxTextsPerRequest must be at least 1");
  }

  private static Resp send(String body, String contentType) throws Exception {
    return ModelServerTest.send(
        ModelServerTest.request(server, "/v1/models/spam/classify")
            .header("Content-Type", contentType)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static double zeroIfNaN(double v) {
    return Double.isNaN(v) ? 0 : v;
  }
}
