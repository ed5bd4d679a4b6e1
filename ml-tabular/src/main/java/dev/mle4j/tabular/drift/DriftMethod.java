package dev.mle4j.tabular.drift;

/** A per-column drift test, named and thresholded like Evidently's stattests. */
public enum DriftMethod {
  /** Two-sample Kolmogorov-Smirnov p-value; drift when p &lt;= threshold (default 0.05). */
  KS("ks", true, 0.05),
  /** Chi-squared p-value of current counts against reference shares; drift when p &lt; 0.05. */
  CHI_SQUARE("chisquare", true, 0.05),
  /** Two-proportion Z-test p-value for binary columns; drift when p &lt; 0.05. */
  Z_TEST("z", true, 0.05),
  /** Wasserstein distance divided by the reference std; drift when &gt;= 0.1. */
  WASSERSTEIN("wasserstein", false, 0.1),
  /** Jensen-Shannon distance (natural log) of value or bin shares; drift when &gt;= 0.1. */
  JENSEN_SHANNON("jensenshannon", false, 0.1),
  /** Population stability index over Evidently's bins; drift when &gt;= 0.1. */
  PSI("psi", false, 0.1);

  private final String id;
  private final boolean pValue;
  private final double defaultThreshold;

  DriftMethod(String id, boolean pValue, double defaultThreshold) {
    this.id = id;
    this.pValue = pValue;
    this.defaultThreshold = defaultThreshold;
  }

  /**
   * Evidently's name of the test (used in metrics.json).
   *
   * @return e.g. "ks", "wasserstein"
   */
  public String id() {
    return id;
  }

  /**
   * Whether the score is a p-value (drift when small) rather than a distance (drift when large).
   *
   * @return true for KS, chi-squared and Z-test
   */
  public boolean isPValue() {
    return pValue;
  }

  /**
   * Evidently's default threshold for this test.
   *
   * @return 0.05 for p-value tests, 0.1 for distances
   */
  public double defaultThreshold() {
    return defaultThreshold;
  }

  /**
   * Whether a score means drift at the threshold, with Evidently's comparison for each test (KS: p
   * &lt;= t, chi-squared and Z: p &lt; t, distances: d &gt;= t).
   *
   * @param score the test score
   * @param threshold the threshold
   * @return true when the column drifted
   */
  public boolean drifted(double score, double threshold) {
    return switch (this) {
      case KS -> score <= threshold;
      case CHI_SQUARE, Z_TEST -> score < threshold;
      case WASSERSTEIN, JENSEN_SHANNON, PSI -> score >= threshold;
      default -> throw new IllegalStateException("unknown method " + this);
    };
  }
}
