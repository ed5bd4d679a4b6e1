package dev.mle4j.tabular.drift;

import dev.mle4j.core.MlException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statistics behind the drift tests, written to reproduce the numbers of SciPy and Evidently.
 *
 * <p>Two-sample Kolmogorov-Smirnov follows {@code scipy.stats.ks_2samp(a, b)} (method 'auto': exact
 * when both samples have at most 10,000 values); chi-squared follows {@code scipy.stats.chisquare};
 * the two-proportion Z-test, normalised Wasserstein distance, Jensen-Shannon distance (natural
 * logarithm) and PSI follow Evidently's legacy stattests.
 */
public final class DriftStatistics {
  /** Largest sample size for which the exact KS distribution is used (SciPy's MAX_AUTO_N). */
  public static final int KS_EXACT_MAX_N = 10_000;

  private static final double EPS = 1e-16;
  private static final double[] LANCZOS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  private DriftStatistics() {}

  /**
   * The result of a two-sample Kolmogorov-Smirnov test.
   *
   * @param statistic the largest distance between the two empirical CDFs
   * @param pValue the two-sided p-value
   * @param exact whether the exact distribution was used (otherwise the asymptotic one)
   */
  public record KsResult(double statistic, double pValue, boolean exact) {}

  /**
   * Two-sample two-sided Kolmogorov-Smirnov test like {@code scipy.stats.ks_2samp(a, b)}.
   *
   * <p>Exact p-values (SciPy's lattice-path recursions) are used when both samples have at most
   * {@link #KS_EXACT_MAX_N} values. Larger samples use the limiting Kolmogorov distribution of
   * {@code sqrt(n1*n2/(n1+n2)) * D}, which differs from SciPy's {@code kstwo.sf} by O(1/sqrt(n)).
   *
   * @param a first sample, finite values
   * @param b second sample, finite values
   * @return statistic and p-value
   */
  public static KsResult ksTwoSample(double[] a, double[] b) {
    requireNonEmpty(a, "first sample");
    requireNonEmpty(b, "second sample");
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    int n1 = x.length;
    int n2 = y.length;
    double d = 0;
    for (double v : x) {
      d = Math.max(d, Math.abs(countAtMost(x, v) / (double) n1 - countAtMost(y, v) / (double) n2));
    }
    for (double v : y) {
      d = Math.max(d, Math.abs(countAtMost(x, v) / (double) n1 - countAtMost(y, v) / (double) n2));
    }
    if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
      long g = gcd(n1, n2);
      long lcm = (n1 / g) * (long) n2;
      long h = Math.round(d * lcm);
      double dExact = h / (double) lcm;
      if (h == 0) {
        return new KsResult(dExact, 1.0, true);
      }
      double prob = n1 == n2 ? probOutsideSquare(n1, (int) h) : outerProbInside(n1, n2, (int) g, h);
      if (Double.isFinite(prob) && prob >= 0 && prob <= 1) {
        return new KsResult(dExact, prob, true);
      }
    }
    double en = Math.rint((double) n1 * n2 / (n1 + n2));
    return new KsResult(d, kolmogorovSurvival(Math.sqrt(en) * d), false);
  }

  private static int countAtMost(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** Pr(D_{n,n} >= h/n), SciPy's {@code _compute_prob_outside_square}. */
  private static double probOutsideSquare(int n, int h) {
    double p = 0.0;
    int k = n / h;
    while (k >= 0) {
      double p1 = 1.0;
      for (int j = 0; j < h; j++) {
        p1 = (n - (double) k * h - j) * p1 / (n + (double) k * h + j + 1);
      }
      p = p1 * (1.0 - p);
      k--;
    }
    return 2 * p;
  }

  /**
   * Probability that a random lattice path from (0,0) to (m,n) touches or leaves the band |ng*i -
   * mg*j| &lt; h, i.e. Pr(D &gt;= h/lcm). Computed directly (not as one minus the inside share) so
   * tiny p-values keep their relative precision.
   */
  private static double outerProbInside(int mIn, int nIn, int g, long h) {
    int m = Math.max(mIn, nIn);
    int n = Math.min(mIn, nIn);
    long mg = m / g;
    long ng = n / g;
    // B[i][j]: share of the C(i+j, j) paths to (i, j) that have been outside the band.
    double[] prev = new double[n + 1];
    double[] cur = new double[n + 1];
    prev[0] = 0.0;
    for (int j = 1; j <= n; j++) {
      prev[j] = mg * j >= h ? 1.0 : prev[j - 1];
    }
    for (int i = 1; i <= m; i++) {
      for (int j = 0; j <= n; j++) {
        if (Math.abs(ng * i - mg * j) >= h) {
          cur[j] = 1.0;
          continue;
        }
        double fromLeft = prev[j] * i;
        double fromBelow = j > 0 ? cur[j - 1] * j : 0.0;
        cur[j] = (fromLeft + fromBelow) / (i + j);
      }
      double[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[n];
  }

  /**
   * Survival function of the limiting Kolmogorov distribution, {@code scipy.special.kolmogorov}.
   *
   * @param x the scaled statistic {@code sqrt(n) * D}
   * @return Pr(K >= x)
   */
  public static double kolmogorovSurvival(double x) {
    if (x <= 0) {
      return 1.0;
    }
    if (x < 0.2) {
      return 1.0;
    }
    double sum = 0;
    for (int k = 1; k <= 100; k++) {
      double term = Math.exp(-2.0 * k * k * x * x);
      sum += (k % 2 == 1 ? 1 : -1) * term;
      if (term < 1e-18) {
        break;
      }
    }
    return Math.min(1.0, Math.max(0.0, 2 * sum));
  }

  /**
   * Natural logarithm of the gamma function (Lanczos approximation, g = 7).
   *
   * @param x a positive argument
   * @return ln Γ(x)
   */
  public static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double z = x - 1;
    double a = LANCZOS[0];
    double t = z + 7.5;
    for (int i = 1; i < LANCZOS.length; i++) {
      a += LANCZOS[i] / (z + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /**
   * Regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a).
   *
   * @param a shape, positive
   * @param x argument, non-negative
   * @return Q(a, x)
   */
  public static double regularizedGammaQ(double a, double x) {
    if (!(a > 0) || x < 0 || Double.isNaN(x)) {
      throw new MlException("regularized gamma: need a > 0 and x >= 0, got a=" + a + ", x=" + x);
    }
    if (x == 0) {
      return 1.0;
    }
    if (Double.isInfinite(x)) {
      return 0.0;
    }
    if (x < a + 1) {
      return 1.0 - gammaSeries(a, x);
    }
    return gammaContinuedFraction(a, x);
  }

  private static double gammaSeries(double a, double x) {
    double ap = a;
    double del = 1.0 / a;
    double sum = del;
    for (int n = 0; n < 10_000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) {
        break;
      }
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }

  private static double gammaContinuedFraction(double a, double x) {
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = b + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < EPS) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }

  /**
   * Survival function of the chi-squared distribution, {@code scipy.stats.chi2.sf(x, dof)}.
   *
   * @param x the statistic
   * @param dof degrees of freedom, positive
   * @return Pr(X >= x)
   */
  public static double chiSquareSurvival(double x, double dof) {
    if (x <= 0) {
      return 1.0;
    }
    return regularizedGammaQ(dof / 2, x / 2);
  }

  /**
   * Complementary error function for any real argument.
   *
   * @param x argument
   * @return erfc(x)
   */
  public static double erfc(double x) {
    if (x >= 0) {
      return regularizedGammaQ(0.5, x * x);
    }
    return 2 - regularizedGammaQ(0.5, x * x);
  }

  /**
   * Standard normal CDF, {@code scipy.stats.norm.cdf(z)}.
   *
   * @param z argument
   * @return Φ(z)
   */
  public static double normalCdf(double z) {
    return 0.5 * erfc(-z / Math.sqrt(2));
  }

  /**
   * Pearson's chi-squared goodness-of-fit p-value, {@code scipy.stats.chisquare(obs, exp)[1]}.
   *
   * @param observed observed counts
   * @param expected expected counts (same length, sums should agree)
   * @return p-value with {@code k - 1} degrees of freedom (1.0 when there is a single category)
   */
  public static double chiSquarePValue(double[] observed, double[] expected) {
    if (observed.length != expected.length) {
      throw new MlException(
          "chi-squared: " + observed.length + " observed vs " + expected.length + " expected");
    }
    if (observed.length < 2) {
      return 1.0;
    }
    double stat = 0;
    for (int i = 0; i < observed.length; i++) {
      double diff = observed[i] - expected[i];
      stat += diff * diff / expected[i];
    }
    if (Double.isNaN(stat)) {
      return 1.0;
    }
    if (Double.isInfinite(stat)) {
      return 0.0;
    }
    return chiSquareSurvival(stat, observed.length - 1);
  }

  /**
   * Evidently's chi-squared drift p-value: current category counts against reference proportions
   * scaled to the current size.
   *
   * @param reference reference values (no missing)
   * @param current current values (no missing)
   * @return p-value
   */
  public static double chiSquareDrift(Object[] reference, Object[] current) {
    List<Object> keys = keys(reference, current);
    Map<Object, Integer> ref = counts(reference);
    Map<Object, Integer> cur = counts(current);
    double scale = current.length / (double) reference.length;
    double[] obs = new double[keys.size()];
    double[] exp = new double[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      exp[i] = ref.getOrDefault(keys.get(i), 0) * scale;
      obs[i] = cur.getOrDefault(keys.get(i), 0);
    }
    return chiSquarePValue(obs, exp);
  }

  /**
   * Evidently's Z-test for the difference of two proportions (two-sided p-value).
   *
   * @param reference reference values with at most two distinct values overall
   * @param current current values
   * @return p-value, 1.0 when both samples hold the same single value
   */
  public static double zTestDrift(Object[] reference, Object[] current) {
    List<Object> keys = keys(reference, current);
    if (keys.size() > 2) {
      throw new MlException(
          "Z-test needs a binary column, found " + keys.size() + " distinct values");
    }
    if (keys.size() == 1) {
      return 1.0;
    }
    Object first = keys.get(0);
    double p1 = share(reference, first);
    double p2 = share(current, first);
    int n1 = reference.length;
    int n2 = current.length;
    double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    return 2 * (1 - normalCdf(Math.abs(z)));
  }

  private static double share(Object[] values, Object notKey) {
    int count = 0;
    for (Object v : values) {
      if (!v.equals(notKey)) {
        count++;
      }
    }
    return count / (double) values.length;
  }

  /**
   * Wasserstein-1 distance divided by the reference standard deviation (population, at least
   * 0.001), Evidently's {@code wasserstein} stattest.
   *
   * @param reference reference sample
   * @param current current sample
   * @return normalised distance
   */
  public static double wassersteinNormed(double[] reference, double[] current) {
    double norm = Math.max(populationStd(reference), 0.001);
    return wasserstein(reference, current) / norm;
  }

  /**
   * Wasserstein-1 distance between two samples, {@code scipy.stats.wasserstein_distance(u, v)}.
   *
   * @param u first sample
   * @param v second sample
   * @return the area between the two empirical CDFs
   */
  public static double wasserstein(double[] u, double[] v) {
    requireNonEmpty(u, "first sample");
    requireNonEmpty(v, "second sample");
    double[] us = u.clone();
    double[] vs = v.clone();
    Arrays.sort(us);
    Arrays.sort(vs);
    double[] all = new double[us.length + vs.length];
    System.arraycopy(us, 0, all, 0, us.length);
    System.arraycopy(vs, 0, all, us.length, vs.length);
    Arrays.sort(all);
    double sum = 0;
    for (int i = 0; i < all.length - 1; i++) {
      double delta = all[i + 1] - all[i];
      if (delta == 0) {
        continue;
      }
      double cu = countAtMost(us, all[i]) / (double) us.length;
      double cv = countAtMost(vs, all[i]) / (double) vs.length;
      sum += Math.abs(cu - cv) * delta;
    }
    return sum;
  }

  /**
   * Population standard deviation ({@code numpy.std}, ddof 0).
   *
   * @param values values
   * @return standard deviation
   */
  public static double populationStd(double[] values) {
    requireNonEmpty(values, "sample");
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / values.length);
  }

  /**
   * Jensen-Shannon distance with natural logarithm, {@code scipy.spatial.distance.jensenshannon}.
   *
   * @param p first distribution (normalised to sum 1)
   * @param q second distribution (same length)
   * @return the square root of the JS divergence
   */
  public static double jensenShannon(double[] p, double[] q) {
    if (p.length != q.length) {
      throw new MlException(
          "Jensen-Shannon: lengths differ (" + p.length + " vs " + q.length + ")");
    }
    double sp = Arrays.stream(p).sum();
    double sq = Arrays.stream(q).sum();
    double left = 0;
    double right = 0;
    for (int i = 0; i < p.length; i++) {
      double pi = p[i] / sp;
      double qi = q[i] / sq;
      double m = (pi + qi) / 2;
      left += relEntr(pi, m);
      right += relEntr(qi, m);
    }
    return Math.sqrt(Math.max(0, (left + right) / 2));
  }

  private static double relEntr(double x, double y) {
    if (x == 0) {
      return 0;
    }
    return x * Math.log(x / y);
  }

  /**
   * Population stability index over binned shares: sum of {@code (r - c) * ln(r / c)}.
   *
   * @param reference reference shares (no zeros)
   * @param current current shares (no zeros)
   * @return PSI
   */
  public static double psi(double[] reference, double[] current) {
    double sum = 0;
    for (int i = 0; i < reference.length; i++) {
      sum += (reference[i] - current[i]) * Math.log(reference[i] / current[i]);
    }
    return sum;
  }

  /**
   * Evidently's {@code get_binned_data}: shares per bin for a numeric column with more than 20
   * distinct reference values (Sturges equal-width bins over the combined range, like {@code
   * numpy.histogram_bin_edges(..., bins="sturges")}), otherwise shares per distinct value.
   *
   * @param reference reference values (Double for numeric columns, String otherwise)
   * @param current current values
   * @param numeric whether the column is numeric
   * @param fillZeroes whether to replace empty shares by a small value (PSI does, JS does not)
   * @return two arrays: reference shares and current shares
   */
  public static double[][] binnedShares(
      Object[] reference, Object[] current, boolean numeric, boolean fillZeroes) {
    double[] r;
    double[] c;
    if (numeric && new LinkedHashSet<>(Arrays.asList(reference)).size() > 20) {
      double[] ref = toDoubles(reference);
      double[] cur = toDoubles(current);
      double[] edges = sturgesEdges(ref, cur);
      r = histogramShares(ref, edges);
      c = histogramShares(cur, edges);
    } else {
      List<Object> keys = keys(reference, current);
      Map<Object, Integer> rc = counts(reference);
      Map<Object, Integer> cc = counts(current);
      r = new double[keys.size()];
      c = new double[keys.size()];
      for (int i = 0; i < keys.size(); i++) {
        r[i] = rc.getOrDefault(keys.get(i), 0) / (double) reference.length;
        c[i] = cc.getOrDefault(keys.get(i), 0) / (double) current.length;
      }
    }
    if (fillZeroes) {
      fillZeroes(r);
      fillZeroes(c);
    }
    return new double[][] {r, c};
  }

  private static void fillZeroes(double[] shares) {
    double min = Double.POSITIVE_INFINITY;
    for (double s : shares) {
      if (s != 0) {
        min = Math.min(min, s);
      }
    }
    double fill = min <= 0.0001 ? min / 1e6 : 0.0001;
    for (int i = 0; i < shares.length; i++) {
      if (shares[i] == 0) {
        shares[i] = fill;
      }
    }
  }

  /**
   * Equal-width bin edges over the combined range with Sturges' rule, like NumPy.
   *
   * @param a first sample
   * @param b second sample
   * @return the bin edges, at least two
   */
  public static double[] sturgesEdges(double[] a, double[] b) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : a) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    for (double v : b) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    int size = a.length + b.length;
    double ptp = max - min;
    double first = min;
    double last = max;
    if (first == last) {
      first -= 0.5;
      last += 0.5;
    }
    double width = ptp / (Math.log(size) / Math.log(2) + 1.0);
    int bins = width > 0 ? (int) Math.ceil((last - first) / width) : 1;
    double[] edges = new double[bins + 1];
    double step = (last - first) / bins;
    for (int i = 0; i < bins; i++) {
      edges[i] = i * step + first;
    }
    edges[bins] = last;
    return edges;
  }

  /**
   * Shares of values per bin like {@code numpy.histogram(values, edges)[0] / len(values)}: bins are
   * half-open except the last, values outside the edges are not counted.
   *
   * @param values values
   * @param edges increasing bin edges
   * @return share per bin
   */
  public static double[] histogramShares(double[] values, double[] edges) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int bins = edges.length - 1;
    double[] shares = new double[bins];
    for (int i = 0; i < bins; i++) {
      int lo = countBelow(sorted, edges[i]);
      int hi = i == bins - 1 ? countAtMost(sorted, edges[i + 1]) : countBelow(sorted, edges[i + 1]);
      shares[i] = (hi - lo) / (double) values.length;
    }
    return shares;
  }

  private static int countBelow(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static double[] toDoubles(Object[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (Double) values[i];
    }
    return out;
  }

  static List<Object> keys(Object[] reference, Object[] current) {
    Set<Object> keys = new LinkedHashSet<>(Arrays.asList(reference));
    keys.addAll(Arrays.asList(current));
    return List.copyOf(keys);
  }

  private static Map<Object, Integer> counts(Object[] values) {
    Map<Object, Integer> counts = new LinkedHashMap<>();
    for (Object v : values) {
      counts.merge(v, 1, Integer::sum);
    }
    return counts;
  }

  private static void requireNonEmpty(double[] values, String what) {
    if (values == null || values.length == 0) {
      throw new MlException("drift statistics: the " + what + " is empty");
    }
  }
}
