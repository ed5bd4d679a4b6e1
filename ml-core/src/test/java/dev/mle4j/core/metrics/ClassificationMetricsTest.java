package dev.mle4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

  private static final double TOL = 1e-12;
  private static final List<String> BINARY = List.of("neg", "pos");

  // 5 samples: cm rows (true) neg=[1,1], pos=[1,2]
  private static final List<String> Y_TRUE = List.of("pos", "pos", "pos", "neg", "neg");
  private static final List<String> Y_PRED = List.of("pos", "neg", "pos", "pos", "neg");

  private static double[][] binaryScores(double... positive) {
    double[][] s = new double[positive.length][];
    for (int i = 0; i < positive.length; i++) {
      s[i] = new double[] {1 - positive[i], positive[i]};
    }
    return s;
  }

  @Test
  void binaryByHand() {
    ClassificationReport r =
        ClassificationMetrics.evaluate(
            Y_TRUE, Y_PRED, BINARY, binaryScores(0.9, 0.4, 0.8, 0.7, 0.2));
    assertThat(r.accuracy()).isCloseTo(3.0 / 5, within(TOL));
    assertThat(r.forLabel("pos").precision()).isCloseTo(2.0 / 3, within(TOL));
    assertThat(r.forLabel("pos").recall()).isCloseTo(2.0 / 3, within(TOL));
    assertThat(r.forLabel("pos").f1()).isCloseTo(2.0 / 3, within(TOL));
    assertThat(r.forLabel("pos").support()).isEqualTo(3);
    assertThat(r.forLabel("neg").precision()).isCloseTo(0.5, within(TOL));
    assertThat(r.forLabel("neg").recall()).isCloseTo(0.5, within(TOL));
    assertThat(r.macroF1()).isCloseTo((0.5 + 2.0 / 3) / 2, within(TOL));
    assertThat(r.weightedF1()).isCloseTo((0.5 * 2 + 2.0 / 3 * 3) / 5, within(TOL));
    assertThat(r.weightedRecall()).isCloseTo(r.accuracy(), within(TOL));
    assertThat(r.confusionMatrix().counts()).isEqualTo(new long[][] {{1, 1}, {1, 2}});
    // positives 0.9, 0.4, 0.8 vs negatives 0.7, 0.2: 5 of 6 pairs ordered right
    assertThat(r.rocAuc().getAsDouble()).isCloseTo(5.0 / 6, within(TOL));
    RocCurve curve = r.rocCurve().orElseThrow();
    assertThat(curve.positiveLabel()).isEqualTo("pos");
    assertThat(curve.fpr()[0]).isZero();
    assertThat(curve.tpr()[0]).isZero();
    assertThat(curve.thresholds()[0]).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(curve.fpr()[curve.size() - 1]).isEqualTo(1.0);
    assertThat(curve.tpr()[curve.size() - 1]).isEqualTo(1.0);
  }

  @Test
  void positiveLabelIsTheSecondLabel() {
    // same data, labels reversed: now "neg" is positive and its score is column 1
    double[][] scores = {{0.9, 0.1}, {0.4, 0.6}, {0.8, 0.2}, {0.7, 0.3}, {0.2, 0.8}};
    ClassificationReport r =
        ClassificationMetrics.evaluate(Y_TRUE, Y_PRED, List.of("pos", "neg"), scores);
    assertThat(r.rocCurve().orElseThrow().positiveLabel()).isEqualTo("neg");
    // negatives' column-1 scores 0.3, 0.8 vs positives' 0.1, 0.6, 0.2: 5 of 6 pairs right
    assertThat(r.rocAuc().getAsDouble()).isCloseTo(5.0 / 6, within(TOL));
  }

  @Test
  void tiedScoresCountHalf() {
    // pos 0.5, 0.8 vs neg 0.5, 0.1: pairs 0.5 (tie), 1, 1, 1 -> 3.5 / 4
    ClassificationReport r =
        ClassificationMetrics.evaluate(
            List.of("pos", "pos", "neg", "neg"),
            List.of("pos", "pos", "pos", "neg"),
            BINARY,
            binaryScores(0.5, 0.8, 0.5, 0.1));
    assertThat(r.rocAuc().getAsDouble()).isCloseTo(0.875, within(TOL));

    ClassificationReport allTied =
        ClassificationMetrics.evaluate(
            List.of("pos", "neg", "pos", "neg"),
            List.of("pos", "pos", "pos", "pos"),
            BINARY,
            binaryScores(0.3, 0.3, 0.3, 0.3));
    assertThat(allTied.rocAuc().getAsDouble()).isEqualTo(0.5);
    assertThat(allTied.rocCurve().orElseThrow().fpr()).containsExactly(0.0, 1.0);
    assertThat(allTied.rocCurve().orElseThrow().tpr()).containsExactly(0.0, 1.0);
  }

  @Test
  void perfectAndReversedScores() {
    List<String> y = List.of("neg", "pos", "neg", "pos");
    assertThat(
            ClassificationMetrics.evaluate(y, y, BINARY, binaryScores(0.1, 0.9, 0.2, 0.8))
                .rocAuc()
                .getAsDouble())
        .isEqualTo(1.0);
    assertThat(
            ClassificationMetrics.evaluate(y, y, BINARY, binaryScores(0.9, 0.1, 0.8, 0.2))
                .rocAuc()
                .getAsDouble())
        .isEqualTo(0.0);
  }

  @Test
  void aucEqualsMannWhitneyWithAverageRanks() {
    Random random = new Random(7);
    List<String> labels = List.of("a", "b", "c");
    int n = 300;
    List<String> yTrue = new ArrayList<>();
    double[][] scores = new double[n][3];
    for (int i = 0; i < n; i++) {
      int t = random.nextInt(3);
      yTrue.add(labels.get(t));
      for (int j = 0; j < 3; j++) {
        double raw = random.nextDouble() + (j == t ? 0.4 : 0.0);
        scores[i][j] = Math.round(raw * 10) / 10.0; // few distinct values: many ties
      }
    }
    ClassificationReport multi = ClassificationMetrics.evaluate(yTrue, yTrue, labels, scores);
    double sum = 0;
    for (int j = 0; j < 3; j++) {
      sum += mannWhitney(yTrue, labels.get(j), scores, j);
    }
    assertThat(multi.rocAuc().getAsDouble()).isCloseTo(sum / 3, within(1e-12));

    List<String> binaryTrue = new ArrayList<>();
    for (String y : yTrue) {
      binaryTrue.add(y.equals("b") ? "b" : "a");
    }
    ClassificationReport binary =
        ClassificationMetrics.evaluate(
            binaryTrue, binaryTrue, List.of("a", "b"), twoColumns(scores));
    assertThat(binary.rocAuc().getAsDouble())
        .isCloseTo(mannWhitney(binaryTrue, "b", scores, 1), within(1e-12));
    assertThat(binary.rocCurve().orElseThrow().auc()).isEqualTo(binary.rocAuc().getAsDouble());
  }

  private static double[][] twoColumns(double[][] scores) {
    double[][] out = new double[scores.length][];
    for (int i = 0; i < scores.length; i++) {
      out[i] = new double[] {scores[i][0], scores[i][1]};
    }
    return out;
  }

  /** Independent oracle: U statistic of the positives with average ranks for ties. */
  private static double mannWhitney(List<String> y, String positive, double[][] s, int column) {
    int n = y.size();
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = s[i][column];
    }
    double rankSumPositive = 0;
    long positives = 0;
    for (int i = 0; i < n; i++) {
      if (!y.get(i).equals(positive)) {
        continue;
      }
      positives++;
      int less = 0;
      int equal = 0;
      for (int j = 0; j < n; j++) {
        if (v[j] < v[i]) {
          less++;
        } else if (v[j] == v[i]) {
          equal++;
        }
      }
      rankSumPositive += less + (equal + 1) / 2.0;
    }
    long negatives = n - positives;
    return (rankSumPositive - positives * (positives + 1) / 2.0) / (positives * negatives);
  }

  @Test
  void zeroDivisionGivesZero() {
    List<String> labels = List.of("a", "b", "never", "ghost");
    ClassificationReport r =
        ClassificationMetrics.evaluate(
            List.of("a", "b", "never", "a"), List.of("a", "b", "a", "ghost"), labels);
    // "never": support 1, never predicted -> precision 0 (0/0), recall 0
    assertThat(r.forLabel("never").precision()).isZero();
    assertThat(r.forLabel("never").recall()).isZero();
    assertThat(r.forLabel("never").f1()).isZero();
    // "ghost": predicted once, never true -> recall 0 (0/0), precision 0
    assertThat(r.forLabel("ghost").support()).isZero();
    assertThat(r.forLabel("ghost").recall()).isZero();
    assertThat(r.forLabel("a").precision()).isCloseTo(0.5, within(TOL));
    assertThat(r.forLabel("a").recall()).isCloseTo(0.5, within(TOL));
    // macro averages over all 4 labels, including the ones with no support
    assertThat(r.macroRecall()).isCloseTo((0.5 + 1 + 0 + 0) / 4, within(TOL));
    assertThat(r.weightedRecall()).isCloseTo((0.5 * 2 + 1 * 1) / 4, within(TOL));
    assertThat(r.rocAuc()).isEmpty();
    assertThat(r.rocCurve()).isEmpty();
  }

  @Test
  void labelNeitherTrueNorPredictedHasZeroF1() {
    ClassificationReport r =
        ClassificationMetrics.evaluate(
            List.of("a", "b"), List.of("a", "b"), List.of("a", "b", "c"));
    assertThat(r.forLabel("c").f1()).isZero();
    assertThat(r.macroF1()).isCloseTo(2.0 / 3, within(TOL));
    assertThat(r.weightedF1()).isEqualTo(1.0);
  }

  @Test
  void toMapUsesSnakeCaseNamesAndOmitsMissingAuc() {
    List<String> labels = List.of("Not Spam", "spamLevel2");
    List<String> y = List.of("Not Spam", "spamLevel2", "spamLevel2");
    ClassificationReport r = ClassificationMetrics.evaluate(y, y, labels);
    assertThat(r.toMap())
        .containsOnlyKeys(
            "accuracy",
            "macro_precision",
            "macro_recall",
            "macro_f1",
            "weighted_precision",
            "weighted_recall",
            "weighted_f1",
            "precision_not_spam",
            "recall_not_spam",
            "f1_not_spam",
            "precision_spam_level2",
            "recall_spam_level2",
            "f1_spam_level2");
    assertThat(r.toMap().keySet()).startsWith("accuracy", "macro_precision");

    ClassificationReport withScores =
        ClassificationMetrics.evaluate(
            y, y, labels, new double[][] {{0.9, 0.1}, {0.2, 0.8}, {0.4, 0.6}});
    assertThat(withScores.toMap()).containsEntry("roc_auc", 1.0);
  }

  @Test
  void toMapRefusesLabelsWithTheSameName() {
    List<String> labels = List.of("a b", "A_B");
    ClassificationReport r = ClassificationMetrics.evaluate(labels, labels, labels);
    assertThatThrownBy(r::toMap)
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'a b'")
        .hasMessageContaining("'A_B'")
        .hasMessageContaining("a_b");
  }

  @Test
  void confusionMatrixAccessors() {
    ConfusionMatrix cm = ClassificationMetrics.evaluate(Y_TRUE, Y_PRED, BINARY).confusionMatrix();
    assertThat(cm.labels()).isEqualTo(BINARY);
    assertThat(cm.count("pos", "neg")).isEqualTo(1);
    assertThat(cm.count("pos", "pos")).isEqualTo(2);
    assertThat(cm.trueCount("pos")).isEqualTo(3);
    assertThat(cm.predictedCount("pos")).isEqualTo(3);
    assertThat(cm.predictedCount("neg")).isEqualTo(2);
    assertThat(cm.total()).isEqualTo(5);
    assertThat(cm.correct()).isEqualTo(3);
    long[][] copy = cm.counts();
    copy[0][0] = 99;
    assertThat(cm.count("neg", "neg")).isEqualTo(1);
    assertThat(cm).isEqualTo(new ConfusionMatrix(BINARY, new long[][] {{1, 1}, {1, 2}}));
    assertThat(cm.hashCode())
        .isEqualTo(new ConfusionMatrix(BINARY, new long[][] {{1, 1}, {1, 2}}).hashCode());
    assertThatThrownBy(() -> cm.count("pos", "maybe"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'maybe'");
    assertThatThrownBy(() -> new ConfusionMatrix(BINARY, new long[][] {{1, 1}}))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("1 rows but 2 labels");
  }

  @Test
  void inputErrorsNameTheProblem() {
    assertThatThrownBy(() -> ClassificationMetrics.evaluate(Y_TRUE, Y_PRED.subList(0, 4), BINARY))
        .isInstanceOf(MlException.class)
        .hasMessage("yTrue has 5 entries but yPred has 4");
    assertThatThrownBy(() -> ClassificationMetrics.evaluate(List.of(), List.of(), BINARY))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("yTrue is empty");
    assertThatThrownBy(
            () ->
                ClassificationMetrics.evaluate(
                    List.of("pos", "neg"), List.of("pos", "maybe"), BINARY))
        .isInstanceOf(MlException.class)
        .hasMessage("yPred[1] = 'maybe' is not one of the labels [neg, pos]");
    assertThatThrownBy(() -> ClassificationMetrics.evaluate(List.of("x"), List.of("neg"), BINARY))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("yTrue[0] = 'x'");
    assertThatThrownBy(
            () -> ClassificationMetrics.evaluate(Y_TRUE, Y_PRED, List.of("neg", "pos", "neg")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'neg' more than once");
    assertThatThrownBy(() -> ClassificationMetrics.evaluate(Y_TRUE, Y_PRED, List.of()))
        .isInstanceOf(MlException.class)
        .hasMessage("labels is empty");
    assertThatThrownBy(() -> ClassificationMetrics.evaluate(null, Y_PRED, BINARY))
        .isInstanceOf(MlException.class)
        .hasMessage("yTrue is null");
  }

  @Test
  void scoreErrorsNameTheProblem() {
    assertThatThrownBy(
            () -> ClassificationMetrics.evaluate(Y_TRUE, Y_PRED, BINARY, binaryScores(0.1, 0.2)))
        .isInstanceOf(MlException.class)
        .hasMessage("scores has 2 rows but there are 5 samples");
    double[][] ragged = binaryScores(0.1, 0.2, 0.3, 0.4, 0.5);
    ragged[3] = new double[] {0.4, 0.3, 0.3};
    assertThatThrownBy(() -> ClassificationMetrics.evaluate(Y_TRUE, Y_PRED, BINARY, ragged))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("scores[3] has 3 columns but there are 2 labels");
    double[][] nan = binaryScores(0.1, 0.2, 0.3, 0.4, 0.5);
    nan[2][1] = Double.NaN;
    assertThatThrownBy(() -> ClassificationMetrics.evaluate(Y_TRUE, Y_PRED, BINARY, nan))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("scores[2][1] is NaN");
    assertThatThrownBy(() -> ClassificationMetrics.evaluate(Y_TRUE, Y_PRED, BINARY, null))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("scores is null");
  }

  @Test
  void aucUndefinedWithoutPositiveOrNegative() {
    List<String> allNeg = List.of("neg", "neg");
    assertThatThrownBy(
            () -> ClassificationMetrics.evaluate(allNeg, allNeg, BINARY, binaryScores(0.1, 0.2)))
        .isInstanceOf(MlException.class)
        .hasMessage("ROC-AUC is undefined: yTrue has no sample of label 'pos'");
    List<String> allPos = List.of("pos", "pos");
    assertThatThrownBy(
            () -> ClassificationMetrics.evaluate(allPos, allPos, BINARY, binaryScores(0.1, 0.2)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("every sample of yTrue is 'pos'");
    List<String> three = List.of("a", "b", "c");
    assertThatThrownBy(
            () ->
                ClassificationMetrics.evaluate(
                    List.of("a", "b"),
                    List.of("a", "b"),
                    three,
                    new double[][] {{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}}))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no sample of label 'c'");
    assertThatThrownBy(
            () ->
                ClassificationMetrics.evaluate(
                    List.of("a"), List.of("a"), List.of("a"), new double[][] {{1.0}}))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least 2 labels");
  }
}
