package dev.mle4j.rag.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Answer;
import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Question;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.eval.EvalQuestion;
import dev.mle4j.rag.eval.GenerationEvaluator;
import dev.mle4j.rag.eval.GenerationResults;
import dev.mle4j.rag.eval.MetricScore;
import dev.mle4j.rag.eval.QuestionType;
import dev.mle4j.rag.eval.RagSample;
import dev.mle4j.rag.eval.SampleScores;
import dev.mle4j.rag.generate.LlmSettings.Provider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JudgeGeneratorTest {
  private static final String CONTEXT =
      "PostgreSQL supports the JSONB type for binary JSON storage.";
  private final ObjectMapper json = new ObjectMapper();
  private FakeServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String openAiReply(String content) {
    return "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + new ObjectMapper().valueToTree(content)
        + "},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":8}}";
  }

  /** Answers each judge prompt with the canned verdict for its metric. */
  private FakeServer.Responder verdicts() {
    return ex -> {
      List<FakeServer.Recorded> seen = server.requests();
      String body = seen.get(seen.size() - 1).body();
      String user = json.readTree(body).path("messages").path(1).path("content").asText();
      String reply;
      if (user.contains("atomic factual statements")) {
        reply =
            "{\"statements\": [{\"statement\": \"PostgreSQL supports JSONB\", \"supported\": true},"
                + " {\"statement\": \"JSONB is slow\", \"supported\": false}]}";
      } else if (user.contains("how directly")) {
        reply = "```json\n{\"score\": 5, \"reason\": \"direct\"}\n```";
      } else if (user.contains("REFERENCE sentence")) {
        reply =
            "{\"sentences\": [{\"sentence\": \"s1\", \"attributed\": true},"
                + " {\"sentence\": \"s2\", \"attributed\": true}]}";
      } else if (user.contains("against a reference answer")) {
        reply = "{\"verdict\": \"partially_correct\", \"reason\": \"adds an error\"}";
      } else {
        reply = "unexpected prompt";
      }
      FakeServer.json(200, openAiReply(reply)).respond(ex);
    };
  }

  private static RagSample sample(String answer) {
    EvalQuestion q =
        new EvalQuestion(
            "q1",
            QuestionType.FACTUAL,
            "Which type stores binary JSON?",
            "PostgreSQL supports JSONB. It stores binary JSON.",
            List.of("datatype-json.html"),
            Map.of(),
            "");
    ScoredChunk c =
        new ScoredChunk(
            new Chunk("datatype-json.html#0", CONTEXT, Map.of("source", "datatype-json.html")),
            0.9);
    return new RagSample(
        q, List.of(c), List.of(c), new Answer(answer, List.of(), 100, 10, 5.0), 1.0, 0.0, 5.0);
  }

  private Map<String, String> judgeEnv() {
    return Map.of(
        "MLE4J_JUDGE_PROVIDER", "openai",
        "MLE4J_JUDGE_BASE_URL", server.url("/v1"),
        "MLE4J_JUDGE_MODEL", "judge-model",
        "MLE4J_JUDGE_API_KEY_ENV", "JUDGE_KEY",
        "JUDGE_KEY", "sk-judge-secret");
  }

  @Test
  void generationEvaluatorGetsVerdictsFromTheEndpoint() throws Exception {
    for (int i = 0; i < 4; i++) {
      server.then(verdicts());
    }
    String answer = "PostgreSQL supports JSONB. JSONB is slow.";
    GenerationResults r;
    try (JudgeGenerator judge = Generators.judgeFromEnvironment(judgeEnv()).orElseThrow()) {
      assertThat(judge.model()).isEqualTo("judge-model");
      GenerationEvaluator e =
          GenerationEvaluator.builder().judge(judge, judge.model()).progressEvery(0).build();
      r = e.evaluate(List.of(sample(answer)));
    }
    SampleScores sc = r.samples().get(0);
    assertThat(sc.refused()).isFalse();
    for (String metric :
        List.of("faithfulness", "answer_relevancy", "context_recall", "answer_correctness")) {
      MetricScore m = sc.primary(metric).orElseThrow();
      assertThat(m.method()).as(metric).isEqualTo("llm-judge:judge-model");
      assertThat(m.value()).as(metric + " " + m.note()).isPresent();
    }
    assertThat(sc.value("faithfulness")).isCloseTo(0.5, within(1e-9));
    assertThat(sc.value("answer_relevancy")).isCloseTo(1.0, within(1e-9));
    assertThat(sc.value("context_recall")).isCloseTo(1.0, within(1e-9));
    assertThat(sc.value("answer_correctness")).isCloseTo(0.5, within(1e-9));
    assertThat(r.methods()).containsEntry("faithfulness", "llm-judge:judge-model");

    List<FakeServer.Recorded> requests = server.requests();
    assertThat(requests).hasSize(4);
    for (FakeServer.Recorded req : requests) {
      assertThat(req.path()).isEqualTo("/v1/chat/completions");
      assertThat(req.header("Authorization")).isEqualTo("Bearer sk-judge-secret");
      JsonNode body = json.readTree(req.body());
      assertThat(body.path("model").asText()).isEqualTo("judge-model");
      JsonNode messages = body.path("messages");
      assertThat(messages).hasSize(2);
      assertThat(messages.get(0).path("content").asText()).isEqualTo(JudgeGenerator.SYSTEM_PROMPT);
      // the judge prompt is sent unchanged: no RAG sources or question wrapper around it
      String user = messages.get(1).path("content").asText();
      assertThat(user).startsWith("You are grading").doesNotContain("Sources:");
    }
    String faithfulnessPrompt =
        json.readTree(requests.get(0).body()).path("messages").path(1).path("content").asText();
    assertThat(faithfulnessPrompt).contains(CONTEXT).contains(answer);
  }

  @Test
  void endpointFailureMakesJudgeScoresMissingNotZero() {
    server.then(FakeServer.json(400, "{\"error\":{\"message\":\"bad model\"}}"));
    server.then(FakeServer.json(200, openAiReply("I think it is fine.")));
    server.then(FakeServer.json(400, "{\"error\":{\"message\":\"bad model\"}}"));
    server.then(FakeServer.json(400, "{\"error\":{\"message\":\"bad model\"}}"));
    SampleScores sc;
    try (JudgeGenerator judge = Generators.judgeFromEnvironment(judgeEnv()).orElseThrow()) {
      sc =
          GenerationEvaluator.builder()
              .judge(judge, judge.model())
              .build()
              .score(sample("PostgreSQL supports JSONB."));
    }
    MetricScore faith = sc.primary("faithfulness").orElseThrow();
    assertThat(faith.value()).isEmpty();
    assertThat(faith.note()).contains("judge call failed").contains("bad model");
    assertThat(sc.primary("answer_relevancy").orElseThrow().value()).isEmpty();
    assertThat(sc.primary("answer_relevancy").orElseThrow().note()).contains("no JSON object");
  }

  @Test
  void judgeSendsTheQuestionUnchangedIgnoresContextAndReportsUsage() throws Exception {
    server.then(FakeServer.json(200, openAiReply(" {\"score\": 3} ")));
    List<ScoredChunk> context =
        List.of(new ScoredChunk(new Chunk("a#0", "SECRET CONTEXT", Map.of()), 1.0));
    try (JudgeGenerator judge =
        Generators.judge(
            OpenAiChatGenerator.builder()
                .baseUrl(server.url("/v1"))
                .model("m1")
                .environment(Map.of())
                .build())) {
      Answer a = judge.generate(new Question("Rate this: 42"), context);
      assertThat(a.text()).isEqualTo("{\"score\": 3}");
      assertThat(a.citations()).isEmpty();
      assertThat(a.promptTokens()).isEqualTo(50);
      assertThat(a.completionTokens()).isEqualTo(8);
      assertThat(a.latencyMs()).isPositive();
      assertThat(judge.chatModel()).isInstanceOf(OpenAiChatGenerator.class);
      assertThat(judge.toString()).contains("model=m1");
    }
    JsonNode body = json.readTree(server.requests().get(0).body());
    assertThat(body.path("messages").path(1).path("content").asText()).isEqualTo("Rate this: 42");
    assertThat(body.toString()).doesNotContain("SECRET CONTEXT");
  }

  @Test
  void judgeClosesItsModel() {
    boolean[] closed = {false};
    ChatModel fake =
        new ChatModel() {
          @Override
          public Completion complete(String system, String user) {
            return new Completion(system + "|" + user, 1, 2, true, 0.5);
          }

          @Override
          public String model() {
            return "fake";
          }

          @Override
          public void close() {
            closed[0] = true;
          }
        };
    try (JudgeGenerator judge = new JudgeGenerator(fake)) {
      assertThat(judge.generate(new Question("q"), List.of()).text())
          .isEqualTo(JudgeGenerator.SYSTEM_PROMPT + "|q");
      assertThatThrownBy(() -> judge.generate(null, List.of()))
          .isInstanceOf(NullPointerException.class);
    }
    assertThat(closed[0]).isTrue();
    assertThatThrownBy(() -> new JudgeGenerator(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void judgeSettingsFromTheEnvironment() {
    assertThat(Generators.judgeSettings(Map.of())).isEmpty();
    assertThat(Generators.judgeFromEnvironment(Map.of("MLE4J_LLM_PROVIDER", "openai"))).isEmpty();
    assertThat(
            Generators.judgeSettings(
                Map.of("MLE4J_JUDGE_PROVIDER", " None ", "MLE4J_JUDGE_MODEL", "gpt-4o")))
        .isEmpty();
    assertThat(Generators.judgeSettings(judgeEnv()))
        .contains(new LlmSettings(Provider.OPENAI, server.url("/v1"), "judge-model", "JUDGE_KEY"));
    Map<String, String> anthropic =
        Map.of(
            "MLE4J_JUDGE_PROVIDER", "Anthropic",
            "MLE4J_JUDGE_MODEL", " claude-3-5-haiku-latest ",
            "ANTHROPIC_API_KEY", "sk-ant-hidden");
    assertThat(Generators.judgeSettings(anthropic))
        .contains(new LlmSettings(Provider.ANTHROPIC, "", "claude-3-5-haiku-latest", ""));
    Optional<JudgeGenerator> j = Generators.judgeFromEnvironment(anthropic);
    try (JudgeGenerator judge = j.orElseThrow()) {
      assertThat(judge.chatModel()).isInstanceOf(AnthropicGenerator.class);
      assertThat(judge.model()).isEqualTo("claude-3-5-haiku-latest");
      assertThat(judge.toString())
          .contains("https://api.anthropic.com")
          .contains("apiKey=set")
          .doesNotContain("sk-ant-hidden");
    }
    try (JudgeGenerator judge = Generators.judgeFromEnvironment(judgeEnv()).orElseThrow()) {
      assertThat(judge.toString())
          .contains("apiKeyEnv=JUDGE_KEY")
          .doesNotContain("sk-judge-secret");
    }
  }

  @Test
  void badJudgeSettingsGiveClearErrors() {
    assertThatThrownBy(() -> Generators.judgeSettings(Map.of("MLE4J_JUDGE_PROVIDER", "gemini")))
        .isInstanceOf(MlException.class)
        .hasMessage("MLE4J_JUDGE_PROVIDER='gemini' is not one of openai, anthropic, none");
    assertThatThrownBy(() -> Generators.judgeSettings(Map.of("MLE4J_JUDGE_PROVIDER", "extractive")))
        .hasMessageContaining("extractive generator cannot judge");
    assertThatThrownBy(() -> Generators.judgeSettings(Map.of("MLE4J_JUDGE_PROVIDER", "openai")))
        .hasMessageStartingWith(
            "MLE4J_JUDGE_MODEL is not set; name the judge model for provider openai");
    assertThatThrownBy(
            () ->
                Generators.judgeSettings(
                    Map.of("MLE4J_JUDGE_PROVIDER", "anthropic", "MLE4J_JUDGE_MODEL", "  ")))
        .hasMessageStartingWith("MLE4J_JUDGE_MODEL is not set")
        .hasMessageContaining("anthropic");
    assertThatThrownBy(() -> Generators.judgeSettings(Map.of("MLE4J_JUDGE_MODEL", "gpt-4o")))
        .hasMessage(
            "MLE4J_JUDGE_PROVIDER is not set but MLE4J_JUDGE_MODEL is; set MLE4J_JUDGE_PROVIDER"
                + " to openai, anthropic or none");
    assertThatThrownBy(() -> Generators.judgeSettings(Map.of("MLE4J_JUDGE_API_KEY_ENV", "MY_KEY")))
        .hasMessageContaining("but MLE4J_JUDGE_API_KEY_ENV is");
    Map<String, String> badUrl = new HashMap<>(judgeEnv());
    badUrl.put("MLE4J_JUDGE_BASE_URL", "localhost:8080");
    assertThatThrownBy(() -> Generators.judgeFromEnvironment(badUrl))
        .isInstanceOf(MlException.class)
        .hasMessageStartingWith("MLE4J_JUDGE_BASE_URL: ")
        .hasMessageContaining("is not an http:// or https:// URL");
    assertThatThrownBy(() -> Generators.judgeSettings(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Generators.chatModel(LlmSettings.extractive(), Map.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("extractive provider has no chat model");
  }
}
