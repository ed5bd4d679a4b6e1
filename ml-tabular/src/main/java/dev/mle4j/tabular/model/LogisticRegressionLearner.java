package dev.mle4j.tabular.model;

import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * L2-regularised logistic regression fitted by our own Newton's method (exact Hessian, backtracking
 * line search) on standardised features: a sigmoid for two classes, a multinomial softmax for more,
 * minimising {@code C * sum log-loss + ||w||^2 / 2} with unpenalised intercepts (liblinear's {@code
 * C}). Being the maximum-likelihood (penalised) fit, its probabilities are calibrated as well as
 * the linear model allows. Cost per iteration grows with {@code (classes * features)^2}, suited to
 * up to a few hundred features. Deterministic; rejects NaN features. Format {@code logistic/v1}.
 */
public final class LogisticRegressionLearner implements TabularLearner {

  /** The format of the models it fits. */
  public static final String FORMAT = "logistic/v1";

  private final double c;
  private final int maxIter;

  private LogisticRegressionLearner(Builder b) {
    Params.check("logistic", "C", b.c > 0 && Double.isFinite(b.c), b.c, "> 0");
    Params.check("logistic", "max_iter", b.maxIter >= 1, b.maxIter, ">= 1");
    this.c = b.c;
    this.maxIter = b.maxIter;
  }

  /**
   * A builder with the defaults (C 1, at most 100 Newton steps).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  static LogisticRegressionLearner fromParams(Map<String, Object> params) {
    Params p = new Params("logistic", params);
    Builder b = builder().c(p.doubleValue("C", 1.0)).maxIter(p.intValue("max_iter", 100));
    p.finish();
    return b.build();
  }

  @Override
  public String name() {
    return "logistic";
  }

  @Override
  public TabularTask task() {
    return TabularTask.CLASSIFICATION;
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("C", c);
    m.put("max_iter", maxIter);
    return m;
  }

  @Override
  public TabularModel fit(FeatureMatrix x, Target y) {
    ModelSupport.checkTraining(name(), task(), x, y, false);
    return LinearFits.logistic(FORMAT, parameters(), x, y, c, maxIter);
  }

  /** Options of {@link LogisticRegressionLearner}. */
  public static final class Builder {
    private double c = 1.0;
    private int maxIter = 100;

    private Builder() {}

    /**
     * The inverse regularisation strength (larger = weaker penalty).
     *
     * @param c greater than 0
     * @return this builder
     */
    public Builder c(double c) {
      this.c = c;
      return this;
    }

    /**
     * The maximum number of Newton steps.
     *
     * @param maxIter at least 1
     * @return this builder
     */
    public Builder maxIter(int maxIter) {
      this.maxIter = maxIter;
      return this;
    }

    /**
     * Builds the learner.
     *
     * @return the learner
     */
    public LogisticRegressionLearner build() {
      return new LogisticRegressionLearner(this);
    }
  }
}
