package dev.mle4j.tabular.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A fitted tabular model over a fixed list of features (Tribuo's Model role).
 *
 * <p>{@link #predict(double[][])} returns one row per input: a single value for regression, one
 * probability per class (in the target's label order) for classification.
 */
public interface TabularModel extends AutoCloseable {

  /**
   * The artifact format, e.g. {@code xgboost-regression/v1}; {@link #save(Path)} writes it and
   * {@link TabularModels#load(Path, String)} reads it back (through a {@link TabularModelReader}).
   *
   * @return the format id
   */
  String format();

  /**
   * The feature names the model expects, in column order.
   *
   * @return the names
   */
  List<String> featureNames();

  /**
   * The class labels (empty for regression).
   *
   * @return the labels in output column order
   */
  List<String> labels();

  /**
   * Predicts rows.
   *
   * @param rows feature rows in {@link #featureNames()} order
   * @return per row: {@code [value]} for regression, class probabilities for classification
   */
  double[][] predict(double[][] rows);

  /**
   * Built-in feature importance (e.g. gain for trees, |coefficient| for linear models), if the
   * model has one.
   *
   * @return feature name to importance; empty if the model has none
   */
  default Map<String, Double> featureImportance() {
    return Map.of();
  }

  /**
   * Writes the model's files into a folder.
   *
   * @param dir an existing folder
   */
  void save(Path dir);

  /** Releases native resources; the default does nothing. */
  @Override
  default void close() {}
}
