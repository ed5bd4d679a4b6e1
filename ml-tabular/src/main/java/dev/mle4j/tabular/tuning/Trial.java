package dev.mle4j.tabular.tuning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One evaluated hyper-parameter configuration.
 *
 * @param number the trial number, from 0
 * @param params the parameter values, in space order
 * @param score the mean cross-validation score of the optimised metric; NaN if the trial failed
 * @param std the standard deviation of that score over the folds; NaN if the trial failed
 * @param seconds wall-clock seconds of the trial
 * @param error the failure message, or null when the trial succeeded
 * @param rows the number of data rows the configuration was cross-validated on (all rows except for
 *     the early rungs of {@link SuccessiveHalving})
 * @param rung the successive-halving rung, 0 for other searches
 */
public record Trial(
    int number,
    Map<String, Object> params,
    double score,
    double std,
    double seconds,
    String error,
    int rows,
    int rung) {

  /** Copies the parameters. */
  public Trial {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /**
   * Whether the trial produced a score.
   *
   * @return true if it succeeded
   */
  public boolean ok() {
    return error == null && !Double.isNaN(score);
  }
}
