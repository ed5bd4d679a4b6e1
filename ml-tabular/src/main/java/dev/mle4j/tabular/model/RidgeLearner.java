package dev.mle4j.tabular.model;

import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ridge regression in closed form: solves {@code (X'X + alpha I) w = X'y} on centred, standardised
 * features with an unpenalised intercept. Deterministic; rejects NaN features. Format {@code
 * ridge/v1}.
 */
public final class RidgeLearner implements TabularLearner {

  /** The format of the models it fits. */
  public static final String FORMAT = "ridge/v1";

  private final double alpha;

  private RidgeLearner(Builder b) {
    Params.check("ridge", "alpha", b.alpha >= 0 && Double.isFinite(b.alpha), b.alpha, ">= 0");
    this.alpha = b.alpha;
  }

  /**
   * A builder with the defaults (alpha 1).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  static RidgeLearner fromParams(Map<String, Object> params) {
    Params p = new Params("ridge", params);
    Builder b = builder().alpha(p.doubleValue("alpha", 1.0));
    p.finish();
    return b.build();
  }

  @Override
  public String name() {
    return "ridge";
  }

  @Override
  public TabularTask task() {
    return TabularTask.REGRESSION;
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("alpha", alpha);
    return m;
  }

  @Override
  public TabularModel fit(FeatureMatrix x, Target y) {
    ModelSupport.checkTraining(name(), task(), x, y, false);
    return LinearFits.ridge(FORMAT, parameters(), x, y, alpha);
  }

  /** Options of {@link RidgeLearner}. */
  public static final class Builder {
    private double alpha = 1.0;

    private Builder() {}

    /**
     * The L2 penalty on standardised coefficients (sum-of-squares scale, like scikit-learn).
     *
     * @param alpha the penalty, at least 0
     * @return this builder
     */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    /**
     * Builds the learner.
     *
     * @return the learner
     */
    public RidgeLearner build() {
      return new RidgeLearner(this);
    }
  }
}
