package dev.mle4j.rag.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Answer;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Question;
import dev.mle4j.rag.generate.GeneratorException.Kind;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiChatGeneratorTest {
  private static final String KEY = "sk-test-secret-123";
  private static final Question QUESTION = new Question("What is the default port?");
  private final ObjectMapper json = new ObjectMapper();
  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  private FakeServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private OpenAiChatGenerator.Builder builder() {
    return OpenAiChatGenerator.builder()
        .baseUrl(server.url("/v1"))
        .model("test-model")
        .environment(Map.of("OPENAI_API_KEY", KEY))
        .sleeper(sleeps::add);
  }

  private static String completion(String content, String usage) {
    return "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\""
        + content
        + "\"},\"finish_reason\":\"stop\"}]"
        + (usage == null ? "" : ",\"usage\":" + usage)
        + "}";
  }

  @Test
  void nonStreamingSendsTheWireFormatAndReadsUsageAndCitations() throws Exception {
    server.then(
        FakeServer.json(
            200,
            completion(
                "The default port is 5432 [1].",
                "{\"prompt_tokens\":321,\"completion_tokens\":9,\"total_tokens\":330}")));
    try (OpenAiChatGenerator g = builder().build()) {
      Generation gen = g.generateDetailed(QUESTION, TestChunks.postgres(), null);
      Answer a = gen.answer();
      assertThat(a.text()).isEqualTo("The default port is 5432 [1].");
      assertThat(a.citations()).hasSize(1);
      assertThat(a.citations().get(0).chunk().id()).isEqualTo("runtime-config-connection.html#0");
      assertThat(a.promptTokens()).isEqualTo(321);
      assertThat(a.completionTokens()).isEqualTo(9);
      assertThat(a.latencyMs()).isPositive();
      assertThat(gen.usageEstimated()).isFalse();
      assertThat(gen.finishReason()).isEqualTo("stop");
      assertThat(gen.model()).isEqualTo("test-model");
    }
    FakeServer.Recorded r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v1/chat/completions");
    assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("model").asText()).isEqualTo("test-model");
    assertThat(body.path("stream").asBoolean()).isFalse();
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.0);
    assertThat(body.has("stream_options")).isFalse();
    JsonNode messages = body.path("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
    assertThat(messages.get(0).path("content").asText()).contains("[1]");
    assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
    String user = messages.get(1).path("content").asText();
    assertThat(user)
        .startsWith(
            "Sources:\n[1] Connections and Authentication \u2014 Connection Settings"
                + " (runtime-config-connection.html)\n")
        .contains("[2] CREATE TABLE \u2014 Description (sql-createtable.html)")
        .contains("[3] VACUUM")
        .endsWith("Question: What is the default port?");
  }

  @Test
  void noAuthorizationHeaderWithoutKeyAndUsageEstimatedWhenAbsent() {
    server.then(FakeServer.json(200, completion("Not cited.", null)));
    try (OpenAiChatGenerator g = builder().environment(Map.of()).build()) {
      Generation gen = g.generateDetailed(QUESTION, TestChunks.postgres(), null);
      assertThat(gen.usageEstimated()).isTrue();
      assertThat(gen.answer().promptTokens()).isEqualTo(gen.prompt().estimatedTokens());
      assertThat(gen.answer().completionTokens()).isPositive();
      assertThat(gen.answer().citations()).isEmpty();
      assertThat(g.toString()).contains("apiKey=unset");
    }
    assertThat(server.requests().get(0).header("Authorization")).isNull();
  }

  @Test
  void customKeyVariableIsUsed() {
    server.then(FakeServer.json(200, completion("ok [2]", null)));
    try (OpenAiChatGenerator g =
        builder().apiKeyEnv("MY_LLM_KEY").environment(Map.of("MY_LLM_KEY", "k-2")).build()) {
      Answer a = g.generate(QUESTION, TestChunks.postgres());
      assertThat(a.citations())
          .extracting(c -> c.chunk().id())
          .containsExactly("sql-createtable.html#2");
    }
    assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer k-2");
  }

  @Test
  void streamingParsesDeltasUsageAndDone() throws Exception {
    server.then(
        FakeServer.sse(
            List.of(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"The default \"}}]}",
                ": keep-alive comment",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"port is 5432\"}}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" [1][3].\"},"
                    + "\"finish_reason\":\"stop\"}]}",
                "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":200,\"completion_tokens\":7}}",
                "data: [DONE]")));
    List<String> tokens = new ArrayList<>();
    try (OpenAiChatGenerator g = builder().stream(true).onToken(tokens::add).build()) {
      Generation gen = g.generateDetailed(QUESTION, TestChunks.postgres(), null);
      assertThat(gen.answer().text()).isEqualTo("The default port is 5432 [1][3].");
      assertThat(tokens).containsExactly("The default ", "port is 5432", " [1][3].");
      assertThat(gen.answer().promptTokens()).isEqualTo(200);
      assertThat(gen.answer().completionTokens()).isEqualTo(7);
      assertThat(gen.usageEstimated()).isFalse();
      assertThat(gen.finishReason()).isEqualTo("stop");
      assertThat(gen.answer().citations())
          .extracting(c -> c.chunk().id())
          .containsExactly("runtime-config-connection.html#0", "sql-vacuum.html#0");
    }
    JsonNode body = json.readTree(server.requests().get(0).body());
    assertThat(body.path("stream").asBoolean()).isTrue();
    assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
  }

  @Test
  void streamingWithoutUsageIsEstimatedAndPerCallCallbackWins() {
    server.then(
        FakeServer.sse(
            List.of("data: {\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}", "data: [DONE]")));
    List<String> perCall = new ArrayList<>();
    List<String> defaults = new ArrayList<>();
    try (OpenAiChatGenerator g =
        builder().stream(true).includeStreamUsage(false).onToken(defaults::add).build()) {
      Generation gen = g.generateDetailed(QUESTION, TestChunks.postgres(), perCall::add);
      assertThat(gen.usageEstimated()).isTrue();
      assertThat(perCall).containsExactly("Hello");
      assertThat(defaults).isEmpty();
    }
  }

  @Test
  void retriesServerErrorThenSucceeds() {
    server
        .then(FakeServer.json(500, "{\"error\":{\"message\":\"boom\"}}"))
        .then(FakeServer.json(200, completion("ok", null)));
    try (OpenAiChatGenerator g = builder().build()) {
      assertThat(g.generate(QUESTION, TestChunks.postgres()).text()).isEqualTo("ok");
    }
    assertThat(server.requests()).hasSize(2);
    assertThat(sleeps).hasSize(1);
    assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
  }

  @Test
  void honoursRetryAfterOn429() {
    server
        .then(
            FakeServer.json(
                429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "2")))
        .then(FakeServer.json(200, completion("ok", null)));
    try (OpenAiChatGenerator g = builder().build()) {
      assertThat(g.generate(QUESTION, TestChunks.postgres()).text()).isEqualTo("ok");
    }
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void persistentRateLimitAndServerErrorsReportTheirKind() {
    for (int i = 0; i < 4; i++) {
      server.then(FakeServer.json(429, "{}"));
    }
    try (OpenAiChatGenerator g = builder().build()) {
      assertThatThrownBy(() -> g.generate(QUESTION, TestChunks.postgres()))
          .isInstanceOfSatisfying(
              GeneratorException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.RATE_LIMIT);
                assertThat(e.httpStatus()).isEqualTo(429);
              })
          .hasMessageContaining("rate-limited the request (HTTP 429) after 4 attempts");
    }
    for (int i = 0; i < 2; i++) {
      server.then(FakeServer.json(503, "{\"error\":{\"message\":\"overloaded\"}}"));
    }
    try (OpenAiChatGenerator g = builder().maxRetries(1).build()) {
      assertThatThrownBy(() -> g.generate(QUESTION, TestChunks.postgres()))
          .isInstanceOfSatisfying(
              GeneratorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SERVER))
          .hasMessage(
              "LLM endpoint "
                  + server.url("/v1")
                  + " failed with HTTP 503 after 2 attempts:"
                  + " overloaded");
    }
    assertThat(server.requests()).hasSize(6);
  }

  @Test
  void doesNotRetryBadRequest() {
    server.then(
        FakeServer.json(
            400, "{\"error\":{\"message\":\"model 'x' not found\",\"type\":\"invalid\"}}"));
    try (OpenAiChatGenerator g = builder().build()) {
      assertThatThrownBy(() -> g.generate(QUESTION, TestChunks.postgres()))
          .isInstanceOfSatisfying(
              GeneratorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
          .hasMessageContaining("rejected the request (HTTP 400): model 'x' not found");
    }
    assertThat(server.requests()).hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void unauthorizedNamesTheVariableButNeverTheKey() {
    server.then(
        FakeServer.json(
            401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}"));
    try (OpenAiChatGenerator g = builder().build()) {
      assertThatThrownBy(() -> g.generate(QUESTION, TestChunks.postgres()))
          .isInstanceOfSatisfying(
              GeneratorException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.AUTH);
                assertThat(e.getMessage())
                    .contains("rejected the API key (HTTP 401)")
                    .contains("OPENAI_API_KEY")
                    .doesNotContain(KEY);
              });
      assertThat(g.toString()).doesNotContain(KEY).contains("apiKey=set");
    }
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void keyEchoedInErrorBodyIsScrubbed() {
    server.then(FakeServer.json(422, "{\"error\":{\"message\":\"bad key " + KEY + " here\"}}"));
    try (OpenAiChatGenerator g = builder().build()) {
      assertThatThrownBy(() -> g.generate(QUESTION, TestChunks.postgres()))
          .hasMessageContaining("bad key *** here")
          .hasMessageNotContaining(KEY);
    }
  }

  @Test
  void endpointDownIsUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String base = "http://127.0.0.1:" + port + "/v1";
    try (OpenAiChatGenerator g = builder().baseUrl(base).build()) {
      assertThatThrownBy(() -> g.generate(QUESTION, TestChunks.postgres()))
          .isInstanceOfSatisfying(
              GeneratorException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
                assertThat(e.httpStatus()).isEqualTo(-1);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "LLM endpoint "
                            + base
                            + " unreachable after 4 attempts: Connection refused")
                    .doesNotContain(KEY);
              });
    }
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void slowServerTimesOut() {
    server.then(server.hang()).then(server.hang());
    try (OpenAiChatGenerator g =
        builder().requestTimeout(Duration.ofMillis(300)).maxRetries(1).build()) {
      assertThatThrownBy(() -> g.generate(QUESTION, TestChunks.postgres()))
          .isInstanceOfSatisfying(
              GeneratorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
          .hasMessage("LLM endpoint " + server.url("/v1") + " timed out after 300 ms (2 attempts)");
    }
  }

  @Test
  void malformedResponsesAreBadResponse() {
    server
        .then(FakeServer.json(200, "<html>not json</html>"))
        .then(FakeServer.json(200, "{\"choices\":[]}"))
        .then(FakeServer.sse(List.of("data: {oops")));
    try (OpenAiChatGenerator g = builder().build()) {
      assertThatThrownBy(() -> g.generate(QUESTION, TestChunks.postgres()))
          .isInstanceOfSatisfying(
              GeneratorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE))
          .hasMessageContaining("returned a malformed response: body is not JSON");
      assertThatThrownBy(() -> g.generate(QUESTION, TestChunks.postgres()))
          .hasMessageContaining("no text at choices[0].message.content");
    }
    try (OpenAiChatGenerator g = builder().stream(true).build()) {
      assertThatThrownBy(() -> g.generate(QUESTION, TestChunks.postgres()))
          .isInstanceOfSatisfying(
              GeneratorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE))
          .hasMessageContaining("stream event is not JSON");
    }
  }

  @Test
  void emptyContextAnswersWithoutCallingTheEndpoint() {
    try (OpenAiChatGenerator g = builder().build()) {
      Answer a = g.generate(QUESTION, List.of());
      assertThat(a.text()).isEqualTo(PromptBuilder.NOT_IN_DOCUMENTS);
      assertThat(a.citations()).isEmpty();
    }
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void badOptionsAreRejected() {
    assertThatThrownBy(() -> OpenAiChatGenerator.builder().build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("model is not set");
    assertThatThrownBy(() -> OpenAiChatGenerator.builder().baseUrl("ftp://x"))
        .hasMessageContaining("is not an http:// or https:// URL");
    assertThatThrownBy(() -> OpenAiChatGenerator.builder().temperature(-1))
        .hasMessageContaining("temperature");
    assertThatThrownBy(() -> OpenAiChatGenerator.builder().maxTokens(0))
        .hasMessageContaining("maxTokens");
    assertThatThrownBy(() -> OpenAiChatGenerator.builder().model("m").maxRetries(-1).build())
        .hasMessageContaining("maxRetries");
    assertThatThrownBy(
            () -> OpenAiChatGenerator.builder().model("m").requestTimeout(Duration.ZERO).build())
        .hasMessageContaining("requestTimeout must be positive");
    assertThatThrownBy(() -> OpenAiChatGenerator.builder().apiKeyEnv(" "))
        .hasMessageContaining("apiKeyEnv is empty");
  }
}
