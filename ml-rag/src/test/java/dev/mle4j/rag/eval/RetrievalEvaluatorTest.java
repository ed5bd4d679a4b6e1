package dev.mle4j.rag.eval;

import static dev.mle4j.rag.eval.EvalFixtures.bareChunk;
import static dev.mle4j.rag.eval.EvalFixtures.chunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.core.Retriever;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrievalEvaluatorTest {

  private static final double EPS = 1e-9;

  private final List<EvalQuestion> questions =
      List.of(
          new EvalQuestion(
              "q1", QuestionType.FACTUAL, "first", "a", List.of(), Map.of("A", 2, "B", 1), ""),
          EvalFixtures.question("q2", QuestionType.REASONING, "second", "b", "D"),
          EvalFixtures.question("q3", QuestionType.NEGATIVE, "third", "none"));

  private Retriever known() {
    return EvalFixtures.fixed(
        Map.of(
            "first",
            List.of(chunk("A#0", "x"), chunk("A#1", "x"), chunk("C#0", "x"), chunk("B#0", "x")),
            "second",
            // no source metadata: the document id comes from the chunk id
            List.of(bareChunk("C#0"), bareChunk("E#3")),
            "third",
            List.of(chunk("A#0", "x"))));
  }

  @Test
  void metricsMatchHandComputedValues() {
    Map<String, Retriever> strategies = new LinkedHashMap<>();
    strategies.put("known", known());
    strategies.put(
        "perfect",
        EvalFixtures.fixed(
            Map.of(
                "first", List.of(chunk("A#0", "x"), chunk("B#0", "x")),
                "second", List.of(chunk("D#0", "x")))));
    RetrievalResults r =
        RetrievalEvaluator.builder().progressEvery(1).build().evaluate(strategies, questions);
    Map<String, Double> m = r.metrics().get("known");
    // q1 ranks documents [A, C, B] (A deduplicated), relevant {A:2, B:1}; q2 ranks [C, E], relevant
    // {D}.
    assertThat(m.get("recall_at_3")).isCloseTo((1.0 + 0.0) / 2, within(EPS));
    assertThat(m.get("precision_at_3")).isCloseTo((2.0 / 3) / 2, within(EPS));
    assertThat(m.get("precision_at_5")).isCloseTo((2.0 / 5) / 2, within(EPS));
    assertThat(m.get("precision_at_10")).isCloseTo((2.0 / 10) / 2, within(EPS));
    assertThat(m.get("mrr")).isCloseTo(0.5, within(EPS));
    double dcg = 2.0 + 1.0 / (Math.log(4) / Math.log(2));
    double idcg = 2.0 + 1.0 / (Math.log(3) / Math.log(2));
    assertThat(m.get("ndcg_at_10")).isCloseTo(dcg / idcg / 2, within(EPS));
    assertThat(m.get("map")).isCloseTo((1.0 + 2.0 / 3) / 2 / 2, within(EPS));
    assertThat(m.get("queries")).isEqualTo(2.0);
    assertThat(m.get("negative_queries")).isEqualTo(1.0);
    assertThat(m).containsKeys("recall_at_5", "recall_at_10", "p50_ms", "p95_ms", "p99_ms");
    assertThat(r.metrics().get("perfect").get("ndcg_at_10")).isCloseTo(1.0, within(EPS));
    assertThat(r.metrics().get("perfect").get("recall_at_3")).isCloseTo(1.0, within(EPS));

    StrategyResult known = r.strategy("known");
    assertThat(known.perQuestion()).hasSize(3);
    assertThat(known.perQuestion().get(0).rankedSources()).containsExactly("A", "C", "B");
    assertThat(known.perQuestion().get(1).rankedSources()).containsExactly("C", "E");
    assertThat(known.perQuestion().get(2).metrics()).isEmpty();
    assertThat(known.byType()).containsOnlyKeys(QuestionType.FACTUAL, QuestionType.REASONING);
    assertThat(known.byType().get(QuestionType.FACTUAL).get("ndcg_at_10"))
        .isCloseTo(dcg / idcg, within(EPS));
    assertThat(known.byType().get(QuestionType.REASONING).get("mrr")).isEqualTo(0.0);
  }

  @Test
  void customCutoffsChangeDepth() {
    RetrievalEvaluator e = RetrievalEvaluator.builder().ks(1, 20).build();
    assertThat(e.depth()).isEqualTo(20);
    RetrievalResults r = e.evaluate(Map.of("known", known()), questions);
    assertThat(r.metrics().get("known"))
        .containsKeys("recall_at_1", "recall_at_20", "precision_at_1");
    assertThat(r.metrics().get("known").get("recall_at_1")).isCloseTo(0.25, within(EPS));
  }

  @Test
  void badInputIsRejected() {
    RetrievalEvaluator e = RetrievalEvaluator.builder().build();
    assertThatThrownBy(() -> e.evaluate(Map.of(), questions)).isInstanceOf(MlException.class);
    assertThatThrownBy(() -> e.evaluate(Map.of("x", known()), List.of()))
        .hasMessageContaining("no questions");
    assertThatThrownBy(() -> e.evaluate(Map.of("x", known()), List.of(questions.get(2))))
        .hasMessageContaining("negative");
    Retriever failing =
        (q, k) -> {
          throw new IllegalStateException("index closed");
        };
    assertThatThrownBy(() -> e.evaluate(Map.of("broken", failing), questions))
        .hasMessageContaining("strategy 'broken'")
        .hasMessageContaining("question 'q1'")
        .hasMessageContaining("index closed");
    assertThatThrownBy(() -> RetrievalEvaluator.builder().ks(0)).hasMessageContaining(">= 1");
  }

  @Test
  void latencySummaryInterpolates() {
    LatencySummary s = LatencySummary.of(new double[] {4, 1, 3, 2});
    assertThat(s.p50Ms()).isCloseTo(2.5, within(EPS));
    assertThat(s.p95Ms()).isCloseTo(3.85, within(EPS));
    assertThat(s.meanMs()).isCloseTo(2.5, within(EPS));
    assertThatThrownBy(() -> LatencySummary.of(new double[0])).isInstanceOf(MlException.class);
    assertThatThrownBy(() -> LatencySummary.of(new double[] {-1}))
        .hasMessageContaining("latency[0]");
  }
}
