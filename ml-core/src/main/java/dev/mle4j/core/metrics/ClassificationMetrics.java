package dev.mle4j.core.metrics;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Classification metrics with scikit-learn's definitions: accuracy, per-class and averaged
 * precision/recall/F1, confusion matrix and ROC-AUC. See {@link ClassificationReport} for each
 * metric's definition.
 *
 * <p>Differences from scikit-learn, all on input scikit-learn would only warn about: a class
 * without positive or negative samples makes ROC-AUC an error here (scikit-learn returns NaN), and
 * multi-class scores need not sum to 1 (scikit-learn insists on probabilities for multi-class AUC;
 * the one-vs-rest AUC of each column is defined for any score).
 */
public final class ClassificationMetrics {

  private ClassificationMetrics() {}

  /**
   * Evaluates predicted labels against true labels, without ROC-AUC.
   *
   * @param yTrue the true label of every sample
   * @param yPred the predicted label of every sample, same length
   * @param labels the distinct labels; every value of yTrue and yPred must be one of them. Their
   *     order is the order of the report (confusion matrix rows and columns, per-class list)
   * @return the report, with {@code rocAuc} and {@code rocCurve} empty
   * @throws MlException on null or empty input, length mismatch, duplicate labels or a value not in
   *     {@code labels}
   */
  public static ClassificationReport evaluate(
      List<String> yTrue, List<String> yPred, List<String> labels) {
    return compute(yTrue, yPred, labels, null);
  }

  /**
   * Evaluates predicted labels and per-label scores against true labels, with ROC-AUC.
   *
   * @param yTrue the true label of every sample
   * @param yPred the predicted label of every sample, same length
   * @param labels the distinct labels (at least 2); every value of yTrue and yPred must be one of
   *     them
   * @param scores {@code scores[i][j]} is the score (e.g. probability) of {@code labels.get(j)} for
   *     sample {@code i}; finite values, one row per sample, one column per label. Binary problems
   *     only use column 1, the positive label {@code labels.get(1)}
   * @return the report, with {@code rocAuc} and, for binary problems, {@code rocCurve}
   * @throws MlException as {@link #evaluate(List, List, List)}, and when the scores' shape does not
   *     match, a score is not finite, or a label has no positive or no negative sample in yTrue
   *     (AUC undefined)
   */
  public static ClassificationReport evaluate(
      List<String> yTrue, List<String> yPred, List<String> labels, double[][] scores) {
    if (scores == null) {
      throw new MlException("scores is null: use evaluate(yTrue, yPred, labels) without scores");
    }
    return compute(yTrue, yPred, labels, scores);
  }

  private static ClassificationReport compute(
      List<String> yTrue, List<String> yPred, List<String> labels, double[][] scores) {
    requireNonNull(yTrue, "yTrue");
    requireNonNull(yPred, "yPred");
    requireNonNull(labels, "labels");
    if (labels.isEmpty()) {
      throw new MlException("labels is empty");
    }
    if (yTrue.isEmpty()) {
      throw new MlException("yTrue is empty: nothing to evaluate");
    }
    if (yTrue.size() != yPred.size()) {
      throw new MlException("yTrue has " + yTrue.size() + " entries but yPred has " + yPred.size());
    }
    Map<String, Integer> index = labelIndex(labels);
    int n = yTrue.size();
    int c = labels.size();
    int[] t = encode(yTrue, "yTrue", index, labels);
    int[] p = encode(yPred, "yPred", index, labels);

    long[][] counts = new long[c][c];
    for (int i = 0; i < n; i++) {
      counts[t[i]][p[i]]++;
    }
    ConfusionMatrix matrix = new ConfusionMatrix(labels, counts);

    long correct = 0;
    long[] support = new long[c];
    long[] predicted = new long[c];
    for (int a = 0; a < c; a++) {
      correct += counts[a][a];
      for (int b = 0; b < c; b++) {
        support[a] += counts[a][b];
        predicted[b] += counts[a][b];
      }
    }
    List<ClassMetrics> perClass = new ArrayList<>(c);
    double[] sums = new double[6];
    for (int k = 0; k < c; k++) {
      long tp = counts[k][k];
      long fp = predicted[k] - tp;
      long fn = support[k] - tp;
      double precision = ratio(tp, tp + fp);
      double recall = ratio(tp, tp + fn);
      double f1 = ratio(2 * tp, 2 * tp + fp + fn);
      perClass.add(new ClassMetrics(labels.get(k), precision, recall, f1, support[k]));
      sums[0] += precision;
      sums[1] += recall;
      sums[2] += f1;
      sums[3] += precision * support[k];
      sums[4] += recall * support[k];
      sums[5] += f1 * support[k];
    }

    OptionalDouble auc = OptionalDouble.empty();
    Optional<RocCurve> curve = Optional.empty();
    if (scores != null) {
      checkScores(scores, n, labels);
      if (c == 2) {
        RocCurve roc = rocCurve(labels.get(1), positives(t, 1), column(scores, 1));
        curve = Optional.of(roc);
        auc = OptionalDouble.of(roc.auc());
      } else {
        double total = 0.0;
        for (int k = 0; k < c; k++) {
          total += rocCurve(labels.get(k), positives(t, k), column(scores, k)).auc();
        }
        auc = OptionalDouble.of(total / c);
      }
    }
    return new ClassificationReport(
        (double) correct / n,
        perClass,
        sums[0] / c,
        sums[1] / c,
        sums[2] / c,
        sums[3] / n,
        sums[4] / n,
        sums[5] / n,
        auc,
        curve,
        matrix);
  }

