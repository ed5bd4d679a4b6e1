package dev.mle4j.tabular.model;

import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.util.Map;

/**
 * An unfitted tabular model with fixed hyper-parameters (Tribuo's Trainer role): fitting it on a
 * feature matrix returns a {@link TabularModel}.
 */
public interface TabularLearner {

  /**
   * The model family name used in reports and metrics.json, e.g. {@code ridge} or {@code xgboost}.
   *
   * @return the name
   */
  String name();

  /**
   * The task this learner solves.
   *
   * @return regression or classification
   */
  TabularTask task();

  /**
   * The hyper-parameters, for model cards and tuning reports.
   *
   * @return name to value
   */
  Map<String, Object> parameters();

  /**
   * Fits a model. Features may contain NaN only if the learner says so in its documentation.
   *
   * @param x the training features
   * @param y the training target, aligned with {@code x}
   * @return the fitted model
   */
  TabularModel fit(FeatureMatrix x, Target y);
}
