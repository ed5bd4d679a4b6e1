package dev.mle4j.tabular.eval;

import dev.mle4j.core.MlException;
import dev.mle4j.core.metrics.ClassificationMetrics;
import dev.mle4j.core.metrics.ClassificationReport;
import dev.mle4j.core.metrics.RegressionMetrics;
import dev.mle4j.core.metrics.RegressionReport;
import dev.mle4j.tabular.data.TabularTask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of tabular predictions, with snake_case names.
 *
 * <p>Regression: {@code rmse}, {@code mae}, {@code r2} (from {@link RegressionMetrics}), {@code
 * rmsle} when every target is {@code >= 0} (negative predictions are clipped to 0 before the log,
 * so a model that predicts below zero is scored as if it predicted 0), and {@code rmse_log} (RMSE
 * between {@code ln(y)} and {@code ln(max(pred, 1e-9))}, the House Prices score) when every target
 * is {@code > 0}.
 *
 * <p>Classification (predicted label = arg-max of the probabilities, first on ties): {@code
 * accuracy}; {@code precision}, {@code recall}, {@code f1} of the positive class {@code
 * labels.get(1)} for two classes and macro averages for more; {@code roc_auc} (binary, or
 * one-vs-rest macro for more classes; left out when a class has no row or every row); {@code
 * pr_auc} (average precision of the positive class, binary only, left out when there is no positive
 * row); {@code log_loss} (probabilities clipped to [1e-15, 1 - 1e-15] and each row renormalised to
 * sum 1).
 */
public final class TabularMetrics {

  /** The smallest prediction used inside {@code rmse_log}. */
  public static final double LOG_FLOOR = 1e-9;

  private static final double EPS = 1e-15;

  private TabularMetrics() {}

  /**
   * Computes all metrics that are defined for the task.
   *
   * @param task regression or classification
   * @param labels the class labels (empty for regression)
   * @param yTrue the true values or class indices
   * @param predictions one row per sample: {@code [value]} or class probabilities
   * @return metric name to value, in a stable order
   * @throws MlException on empty input or mismatched shapes
   */
  public static Map<String, Double> compute(
      TabularTask task, List<String> labels, double[] yTrue, double[][] predictions) {
    if (yTrue.length == 0) {
      throw new MlException("no rows to evaluate");
    }
    if (predictions.length != yTrue.length) {
      throw new MlException(
          "got " + predictions.length + " predictions for " + yTrue.length + " targets");
    }
    return task == TabularTask.REGRESSION
        ? regression(yTrue, column(predictions, 0))
        : classification(labels, yTrue, predictions);
  }

  /**
   * Regression metrics.
   *
   * @param yTrue the true values
   * @param yPred the predictions
   * @return rmse, mae, r2 and, when defined, rmsle and rmse_log
   */
  public static Map<String, Double> regression(double[] yTrue, double[] yPred) {
    RegressionReport report = RegressionMetrics.evaluate(yTrue, yPred);
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("rmse", report.rmse());
    out.put("mae", report.mae());
    if (!Double.isNaN(report.r2())) {
      out.put("r2", report.r2());
    }
    boolean nonNegative = true;
    boolean positive = true;
    for (double y : yTrue) {
      nonNegative &= y >= 0;
      positive &= y > 0;
    }
    if (nonNegative) {
      out.put("rmsle", rmsle(yTrue, yPred));
    }
    if (positive) {
      out.put("rmse_log", rmseLog(yTrue, yPred));
    }
    return out;
  }

  /**
   * Root mean squared logarithmic error, with negative predictions clipped to 0.
   *
   * @param yTrue true values, all {@code >= 0}
   * @param yPred predictions
   * @return sqrt(mean((ln(1 + y) - ln(1 + max(p, 0)))²))
   */
  public static double rmsle(double[] yTrue, double[] yPred) {
    double sum = 0;
    for (int i = 0; i < yTrue.length; i++) {
      if (yTrue[i] < 0) {
        throw new MlException("rmsle needs targets >= 0, got " + yTrue[i] + " at row " + i);
      }
      double d = Math.log1p(yTrue[i]) - Math.log1p(Math.max(yPred[i], 0.0));
      sum += d * d;
    }
    return Math.sqrt(sum / yTrue.length);
  }

  /**
   * RMSE of logs: sqrt(mean((ln y - ln max(p, 1e-9))²)), the House Prices competition score.
   *
   * @param yTrue true values, all {@code > 0}
   * @param yPred predictions
   * @return the score
   */
  public static double rmseLog(double[] yTrue, double[] yPred) {
    double sum = 0;
    for (int i = 0; i < yTrue.length; i++) {
      if (!(yTrue[i] > 0)) {
        throw new MlException("rmse_log needs targets > 0, got " + yTrue[i] + " at row " + i);
      }
      double d = Math.log(yTrue[i]) - Math.log(Math.max(yPred[i], LOG_FLOOR));
      sum += d * d;
    }
    return Math.sqrt(sum / yTrue.length);
  }

