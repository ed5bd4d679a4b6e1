package dev.mle4j.rag.eval;

import static dev.mle4j.rag.eval.EvalFixtures.chunk;
import static dev.mle4j.rag.eval.EvalFixtures.question;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Answer;
import dev.mle4j.core.Generator;
import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.rag.CostModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RagEvaluationReportTest {

  private static final String PORT = "The default port is 5432. The default user is postgres.";

  private final List<EvalQuestion> questions =
      List.of(
          question(
              "q1",
              QuestionType.FACTUAL,
              "Default port?",
              "The default port is 5432.",
              "conn.html"),
          question(
              "q2",
              QuestionType.MULTI_HOP,
              "Default user?",
              "The default user is postgres.",
              "conn.html",
              "auth.html"),
          question("q3", QuestionType.NEGATIVE, "Toaster support?", "Not documented."));

  private final Retriever good =
      EvalFixtures.fixed(
          Map.of(
              "Default port?", List.of(chunk("conn.html#0", PORT), chunk("x.html#0", "x")),
              "Default user?", List.of(chunk("auth.html#0", PORT), chunk("conn.html#1", PORT)),
              "Toaster support?", List.of(chunk("x.html#0", "x"))));
  private final Retriever bad =
      EvalFixtures.fixed(
          Map.of(
              "Default port?", List.of(chunk("x.html#0", "x"), chunk("conn.html#0", PORT)),
              "Default user?", List.of(chunk("y.html#0", "y"))));

  @Test
  void retrievalOnlyReportHasStrategyModels(@TempDir Path dir) throws Exception {
    Map<String, Retriever> strategies = new LinkedHashMap<>();
    strategies.put("bm25", bad);
    strategies.put("dense-minilm", good);
    strategies.put("hybrid", good);
    strategies.put("hybrid-rerank", good);
    RetrievalResults r = RetrievalEvaluator.builder().build().evaluate(strategies, questions);
    Path out = dir.resolve("run");
    List<Path> files =
        RagEvaluationReport.builder("scifact").retrieval(r).parameter("k", "10").build().write(out);
    assertThat(files).allMatch(Files::isRegularFile);
    MetricsFile m = RunOutput.readMetrics(out.resolve("metrics.json"));
    assertThat(m.task()).isEqualTo("rag");
    assertThat(m.dataset()).isEqualTo("scifact");
    assertThat(m.models()).containsOnlyKeys("bm25", "dense-minilm", "hybrid", "hybrid-rerank");
    for (Map<String, Double> metrics : m.models().values()) {
      assertThat(metrics)
          .containsKeys("ndcg_at_10", "recall_at_10", "recall_at_5", "mrr", "p50_ms", "map");
    }
    assertThat(m.models().get("hybrid").get("ndcg_at_10")).isEqualTo(1.0);
    assertThat(m.models().get("bm25").get("mrr")).isEqualTo(0.25);
    assertThat(m.extra())
        .containsKeys("questions", "retrieval_by_type")
        .doesNotContainKey("generation");
    for (String f :
        List.of(
            "model-card.json",
            "report.html",
            "retrieval-comparison.png",
            "retrieval-latency.png",
            "retrieval-by-type.png",
            "ndcg-distribution-dense-minilm.png",
            "retrieval-per-question.csv")) {
      assertThat(out.resolve(f)).isRegularFile();
    }
    assertThat(Files.readAllLines(out.resolve("retrieval-per-question.csv"))).hasSize(1 + 4 * 3);
    assertThat(Files.readString(out.resolve("report.html")))
        .contains("hybrid-rerank")
        .contains("<img");
  }

  @Test
  void fullReportHasGenerationFailuresAndCosts(@TempDir Path dir) throws Exception {
    RetrievalResults r =
        RetrievalEvaluator.builder().build().evaluate(Map.of("hybrid", good), questions);
    Generator echo =
        (q, ctx) ->
            q.text().startsWith("Toaster")
                ? new Answer("That is not in the provided documents.", List.of(), 50, 8, 3.0)
                : new Answer(ctx.isEmpty() ? "I don't know." : first(ctx), ctx, 120, 12, 4.0);
    List<RagSample> samples =
        RagRunner.builder(good, echo).contextSize(2).progressEvery(0).build().run(questions);
    List<RagSample> badSamples = RagRunner.builder(bad, echo).contextSize(1).build().run(questions);
    GenerationEvaluator ge = GenerationEvaluator.builder().build();
    GenerationResults g1 = ge.evaluate(samples);
    GenerationResults g2 = ge.evaluate(badSamples);
    CostModel prices = (model, in, out) -> in * 1e-6 + out * 4e-6;
    Path out = dir.resolve("full");
    RagEvaluationReport.builder("postgres-qa")
        .retrieval(r)
        .configuration(
            new RagEvaluationReport.Configuration(
                "good+echo",
                samples,
                g1,
                FailureAnalysis.analyze(samples, g1),
                CostLatency.summarize("good+echo", "echo-1", samples, prices)))
        .configuration(
            new RagEvaluationReport.Configuration(
                "bad+echo",
                badSamples,
                g2,
                FailureAnalysis.analyze(badSamples, g2),
                CostLatency.summarize("bad+echo", "echo-1", badSamples, prices)))
        .build()
        .write(out);
    JsonNode root = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(root.get("task").asText()).isEqualTo("rag");
    assertThat(root.get("models").has("hybrid")).isTrue();
    JsonNode gen = root.get("generation").get("good+echo");
    assertThat(gen.has("faithfulness")).isTrue();
    assertThat(gen.get("correct_refusal_rate").asDouble()).isEqualTo(1.0);
    assertThat(root.get("generation_methods").get("good+echo").get("answer_correctness").asText())
        .isEqualTo("token-f1");
    assertThat(root.get("failures").get("bad+echo").get("retrieval_miss").asInt()).isEqualTo(2);
    assertThat(root.get("costs").get("good+echo").get("usd_per_1000_queries").asDouble())
        .isPositive();
    for (String f :
        List.of(
            "failure-modes.png",
            "generation-metrics.png",
            "latency-stages.png",
            "answer-correctness-good_echo.png",
            "failures-by-type-bad_echo.png",
            "answers.jsonl",
            "answers.csv",
            "report.html",
            "model-card.json")) {
      assertThat(out.resolve(f)).isRegularFile();
    }
    List<String> lines = Files.readAllLines(out.resolve("answers.jsonl"));
    assertThat(lines).hasSize(6);
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertThat(line.get("scores").get(0).get("method").asText()).isNotBlank();
    assertThat(line.get("category").asText()).isEqualTo("ok");
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html)
        .contains("Failure analysis")
        .contains("USD / 1000 queries")
        .contains("token-overlap");
    JsonNode card = new ObjectMapper().readTree(out.resolve("model-card.json").toFile());
    assertThat(card.toString()).contains("hybrid_ndcg_at_10");
  }

  @Test
  void emptyReportIsRejected() {
    assertThatThrownBy(() -> RagEvaluationReport.builder("x").build())
        .hasMessageContaining("nothing to report");
    assertThatThrownBy(() -> RagEvaluationReport.builder(" ")).hasMessageContaining("blank");
  }

  private static String first(List<ScoredChunk> ctx) {
    return ctx.get(0).chunk().text();
  }
}
