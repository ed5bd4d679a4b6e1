package dev.mle4j.rag.eval;

import dev.mle4j.core.MlException;
import java.util.Arrays;

/**
 * Summary of latencies in milliseconds. Percentiles interpolate linearly between the two nearest
 * ranks (NumPy's default {@code percentile} method).
 *
 * @param count number of measurements
 * @param meanMs mean
 * @param p50Ms median
 * @param p95Ms 95th percentile
 * @param p99Ms 99th percentile
 */
public record LatencySummary(int count, double meanMs, double p50Ms, double p95Ms, double p99Ms) {

  /**
   * Summarises measurements.
   *
   * @param millis latencies in milliseconds, at least one, all finite and {@code >= 0}
   * @return the summary
   * @throws MlException when empty or a value is negative or not finite
   */
  public static LatencySummary of(double[] millis) {
    if (millis == null || millis.length == 0) {
      throw new MlException("no latency measurements to summarise");
    }
    double sum = 0;
    for (int i = 0; i < millis.length; i++) {
      if (!Double.isFinite(millis[i]) || millis[i] < 0) {
        throw new MlException("latency[" + i + "] = " + millis[i] + " is not a finite value >= 0");
      }
      sum += millis[i];
    }
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    return new LatencySummary(
        millis.length,
        sum / millis.length,
        percentile(sorted, 50),
        percentile(sorted, 95),
        percentile(sorted, 99));
  }

  /**
   * A percentile of sorted values with linear interpolation.
   *
   * @param sorted values in ascending order, at least one
   * @param p percentile in [0, 100]
   * @return the percentile
   */
  public static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      throw new MlException("percentile of no values");
    }
    if (p < 0 || p > 100) {
      throw new MlException("percentile must be in [0, 100], got " + p);
    }
    double pos = p / 100.0 * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
}
