package dev.mle4j.tabular.model;

import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Elastic-net regression by our own cyclic coordinate descent on standardised features and a
 * standardised target, minimising {@code 1/(2n) ||y - Xw||^2 + alpha (l1Ratio ||w||_1 + (1 -
 * l1Ratio)/2 ||w||^2)}; because the target is standardised too, {@code alpha} does not depend on
 * the target's scale. Deterministic; rejects NaN features. Format {@code elasticnet/v1}.
 */
public final class ElasticNetLearner implements TabularLearner {

  /** The format of the models it fits. */
  public static final String FORMAT = "elasticnet/v1";

  private final double alpha;
  private final double l1Ratio;
  private final int maxIter;
  private final double tol;

  private ElasticNetLearner(Builder b) {
    Params.check("elasticnet", "alpha", b.alpha >= 0 && Double.isFinite(b.alpha), b.alpha, ">= 0");
    Params.check(
        "elasticnet", "l1_ratio", b.l1Ratio >= 0 && b.l1Ratio <= 1, b.l1Ratio, "in [0, 1]");
    Params.check("elasticnet", "max_iter", b.maxIter >= 1, b.maxIter, ">= 1");
    Params.check("elasticnet", "tol", b.tol > 0, b.tol, "> 0");
    this.alpha = b.alpha;
    this.l1Ratio = b.l1Ratio;
    this.maxIter = b.maxIter;
    this.tol = b.tol;
  }

  /**
   * A builder with the defaults (alpha 0.001, l1 ratio 0.5, 2000 sweeps, tolerance 1e-6).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  static ElasticNetLearner fromParams(Map<String, Object> params) {
    Params p = new Params("elasticnet", params);
    Builder b =
        builder()
            .alpha(p.doubleValue("alpha", 0.001))
            .l1Ratio(p.doubleValue("l1_ratio", 0.5))
            .maxIter(p.intValue("max_iter", 2000))
            .tol(p.doubleValue("tol", 1e-6));
    p.finish();
    return b.build();
  }

  @Override
  public String name() {
    return "elasticnet";
  }

  @Override
  public TabularTask task() {
    return TabularTask.REGRESSION;
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("alpha", alpha);
    m.put("l1_ratio", l1Ratio);
    m.put("max_iter", maxIter);
    m.put("tol", tol);
    return m;
  }

  @Override
  public TabularModel fit(FeatureMatrix x, Target y) {
    ModelSupport.checkTraining(name(), task(), x, y, false);
    return LinearFits.elasticNet(FORMAT, parameters(), x, y, alpha, l1Ratio, maxIter, tol);
  }

  /** Options of {@link ElasticNetLearner}. */
  public static final class Builder {
    private double alpha = 0.001;
    private double l1Ratio = 0.5;
    private int maxIter = 2000;
    private double tol = 1e-6;

    private Builder() {}

    /**
     * The overall penalty strength (standardised problem).
     *
     * @param alpha at least 0
     * @return this builder
     */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    /**
     * The share of L1 in the penalty (1 = lasso, 0 = ridge).
     *
     * @param l1Ratio in [0, 1]
     * @return this builder
     */
    public Builder l1Ratio(double l1Ratio) {
      this.l1Ratio = l1Ratio;
      return this;
    }

    /**
     * The maximum number of coordinate-descent sweeps.
     *
     * @param maxIter at least 1
     * @return this builder
     */
    public Builder maxIter(int maxIter) {
      this.maxIter = maxIter;
      return this;
    }

    /**
     * Stop when the largest coefficient change is below {@code tol} times the largest coefficient.
     *
     * @param tol the relative tolerance
     * @return this builder
     */
    public Builder tol(double tol) {
      this.tol = tol;
      return this;
    }

    /**
     * Builds the learner.
     *
     * @return the learner
     */
    public ElasticNetLearner build() {
      return new ElasticNetLearner(this);
    }
  }
}