  /**
   * Classification metrics.
   *
   * @param labels the class labels
   * @param yTrue class index per row
   * @param probabilities class probabilities per row, one column per label
   * @return the metrics
   */
  public static Map<String, Double> classification(
      List<String> labels, double[] yTrue, double[][] probabilities) {
    int c = labels.size();
    if (c < 2) {
      throw new MlException("classification metrics need at least 2 labels, got " + labels);
    }
    List<String> truth = new ArrayList<>(yTrue.length);
    List<String> predicted = new ArrayList<>(yTrue.length);
    int[] counts = new int[c];
    for (int i = 0; i < yTrue.length; i++) {
      double[] p = probabilities[i];
      if (p.length != c) {
        throw new MlException(
            "prediction row " + i + " has " + p.length + " probabilities for " + c + " labels");
      }
      int t = (int) yTrue[i];
      counts[t]++;
      truth.add(labels.get(t));
      predicted.add(labels.get(argMax(p)));
    }
    boolean everyClassMixed = true;
    for (int k = 0; k < c; k++) {
      everyClassMixed &= counts[k] > 0 && counts[k] < yTrue.length;
    }
    ClassificationReport report =
        everyClassMixed
            ? ClassificationMetrics.evaluate(truth, predicted, labels, probabilities)
            : ClassificationMetrics.evaluate(truth, predicted, labels);
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("accuracy", report.accuracy());
    if (c == 2) {
      var positive = report.perClass().get(1);
      out.put("precision", positive.precision());
      out.put("recall", positive.recall());
      out.put("f1", positive.f1());
    } else {
      out.put("precision", report.macroPrecision());
      out.put("recall", report.macroRecall());
      out.put("f1", report.macroF1());
    }
    report.rocAuc().ifPresent(a -> out.put("roc_auc", a));
    if (c == 2 && counts[1] > 0) {
      boolean[] pos = new boolean[yTrue.length];
      for (int i = 0; i < pos.length; i++) {
        pos[i] = yTrue[i] == 1;
      }
      out.put("pr_auc", averagePrecision(pos, column(probabilities, 1)));
    }
    out.put("log_loss", logLoss(yTrue, probabilities));
    return out;
  }

  /**
   * Average precision (scikit-learn's {@code average_precision_score}): Σ (R_n - R_{n-1}) P_n over
   * the distinct score thresholds in decreasing order, tied scores entering together.
   *
   * @param positive whether each row is positive
   * @param scores the score of each row
   * @return the average precision in [0, 1]
   * @throws MlException if there is no positive row or the lengths differ
   */
  public static double averagePrecision(boolean[] positive, double[] scores) {
    if (positive.length != scores.length) {
      throw new MlException(
          "average precision: " + positive.length + " labels but " + scores.length + " scores");
    }
    int n = scores.length;
    int positives = 0;
    for (boolean b : positive) {
      positives += b ? 1 : 0;
    }
    if (positives == 0) {
      throw new MlException("average precision is undefined without a positive row");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    double tp = 0;
    double fp = 0;
    double previousRecall = 0;
    double ap = 0;
    for (int r = 0; r < n; r++) {
      int i = order[r];
      if (positive[i]) {
        tp++;
      } else {
        fp++;
      }
      if (r == n - 1 || scores[order[r + 1]] != scores[i]) {
        double recall = tp / positives;
        double precision = tp / (tp + fp);
        ap += (recall - previousRecall) * precision;
        previousRecall = recall;
      }
    }
    return ap;
  }

  /**
   * Mean negative log-likelihood of the true class.
   *
   * @param yTrue class index per row
   * @param probabilities class probabilities per row
   * @return the log loss
   */
  public static double logLoss(double[] yTrue, double[][] probabilities) {
    double sum = 0;
    for (int i = 0; i < yTrue.length; i++) {
      double[] p = probabilities[i];
      double total = 0;
      for (double v : p) {
        total += clip(v);
      }
      double pt = clip(p[(int) yTrue[i]]) / total;
      sum -= Math.log(pt);
    }
    return sum / yTrue.length;
  }

  private static double clip(double p) {
    if (Double.isNaN(p)) {
      throw new MlException("a predicted probability is NaN");
    }
    return Math.min(Math.max(p, EPS), 1 - EPS);
  }

  /**
   * The index of the largest value (the first one on ties).
   *
   * @param values the values
   * @return the index
   */
  public static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  static double[] column(double[][] rows, int j) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i][j];
    }
    return out;
  }
}
