package dev.mle4j.core.metrics;

import dev.mle4j.core.MlException;

/**
 * Regression metrics with scikit-learn's definitions: RMSE, MAE, R² and RMSLE. See {@link
 * RegressionReport} for each metric's definition and its undefined cases.
 */
public final class RegressionMetrics {

  private RegressionMetrics() {}

  /**
   * Evaluates predictions against true values.
   *
   * @param yTrue the true values, finite
   * @param yPred the predicted values, finite, same length
   * @return the report
   * @throws MlException on null or empty arrays, a length mismatch or a non-finite value
   */
  public static RegressionReport evaluate(double[] yTrue, double[] yPred) {
    if (yTrue == null) {
      throw new MlException("yTrue is null");
    }
    if (yPred == null) {
      throw new MlException("yPred is null");
    }
    if (yTrue.length == 0) {
      throw new MlException("yTrue is empty: nothing to evaluate");
    }
    if (yTrue.length != yPred.length) {
      throw new MlException("yTrue has " + yTrue.length + " values but yPred has " + yPred.length);
    }
    int n = yTrue.length;
    boolean logDefined = true;
    boolean constant = true;
    for (int i = 0; i < n; i++) {
      checkFinite(yTrue[i], "yTrue", i);
      checkFinite(yPred[i], "yPred", i);
      logDefined &= yTrue[i] > -1.0 && yPred[i] > -1.0;
      constant &= yTrue[i] == yTrue[0];
    }
    double squared = 0.0;
    double absolute = 0.0;
    double squaredLog = 0.0;
    double sumTrue = 0.0;
    for (int i = 0; i < n; i++) {
      double e = yTrue[i] - yPred[i];
      squared += e * e;
      absolute += Math.abs(e);
      sumTrue += yTrue[i];
      if (logDefined) {
        double d = Math.log1p(yTrue[i]) - Math.log1p(yPred[i]);
        squaredLog += d * d;
      }
    }
    double mean = sumTrue / n;
    double total = 0.0;
    for (double y : yTrue) {
      total += (y - mean) * (y - mean);
    }
    double r2;
    if (n < 2) {
      r2 = Double.NaN;
    } else if (squared == 0.0) {
      r2 = 1.0;
    } else if (constant || total == 0.0) {
      r2 = 0.0;
    } else {
      r2 = 1.0 - squared / total;
    }
    return new RegressionReport(
        Math.sqrt(squared / n),
        absolute / n,
        r2,
        logDefined ? Math.sqrt(squaredLog / n) : Double.NaN);
  }

  private static void checkFinite(double value, String name, int i) {
    if (!Double.isFinite(value)) {
      throw new MlException(name + "[" + i + "] is " + value + "; values must be finite");
    }
  }
}
