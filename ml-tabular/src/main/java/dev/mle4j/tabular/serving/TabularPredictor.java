package dev.mle4j.tabular.serving;

import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.Regressor;
import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.features.FeatureMatrix;
import dev.mle4j.tabular.features.RowFrames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Predicts with a {@link TabularArtifact}: the fitted pipeline turns rows into features, the model
 * turns features into predictions. Bulk ({@link #predictFrame(DataFrame)}) and single rows ({@link
 * #predictRow(Map)}, {@link #classifier()}, {@link #regressor()}) run the same code, so a row gives
 * the same result alone or in a batch.
 *
 * <p>The {@link Classifier} and {@link Regressor} views take rows as maps that a {@link
 * RowValidator} has already checked (the server's input reader does that); {@link #predictRow(Map)}
 * validates itself. The predictor owns the artifact: {@link #close()} closes the model. Thread-safe
 * if the model's {@code predict} is.
 */
public final class TabularPredictor implements AutoCloseable {

  private final TabularArtifact artifact;
  private final RowValidator validator;

  private TabularPredictor(TabularArtifact artifact, RowValidator validator) {
    this.artifact = Objects.requireNonNull(artifact, "artifact");
    this.validator = Objects.requireNonNull(validator, "validator");
  }

  /**
   * A predictor with the default row validation.
   *
   * @param artifact the artifact (the predictor takes ownership)
   * @return the predictor
   */
  public static TabularPredictor of(TabularArtifact artifact) {
    return new TabularPredictor(artifact, RowValidator.of(artifact.metadata()));
  }

  /**
   * A predictor with a custom row validation.
   *
   * @param artifact the artifact (the predictor takes ownership)
   * @param validator the validator, built over {@code artifact.metadata().input()}
   * @return the predictor
   */
  public static TabularPredictor of(TabularArtifact artifact, RowValidator validator) {
    return new TabularPredictor(artifact, validator);
  }

  /**
   * Loads a saved artifact with the default row validation.
   *
   * @param dir the artifact folder
   * @return the predictor, which the caller closes
   */
  public static TabularPredictor load(Path dir) {
    return of(TabularArtifact.load(dir));
  }

  /**
   * The artifact.
   *
   * @return the artifact
   */
  public TabularArtifact artifact() {
    return artifact;
  }

  /**
   * The row validator (the serving input reader).
   *
   * @return the validator
   */
  public RowValidator validator() {
    return validator;
  }

  /**
   * The task.
   *
   * @return regression or classification
   */
  public TabularTask task() {
    return artifact.task();
  }

  /**
   * The class labels (empty for regression).
   *
   * @return the labels
   */
  public List<String> labels() {
    return artifact.model().labels();
  }

  /**
   * The model card.
   *
   * @return the card
   */
  public ModelCard card() {
    return artifact.card();
  }

  /**
   * Predicts rows in bulk (no row validation; see {@link BatchPredictor} for validated CSV files).
   *
   * @param frame rows holding at least the input columns
   * @return one prediction per row
   * @throws MlException if an input column is missing or has another type
   */
  public TabularPredictions predictFrame(DataFrame frame) {
    FeatureMatrix x = artifact.pipeline().transform(frame);
    double[][] out = artifact.model().predict(x.rows());
    if (out == null || out.length != x.size()) {
      throw new MlException(
          "model '"
              + card().name()
              + "' returned "
              + (out == null ? "no" : Integer.toString(out.length))
              + " predictions for "
              + x.size()
              + " rows");
    }
    return new TabularPredictions(task(), labels(), out);
  }

  /**
   * Predicts rows given as maps that a {@link RowValidator} has checked.
   *
   * @param rows validated rows
   * @return one prediction per row
   */
  public TabularPredictions predictRows(List<? extends Map<String, ?>> rows) {
    Map<String, List<String>> known = new java.util.HashMap<>();
    for (ColumnProfile c : artifact.metadata().input()) {
      if (c.categories() != null && !c.categories().isEmpty()) {
        known.put(c.name(), c.categories());
      }
    }
    return predictFrame(RowFrames.of(rows, artifact.pipeline().inputSchema(), known));
  }

  /**
   * Validates and predicts one row.
   *
   * @param row column name to value ({@link Number}, {@link String}, {@link Boolean} or null)
   * @return its prediction
   * @throws dev.mle4j.core.serving.InvalidInputException naming the field of an invalid value
   */
  public TabularPredictions predictRow(Map<String, ?> row) {
    return predictRows(List.of(validator.validate(row)));
  }

  /**
   * This predictor as a {@link Classifier} of validated rows.
   *
   * @return the view (closing it closes the predictor)
   * @throws MlException for a regression model
   */
  public Classifier<Map<String, Object>> classifier() {
    if (task() != TabularTask.CLASSIFICATION) {
      throw new MlException(
          "model '" + card().name() + "' is a regression model; use regressor() instead");
    }
    return new ClassifierView();
  }

  /**
   * This predictor as a {@link Regressor} of validated rows.
   *
   * @return the view (closing it closes the predictor)
   * @throws MlException for a classification model
   */
  public Regressor<Map<String, Object>> regressor() {
    if (task() != TabularTask.REGRESSION) {
      throw new MlException(
          "model '" + card().name() + "' is a classification model; use classifier() instead");
    }
    return new RegressorView();
  }

  /**
   * This predictor ready for a {@link dev.mle4j.core.serving.ModelServer}: the classifier or
   * regressor view with the row validator as input reader.
   *
   * @param name the name to publish under
   * @param version the version to report
   * @return the served model ({@link ServedModel#closeModel()} closes this predictor)
   */
  public ServedModel<Map<String, Object>> served(String name, String version) {
    return task() == TabularTask.REGRESSION
        ? ServedModel.ofRegressor(name, version, regressor(), validator)
        : new ServedModel<>(name, version, classifier(), validator);
  }

  /**
   * This predictor ready for a server, under the card's name and version.
   *
   * @return the served model
   */
  public ServedModel<Map<String, Object>> served() {
    return served(card().name(), card().version());
  }

  /** Closes the model. */
  @Override
  public void close() {
    artifact.close();
  }

  private final class ClassifierView implements Classifier<Map<String, Object>> {
    @Override
    public Classification classify(Map<String, Object> input) {
      return predictRows(List.of(input)).classification(0);
    }

    @Override
    public List<Classification> classifyAll(List<Map<String, Object>> inputs) {
      return predictRows(inputs).classifications();
    }

    @Override
    public List<String> labels() {
      return TabularPredictor.this.labels();
    }

    @Override
    public ModelCard card() {
      return TabularPredictor.this.card();
    }

    @Override
    public void close() {
      TabularPredictor.this.close();
    }
  }

  private final class RegressorView implements Regressor<Map<String, Object>> {
    @Override
    public double predict(Map<String, Object> input) {
      return predictRows(List.of(input)).value(0);
    }

    @Override
    public double[] predictAll(List<Map<String, Object>> inputs) {
      return predictRows(inputs).values();
    }

    @Override
    public ModelCard card() {
      return TabularPredictor.this.card();
    }

    @Override
    public void close() {
      TabularPredictor.this.close();
    }
  }
}
