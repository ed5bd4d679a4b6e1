package dev.mle4j.rag.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.rag.generate.GeneratorException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Raw completions ({@link ChatModel#complete(String, String)}) of both LLM clients. */
class ChatModelCompletionTest {
  private static final String SYSTEM = "You are terse.";
  private static final String USER = "Say {\"ok\": true} and nothing else.";
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

  private OpenAiChatGenerator.Builder openAi() {
    return OpenAiChatGenerator.builder()
        .baseUrl(server.url("/v1"))
        .model("gpt-test")
        .environment(Map.of("OPENAI_API_KEY", "sk-raw"))
        .sleeper(sleeps::add);
  }

  private AnthropicGenerator.Builder anthropic() {
    return AnthropicGenerator.builder()
        .baseUrl(server.url(""))
        .model("claude-test")
        .maxTokens(200)
        .environment(Map.of("ANTHROPIC_API_KEY", "sk-ant-raw"))
        .sleeper(sleeps::add);
  }

  private static String openAiReply(String content, String usage) {
    return "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + content
        + "},\"finish_reason\":\"stop\"}]"
        + (usage == null ? "" : ",\"usage\":" + usage)
        + "}";
  }

  @Test
  void openAiSendsExactlySystemAndUserAndReadsUsage() throws Exception {
    server.then(
        FakeServer.json(
            200,
            openAiReply(
                "\"  {\\\"ok\\\": true}\\n\"",
                "{\"prompt_tokens\":21,\"completion_tokens\":5,\"total_tokens\":26}")));
    // streaming configured: raw mode still asks for a plain JSON response
    try (OpenAiChatGenerator g = openAi().stream(true).build()) {
      ChatModel m = g;
      Completion c = m.complete(SYSTEM, USER);
      assertThat(c.text()).isEqualTo("{\"ok\": true}");
      assertThat(c.promptTokens()).isEqualTo(21);
      assertThat(c.completionTokens()).isEqualTo(5);
      assertThat(c.usageEstimated()).isFalse();
      assertThat(c.latencyMs()).isPositive();
      assertThat(m.model()).isEqualTo("gpt-test");
    }
    FakeServer.Recorded r = server.requests().get(0);
    assertThat(r.path()).isEqualTo("/v1/chat/completions");
    assertThat(r.header("Authorization")).isEqualTo("Bearer sk-raw");
    assertThat(r.header("Accept")).isEqualTo("application/json");
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("model").asText()).isEqualTo("gpt-test");
    assertThat(body.path("stream").asBoolean()).isFalse();
    assertThat(body.has("stream_options")).isFalse();
    JsonNode messages = body.path("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
    assertThat(messages.get(0).path("content").asText()).isEqualTo(SYSTEM);
    assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
    assertThat(messages.get(1).path("content").asText()).isEqualTo(USER);
  }

  @Test
  void openAiEstimatesMissingUsageAndOmitsBlankSystem() throws Exception {
    server.then(FakeServer.json(200, openAiReply("\"fine\"", null)));
    try (OpenAiChatGenerator g = openAi().build()) {
      Completion c = g.complete("  ", USER);
      assertThat(c.text()).isEqualTo("fine");
      assertThat(c.usageEstimated()).isTrue();
      assertThat(c.promptTokens()).isEqualTo(TokenEstimator.heuristic().count(USER));
      assertThat(c.completionTokens()).isEqualTo(TokenEstimator.heuristic().count("fine"));
    }
    JsonNode messages = json.readTree(server.requests().get(0).body()).path("messages");
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).path("role").asText()).isEqualTo("user");
  }

  @Test
  void openAiErrorsAndBadInput() {
    server.then(FakeServer.json(200, "{\"choices\":[]}"));
    server.then(FakeServer.json(400, "{\"error\":{\"message\":\"model not found\"}}"));
    try (OpenAiChatGenerator g = openAi().build()) {
      assertThatThrownBy(() -> g.complete(SYSTEM, USER))
          .isInstanceOfSatisfying(
              GeneratorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE))
          .hasMessageContaining("no text at choices[0].message.content");
      assertThatThrownBy(() -> g.complete(SYSTEM, USER))
          .isInstanceOfSatisfying(
              GeneratorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
          .hasMessageContaining("model not found")
          .hasMessageNotContaining("sk-raw");
      assertThatThrownBy(() -> g.complete(SYSTEM, " "))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("user message is blank");
      assertThatThrownBy(() -> g.complete(SYSTEM, null)).isInstanceOf(MlException.class);
    }
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void anthropicSendsTopLevelSystemAndOneUserMessage() throws Exception {
    server.then(
        FakeServer.json(
            200,
            "{\"type\":\"message\",\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"{\\\"score\\\": \"},"
                + "{\"type\":\"text\",\"text\":\"4}\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":30,\"cache_read_input_tokens\":2,"
                + "\"output_tokens\":7}}"));
    try (AnthropicGenerator g = anthropic().stream(true).build()) {
      Completion c = g.complete(SYSTEM, USER);
      assertThat(c.text()).isEqualTo("{\"score\": 4}");
      assertThat(c.promptTokens()).isEqualTo(32);
      assertThat(c.completionTokens()).isEqualTo(7);
      assertThat(c.usageEstimated()).isFalse();
    }
    FakeServer.Recorded r = server.requests().get(0);
    assertThat(r.path()).isEqualTo("/v1/messages");
    assertThat(r.header("x-api-key")).isEqualTo("sk-ant-raw");
    assertThat(r.header("anthropic-version")).isEqualTo(AnthropicGenerator.API_VERSION);
    assertThat(r.header("Accept")).isEqualTo("application/json");
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("model").asText()).isEqualTo("claude-test");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(200);
    assertThat(body.path("system").asText()).isEqualTo(SYSTEM);
    assertThat(body.has("stream")).isFalse();
    JsonNode messages = body.path("messages");
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).path("role").asText()).isEqualTo("user");
    assertThat(messages.get(0).path("content").asText()).isEqualTo(USER);
  }

  @Test
  void anthropicEstimatesMissingUsageOmitsBlankSystemAndReportsErrors() throws Exception {
    server.then(FakeServer.json(200, "{\"content\":[{\"type\":\"text\",\"text\":\"yes\"}]}"));
    server.then(FakeServer.json(200, "{\"type\":\"message\"}"));
    try (AnthropicGenerator g = anthropic().build()) {
      Completion c = g.complete(null, USER);
      assertThat(c.text()).isEqualTo("yes");
      assertThat(c.usageEstimated()).isTrue();
      assertThat(c.promptTokens()).isEqualTo(TokenEstimator.heuristic().count(USER));
      assertThat(c.completionTokens()).isEqualTo(TokenEstimator.heuristic().count("yes"));
      assertThatThrownBy(() -> g.complete(SYSTEM, USER))
          .isInstanceOf(GeneratorException.class)
          .hasMessageContaining("no content array");
      assertThatThrownBy(() -> g.complete(SYSTEM, ""))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("user message is blank");
    }
    assertThat(json.readTree(server.requests().get(0).body()).has("system")).isFalse();
  }
}
