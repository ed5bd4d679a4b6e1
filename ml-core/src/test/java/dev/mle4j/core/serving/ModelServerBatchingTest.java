package dev.mle4j.core.serving;

import static dev.mle4j.core.serving.ModelServerTest.assertProblem;
import static dev.mle4j.core.serving.ModelServerTest.get;
import static dev.mle4j.core.serving.ModelServerTest.metrics;
import static dev.mle4j.core.serving.ModelServerTest.post;
import static dev.mle4j.core.serving.ModelServerTest.postAsync;
import static dev.mle4j.core.serving.ModelServerTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.serving.ModelServerTest.KeywordClassifier;
import dev.mle4j.core.serving.ModelServerTest.Resp;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ModelServerBatchingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A text classifier whose batch calls wait for {@link #release} and record their sizes. */
  static final class Gate {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Integer> sizes = new CopyOnWriteArrayList<>();

    ServedModel<String> served(String name) {
      KeywordClassifier plain = new KeywordClassifier(name);
      KeywordClassifier gated =
          new KeywordClassifier(
              name,
              inputs -> {
                sizes.add(inputs.size());
                entered.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return inputs.stream().map(plain::classify).toList();
              });
      return new ServedModel<>(name, "1", gated, TextInput.reader());
    }

    Gate open() {
      release.countDown();
      return this;
    }
  }

  private static void awaitQueueDepth(ModelServer s, String model, int depth) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    double seen = 0;
    while (System.nanoTime() < deadline) {
      seen = sample(metrics(s), "mle4j_queue_depth", "model=\"" + model + "\"");
      if (seen >= depth) {
        break;
      }
      Thread.sleep(5);
    }
    assertThat(seen).as("queue depth of " + model).isEqualTo(depth);
  }

  private static JsonNode batches(ModelServer s, String query) throws Exception {
    Resp r = get(s, "/v1/models/m/batches" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    return r.json();
  }

  private static List<Integer> recentSizes(JsonNode report) {
    List<Integer> sizes = new ArrayList<>();
    report.get("recent").forEach(n -> sizes.add(n.get("size").asInt()));
    return sizes;
  }

  private static JsonNode body(CompletableFuture<HttpResponse<String>> f) throws Exception {
    HttpResponse<String> r = f.get(20, TimeUnit.SECONDS);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void concurrentClassifyRequestsShareBatchesAndTheReportMatchesTheModel() throws Exception {
    Gate gate = new Gate();
    try (ModelServer s =
        ModelServer.builder()
            .batching(16, Duration.ofMillis(2), 64)
            .maxInstancesPerRequest(8)
            .addModel(gate.served("m"))
            .build()
            .start()) {
      CompletableFuture<HttpResponse<String>> a =
          postAsync(s, "/v1/models/m/classify", "{\"text\": \"free one\"}");
      gate.entered.await();
      // the model is busy: three more requests (five texts) queue up behind it
      CompletableFuture<HttpResponse<String>> b =
          postAsync(s, "/v1/models/m/classify", "{\"texts\": [\"hi\", \"free two\"]}");
      CompletableFuture<HttpResponse<String>> c =
          postAsync(s, "/v1/models/m/classify", "{\"texts\": [\"free three\", \"bye\"]}");
      CompletableFuture<HttpResponse<String>> d =
          postAsync(s, "/v1/models/m/classify", "{\"text\": \"later\"}");
      awaitQueueDepth(s, "m", 5);
      gate.open();
      assertThat(body(a).get("label").asText()).isEqualTo("spam");
      JsonNode rb = body(b).get("results");
      assertThat(rb.get(0).get("label").asText()).isEqualTo("ham");
      assertThat(rb.get(1).get("label").asText()).isEqualTo("spam");
      JsonNode rc = body(c).get("results");
      assertThat(rc.get(0).get("label").asText()).isEqualTo("spam");
      assertThat(rc.get(1).get("label").asText()).isEqualTo("ham");
      assertThat(body(d).get("label").asText()).isEqualTo("ham");

      assertThat(gate.sizes).containsExactly(1, 5);
      JsonNode report = batches(s, "");
      assertThat(report.get("model").asText()).isEqualTo("m");
      assertThat(report.get("version").asText()).isEqualTo("1");
      JsonNode summary = report.get("summary");
      assertThat(summary.get("batches").asLong()).isEqualTo(gate.sizes.size());
      assertThat(summary.get("items").asLong()).isEqualTo(6);
      assertThat(summary.get("mean_batch_size").asDouble()).isEqualTo(3.0);
      assertThat(summary.get("size_histogram").toString()).isEqualTo("{\"1\":1,\"5\":1}");
      assertThat(summary.get("mean_infer_ms").isNumber()).isTrue();
      assertThat(summary.get("mean_collect_ms").isNumber()).isTrue();
      assertThat(summary.get("p50_infer_ms").asDouble())
          .isLessThanOrEqualTo(summary.get("p99_infer_ms").asDouble());
      double expectedQps =
          1
              * summary.get("mean_batch_size").asDouble()
              / (summary.get("mean_infer_ms").asDouble() / 1000);
      assertThat(summary.get("predicted_max_qps").asDouble())
          .isCloseTo(expectedQps, org.assertj.core.api.Assertions.within(expectedQps * 1e-6));
      assertThat(summary.get("shed").asLong()).isZero();
      assertThat(recentSizes(report)).isEqualTo(gate.sizes);
      assertThat(report.get("recent").get(1).get("queue_depth_after").asInt()).isZero();
      assertThat(report.get("recent").get(1).get("infer_ms").isNumber()).isTrue();
      // the Prometheus histogram saw the same batches
      String m = metrics(s);
      assertThat(sample(m, "mle4j_batch_size_count", "model=\"m\"")).isEqualTo(2);
      assertThat(sample(m, "mle4j_batch_size_sum", "model=\"m\"")).isEqualTo(6);
    }
  }

  @Test
  void reportShowsTheBatchingOptions() throws Exception {
    try (ModelServer s =
        ModelServer.builder()
            .batching(8, Duration.ofMillis(3), 64)
            .maxInstancesPerRequest(8)
            .batchWorkers(2)
            .preferredBatchSizes(2, 4)
            .maxQueueWait(Duration.ofMillis(250))
            .addModel(new Gate().open().served("m"))
            .build()
            .start()) {
      JsonNode report = batches(s, "");
      JsonNode batching = report.get("batching");
      assertThat(batching.get("max_batch_size").asInt()).isEqualTo(8);
      assertThat(batching.get("max_queue_delay_ms").asDouble()).isEqualTo(3.0);
      assertThat(batching.get("preferred_batch_sizes").toString()).isEqualTo("[2,4]");
      assertThat(batching.get("workers").asInt()).isEqualTo(2);
      assertThat(batching.get("queue_capacity").asInt()).isEqualTo(64);
      assertThat(batching.get("max_queue_wait_ms").asDouble()).isEqualTo(250.0);
      JsonNode summary = report.get("summary");
      assertThat(summary.get("batches").asLong()).isZero();
      assertThat(summary.get("items").asLong()).isZero();
      assertThat(summary.get("mean_batch_size").isNull()).isTrue();
      assertThat(summary.get("predicted_max_qps").isNull()).isTrue();
      assertThat(summary.get("size_histogram").isEmpty()).isTrue();
      assertThat(report.get("recent").isEmpty()).isTrue();
    }
  }

  @Test
  void preferredSizeAnswersWithoutWaitingOutTheQueueDelay() throws Exception {
    Gate gate = new Gate().open();
    try (ModelServer s =
        ModelServer.builder()
            .batching(8, Duration.ofSeconds(10), 64)
            .maxInstancesPerRequest(8)
            .preferredBatchSizes(2)
            .addModel(gate.served("m"))
            .build()
            .start()) {
      CompletableFuture<HttpResponse<String>> r =
          postAsync(s, "/v1/models/m/classify", "{\"texts\": [\"free a\", \"b\"]}");
      // with the 10 s delay and no preferred size this would not complete within 5 s
      HttpResponse<String> done = r.get(5, TimeUnit.SECONDS);
      assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
      JsonNode results = JSON.readTree(done.body()).get("results");
      assertThat(results.get(0).get("label").asText()).isEqualTo("spam");
      assertThat(results.get(1).get("label").asText()).isEqualTo("ham");
      assertThat(gate.sizes).containsExactly(2);
    }
  }

  @Test
  void staleRequestsAreShedWith503AndRetryAfter() throws Exception {
    Gate gate = new Gate();
    try (ModelServer s =
        ModelServer.builder()
            .batching(8, Duration.ZERO, 64)
            .maxInstancesPerRequest(8)
            .maxQueueWait(Duration.ofMillis(50))
            .addModel(gate.served("m"))
            .build()
            .start()) {
      CompletableFuture<HttpResponse<String>> first =
          postAsync(s, "/v1/models/m/classify", "{\"text\": \"one\"}");
      gate.entered.await();
      CompletableFuture<HttpResponse<String>> late =
          postAsync(s, "/v1/models/m/classify", "{\"texts\": [\"two\", \"three\"]}");
      awaitQueueDepth(s, "m", 2);
      Thread.sleep(300); // the queued texts now wait far longer than the 50 ms limit
      gate.open();
      assertThat(body(first).get("label").asText()).isEqualTo("ham");
      HttpResponse<String> shed = late.get(20, TimeUnit.SECONDS);
      Resp r =
          new Resp(
              shed.statusCode(),
              shed.headers().firstValue("Content-Type").orElse(""),
              shed.body(),
              shed);
      assertProblem(r, 503, "overloaded", "model 'm' is overloaded: the request waited");
      assertThat(r.detail()).contains("longer than the limit of 50 ms");
      assertThat(shed.headers().firstValue("Retry-After")).contains("1");
      assertThat(gate.sizes).containsExactly(1);
      // the answer went out when the first text was shed; the worker sheds the second right after
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      JsonNode summary = batches(s, "").get("summary");
      while (summary.get("shed").asLong() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
        summary = batches(s, "").get("summary");
      }
      assertThat(summary.get("shed").asLong()).isEqualTo(2);
      assertThat(summary.get("batches").asLong()).isEqualTo(1);
      assertThat(sample(metrics(s), "mle4j_shed_requests_total", "model=\"m\"")).isEqualTo(2);
      // fresh requests are served again
      assertThat(post(s, "/v1/models/m/classify", "{\"text\": \"free\"}").status()).isEqualTo(200);
    }
  }

  @Test
  void fullQueueAnswersClassifyWith503AndRetryAfter() throws Exception {
    Gate gate = new Gate();
    try (ModelServer s =
        ModelServer.builder()
            .batching(1, Duration.ZERO, 2)
            .maxInstancesPerRequest(2)
            .maxTextsPerRequest(2)
            .addModel(gate.served("m"))
            .build()
            .start()) {
      CompletableFuture<HttpResponse<String>> first =
          postAsync(s, "/v1/models/m/classify", "{\"text\": \"one\"}");
      gate.entered.await();
      CompletableFuture<HttpResponse<String>> second =
          postAsync(s, "/v1/models/m/classify", "{\"texts\": [\"two\", \"three\"]}");
      awaitQueueDepth(s, "m", 2);
      Resp third = post(s, "/v1/models/m/classify", "{\"text\": \"four\"}");
      assertProblem(third, 503, "overloaded", "queue of 2 requests is full");
      assertThat(third.raw().headers().firstValue("Retry-After")).contains("1");
      gate.open();
      body(first);
      assertThat(body(second).get("results")).hasSize(2);
    }
  }

  @Test
  void resetReturnsTheWindowAndClearsIt() throws Exception {
    Gate gate = new Gate().open();
    try (ModelServer s =
        ModelServer.builder()
            .batching(16, Duration.ZERO, 64)
            .maxInstancesPerRequest(8)
            .addModel(gate.served("m"))
            .build()
            .start()) {
      for (int i = 0; i < 3; i++) {
        assertThat(post(s, "/v1/models/m/classify", "{\"text\": \"t" + i + "\"}").status())
            .isEqualTo(200);
      }
      JsonNode window = batches(s, "?reset=true");
      assertThat(window.get("summary").get("batches").asLong()).isEqualTo(3);
      assertThat(window.get("summary").get("items").asLong()).isEqualTo(3);
      assertThat(window.get("summary").get("size_histogram").toString()).isEqualTo("{\"1\":3}");
      assertThat(recentSizes(window)).containsExactly(1, 1, 1);

      JsonNode empty = batches(s, "");
      assertThat(empty.get("summary").get("batches").asLong()).isZero();
      assertThat(empty.get("summary").get("items").asLong()).isZero();
      assertThat(empty.get("summary").get("size_histogram").isEmpty()).isTrue();
      assertThat(empty.get("summary").get("mean_batch_size").isNull()).isTrue();
      assertThat(empty.get("recent").isEmpty()).isTrue();

      int callsBefore = gate.sizes.size();
      assertThat(post(s, "/v1/models/m/classify", "{\"texts\": [\"a\", \"b\"]}").status())
          .isEqualTo(200);
      List<Integer> newCalls = gate.sizes.subList(callsBefore, gate.sizes.size());
      JsonNode after = batches(s, "?recent=1");
      assertThat(after.get("summary").get("items").asLong()).isEqualTo(2);
      assertThat(after.get("summary").get("batches").asLong()).isEqualTo(newCalls.size());
      assertThat(after.get("recent")).hasSize(1);
      assertThat(after.get("recent").get(0).get("size").asInt()).isEqualTo(newCalls.getLast());
    }
  }

  @Test
  void badReportQueriesAndUnknownModelsAreRejected() throws Exception {
    try (ModelServer s =
        ModelServer.builder().addModel(new Gate().open().served("m")).build().start()) {
      assertProblem(
          get(s, "/v1/models/m/batches?reset=maybe"),
          400,
          "invalid-request",
          "'reset' must be true or false");
      assertProblem(
          get(s, "/v1/models/m/batches?recent=-1"),
          400,
          "invalid-request",
          "'recent' must be a non-negative integer");
      assertProblem(get(s, "/v1/models/x/batches"), 404, "unknown-model", "unknown model 'x'");
    }
  }

  @Test
  void withoutBatchingEachDirectCallIsOneBatch() throws Exception {
    Gate gate = new Gate().open();
    try (ModelServer s =
        ModelServer.builder().noBatching().addModel(gate.served("m")).build().start()) {
      assertThat(post(s, "/v1/models/m/classify", "{\"texts\": [\"a\", \"b\", \"c\"]}").status())
          .isEqualTo(200);
      assertThat(post(s, "/v1/models/m/predict", "{\"text\": \"free\"}").status()).isEqualTo(200);
      JsonNode report = batches(s, "");
      assertThat(report.get("batching").isNull()).isTrue();
      JsonNode summary = report.get("summary");
      assertThat(summary.get("batches").asLong()).isEqualTo(2);
      assertThat(summary.get("items").asLong()).isEqualTo(4);
      assertThat(summary.get("size_histogram").toString()).isEqualTo("{\"1\":1,\"3\":1}");
      assertThat(summary.get("predicted_max_qps").isNull()).isTrue();
      assertThat(recentSizes(report)).containsExactly(3, 1).isEqualTo(gate.sizes);
      assertThat(report.get("recent").get(0).get("collect_ms").asDouble()).isZero();
    }
  }

  @Test
  void batchLogWritesOneLinePerBatch(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("logs/batches.jsonl");
    Gate gate = new Gate().open();
    long reported;
    try (ModelServer s =
        ModelServer.builder()
            .batching(16, Duration.ZERO, 64)
            .maxInstancesPerRequest(8)
            .batchLog(file)
            .addModel(gate.served("m"))
            .build()
            .start()) {
      for (int i = 0; i < 3; i++) {
        assertThat(post(s, "/v1/models/m/classify", "{\"text\": \"t" + i + "\"}").status())
            .isEqualTo(200);
      }
      reported = batches(s, "").get("summary").get("batches").asLong();
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize((int) reported).hasSize(gate.sizes.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode line = JSON.readTree(lines.get(i));
      assertThat(line.get("model").asText()).isEqualTo("m");
      assertThat(line.get("version").asText()).isEqualTo("1");
      assertThat(line.get("size").asInt()).isEqualTo(gate.sizes.get(i));
      assertThat(line.get("infer_ms").isNumber()).isTrue();
      assertThat(line.get("collect_ms").isNumber()).isTrue();
      assertThat(line.get("queue_depth_after").asInt()).isZero();
      assertThat(line.get("time").asText()).isNotBlank();
    }
  }

  @Test
  void aBatchLogThatCannotBeOpenedFailsTheStart(@TempDir Path dir) throws Exception {
    Path blocker = Files.writeString(dir.resolve("file"), "x");
    ModelServer s =
        ModelServer.builder()
            .batchLog(blocker.resolve("batches.jsonl"))
            .addModel(new Gate().open().served("m"))
            .build();
    assertThatThrownBy(s::start)
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cannot open batch log");
  }

  @Test
  void builderValidatesBatchingOptions() {
    assertThatThrownBy(
            () ->
                ModelServer.builder()
                    .batching(32, Duration.ZERO, 1024)
                    .preferredBatchSizes(4, 64)
                    .build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("preferred batch size 64 exceeds maxBatchSize 32");
    assertThatThrownBy(() -> ModelServer.builder().preferredBatchSizes(4, 2))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("ascending and distinct, got [4, 2]");
    assertThatThrownBy(() -> ModelServer.builder().preferredBatchSizes(2).noBatching().build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("need batching on");
    assertThatThrownBy(
            () -> ModelServer.builder().maxQueueWait(Duration.ofMillis(5)).noBatching().build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("need batching on");
    assertThatThrownBy(() -> ModelServer.builder().maxQueueWait(Duration.ofMillis(-1)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("maxQueueWait must be positive");
    assertThatThrownBy(() -> ModelServer.builder().batchHistorySize(0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("batchHistorySize must be in 1..1000000");
  }
}
