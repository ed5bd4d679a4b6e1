package dev.mle4j.core.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of a regressor on a sample, as computed by {@link RegressionMetrics#evaluate}, with
 * {@code e_i = yTrue_i - yPred_i} over {@code n} samples:
 *
 * <ul>
 *   <li>{@code rmse} = sqrt(Σ e_i² / n).
 *   <li>{@code mae} = Σ |e_i| / n.
 *   <li>{@code r2} = 1 - Σ e_i² / Σ (yTrue_i - mean(yTrue))². When yTrue is constant it is 1.0 for
 *       perfect predictions and 0.0 otherwise (scikit-learn's {@code force_finite=True}); with a
 *       single sample it is {@code NaN} (undefined, as scikit-learn). Constant yTrue is detected
 *       exactly (all values equal), where scikit-learn can see a tiny non-zero variance from the
 *       rounding of the mean (e.g. three times 0.1) and return a huge negative R².
 *   <li>{@code rmsle} = sqrt(Σ (ln(1 + yTrue_i) - ln(1 + yPred_i))² / n), scikit-learn's {@code
 *       root_mean_squared_log_error}; {@code NaN} (undefined) when any value of yTrue or yPred is
 *       {@code <= -1}.
 * </ul>
 *
 * @param rmse root mean squared error, {@code >= 0}
 * @param mae mean absolute error, {@code >= 0}
 * @param r2 coefficient of determination, {@code <= 1}; {@code NaN} for a single sample
 * @param rmsle root mean squared logarithmic error, {@code >= 0}; {@code NaN} when undefined
 */
public record RegressionReport(double rmse, double mae, double r2, double rmsle) {

  /**
   * The metrics as a flat map: {@code rmse}, {@code mae}, {@code r2}, {@code rmsle}, in this order.
   * An undefined ({@code NaN}) {@code r2} or {@code rmsle} is left out.
   *
   * @return a new mutable map, insertion-ordered
   */
  public Map<String, Double> toMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    map.put("rmse", rmse);
    map.put("mae", mae);
    if (!Double.isNaN(r2)) {
      map.put("r2", r2);
    }
    if (!Double.isNaN(rmsle)) {
      map.put("rmsle", rmsle);
    }
    return map;
  }

  /**
   * Whether RMSLE is defined (no value {@code <= -1}).
   *
   * @return {@code true} if {@link #rmsle()} is a number
   */
  public boolean hasRmsle() {
    return !Double.isNaN(rmsle);
  }
}
