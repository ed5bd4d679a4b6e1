package dev.mle4j.rag;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Generator;
import dev.mle4j.core.serving.ModelServer;
import dev.mle4j.rag.generate.ExtractiveGenerator;
import dev.mle4j.rag.generate.OpenAiChatGenerator;
import dev.mle4j.rag.index.IndexTestSupport;
import dev.mle4j.rag.ingest.Chunker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RAG endpoints served by a real {@link ModelServer} on a free loopback port. */
class RagEndpointsTest {
  @TempDir static Path tmp;

  private static KnowledgeBase kb;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void buildKnowledgeBase() throws Exception {
    Path docs = tmp.resolve("docs");
    KnowledgeBaseTest.writeDocs(docs);
    kb =
        KnowledgeBase.openOrCreate(
            tmp.resolve("kb"),
            "test-docs",
            KnowledgeBaseTest.embedders(new AtomicInteger())
                .open(IndexTestSupport.EMBEDDER, EmbedderOptions.defaults()));
    kb.ingest(docs, Chunker.defaults(), null);
  }

  @AfterAll
  static void close() {
    kb.close();
  }

  private static ModelServer serve(Generator generator) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RagService service =
        RagService.builder(kb.retriever("hybrid", null), generator)
            .topK(3)
            .maxQuestionChars(200)
            .generatorName("g")
            .meterRegistry(registry)
            .build();
    ModelServer.Builder b = ModelServer.builder().port(0).meterRegistry(registry);
    RagEndpoints.create(service, kb, "hybrid").forEach(b::addEndpoint);
    return b.build().start();
  }

  private static HttpResponse<String> post(ModelServer s, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(s.baseUri().resolve("/v1/rag/ask"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(ModelServer s, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(s.baseUri().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void asksAndFetchesCitedChunks() throws Exception {
    try (ModelServer s = serve(ExtractiveGenerator.defaults())) {
      HttpResponse<String> r =
          post(s, "{\"question\":\"Which TCP port does the server listen on?\"}");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("answer").asText()).contains("5432");
      JsonNode citation = body.get("citations").get(0);
      assertThat(citation.get("source").asText()).isEqualTo("ports.txt");
      assertThat(body.get("tokens").get("prompt").asInt()).isPositive();
      assertThat(body.get("latency_ms").asDouble()).isPositive();

      String id = URLEncoder.encode(citation.get("id").asText(), StandardCharsets.UTF_8);
      HttpResponse<String> chunk = get(s, "/v1/rag/chunk?id=" + id);
      assertThat(chunk.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(chunk.body()).get("text").asText()).contains("5432");

      JsonNode info = JSON.readTree(get(s, "/v1/rag/info").body());
      assertThat(info.get("corpus").asText()).isEqualTo("test-docs");
      assertThat(info.get("chunks").asInt()).isEqualTo(3);

      HttpResponse<String> metrics = get(s, "/metrics");
      assertThat(metrics.body()).contains("mle4j_rag_questions_total");
    }
  }

  @Test
  void badRequestsGetProblemJson() throws Exception {
    try (ModelServer s = serve(ExtractiveGenerator.defaults())) {
      HttpResponse<String> empty = post(s, "{\"question\":\"   \"}");
      assertThat(empty.statusCode()).isEqualTo(400);
      assertThat(empty.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(JSON.readTree(empty.body()).get("detail").asText()).isEqualTo("question is empty");

      HttpResponse<String> tooLong = post(s, "{\"question\":\"" + "why ".repeat(60) + "\"}");
      assertThat(tooLong.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(tooLong.body()).get("detail").asText())
          .contains("the limit is 200 characters");

      assertThat(post(s, "{\"q\":\"x\"}").statusCode()).isEqualTo(400);
      assertThat(post(s, "{\"question\":\"x\",\"top_k\":\"five\"}").statusCode()).isEqualTo(400);
      assertThat(post(s, "{\"question\":\"x\",\"top_k\":99}").statusCode()).isEqualTo(400);
      assertThat(post(s, "not json").statusCode()).isEqualTo(400);
      assertThat(get(s, "/v1/rag/chunk?id=nope%230").statusCode()).isEqualTo(404);
      assertThat(get(s, "/v1/rag/chunk").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void llmEndpointDownIsA502() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (OpenAiChatGenerator llm =
            OpenAiChatGenerator.builder()
                .baseUrl("http://127.0.0.1:" + closedPort + "/v1")
                .model("m")
                .environment(Map.of())
                .maxRetries(0)
                .build();
        ModelServer s = serve(llm)) {
      HttpResponse<String> r = post(s, "{\"question\":\"Which TCP port?\"}");
      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(JSON.readTree(r.body()).get("detail").asText()).contains("unreachable");
    }
  }

  @Test
  void llmEndpointTimeoutIsA504() throws Exception {
    HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    slow.createContext(
        "/",
        exchange -> {
          try {
            Thread.sleep(3000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    slow.start();
    try (OpenAiChatGenerator llm =
            OpenAiChatGenerator.builder()
                .baseUrl("http://127.0.0.1:" + slow.getAddress().getPort() + "/v1")
                .model("m")
                .environment(Map.of())
                .requestTimeout(Duration.ofMillis(300))
                .maxRetries(0)
                .build();
        ModelServer s = serve(llm)) {
      HttpResponse<String> r = post(s, "{\"question\":\"Which TCP port?\"}");
      assertThat(r.statusCode()).isEqualTo(504);
      assertThat(JSON.readTree(r.body()).get("detail").asText()).contains("timed out");
    } finally {
      slow.stop(0);
    }
  }
}
