package dev.mle4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

  private static final double TOL = 1e-12;
  private static final List<String> RANKED = List.of("a", "b", "c", "d", "e");
  private static final Set<String> RELEVANT = Set.of("b", "d", "x");

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void binaryMetricsByHand() {
    assertThat(RankingMetrics.recallAtK(RANKED, RELEVANT, 1)).isZero();
    assertThat(RankingMetrics.recallAtK(RANKED, RELEVANT, 2)).isCloseTo(1.0 / 3, within(TOL));
    assertThat(RankingMetrics.recallAtK(RANKED, RELEVANT, 100)).isCloseTo(2.0 / 3, within(TOL));
    assertThat(RankingMetrics.precisionAtK(RANKED, RELEVANT, 2)).isCloseTo(0.5, within(TOL));
    assertThat(RankingMetrics.precisionAtK(RANKED, RELEVANT, 4)).isCloseTo(0.5, within(TOL));
    // divided by k even past the end of the ranking
    assertThat(RankingMetrics.precisionAtK(RANKED, RELEVANT, 10)).isCloseTo(0.2, within(TOL));
    assertThat(RankingMetrics.reciprocalRank(RANKED, RELEVANT)).isCloseTo(0.5, within(TOL));
    // hits at ranks 2 and 4: (1/2 + 2/4) / 3 relevant (x is never retrieved)
    assertThat(RankingMetrics.averagePrecision(RANKED, RELEVANT)).isCloseTo(1.0 / 3, within(TOL));
    assertThat(RankingMetrics.reciprocalRank(RANKED, Set.of("z"))).isZero();
    assertThat(RankingMetrics.averagePrecision(RANKED, Set.of("z"))).isZero();
  }

  @Test
  void ndcgByHand() {
    Map<String, Integer> graded = Map.of("a", 0, "b", 3, "d", 1, "x", 2);
    double dcg5 = 3 / log2(3) + 1 / log2(5);
    double idcg5 = 3 / log2(2) + 2 / log2(3) + 1 / log2(4);
    assertThat(RankingMetrics.ndcgAtK(RANKED, graded, 5)).isCloseTo(dcg5 / idcg5, within(TOL));
    assertThat(RankingMetrics.ndcgAtK(RANKED, graded, 1)).isZero();
    double dcg2 = 3 / log2(3);
    double idcg2 = 3 + 2 / log2(3);
    assertThat(RankingMetrics.ndcgAtK(RANKED, graded, 2)).isCloseTo(dcg2 / idcg2, within(TOL));
  }

  @Test
  void ndcgIsOneForAnyIdealOrderIncludingTies() {
    Map<String, Integer> graded = Map.of("p", 2, "q", 2, "r", 1);
    assertThat(RankingMetrics.ndcgAtK(List.of("p", "q", "r"), graded, 3)).isCloseTo(1, within(TOL));
    assertThat(RankingMetrics.ndcgAtK(List.of("q", "p", "r", "s"), graded, 10))
        .isCloseTo(1, within(TOL));
    assertThat(RankingMetrics.ndcgAtK(List.of("r", "p", "q"), graded, 3)).isLessThan(1.0);
  }

  @Test
  void evaluateAveragesOverJudgedQueriesWithRelevantDocs() {
    Map<String, List<String>> runs = new HashMap<>();
    runs.put("q1", List.of("a", "b", "c"));
    runs.put("q2", List.of("c", "a"));
    runs.put("q_none", List.of("a"));
    runs.put("q_unjudged", List.of("a"));
    Map<String, Map<String, Integer>> qrels = new HashMap<>();
    qrels.put("q1", Map.of("a", 1));
    qrels.put("q2", Map.of("a", 2, "b", 1));
    qrels.put("q_none", Map.of("a", 0));
    qrels.put("q_missing", Map.of("z", 1));

    RankingReport r = RankingMetrics.evaluate(runs, qrels, 2, 1, 2);
    assertThat(r.ks()).containsExactly(1, 2);
    assertThat(r.queries()).isEqualTo(3);
    assertThat(r.skippedQueries()).isEqualTo(1);
    assertThat(r.unjudgedQueries()).isEqualTo(1);
    // q1: rr 1, ap 1; q2: rr 1/2, ap (1/2)/2; q_missing: 0
    assertThat(r.mrr()).isCloseTo((1 + 0.5 + 0) / 3, within(TOL));
    assertThat(r.map()).isCloseTo((1 + 0.25 + 0) / 3, within(TOL));
    assertThat(r.recallAt(1)).isCloseTo((1 + 0 + 0) / 3.0, within(TOL));
    assertThat(r.recallAt(2)).isCloseTo((1 + 0.5 + 0) / 3, within(TOL));
    assertThat(r.precisionAt(2)).isCloseTo((0.5 + 0.5 + 0) / 3, within(TOL));
    double q2ndcg2 = (2 / log2(3)) / (2 + 1 / log2(3));
    assertThat(r.ndcgAt(2)).isCloseTo((1 + q2ndcg2 + 0) / 3, within(TOL));
    assertThat(r.toMap().keySet())
        .containsExactly(
            "recall_at_1",
            "precision_at_1",
            "ndcg_at_1",
            "recall_at_2",
            "precision_at_2",
            "ndcg_at_2",
            "mrr",
            "map");
    assertThatThrownBy(() -> r.recallAt(5))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("k=5 was not evaluated");
  }

  @Test
  void perQueryErrorsNameTheProblem() {
    assertThatThrownBy(() -> RankingMetrics.recallAtK(RANKED, Set.of(), 3))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("relevant is empty: Recall@K is undefined");
    assertThatThrownBy(() -> RankingMetrics.averagePrecision(RANKED, Set.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("average precision is undefined");
    assertThatThrownBy(() -> RankingMetrics.ndcgAtK(RANKED, Map.of("a", 0), 3))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no relevant document");
    assertThatThrownBy(() -> RankingMetrics.ndcgAtK(RANKED, Map.of("a", -1, "b", 1), 3))
        .isInstanceOf(MlException.class)
        .hasMessage("grade of document 'a' is -1; grades must be >= 0");
    assertThatThrownBy(() -> RankingMetrics.precisionAtK(RANKED, RELEVANT, 0))
        .isInstanceOf(MlException.class)
        .hasMessage("k must be >= 1, got 0");
    assertThatThrownBy(() -> RankingMetrics.reciprocalRank(List.of("a", "b", "a"), RELEVANT))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("ranked[2] = 'a' appears earlier");
    assertThatThrownBy(() -> RankingMetrics.recallAtK(null, RELEVANT, 1))
        .isInstanceOf(MlException.class)
        .hasMessage("ranked is null");
    // precision and reciprocal rank are defined (0) without relevant documents
    assertThat(RankingMetrics.precisionAtK(RANKED, Set.of(), 3)).isZero();
    assertThat(RankingMetrics.reciprocalRank(RANKED, Set.of())).isZero();
  }

  @Test
  void evaluateErrorsNameTheProblem() {
    Map<String, List<String>> runs = Map.of("q1", List.of("a", "a"));
    Map<String, Map<String, Integer>> qrels = Map.of("q1", Map.of("a", 1));
    assertThatThrownBy(() -> RankingMetrics.evaluate(runs, qrels, 10))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("run of query 'q1'")
        .hasMessageContaining("'a' appears earlier");
    assertThatThrownBy(() -> RankingMetrics.evaluate(Map.of(), Map.of("q9", Map.of("a", -2)), 10))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("query 'q9'")
        .hasMessageContaining("grade of document 'a' is -2");
    assertThatThrownBy(() -> RankingMetrics.evaluate(Map.of(), qrels))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("ks is empty");
    assertThatThrownBy(() -> RankingMetrics.evaluate(Map.of(), qrels, 5, 0))
        .isInstanceOf(MlException.class)
        .hasMessage("k must be >= 1, got 0");
    assertThatThrownBy(() -> RankingMetrics.evaluate(runs, Map.of("q1", Map.of("a", 0)), 5))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("none of the 1 judged queries has a relevant document");
    assertThatThrownBy(() -> RankingMetrics.evaluate(null, qrels, 5))
        .isInstanceOf(MlException.class)
        .hasMessage("runs is null");
  }
}
