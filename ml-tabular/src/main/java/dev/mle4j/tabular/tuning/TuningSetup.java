package dev.mle4j.tabular.tuning;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.eval.CrossValidation;
import dev.mle4j.tabular.eval.MetricDirection;
import dev.mle4j.tabular.model.ParamSpace;
import dev.mle4j.tabular.model.TabularLearner;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a hyper-parameter search optimises and with which budget.
 *
 * @param space the parameter ranges
 * @param factory makes a learner from one configuration
 * @param budget the number of trials, at least 1
 * @param cv the cross-validation that scores each configuration
 * @param metric the metric to optimise (a {@link dev.mle4j.tabular.eval.TabularMetrics} name)
 * @param direction whether higher or lower is better
 * @param seed the seed of the sampler
 */
public record TuningSetup(
    ParamSpace space,
    Function<Map<String, Object>, TabularLearner> factory,
    int budget,
    CrossValidation cv,
    String metric,
    MetricDirection direction,
    long seed) {

  /** Validates the parts. */
  public TuningSetup {
    Objects.requireNonNull(space, "space");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(cv, "cv");
    Objects.requireNonNull(direction, "direction");
    if (budget < 1) {
      throw new MlException("the trial budget must be at least 1, got " + budget);
    }
    if (space.params().isEmpty()) {
      throw new MlException("the parameter space is empty: nothing to tune");
    }
    if (metric == null || metric.isBlank()) {
      throw new MlException("no metric to optimise");
    }
  }

  /**
   * A setup whose direction is the metric's usual one ({@link MetricDirection#of(String)}).
   *
   * @param space the parameter ranges
   * @param factory makes a learner from one configuration
   * @param budget the number of trials
   * @param cv the cross-validation
   * @param metric the metric to optimise
   * @param seed the sampler seed
   * @return the setup
   */
  public static TuningSetup of(
      ParamSpace space,
      Function<Map<String, Object>, TabularLearner> factory,
      int budget,
      CrossValidation cv,
      String metric,
      long seed) {
    return new TuningSetup(space, factory, budget, cv, metric, MetricDirection.of(metric), seed);
  }
}
