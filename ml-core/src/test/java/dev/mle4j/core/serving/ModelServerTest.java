package dev.mle4j.core.serving;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ModelServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final String PROBLEM = "application/problem+json";

  private static ModelServer server;

  /** A deterministic text classifier: "free" anywhere means spam. */
  static class KeywordClassifier implements Classifier<String> {
    private final String name;
    private final Function<List<String>, List<Classification>> batch;

    KeywordClassifier(String name) {
      this.name = name;
      this.batch = null;
    }

    KeywordClassifier(String name, Function<List<String>, List<Classification>> batch) {
      this.name = name;
      this.batch = batch;
    }

    @Override
    public Classification classify(String text) {
      boolean spam = text.toLowerCase(Locale.ROOT).contains("free");
      return spam
          ? new Classification("spam", 0.9, Map.of("ham", 0.1, "spam", 0.9))
          : new Classification("ham", 0.8, Map.of("ham", 0.8, "spam", 0.2));
    }

    @Override
    public List<Classification> classifyAll(List<String> inputs) {
      return batch == null ? Classifier.super.classifyAll(inputs) : batch.apply(inputs);
    }

    List<Classification> plain(List<String> inputs) {
      return Classifier.super.classifyAll(inputs);
    }

    @Override
    public List<String> labels() {
      return List.of("ham", "spam");
    }

    @Override
    public ModelCard card() {
      return new ModelCard(
          name,
          "1.0",
          "text-classification",
          "keyword/v1",
          labels(),
          Map.of("accuracy", 1.0),
          "abc",
          Map.of("keyword", "free"),
          Instant.parse("2024-01-01T00:00:00Z"));
    }
  }

  /** Returns one output too few for batches containing "bad", throws for "explode". */
  static KeywordClassifier broken() {
    KeywordClassifier[] self = new KeywordClassifier[1];
    self[0] =
        new KeywordClassifier(
            "broken",
            inputs -> {
              if (inputs.contains("explode")) {
                throw new IllegalStateException("tensor shape mismatch in layer 3");
              }
              List<Classification> out = self[0].plain(inputs);
              return inputs.contains("bad") ? out.subList(0, out.size() - 1) : out;
            });
    return self[0];
  }

  @BeforeAll
  static void startServer() {
    server =
        ModelServer.builder()
            .maxBodyBytes(4096)
            .maxInstancesPerRequest(5)
            .batching(16, Duration.ofMillis(2), 64)
            .homePage("<html><body>mle4j</body></html>")
            .addModel(
                new ServedModel<>("spam", "1.0", new KeywordClassifier("spam"), TextInput.reader()))
            .addModel(new ServedModel<>("broken", "2", broken(), TextInput.reader()))
            .build()
            .start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  // ---------------------------------------------------------------- helpers

  record Resp(int status, String contentType, String body, HttpResponse<String> raw) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }

    String detail() throws IOException {
      return json().get("detail").asText();
    }
  }

  static Resp send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Resp(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
  }

  static HttpRequest.Builder request(ModelServer s, String path) {
    return HttpRequest.newBuilder(s.baseUri().resolve(path)).timeout(Duration.ofSeconds(20));
  }

  static Resp get(ModelServer s, String path) throws Exception {
    return send(request(s, path).GET().build());
  }

  static Resp post(ModelServer s, String path, String body) throws Exception {
    return send(
        request(s, path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  static CompletableFuture<HttpResponse<String>> postAsync(
      ModelServer s, String path, String body) {
    return HTTP.sendAsync(
        request(s, path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void assertProblem(Resp r, int status, String type, String detailPart) throws Exception {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith(PROBLEM);
    JsonNode p = r.json();
    assertThat(p.get("type").asText()).isEqualTo("https://mle4j.dev/problems/" + type);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("title").asText()).isNotBlank();
    assertThat(p.get("instance").asText()).startsWith("/");
    assertThat(p.get("detail").asText()).contains(detailPart);
    assertThat(r.body()).doesNotContain("\tat ").doesNotContain("at dev.mle4j");
  }

  static String metrics(ModelServer s) throws Exception {
    Resp r = get(s, "/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/plain");
    return r.body();
  }

  /** The value of the first sample of {@code name} whose labels contain every given label. */
  static double sample(String metrics, String name, String... labels) {
    for (String line : metrics.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      boolean all = true;
      for (String label : labels) {
        all &= line.contains(label);
      }
      if (all) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }

  // ---------------------------------------------------------------- happy paths

  @Test
  void predictsOneInstance() throws Exception {
    Resp r = post(server, "/v1/models/spam/predict", "{\"text\": \"Win a FREE cruise\"}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(body.get("label").asText()).isEqualTo("spam");
    assertThat(body.get("confidence").asDouble()).isEqualTo(0.9);
    assertThat(body.get("scores").get("ham").asDouble()).isEqualTo(0.1);
    assertThat(body.get("scores").get("spam").asDouble()).isEqualTo(0.9);
    assertThat(body.get("model").asText()).isEqualTo("spam");
    assertThat(body.get("version").asText()).isEqualTo("1.0");
    assertThat(body.get("latency_ms").asDouble()).isGreaterThanOrEqualTo(0);
    assertThat(r.raw().headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void predictsABatchInOrder() throws Exception {
    Resp r =
        post(
            server,
            "/v1/models/spam/predict",
            "{\"instances\": [{\"text\": \"hello\"}, {\"text\": \"free money\"}, {\"text\":"
                + " \"see you\"}]}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.get("predictions")).hasSize(3);
    assertThat(body.get("predictions").get(0).get("label").asText()).isEqualTo("ham");
    assertThat(body.get("predictions").get(1).get("label").asText()).isEqualTo("spam");
    assertThat(body.get("predictions").get(1).get("scores").get("spam").asDouble()).isEqualTo(0.9);
    assertThat(body.get("predictions").get(2).get("label").asText()).isEqualTo("ham");
    assertThat(body.get("model").asText()).isEqualTo("spam");
    assertThat(body.get("version").asText()).isEqualTo("1.0");
    assertThat(body.has("latency_ms")).isTrue();
  }

  @Test
  void listsModelsAndServesTheirCards() throws Exception {
    Resp list = get(server, "/v1/models");
    assertThat(list.status()).isEqualTo(200);
    JsonNode models = list.json();
    assertThat(models.isArray()).isTrue();
    assertThat(models).hasSize(2);
    JsonNode spam = models.get(0);
    assertThat(spam.get("name").asText()).isEqualTo("spam");
    assertThat(spam.get("version").asText()).isEqualTo("1.0");
    assertThat(spam.get("task").asText()).isEqualTo("text-classification");
    assertThat(spam.get("labels").toString()).isEqualTo("[\"ham\",\"spam\"]");
    assertThat(spam.get("metrics").get("accuracy").asDouble()).isEqualTo(1.0);

    Resp card = get(server, "/v1/models/spam");
    assertThat(card.status()).isEqualTo(200);
    assertThat(card.json().get("format").asText()).isEqualTo("keyword/v1");
    assertThat(card.json().get("created_at").asText()).isEqualTo("2024-01-01T00:00:00Z");

    assertProblem(get(server, "/v1/models/nope"), 404, "unknown-model", "spam, broken");
  }

  @Test
  void servesHealthReadinessAndHomePage() throws Exception {
    Resp health = get(server, "/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("UP");
    Resp ready = get(server, "/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").asText()).isEqualTo("UP");
    assertThat(server.isReady()).isTrue();
    Resp home = get(server, "/");
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.contentType()).startsWith("text/html");
    assertThat(home.body()).contains("mle4j");
  }

  @Test
  void keepsTheClientsRequestId() throws Exception {
    Resp r = send(request(server, "/health").header("X-Request-Id", "abc-123").GET().build());
    assertThat(r.raw().headers().firstValue("X-Request-Id")).contains("abc-123");
  }

  // ---------------------------------------------------------------- errors

  @Test
  void malformedJsonNamesLineAndColumn() throws Exception {
    Resp r = post(server, "/v1/models/spam/predict", "{\n  \"text\": \"hi\",,\n}");
    assertProblem(r, 400, "malformed-json", "line 2, column");
    assertThat(r.json().get("line").asInt()).isEqualTo(2);
    assertProblem(
        post(server, "/v1/models/spam/predict", "{\"text\": "), 400, "malformed-json", "line 1");
    assertProblem(post(server, "/v1/models/spam/predict", ""), 400, "malformed-json", "empty");
    assertProblem(
        post(server, "/v1/models/spam/predict", "{\"text\": \"a\"} {\"text\": \"b\"}"),
        400,
        "malformed-json",
        "line 1");
    assertProblem(
        post(server, "/v1/models/spam/predict", "[{\"text\": \"a\"}]"),
        400,
        "invalid-request",
        "must be a JSON object");
  }

  @Test
  void invalidFieldsAreNamed() throws Exception {
    Resp missing = post(server, "/v1/models/spam/predict", "{\"txt\": \"hi\"}");
    assertProblem(missing, 422, "invalid-input", "field 'text' is required");
    assertThat(missing.json().get("field").asText()).isEqualTo("text");
    assertProblem(
        post(server, "/v1/models/spam/predict", "{\"text\": 42}"),
        422,
        "invalid-input",
        "field 'text' must be a string");
    assertProblem(
        post(server, "/v1/models/spam/predict", "{\"text\": \"   \"}"),
        422,
        "invalid-input",
        "field 'text' must not be empty");

    Resp inBatch =
        post(
            server,
            "/v1/models/spam/predict",
            "{\"instances\": [{\"text\": \"ok\"}, {\"text\": null}]}");
    assertProblem(inBatch, 422, "invalid-input", "instances[1]: field 'text' must be a string");
    assertThat(inBatch.json().get("index").asInt()).isEqualTo(1);
    assertProblem(
        post(server, "/v1/models/spam/predict", "{\"instances\": [{\"text\": \"ok\"}, \"x\"]}"),
        422,
        "invalid-input",
        "instances[1] must be a JSON object");
    assertProblem(
        post(server, "/v1/models/spam/predict", "{\"instances\": {\"text\": \"ok\"}}"),
        422,
        "invalid-input",
        "field 'instances' must be an array");
  }

  @Test
  void emptyOrTooManyInstancesAreRejected() throws Exception {
    assertProblem(
        post(server, "/v1/models/spam/predict", "{\"instances\": []}"),
        400,
        "empty-instances",
        "must not be empty");
    String six = "{\"instances\": [" + "{\"text\": \"a\"},".repeat(5) + "{\"text\": \"a\"}]}";
    assertProblem(
        post(server, "/v1/models/spam/predict", six),
        413,
        "too-many-instances",
        "6 instances exceed the limit of 5");
  }

  @Test
  void aSmallBatchingQueueBoundsTheInstancesPerRequest() throws Exception {
    // the recommended overload setting (queue of 64) must start without an explicit instance limit
    try (ModelServer small =
        ModelServer.builder()
            .port(0)
            .batching(8, Duration.ZERO, 4)
            .addModel(ServedModel.of(new KeywordClassifier("spam"), TextInput.reader()))
            .build()) {
      small.start();
      String four = "{\"instances\": [" + "{\"text\": \"a\"},".repeat(3) + "{\"text\": \"a\"}]}";
      assertThat(post(small, "/v1/models/spam/predict", four).status()).isEqualTo(200);
      String five = "{\"instances\": [" + "{\"text\": \"a\"},".repeat(4) + "{\"text\": \"a\"}]}";
      assertProblem(
          post(small, "/v1/models/spam/predict", five),
          413,
          "too-many-instances",
          "5 instances exceed the limit of 4");
    }
  }

  @Test
  void unknownModelListsTheAvailableOnes() throws Exception {
    Resp r = post(server, "/v1/models/hams/predict", "{\"text\": \"hi\"}");
    assertProblem(r, 404, "unknown-model", "unknown model 'hams'; available models: spam, broken");
    assertThat(r.json().get("available").toString()).isEqualTo("[\"spam\",\"broken\"]");
  }

  @Test
  void bodiesOverTheLimitAreRejected() throws Exception {
    String big = "{\"text\": \"" + "a".repeat(5000) + "\"}";
    assertProblem(
        post(server, "/v1/models/spam/predict", big),
        413,
        "body-too-large",
        "exceeds the limit of 4096 bytes");
    // chunked: no Content-Length, so the limit is enforced on the bytes read
    HttpRequest chunked =
        request(server, "/v1/models/spam/predict")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(big.getBytes())))
            .build();
    assertProblem(send(chunked), 413, "body-too-large", "exceeds the limit of 4096 bytes");
    // a small chunked body is fine
    HttpRequest smallChunked =
        request(server, "/v1/models/spam/predict")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream("{\"text\": \"free\"}".getBytes())))
            .build();
    assertThat(send(smallChunked).status()).isEqualTo(200);
  }

  @Test
  void wrongOrMissingContentTypeIsRejected() throws Exception {
    assertProblem(
        send(
            request(server, "/v1/models/spam/predict")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}"))
                .build()),
        415,
        "unsupported-media-type",
        "expected application/json");
    assertProblem(
        send(
            request(server, "/v1/models/spam/predict")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}"))
                .build()),
        415,
        "unsupported-media-type",
        "missing Content-Type");
    Resp withCharset =
        send(
            request(server, "/v1/models/spam/predict")
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}"))
                .build());
    assertThat(withCharset.status()).isEqualTo(200);
  }

  @Test
  void wrongMethodAndUnknownRoute() throws Exception {
    assertProblem(
        send(request(server, "/v1/models").DELETE().build()),
        405,
        "method-not-allowed",
        "method DELETE is not allowed on /v1/models");
    Resp getPredict = get(server, "/v1/models/spam/predict");
    assertProblem(getPredict, 405, "method-not-allowed", "not allowed");
    assertThat(getPredict.raw().headers().firstValue("Allow")).contains("POST");
    assertProblem(get(server, "/v2/nothing"), 404, "not-found", "no route for GET /v2/nothing");
  }

  @Test
  void httpLevelErrorsAreProblemsToo() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write("GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(UTF_8));
      String response = new String(socket.getInputStream().readAllBytes(), UTF_8);
      assertThat(response).startsWith("HTTP/1.1 400");
      assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
      assertThat(response).contains("\"status\":400").doesNotContain("<html");
    }
  }

  @Test
  void modelReturningTheWrongCountFailsCleanlyAndRecovers() throws Exception {
    Resp bad = post(server, "/v1/models/broken/predict", "{\"text\": \"bad\"}");
    assertProblem(bad, 500, "model-failure", "model returned 0 outputs for 1 inputs");
    assertThat(bad.detail()).startsWith("model 'broken' (version '2') failed");
    Resp next = post(server, "/v1/models/broken/predict", "{\"text\": \"free\"}");
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.json().get("label").asText()).isEqualTo("spam");
  }

  @Test
  void modelExceptionIsA500WithoutStackTrace() throws Exception {
    Resp r = post(server, "/v1/models/broken/predict", "{\"text\": \"explode\"}");
    assertProblem(r, 500, "model-failure", "tensor shape mismatch in layer 3");
    assertThat(r.body()).doesNotContain("IllegalStateException");
    assertThat(post(server, "/v1/models/broken/predict", "{\"text\": \"ok\"}").status())
        .isEqualTo(200);
  }

  @Test
  void metricsShowRequestsAndBatchSizes() throws Exception {
    assertThat(post(server, "/v1/models/spam/predict", "{\"text\": \"free\"}").status())
        .isEqualTo(200);
    post(server, "/v1/models/spam/predict", "{\"text\": 1}");
    get(server, "/no/such/route");
    String m = metrics(server);
    assertThat(sample(m, "mle4j_requests_total", "model=\"none\"", "status=\"404\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(sample(m, "mle4j_requests_total", "model=\"spam\"", "status=\"200\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(sample(m, "mle4j_requests_total", "model=\"spam\"", "status=\"422\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(sample(m, "mle4j_batch_size_count", "model=\"spam\"")).isGreaterThanOrEqualTo(1);
    assertThat(m).contains("mle4j_request_latency_seconds_bucket{");
    assertThat(m).contains("mle4j_batch_size_bucket{");
    assertThat(m).contains("mle4j_batch_inference_seconds_count{");
    assertThat(sample(m, "mle4j_queue_depth", "model=\"spam\"")).isEqualTo(0);
  }

  // ---------------------------------------------------------------- other configurations

  @Test
  void apiKeyProtectsTheApiButNotHealth() throws Exception {
    try (ModelServer s =
        ModelServer.builder()
            .apiKey("s3cret")
            .addModel(ServedModel.of(new KeywordClassifier("spam"), TextInput.reader()))
            .build()
            .start()) {
      assertProblem(
          post(s, "/v1/models/spam/predict", "{\"text\": \"hi\"}"), 401, "unauthorized", "missing");
      Resp wrong = send(request(s, "/v1/models").header("X-API-Key", "guess").GET().build());
      assertProblem(wrong, 401, "unauthorized", "invalid API key");
      Resp right =
          send(
              request(s, "/v1/models/spam/predict")
                  .header("X-API-Key", "s3cret")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}"))
                  .build());
      assertThat(right.status()).isEqualTo(200);
      assertThat(get(s, "/health").status()).isEqualTo(200);
      assertThat(get(s, "/ready").status()).isEqualTo(200);
      assertThat(sample(metrics(s), "mle4j_requests_total", "status=\"401\"")).isEqualTo(2);
    }
  }

  @Test
  void concurrentRequestsAreMergedIntoBatches() throws Exception {
    KeywordClassifier slow =
        new KeywordClassifier(
            "slow",
            inputs -> {
              try {
                Thread.sleep(20);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return inputs.stream().map(t -> new KeywordClassifier("x").classify(t)).toList();
            });
    try (ModelServer s =
        ModelServer.builder()
            .batching(64, Duration.ofMillis(20), 256)
            .maxInstancesPerRequest(32)
            .addModel(new ServedModel<>("slow", "1", slow, TextInput.reader()))
            .build()
            .start()) {
      List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        String text = i % 2 == 0 ? "free " + i : "hello " + i;
        responses.add(postAsync(s, "/v1/models/slow/predict", "{\"text\": \"" + text + "\"}"));
      }
      for (int i = 0; i < 32; i++) {
        HttpResponse<String> r = responses.get(i).get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("label").asText())
            .isEqualTo(i % 2 == 0 ? "spam" : "ham");
      }
      String m = metrics(s);
      assertThat(sample(m, "mle4j_batch_size_sum", "model=\"slow\"")).isEqualTo(32);
      assertThat(sample(m, "mle4j_batch_size_max", "model=\"slow\"")).isGreaterThan(1);
      assertThat(sample(m, "mle4j_batch_size_count", "model=\"slow\"")).isLessThan(32);
    }
  }

  @Test
  void fullQueueAnswers503WithRetryAfter() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    KeywordClassifier gated =
        new KeywordClassifier(
            "gated",
            inputs -> {
              entered.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return inputs.stream().map(t -> new KeywordClassifier("x").classify(t)).toList();
            });
    try (ModelServer s =
        ModelServer.builder()
            .batching(1, Duration.ZERO, 1)
            .maxInstancesPerRequest(1)
            .addModel(new ServedModel<>("gated", "1", gated, TextInput.reader()))
            .build()
            .start()) {
      CompletableFuture<HttpResponse<String>> first =
          postAsync(s, "/v1/models/gated/predict", "{\"text\": \"one\"}");
      entered.await();
      CompletableFuture<HttpResponse<String>> second =
          postAsync(s, "/v1/models/gated/predict", "{\"text\": \"two\"}");
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (sample(metrics(s), "mle4j_queue_depth", "model=\"gated\"") < 1
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Resp third = post(s, "/v1/models/gated/predict", "{\"text\": \"three\"}");
      assertProblem(third, 503, "overloaded", "model 'gated' is overloaded");
      assertThat(third.raw().headers().firstValue("Retry-After")).contains("1");
      release.countDown();
      assertThat(first.get().statusCode()).isEqualTo(200);
      assertThat(second.get().statusCode()).isEqualTo(200);
      assertThat(sample(metrics(s), "mle4j_requests_total", "model=\"gated\"", "status=\"503\""))
          .isEqualTo(1);
    }
  }

  @Test
  void modelThatDoesNotAnswerInTimeGets504() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    KeywordClassifier stuck =
        new KeywordClassifier(
            "stuck",
            inputs -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return inputs.stream().map(t -> new KeywordClassifier("x").classify(t)).toList();
            });
    try (ModelServer s =
        ModelServer.builder()
            .requestTimeout(Duration.ofMillis(200))
            .addModel(new ServedModel<>("stuck", "1", stuck, TextInput.reader()))
            .build()
            .start()) {
      Resp r = post(s, "/v1/models/stuck/predict", "{\"text\": \"hi\"}");
      assertProblem(r, 504, "model-timeout", "did not answer within 200 ms");
      release.countDown();
      assertThat(post(s, "/v1/models/stuck/predict", "{\"text\": \"hi\"}").status()).isEqualTo(200);
    }
  }

  @Test
  void worksWithoutBatchingAndLogsPredictions(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("predictions.jsonl");
    try (PredictionLog log = PredictionLog.builder(file).build()) {
      try (ModelServer s =
          ModelServer.builder()
              .noBatching()
              .predictionLog(log)
              .addModel(
                  new ServedModel<>(
                      "spam", "1.0", new KeywordClassifier("spam"), TextInput.reader()))
              .addModel(new ServedModel<>("broken", "2", broken(), TextInput.reader()))
              .build()
              .start()) {
        Resp one =
            send(
                request(s, "/v1/models/spam/predict")
                    .header("Content-Type", "application/json")
                    .header("X-Request-Id", "r-1")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"free\"}"))
                    .build());
        assertThat(one.status()).isEqualTo(200);
        Resp two =
            post(
                s,
                "/v1/models/spam/predict",
                "{\"instances\": [{\"text\": \"a\"}, {\"text\": \"free b\"}]}");
        assertThat(two.json().get("predictions").get(1).get("label").asText()).isEqualTo("spam");
        assertProblem(
            post(
                s,
                "/v1/models/broken/predict",
                "{\"instances\": [{\"text\": \"bad\"}, {\"text\": \"x\"}]}"),
            500,
            "model-failure",
            "model returned 1 outputs for 2 inputs");
        assertThat(post(s, "/v1/models/broken/predict", "{\"text\": \"x\"}").status())
            .isEqualTo(200);
        String m = metrics(s);
        assertThat(sample(m, "mle4j_batch_size_max", "model=\"spam\"")).isEqualTo(2);
        assertThat(m).contains("mle4j_prediction_log_dropped_total");
      }
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(4);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.get("request_id").asText()).isEqualTo("r-1");
    assertThat(first.get("model").asText()).isEqualTo("spam");
    assertThat(first.get("input").get("text").asText()).isEqualTo("free");
    assertThat(first.get("label").asText()).isEqualTo("spam");
    assertThat(JSON.readTree(lines.get(2)).get("input").get("text").asText()).isEqualTo("free b");
  }

  @Test
  void readinessTurns503DuringShutdown() throws Exception {
    ModelServer s =
        ModelServer.builder()
            .shutdownGracePeriod(Duration.ofSeconds(2))
            .addModel(ServedModel.of(new KeywordClassifier("spam"), TextInput.reader()))
            .build();
    assertThat(s.isReady()).isFalse();
    s.start();
    assertThat(get(s, "/ready").status()).isEqualTo(200);
    CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
    long deadline = System.nanoTime() + 1_500_000_000L;
    Resp ready = get(s, "/ready");
    while (ready.status() == 200 && System.nanoTime() < deadline) {
      ready = get(s, "/ready");
    }
    assertProblem(ready, 503, "not-ready", "shutting down");
    closing.get();
    assertThat(s.isReady()).isFalse();
    s.close(); // idempotent
  }

  @Test
  void builderAndModelsRejectBadOptions() {
    assertThatThrownBy(() -> ModelServer.builder().port(70_000))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("port");
    assertThatThrownBy(() -> ModelServer.builder().maxBodyBytes(0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("maxBodyBytes");
    assertThatThrownBy(() -> ModelServer.builder().apiKey(" "))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(
            () ->
                new ServedModel<>("has space", "1", new KeywordClassifier("x"), TextInput.reader()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'has space'");
    assertThatThrownBy(
            () ->
                ModelServer.builder()
                    .batching(8, Duration.ZERO, 10)
                    .maxInstancesPerRequest(11)
                    .build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("queueCapacity (10) must be at least maxInstancesPerRequest (11)");
    ServedModel<String> m = ServedModel.of(new KeywordClassifier("spam"), TextInput.reader());
    assertThatThrownBy(() -> ModelServer.builder().addModel(m).addModel(m))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'spam' is added twice");
  }

  @Test
  void portInUseIsAClearError() {
    ModelServer other = ModelServer.builder().port(server.port()).build();
    assertThatThrownBy(other::start)
        .isInstanceOf(MlException.class)
        .hasMessageContaining("127.0.0.1:" + server.port());
    assertThat(other.isReady()).isFalse();
  }
}
