package dev.mle4j.tabular.model;

import dev.mle4j.core.MlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads the models of the built-in learners: linear models (JSON), Tribuo trees and forests
 * (protobuf), XGBoost and LightGBM boosters. Registered in {@code
 * META-INF/services/dev.mle4j.tabular.model.TabularModelReader}.
 */
public final class BuiltInModelReader implements TabularModelReader {

  private static final Set<String> LINEAR =
      Set.of(
          LinearRegressionLearner.FORMAT,
          RidgeLearner.FORMAT,
          LassoLearner.FORMAT,
          ElasticNetLearner.FORMAT,
          LogisticRegressionLearner.FORMAT);

  /** Creates the reader (used by {@link java.util.ServiceLoader}). */
  public BuiltInModelReader() {}

  @Override
  public Set<String> formats() {
    return Set.of(
        LinearRegressionLearner.FORMAT,
        RidgeLearner.FORMAT,
        LassoLearner.FORMAT,
        ElasticNetLearner.FORMAT,
        LogisticRegressionLearner.FORMAT,
        DecisionTreeLearner.FORMAT,
        RandomForestLearner.FORMAT,
        XGBoostLearner.FORMAT,
        LightGbmLearner.FORMAT);
  }

  @Override
  public TabularModel read(Path dir, String format) {
    if (dir == null || !Files.isDirectory(dir)) {
      throw new MlException("model folder " + dir + " does not exist");
    }
    if (LINEAR.contains(format)) {
      return LinearModel.read(dir, format);
    }
    return switch (format) {
      case DecisionTreeLearner.FORMAT, RandomForestLearner.FORMAT ->
          TribuoTreeModel.read(dir, format);
      case XGBoostLearner.FORMAT -> XGBoostModel.read(dir, format);
      case LightGbmLearner.FORMAT -> LightGbmModel.read(dir, format);
      default -> throw new MlException("format '" + format + "' is not a built-in model format");
    };
  }
}
