package dev.mle4j.tabular.model;

import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.util.Map;

/**
 * Ordinary least squares on standardised features (normal equations solved by Cholesky; a tiny
 * diagonal jitter is added only if the features are collinear). Deterministic; rejects NaN
 * features. Format {@code linear/v1}.
 */
public final class LinearRegressionLearner implements TabularLearner {

  /** The format of the models it fits. */
  public static final String FORMAT = "linear/v1";

  /** Creates the learner (it has no hyper-parameters). */
  public LinearRegressionLearner() {}

  static LinearRegressionLearner fromParams(Map<String, Object> params) {
    new Params("linear", params).finish();
    return new LinearRegressionLearner();
  }

  @Override
  public String name() {
    return "linear";
  }

  @Override
  public TabularTask task() {
    return TabularTask.REGRESSION;
  }

  @Override
  public Map<String, Object> parameters() {
    return Map.of();
  }

  @Override
  public TabularModel fit(FeatureMatrix x, Target y) {
    ModelSupport.checkTraining(name(), task(), x, y, false);
    return LinearFits.ridge(FORMAT, parameters(), x, y, 0.0);
  }
}
