package dev.mle4j.tabular.eval;

import java.util.Set;

/** Whether a larger or a smaller value of a metric is better. */
public enum MetricDirection {
  /** Larger is better (accuracy, f1, r2, roc_auc, ...). */
  HIGHER_IS_BETTER,
  /** Smaller is better (rmse, mae, log_loss, ...). */
  LOWER_IS_BETTER;

  private static final Set<String> LOWER =
      Set.of("rmse", "mae", "rmsle", "rmse_log", "log_loss", "mse");

  /**
   * The usual direction of a metric of {@link TabularMetrics}: lower for errors and losses ({@code
   * rmse}, {@code mae}, {@code rmsle}, {@code rmse_log}, {@code log_loss}, {@code mse}), higher for
   * everything else.
   *
   * @param metric the metric name
   * @return its direction
   */
  public static MetricDirection of(String metric) {
    return LOWER.contains(metric) ? LOWER_IS_BETTER : HIGHER_IS_BETTER;
  }

  /**
   * Whether score {@code a} is strictly better than {@code b}; NaN is never better and anything is
   * better than NaN.
   *
   * @param a a score
   * @param b another score
   * @return true if {@code a} is better
   */
  public boolean isBetter(double a, double b) {
    if (Double.isNaN(a)) {
      return false;
    }
    if (Double.isNaN(b)) {
      return true;
    }
    return this == HIGHER_IS_BETTER ? a > b : a < b;
  }

  /**
   * The score turned into a loss: {@code -score} for higher-is-better metrics, the score itself
   * otherwise, so smaller is always better.
   *
   * @param score the score
   * @return the loss
   */
  public double toLoss(double score) {
    return this == HIGHER_IS_BETTER ? -score : score;
  }
}
