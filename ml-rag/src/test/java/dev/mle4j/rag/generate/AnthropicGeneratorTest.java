package dev.mle4j.rag.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.mle4j.core.Question;
import dev.mle4j.rag.generate.GeneratorException.Kind;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnthropicGeneratorTest {
  private static final String KEY = "sk-ant-test-999";
  private static final Question QUESTION = new Question("What does VACUUM do?");
  private final ObjectMapper json = new ObjectMapper();
  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch stall = new CountDownLatch(1);
  private FakeServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer();
  }

  @AfterEach
  void stop() {
    stall.countDown();
    server.close();
  }

  private AnthropicGenerator.Builder builder() {
    return AnthropicGenerator.builder()
        .baseUrl(server.url(""))
        .model("claude-test")
        .maxTokens(300)
        .environment(Map.of("ANTHROPIC_API_KEY", KEY))
        .sleeper(sleeps::add);
  }

  @Test
  void nonStreamingSendsMessagesApiRequest() throws Exception {
    server.then(
        FakeServer.json(
            200,
            "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"VACUUM reclaims storage \"},"
                + "{\"type\":\"text\",\"text\":\"held by dead tuples [3].\"}],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":410,\"output_tokens\":12}}"));
    try (AnthropicGenerator g = builder().build()) {
      Generation gen = g.generateDetailed(QUESTION, TestChunks.postgres(), null);
      assertThat(gen.answer().text()).isEqualTo("VACUUM reclaims storage held by dead tuples [3].");
      assertThat(gen.answer().citations())
          .extracting(c -> c.chunk().id())
          .containsExactly("sql-vacuum.html#0");
      assertThat(gen.answer().promptTokens()).isEqualTo(410);
      assertThat(gen.answer().completionTokens()).isEqualTo(12);
      assertThat(gen.usageEstimated()).isFalse();
      assertThat(gen.finishReason()).isEqualTo("end_turn");
    }
    FakeServer.Recorded r = server.requests().get(0);
    assertThat(r.path()).isEqualTo("/v1/messages");
    assertThat(r.header("x-api-key")).isEqualTo(KEY);
    assertThat(r.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(r.header("content-type")).startsWith("application/json");
    assertThat(r.header("Authorization")).isNull();
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("model").asText()).isEqualTo("claude-test");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(300);
    assertThat(body.path("system").asText()).isEqualTo(PromptBuilder.DEFAULT_SYSTEM_PROMPT);
    assertThat(body.path("messages")).hasSize(1);
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
    assertThat(body.path("messages").get(0).path("content").asText())
        .startsWith("Sources:\n[1] ")
        .endsWith("Question: What does VACUUM do?");
    assertThat(body.has("stream")).isFalse();
  }

  @Test
  void baseUrlEndingInV1IsNotDoubled() {
    server.then(FakeServer.json(200, "{\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}"));
    try (AnthropicGenerator g = builder().baseUrl(server.url("/v1/")).build()) {
      Generation gen = g.generateDetailed(QUESTION, TestChunks.postgres(), null);
      assertThat(gen.usageEstimated()).isTrue();
    }
    assertThat(server.requests().get(0).path()).isEqualTo("/v1/messages");
  }

  @Test
  void streamingReadsEvents() throws Exception {
    server.then(
        FakeServer.sse(
            List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\","
                    + "\"usage\":{\"input_tokens\":250,\"output_tokens\":1}}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "event: ping\ndata: {\"type\":\"ping\"}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"It reclaims\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\" storage [3].\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                "event: message_delta\ndata: {\"type\":\"message_delta\","
                    + "\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":6}}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}")));
    List<String> tokens = new ArrayList<>();
    try (AnthropicGenerator g = builder().stream(true).build()) {
      Generation gen = g.generateDetailed(QUESTION, TestChunks.postgres(), tokens::add);
      assertThat(gen.answer().text()).isEqualTo("It reclaims storage [3].");
      assertThat(tokens).containsExactly("It reclaims", " storage [3].");
      assertThat(gen.answer().promptTokens()).isEqualTo(250);
      assertThat(gen.answer().completionTokens()).isEqualTo(6);
      assertThat(gen.finishReason()).isEqualTo("end_turn");
      assertThat(gen.answer().citations()).hasSize(1);
    }
    assertThat(json.readTree(server.requests().get(0).body()).path("stream").asBoolean()).isTrue();
  }

  @Test
  void overloadedIsRetriedAndErrorEventFails() {
    server
        .then(
            FakeServer.json(
                529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))
        .then(
            FakeServer.sse(
                List.of(
                    "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}",
                    "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"Overloaded\"}}")));
    try (AnthropicGenerator g = builder().stream(true).build()) {
      assertThatThrownBy(() -> g.generate(QUESTION, TestChunks.postgres()))
          .isInstanceOfSatisfying(
              GeneratorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SERVER))
          .hasMessageContaining("reported an error mid-stream: Overloaded");
    }
    assertThat(server.requests()).hasSize(2);
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void stalledStreamTimesOut() {
    server.then(
        (HttpExchange ex) -> {
          ex.getResponseHeaders().add("Content-Type", "text/event-stream");
          ex.sendResponseHeaders(200, 0);
          OutputStream out = ex.getResponseBody();
          out.write(
              ("event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
                      + "\"delta\":{\"type\":\"text_delta\",\"text\":\"partial\"}}\n\n")
                  .getBytes(StandardCharsets.UTF_8));
          out.flush();
          try {
            stall.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    List<String> tokens = new ArrayList<>();
    try (AnthropicGenerator g =
        builder().stream(true).requestTimeout(Duration.ofMillis(300)).build()) {
      assertThatThrownBy(() -> g.generateDetailed(QUESTION, TestChunks.postgres(), tokens::add))
          .isInstanceOfSatisfying(
              GeneratorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
          .hasMessageContaining("timed out after 300 ms waiting for more of the streamed response");
    }
    assertThat(tokens).containsExactly("partial");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void unauthorizedWithoutKeySaysTheVariableIsUnset() {
    server.then(
        FakeServer.json(
            401,
            "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"x\"}}"));
    try (AnthropicGenerator g = builder().environment(Map.of()).build()) {
      assertThatThrownBy(() -> g.generate(QUESTION, TestChunks.postgres()))
          .isInstanceOfSatisfying(
              GeneratorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
          .hasMessageContaining("rejected the API key (HTTP 401)")
          .hasMessageContaining("environment variable ANTHROPIC_API_KEY is not set");
    }
    assertThat(server.requests().get(0).header("x-api-key")).isNull();
  }
}
