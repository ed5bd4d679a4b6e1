package dev.mle4j.tabular.eda;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Descriptive statistics and association measures on columns with missing values ({@code NaN} for
 * numbers, {@code null} for categories). Pairwise measures use the rows where both values are
 * present. Results are {@code NaN} when there are too few values.
 */
public final class Statistics {

  private Statistics() {}

  /**
   * The non-missing values, sorted ascending.
   *
   * @param values values with NaN for missing
   * @return a new sorted array without NaN
   */
  public static double[] sortedFinite(double[] values) {
    double[] out = new double[values.length];
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        out[n++] = v;
      }
    }
    out = Arrays.copyOf(out, n);
    Arrays.sort(out);
    return out;
  }

  /**
   * A quantile of sorted values with linear interpolation between closest ranks (NumPy's default):
   * position {@code (n - 1) * p}.
   *
   * @param sorted values sorted ascending, no NaN
   * @param p the probability, 0 to 1
   * @return the quantile, NaN for no values
   */
  public static double quantile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * The mean of the non-missing values.
   *
   * @param values values with NaN for missing
   * @return the mean, NaN for no values
   */
  public static double mean(double[] values) {
    double sum = 0;
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * The sample standard deviation (divisor n - 1) of the non-missing values.
   *
   * @param values values with NaN for missing
   * @return the standard deviation, NaN for fewer than two values
   */
  public static double std(double[] values) {
    double m = mean(values);
    double ss = 0;
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        ss += (v - m) * (v - m);
        n++;
      }
    }
    return n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1));
  }

  /**
   * The bias-adjusted sample skewness {@code G1} (as pandas {@code skew}).
   *
   * @param values values with NaN for missing
   * @return the skewness; NaN for fewer than three values, 0 for constant values
   */
  public static double skewness(double[] values) {
    double[] m = centralMoments(values);
    double n = m[0];
    if (n < 3) {
      return Double.NaN;
    }
    if (m[2] <= 1e-14 * Math.max(1, m[1] * m[1])) {
      return 0;
    }
    double g1 = m[3] / Math.pow(m[2], 1.5);
    return Math.sqrt(n * (n - 1)) / (n - 2) * g1;
  }

  /**
   * The bias-adjusted sample excess kurtosis {@code G2} (as pandas {@code kurt}; 0 for a normal
   * distribution).
   *
   * @param values values with NaN for missing
   * @return the excess kurtosis; NaN for fewer than four values, 0 for constant values
   */
  public static double kurtosis(double[] values) {
    double[] m = centralMoments(values);
    double n = m[0];
    if (n < 4) {
      return Double.NaN;
    }
    if (m[2] <= 1e-14 * Math.max(1, m[1] * m[1])) {
      return 0;
    }
    double g2 = m[4] / (m[2] * m[2]) - 3;
    return ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3));
  }

  /** Returns {n, mean, m2, m3, m4} with population central moments. */
  private static double[] centralMoments(double[] values) {
    double mean = mean(values);
    double m2 = 0;
    double m3 = 0;
    double m4 = 0;
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        double d = v - mean;
        double d2 = d * d;
        m2 += d2;
        m3 += d2 * d;
        m4 += d2 * d2;
        n++;
      }
    }
    if (n == 0) {
      return new double[] {0, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    }
    return new double[] {n, mean, m2 / n, m3 / n, m4 / n};
  }

  /**
   * The Pearson correlation of two columns over the rows where both are present.
   *
   * @param x first column
   * @param y second column, same length
   * @return r in [-1, 1]; NaN for fewer than two pairs or a constant column
   */
  public static double pearson(double[] x, double[] y) {
    checkLength(x.length, y.length);
    double sx = 0;
    double sy = 0;
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        sx += x[i];
        sy += y[i];
        n++;
      }
    }
    if (n < 2) {
      return Double.NaN;
    }
    double mx = sx / n;
    double my = sy / n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        double dx = x[i] - mx;
        double dy = y[i] - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
      }
    }
    if (sxx <= 0 || syy <= 0) {
      return Double.NaN;
    }
    return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  }

  /**
   * Ranks (1-based; ties get the average of their ranks; NaN stays NaN).
   *
   * @param values the values
   * @return the ranks
   */
  public static double[] ranks(double[] values) {
    int n = 0;
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i])) {
        order[n++] = i;
      }
    }
    Integer[] present = Arrays.copyOf(order, n);
    Arrays.sort(present, (a, b) -> Double.compare(values[a], values[b]));
    double[] out = new double[values.length];
    Arrays.fill(out, Double.NaN);
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && values[present[j + 1]] == values[present[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        out[present[k]] = rank;
      }
      i = j + 1;
    }
    return out;
  }

  /**
   * The Spearman rank correlation over the rows where both are present (Pearson of average ranks).
   *
   * @param x first column
   * @param y second column, same length
   * @return rho in [-1, 1]; NaN for fewer than two pairs or a constant column
   */
  public static double spearman(double[] x, double[] y) {
    checkLength(x.length, y.length);
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        n++;
      }
    }
    double[] a = new double[n];
    double[] b = new double[n];
    int j = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        a[j] = x[i];
        b[j++] = y[i];
      }
    }
    return pearson(ranks(a), ranks(b));
  }

  /**
   * Bias-corrected Cramér's V (Bergsma 2013) between two categorical columns over the rows where
   * both are present: {@code sqrt(phi2c / min(kc - 1, rc - 1))} with {@code phi2c = max(0, chi2/n -
   * (k - 1)(r - 1)/(n - 1))}, {@code kc = k - (k - 1)^2/(n - 1)}, {@code rc = r - (r - 1)^2/(n -
   * 1)}.
   *
   * @param a first column (null = missing)
   * @param b second column, same length
   * @return V in [0, 1]; NaN when either column has fewer than two levels or n &lt; 2
   */
  public static double cramersV(String[] a, String[] b) {
    checkLength(a.length, b.length);
    Map<String, Integer> ai = new HashMap<>();
    Map<String, Integer> bi = new HashMap<>();
    int[] ra = new int[a.length];
    int[] rb = new int[a.length];
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] != null && b[i] != null) {
        ra[n] = ai.computeIfAbsent(a[i], k -> ai.size());
        rb[n] = bi.computeIfAbsent(b[i], k -> bi.size());
        n++;
      }
    }
    int r = ai.size();
    int k = bi.size();
    if (n < 2 || r < 2 || k < 2) {
      return Double.NaN;
    }
    double[][] counts = new double[r][k];
    double[] rowSum = new double[r];
    double[] colSum = new double[k];
    for (int i = 0; i < n; i++) {
      counts[ra[i]][rb[i]]++;
      rowSum[ra[i]]++;
      colSum[rb[i]]++;
    }
    double chi2 = 0;
    for (int x = 0; x < r; x++) {
      for (int y = 0; y < k; y++) {
        double e = rowSum[x] * colSum[y] / n;
        double d = counts[x][y] - e;
        chi2 += d * d / e;
      }
    }
    double phi2 = chi2 / n;
    double phi2c = Math.max(0, phi2 - (k - 1.0) * (r - 1.0) / (n - 1.0));
    double rc = r - (r - 1.0) * (r - 1.0) / (n - 1.0);
    double kc = k - (k - 1.0) * (k - 1.0) / (n - 1.0);
    double denom = Math.min(kc - 1, rc - 1);
    if (denom <= 0) {
      return Double.NaN;
    }
    return Math.min(1, Math.sqrt(phi2c / denom));
  }

  /**
   * The correlation ratio eta between a categorical and a numeric column over the rows where both
   * are present: {@code sqrt(SS_between / SS_total)}.
   *
   * @param categories the groups (null = missing)
   * @param values the numbers (NaN = missing), same length
   * @return eta in [0, 1]; NaN for fewer than two values or constant values
   */
  public static double correlationRatio(String[] categories, double[] values) {
    checkLength(categories.length, values.length);
    Map<String, double[]> groups = new HashMap<>();
    double sum = 0;
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      if (categories[i] != null && !Double.isNaN(values[i])) {
        double[] g = groups.computeIfAbsent(categories[i], c -> new double[2]);
        g[0] += values[i];
        g[1]++;
        sum += values[i];
        n++;
      }
    }
    if (n < 2) {
      return Double.NaN;
    }
    double mean = sum / n;
    double total = 0;
    for (int i = 0; i < values.length; i++) {
      if (categories[i] != null && !Double.isNaN(values[i])) {
        total += (values[i] - mean) * (values[i] - mean);
      }
    }
    if (total <= 0) {
      return Double.NaN;
    }
    double between = 0;
    for (double[] g : groups.values()) {
      double gm = g[0] / g[1];
      between += g[1] * (gm - mean) * (gm - mean);
    }
    return Math.min(1, Math.sqrt(between / total));
  }

  private static void checkLength(int a, int b) {
    if (a != b) {
      throw new dev.mle4j.core.MlException("columns have different lengths: " + a + " and " + b);
    }
  }
}