  /**
   * The ROC curve like scikit-learn's {@code roc_curve} (drop_intermediate=True): samples sorted by
   * decreasing score, one point per distinct score (tied samples enter together, which is what
   * makes the trapezoidal area equal the Mann-Whitney statistic with average ranks).
   */
  static RocCurve rocCurve(String positiveLabel, boolean[] positive, double[] score) {
    int n = score.length;
    int positives = 0;
    for (boolean b : positive) {
      positives += b ? 1 : 0;
    }
    if (positives == 0) {
      throw new MlException(
          "ROC-AUC is undefined: yTrue has no sample of label '" + positiveLabel + "'");
    }
    if (positives == n) {
      throw new MlException(
          "ROC-AUC is undefined: every sample of yTrue is '"
              + positiveLabel
              + "' (no negative sample for it)");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> score[i]).reversed());
    // cumulative true/false positives at the last sample of each group of equal scores
    double[] tps = new double[n];
    double[] fps = new double[n];
    double[] thr = new double[n];
    int m = 0;
    double tp = 0;
    double fp = 0;
    for (int r = 0; r < n; r++) {
      int i = order[r];
      if (positive[i]) {
        tp++;
      } else {
        fp++;
      }
      if (r == n - 1 || score[order[r + 1]] != score[i]) {
        tps[m] = tp;
        fps[m] = fp;
        thr[m] = score[i];
        m++;
      }
    }
    // drop collinear intermediate points: keep ends and corners (non-zero second difference)
    double[] fpr = new double[m + 1];
    double[] tpr = new double[m + 1];
    double[] thresholds = new double[m + 1];
    thresholds[0] = Double.POSITIVE_INFINITY;
    int kept = 1;
    for (int j = 0; j < m; j++) {
      boolean keep =
          m <= 2
              || j == 0
              || j == m - 1
              || fps[j + 1] - 2 * fps[j] + fps[j - 1] != 0
              || tps[j + 1] - 2 * tps[j] + tps[j - 1] != 0;
      if (keep) {
        fpr[kept] = fps[j] / fp;
        tpr[kept] = tps[j] / tp;
        thresholds[kept] = thr[j];
        kept++;
      }
    }
    return new RocCurve(
        positiveLabel,
        Arrays.copyOf(fpr, kept),
        Arrays.copyOf(tpr, kept),
        Arrays.copyOf(thresholds, kept));
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0.0 : (double) numerator / denominator;
  }

  private static boolean[] positives(int[] t, int k) {
    boolean[] out = new boolean[t.length];
    for (int i = 0; i < t.length; i++) {
      out[i] = t[i] == k;
    }
    return out;
  }

  private static double[] column(double[][] scores, int k) {
    double[] out = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      out[i] = scores[i][k];
    }
    return out;
  }

  private static void checkScores(double[][] scores, int n, List<String> labels) {
    if (labels.size() < 2) {
      throw new MlException(
          "ROC-AUC needs at least 2 labels, got " + labels.size() + ": " + labels);
    }
    if (scores.length != n) {
      throw new MlException(
          "scores has " + scores.length + " rows but there are " + n + " samples");
    }
    for (int i = 0; i < n; i++) {
      if (scores[i] == null) {
        throw new MlException("scores[" + i + "] is null");
      }
      if (scores[i].length != labels.size()) {
        throw new MlException(
            "scores["
                + i
                + "] has "
                + scores[i].length
                + " columns but there are "
                + labels.size()
                + " labels "
                + labels);
      }
      for (int j = 0; j < scores[i].length; j++) {
        if (!Double.isFinite(scores[i][j])) {
          throw new MlException(
              "scores[" + i + "][" + j + "] is " + scores[i][j] + "; scores must be finite");
        }
      }
    }
  }

  private static Map<String, Integer> labelIndex(List<String> labels) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      if (label == null) {
        throw new MlException("labels[" + i + "] is null");
      }
      if (index.putIfAbsent(label, i) != null) {
        throw new MlException("labels contains '" + label + "' more than once: " + labels);
      }
    }
    return index;
  }

  private static int[] encode(
      List<String> values, String name, Map<String, Integer> index, List<String> labels) {
    int[] out = new int[values.size()];
    for (int i = 0; i < out.length; i++) {
      String v = values.get(i);
      if (v == null) {
        throw new MlException(name + "[" + i + "] is null");
      }
      Integer k = index.get(v);
      if (k == null) {
        throw new MlException(
            name + "[" + i + "] = '" + v + "' is not one of the labels " + labels);
      }
      out[i] = k;
    }
    return out;
  }

  private static void requireNonNull(Object value, String name) {
    if (Objects.isNull(value)) {
      throw new MlException(name + " is null");
    }
  }
}
