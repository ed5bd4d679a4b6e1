package dev.mle4j.tabular.model;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The catalogue of built-in learners: the default set per task, construction by name with
 * hyper-parameters from a map (for the tuner and the CLI), and the default search space per
 * learner.
 */
public final class Learners {

  private static final List<String> REGRESSION =
      List.of(
          "linear",
          "ridge",
          "lasso",
          "elasticnet",
          "decision-tree",
          "random-forest",
          "xgboost",
          "lightgbm");

  private static final List<String> CLASSIFICATION =
      List.of("logistic", "decision-tree", "random-forest", "xgboost", "lightgbm");

  private Learners() {}

  /**
   * The learner names for a task, in catalogue order.
   *
   * @param task the task
   * @return the names
   */
  public static List<String> names(TabularTask task) {
    return Objects.requireNonNull(task, "task") == TabularTask.REGRESSION
        ? REGRESSION
        : CLASSIFICATION;
  }

  /**
   * The default learners of a task with default hyper-parameters; {@code lightgbm} is left out if
   * its native library does not load on this machine.
   *
   * @param task the task
   * @param seed the random seed of the randomised learners
   * @return learner name to learner, in catalogue order
   */
  public static Map<String, TabularLearner> defaults(TabularTask task, long seed) {
    Map<String, TabularLearner> out = new LinkedHashMap<>();
    for (String name : names(task)) {
      if (name.equals("lightgbm") && !LightGbmLearner.isAvailable()) {
        continue;
      }
      out.put(name, byName(name, task, Map.of(), seed));
    }
    return out;
  }

  /**
   * Builds one learner by name; parameters not given keep their defaults.
   *
   * @param name the learner name (see {@link #names(TabularTask)})
   * @param task the task
   * @param params hyper-parameters by name (numbers or number texts)
   * @param seed the random seed
   * @return the learner
   * @throws MlException for an unknown name, a name not available for the task, an unknown
   *     parameter or an invalid value
   */
  public static TabularLearner byName(
      String name, TabularTask task, Map<String, Object> params, long seed) {
    Objects.requireNonNull(task, "task");
    if (name == null || !names(task).contains(name)) {
      throw new MlException(
          "unknown "
              + task.name().toLowerCase()
              + " learner '"
              + name
              + "'; valid learners: "
              + names(task));
    }
    Map<String, Object> p = params == null ? Map.of() : params;
    return switch (name) {
      case "linear" -> LinearRegressionLearner.fromParams(p);
      case "ridge" -> RidgeLearner.fromParams(p);
      case "lasso" -> LassoLearner.fromParams(p);
      case "elasticnet" -> ElasticNetLearner.fromParams(p);
      case "logistic" -> LogisticRegressionLearner.fromParams(p);
      case "decision-tree" -> DecisionTreeLearner.fromParams(task, p, seed);
      case "random-forest" -> RandomForestLearner.fromParams(task, p, seed);
      case "xgboost" -> XGBoostLearner.fromParams(task, p, seed);
      case "lightgbm" -> LightGbmLearner.fromParams(task, p, seed);
      default -> throw new MlException("unknown learner '" + name + "'");
    };
  }

  /**
   * The default hyper-parameter search space of a learner (parameter names as accepted by {@link
   * #byName}).
   *
   * @param name the learner name
   * @param task the task
   * @return the space (empty for {@code linear}, which has no hyper-parameters)
   * @throws MlException for an unknown name
   */
  public static ParamSpace searchSpace(String name, TabularTask task) {
    Objects.requireNonNull(task, "task");
    if (name == null || !names(task).contains(name)) {
      throw new MlException(
          "unknown "
              + task.name().toLowerCase()
              + " learner '"
              + name
              + "'; valid learners: "
              + names(task));
    }
    Map<String, ParamSpace.Param> m = new LinkedHashMap<>();
    switch (name) {
      case "linear" -> {
        // no hyper-parameters
      }
      case "ridge" -> m.put("alpha", new ParamSpace.DoubleRange(1e-3, 1e3, true));
      case "lasso" -> m.put("alpha", new ParamSpace.DoubleRange(1e-5, 1e-1, true));
      case "elasticnet" -> {
        m.put("alpha", new ParamSpace.DoubleRange(1e-5, 1e-1, true));
        m.put("l1_ratio", new ParamSpace.DoubleRange(0.05, 1.0, false));
      }
      case "logistic" -> m.put("C", new ParamSpace.DoubleRange(1e-3, 1e2, true));
      case "decision-tree" -> {
        m.put("max_depth", new ParamSpace.IntRange(2, 16));
        m.put("min_leaf", new ParamSpace.IntRange(1, 50));
      }
      case "random-forest" -> {
        m.put("n_trees", new ParamSpace.Choice(List.of(100, 200, 300)));
        m.put("max_depth", new ParamSpace.IntRange(4, 20));
        m.put("min_leaf", new ParamSpace.IntRange(1, 20));
        m.put("max_features", new ParamSpace.DoubleRange(0.2, 1.0, false));
      }
      case "xgboost" -> {
        m.put("n_rounds", new ParamSpace.IntRange(100, 1000));
        m.put("eta", new ParamSpace.DoubleRange(0.01, 0.3, true));
        m.put("max_depth", new ParamSpace.IntRange(2, 10));
        m.put("subsample", new ParamSpace.DoubleRange(0.5, 1.0, false));
        m.put("colsample_bytree", new ParamSpace.DoubleRange(0.4, 1.0, false));
        m.put("min_child_weight", new ParamSpace.DoubleRange(0.5, 20, true));
        m.put("lambda", new ParamSpace.DoubleRange(0.01, 10, true));
        m.put("alpha", new ParamSpace.DoubleRange(1e-4, 1.0, true));
      }
      case "lightgbm" -> {
        m.put("num_iterations", new ParamSpace.IntRange(100, 1000));
        m.put("learning_rate", new ParamSpace.DoubleRange(0.01, 0.3, true));
        m.put("num_leaves", new ParamSpace.IntRange(8, 128));
        m.put("min_data_in_leaf", new ParamSpace.IntRange(5, 100));
        m.put("feature_fraction", new ParamSpace.DoubleRange(0.4, 1.0, false));
        m.put("bagging_fraction", new ParamSpace.DoubleRange(0.5, 1.0, false));
        m.put("lambda_l2", new ParamSpace.DoubleRange(0.01, 10, true));
      }
      default -> throw new MlException("unknown learner '" + name + "'");
    }
    return new ParamSpace(m);
  }
}
