package dev.mle4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Holds the metrics to the values scikit-learn computed on the cases of {@code
 * metrics/sklearn_reference.json} (written by benchmarks/peers/metrics_reference.py).
 */
class SklearnReferenceTest {

  private static final double TOL = 1e-9;
  private static JsonNode reference;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        SklearnReferenceTest.class.getResourceAsStream("/metrics/sklearn_reference.json")) {
      assertThat(in).as("metrics/sklearn_reference.json on the test classpath").isNotNull();
      reference = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void referenceFileHasTheExpectedCases() {
    assertThat(reference.get("sklearn_version").asText()).startsWith("1.");
    assertThat(names(reference.get("classification")))
        .contains(
            "binary_ties",
            "binary_positive_second",
            "multiclass_3",
            "multiclass_4_never_predicted",
            "labels_without_support");
    assertThat(names(reference.get("regression")))
        .contains("non_negative", "with_negatives", "constant_true_perfect", "single_sample");
    assertThat(reference.get("ranking")).isNotEmpty();
  }

  @TestFactory
  Stream<DynamicTest> classification() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : reference.get("classification")) {
      tests.add(dynamicTest(c.get("name").asText(), () -> checkClassification(c)));
    }
    return tests.stream();
  }

  private static void checkClassification(JsonNode c) {
    List<String> labels = strings(c.get("labels"));
    List<String> yTrue = strings(c.get("y_true"));
    List<String> yPred = strings(c.get("y_pred"));
    JsonNode e = c.get("expected");
    ClassificationReport r =
        c.get("scores").isNull()
            ? ClassificationMetrics.evaluate(yTrue, yPred, labels)
            : ClassificationMetrics.evaluate(yTrue, yPred, labels, matrix(c.get("scores")));

    assertThat(r.accuracy()).isCloseTo(e.get("accuracy").asDouble(), within(TOL));
    for (int j = 0; j < labels.size(); j++) {
      ClassMetrics m = r.perClass().get(j);
      assertThat(m.label()).isEqualTo(labels.get(j));
      assertThat(m.precision())
          .as("precision of %s", labels.get(j))
          .isCloseTo(e.get("precision").get(j).asDouble(), within(TOL));
      assertThat(m.recall())
          .as("recall of %s", labels.get(j))
          .isCloseTo(e.get("recall").get(j).asDouble(), within(TOL));
      assertThat(m.f1())
          .as("f1 of %s", labels.get(j))
          .isCloseTo(e.get("f1").get(j).asDouble(), within(TOL));
      assertThat(m.support()).isEqualTo(e.get("support").get(j).asLong());
    }
    assertThat(r.macroPrecision()).isCloseTo(e.get("macro_precision").asDouble(), within(TOL));
    assertThat(r.macroRecall()).isCloseTo(e.get("macro_recall").asDouble(), within(TOL));
    assertThat(r.macroF1()).isCloseTo(e.get("macro_f1").asDouble(), within(TOL));
    assertThat(r.weightedPrecision())
        .isCloseTo(e.get("weighted_precision").asDouble(), within(TOL));
    assertThat(r.weightedRecall()).isCloseTo(e.get("weighted_recall").asDouble(), within(TOL));
    assertThat(r.weightedF1()).isCloseTo(e.get("weighted_f1").asDouble(), within(TOL));

    long[][] cm = r.confusionMatrix().counts();
    JsonNode expectedCm = e.get("confusion_matrix");
    for (int i = 0; i < labels.size(); i++) {
      for (int j = 0; j < labels.size(); j++) {
        assertThat(cm[i][j]).as("cm[%d][%d]", i, j).isEqualTo(expectedCm.get(i).get(j).asLong());
      }
    }

    if (e.get("roc_auc").isNull()) {
      assertThat(r.rocAuc()).isEmpty();
      assertThat(r.toMap()).doesNotContainKey("roc_auc");
    } else {
      assertThat(r.rocAuc()).isPresent();
      assertThat(r.rocAuc().getAsDouble()).isCloseTo(e.get("roc_auc").asDouble(), within(TOL));
      assertThat(r.toMap().get("roc_auc")).isCloseTo(e.get("roc_auc").asDouble(), within(TOL));
    }
    if (e.has("roc_curve")) {
      RocCurve curve = r.rocCurve().orElseThrow();
      assertThat(curve.positiveLabel()).isEqualTo(labels.get(1));
      assertArray(curve.fpr(), e.get("roc_curve").get("fpr"), "fpr");
      assertArray(curve.tpr(), e.get("roc_curve").get("tpr"), "tpr");
      assertArray(curve.thresholds(), e.get("roc_curve").get("thresholds"), "thresholds");
    } else {
      assertThat(r.rocCurve()).isEmpty();
    }
    if (e.has("roc_auc_per_class")) {
      double[][] scores = matrix(c.get("scores"));
      for (int j = 0; j < labels.size(); j++) {
        boolean[] positive = new boolean[yTrue.size()];
        double[] column = new double[yTrue.size()];
        for (int i = 0; i < positive.length; i++) {
          positive[i] = yTrue.get(i).equals(labels.get(j));
          column[i] = scores[i][j];
        }
        assertThat(ClassificationMetrics.rocCurve(labels.get(j), positive, column).auc())
            .as("one-vs-rest AUC of %s", labels.get(j))
            .isCloseTo(e.get("roc_auc_per_class").get(j).asDouble(), within(TOL));
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> regression() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : reference.get("regression")) {
      tests.add(dynamicTest(c.get("name").asText(), () -> checkRegression(c)));
    }
    return tests.stream();
  }

  private static void checkRegression(JsonNode c) {
    RegressionReport r =
        RegressionMetrics.evaluate(doubles(c.get("y_true")), doubles(c.get("y_pred")));
    JsonNode e = c.get("expected");
    Map<String, Double> map = r.toMap();
    Map<String, Double> actual = new LinkedHashMap<>();
    actual.put("rmse", r.rmse());
    actual.put("mae", r.mae());
    actual.put("r2", r.r2());
    actual.put("rmsle", r.rmsle());
    assertAll(
        actual.entrySet().stream()
            .map(
                entry ->
                    () -> {
                      JsonNode expected = e.get(entry.getKey());
                      if (expected.isNull()) {
                        assertThat(entry.getValue()).as(entry.getKey()).isNaN();
                        assertThat(map).doesNotContainKey(entry.getKey());
                      } else {
                        assertThat(entry.getValue())
                            .as(entry.getKey())
                            .isCloseTo(expected.asDouble(), within(TOL));
                        assertThat(map.get(entry.getKey()))
                            .as("toMap " + entry.getKey())
                            .isCloseTo(expected.asDouble(), within(TOL));
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> ranking() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : reference.get("ranking")) {
      String name = c.get("name").asText();
      tests.add(dynamicTest(name + " per query", () -> checkRankingPerQuery(c)));
      tests.add(dynamicTest(name + " means", () -> checkRankingMeans(c)));
    }
    return tests.stream();
  }

  private static void checkRankingPerQuery(JsonNode c) {
    Map<String, List<String>> runs = runs(c.get("runs"));
    Map<String, Map<String, Integer>> qrels = qrels(c.get("qrels"));
    JsonNode perQuery = c.get("expected").get("per_query");
    assertThat(perQuery.size()).isPositive();
    for (var q : perQuery.properties()) {
      String qid = q.getKey();
      JsonNode e = q.getValue();
      List<String> ranked = runs.getOrDefault(qid, List.of());
      Map<String, Integer> graded = qrels.get(qid);
      Set<String> relevant = new HashSet<>();
      graded.forEach(
          (doc, grade) -> {
            if (grade > 0) {
              relevant.add(doc);
            }
          });
      for (JsonNode kNode : c.get("ks")) {
        int k = kNode.asInt();
        assertThat(RankingMetrics.recallAtK(ranked, relevant, k))
            .as("%s recall@%d", qid, k)
            .isCloseTo(e.get("recall_at_" + k).asDouble(), within(TOL));
        assertThat(RankingMetrics.precisionAtK(ranked, relevant, k))
            .as("%s precision@%d", qid, k)
            .isCloseTo(e.get("precision_at_" + k).asDouble(), within(TOL));
        assertThat(RankingMetrics.ndcgAtK(ranked, graded, k))
            .as("%s ndcg@%d", qid, k)
            .isCloseTo(e.get("ndcg_at_" + k).asDouble(), within(TOL));
      }
      assertThat(RankingMetrics.reciprocalRank(ranked, relevant))
          .as("%s reciprocal rank", qid)
          .isCloseTo(e.get("rr").asDouble(), within(TOL));
      assertThat(RankingMetrics.averagePrecision(ranked, relevant))
          .as("%s average precision (%s)", qid, e.get("ap_source").asText())
          .isCloseTo(e.get("ap").asDouble(), within(TOL));
    }
  }

  private static void checkRankingMeans(JsonNode c) {
    int[] ks = new int[c.get("ks").size()];
    for (int i = 0; i < ks.length; i++) {
      ks[i] = c.get("ks").get(i).asInt();
    }
    RankingReport r = RankingMetrics.evaluate(runs(c.get("runs")), qrels(c.get("qrels")), ks);
    JsonNode e = c.get("expected");
    assertThat(r.queries()).isEqualTo(e.get("queries").asInt());
    assertThat(r.skippedQueries()).isEqualTo(e.get("skipped_queries").asInt());
    assertThat(r.unjudgedQueries()).isEqualTo(e.get("unjudged_queries").asInt());
    Map<String, Double> map = r.toMap();
    JsonNode mean = e.get("mean");
    assertThat(map.keySet()).containsExactlyInAnyOrderElementsOf(iterable(mean.fieldNames()));
    for (var m : mean.properties()) {
      assertThat(map.get(m.getKey()))
          .as(m.getKey())
          .isCloseTo(m.getValue().asDouble(), within(TOL));
    }
    assertThat(r.ndcgAt(10)).isCloseTo(mean.get("ndcg_at_10").asDouble(), within(TOL));
  }

  private static void assertArray(double[] actual, JsonNode expected, String name) {
    assertThat(actual).as(name + " length").hasSize(expected.size());
    for (int i = 0; i < actual.length; i++) {
      JsonNode v = expected.get(i);
      double x =
          v.isTextual() && v.asText().equals("inf") ? Double.POSITIVE_INFINITY : v.asDouble();
      if (Double.isInfinite(x)) {
        assertThat(actual[i]).as("%s[%d]", name, i).isEqualTo(x);
      } else {
        assertThat(actual[i]).as("%s[%d]", name, i).isCloseTo(x, within(TOL));
      }
    }
  }

  private static List<String> names(JsonNode cases) {
    List<String> out = new ArrayList<>();
    cases.forEach(c -> out.add(c.get("name").asText()));
    return out;
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  private static double[][] matrix(JsonNode rows) {
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = doubles(rows.get(i));
    }
    return out;
  }

  private static Map<String, List<String>> runs(JsonNode node) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), strings(e.getValue())));
    return out;
  }

  private static Map<String, Map<String, Integer>> qrels(JsonNode node) {
    Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    node.properties()
        .forEach(
            e -> {
              Map<String, Integer> grades = new LinkedHashMap<>();
              e.getValue().properties().forEach(g -> grades.put(g.getKey(), g.getValue().asInt()));
              out.put(e.getKey(), grades);
            });
    return out;
  }
}
