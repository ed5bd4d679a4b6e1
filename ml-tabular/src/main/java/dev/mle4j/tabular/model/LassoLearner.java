package dev.mle4j.tabular.model;

import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lasso regression: {@link ElasticNetLearner}'s coordinate descent with an L1 penalty only,
 * minimising {@code 1/(2n) ||y - Xw||^2 + alpha ||w||_1} on standardised features and target.
 * Deterministic; rejects NaN features. Format {@code lasso/v1}.
 */
public final class LassoLearner implements TabularLearner {

  /** The format of the models it fits. */
  public static final String FORMAT = "lasso/v1";

  private final double alpha;
  private final int maxIter;
  private final double tol;

  private LassoLearner(Builder b) {
    Params.check("lasso", "alpha", b.alpha >= 0 && Double.isFinite(b.alpha), b.alpha, ">= 0");
    Params.check("lasso", "max_iter", b.maxIter >= 1, b.maxIter, ">= 1");
    Params.check("lasso", "tol", b.tol > 0, b.tol, "> 0");
    this.alpha = b.alpha;
    this.maxIter = b.maxIter;
    this.tol = b.tol;
  }

  /**
   * A builder with the defaults (alpha 0.001, 2000 sweeps, tolerance 1e-6).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  static LassoLearner fromParams(Map<String, Object> params) {
    Params p = new Params("lasso", params);
    Builder b =
        builder()
            .alpha(p.doubleValue("alpha", 0.001))
            .maxIter(p.intValue("max_iter", 2000))
            .tol(p.doubleValue("tol", 1e-6));
    p.finish();
    return b.build();
  }

  @Override
  public String name() {
    return "lasso";
  }

  @Override
  public TabularTask task() {
    return TabularTask.REGRESSION;
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("alpha", alpha);
    m.put("max_iter", maxIter);
    m.put("tol", tol);
    return m;
  }

  @Override
  public TabularModel fit(FeatureMatrix x, Target y) {
    ModelSupport.checkTraining(name(), task(), x, y, false);
    return LinearFits.elasticNet(FORMAT, parameters(), x, y, alpha, 1.0, maxIter, tol);
  }

  /** Options of {@link LassoLearner}. */
  public static final class Builder {
    private double alpha = 0.001;
    private int maxIter = 2000;
    private double tol = 1e-6;

    private Builder() {}

    /**
     * The L1 penalty strength (standardised problem).
     *
     * @param alpha at least 0
     * @return this builder
     */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
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
     * The relative convergence tolerance.
     *
     * @param tol greater than 0
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
    public LassoLearner build() {
      return new LassoLearner(this);
    }
  }
}
