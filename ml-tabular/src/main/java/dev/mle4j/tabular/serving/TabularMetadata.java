package dev.mle4j.tabular.serving;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnSpec;
import dev.mle4j.tabular.data.Schema;
import dev.mle4j.tabular.data.TabularTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts a production tabular artifact records about its model, saved as {@code
 * model_metadata.json}: what it predicts, from which features, trained on which data, and what the
 * input rows looked like in training (so serving can validate requests).
 *
 * @param name the model name
 * @param version the model version (may be empty before registration)
 * @param task regression or classification
 * @param modelFormat the {@link dev.mle4j.tabular.model.TabularModel#format()} of the saved model
 * @param target the target column name
 * @param labels the class labels in output order (empty for regression)
 * @param metrics held-out metrics by snake_case name
 * @param trainedAt the training date-time, ISO-8601
 * @param dataFingerprint the SHA-256 of the training data
 * @param features the model's feature names in order
 * @param input the input columns in pipeline order, with what training saw of them
 */
public record TabularMetadata(
    @JsonProperty("name") String name,
    @JsonProperty("version") String version,
    @JsonProperty("task") TabularTask task,
    @JsonProperty("model_format") String modelFormat,
    @JsonProperty("target") String target,
    @JsonProperty("labels") List<String> labels,
    @JsonProperty("metrics") Map<String, Double> metrics,
    @JsonProperty("trained_at") String trainedAt,
    @JsonProperty("data_fingerprint") String dataFingerprint,
    @JsonProperty("features") List<String> features,
    @JsonProperty("input") List<ColumnProfile> input) {

  /** The format id written into {@code model_metadata.json}. */
  public static final String FORMAT = "mle4j-tabular-metadata/v1";

  /** Validates and copies. */
  public TabularMetadata {
    if (name == null || name.isBlank()) {
      throw new MlException("model metadata: name is missing");
    }
    Objects.requireNonNull(task, "model metadata: task");
    if (modelFormat == null || modelFormat.isBlank()) {
      throw new MlException("model metadata: model_format is missing");
    }
    if (target == null || target.isBlank()) {
      throw new MlException("model metadata: target is missing");
    }
    version = version == null ? "" : version;
    trainedAt = trainedAt == null ? "" : trainedAt;
    dataFingerprint = dataFingerprint == null ? "" : dataFingerprint;
    labels = labels == null ? List.of() : List.copyOf(labels);
    metrics =
        Collections.unmodifiableMap(new LinkedHashMap<>(metrics == null ? Map.of() : metrics));
    features = features == null ? List.of() : List.copyOf(features);
    input = input == null ? List.of() : List.copyOf(input);
    if (task == TabularTask.CLASSIFICATION && labels.size() < 2) {
      throw new MlException(
          "model metadata: a classification model needs at least two labels, got " + labels);
    }
    if (task == TabularTask.REGRESSION && !labels.isEmpty()) {
      throw new MlException("model metadata: a regression model has no labels, got " + labels);
    }
    if (input.isEmpty()) {
      throw new MlException("model metadata: the input schema is empty");
    }
    new Schema(input.stream().map(ColumnProfile::spec).toList());
  }

  /**
   * The format id, saved with the metadata.
   *
   * @return {@link #FORMAT}
   */
  @JsonProperty("format")
  public String format() {
    return FORMAT;
  }

  /**
   * The input columns and types as a schema.
   *
   * @return the schema
   */
  @JsonIgnore
  public Schema inputSchema() {
    List<ColumnSpec> specs = new ArrayList<>(input.size());
    input.forEach(c -> specs.add(c.spec()));
    return new Schema(specs);
  }

  /**
   * What training saw of one input column.
   *
   * @param column the column name
   * @return its profile, if it is an input column
   */
  public Optional<ColumnProfile> column(String column) {
    for (ColumnProfile c : input) {
      if (c.name().equals(column)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns a copy with another version.
   *
   * @param newVersion the version
   * @return the copy
   */
  public TabularMetadata withVersion(String newVersion) {
    return new TabularMetadata(
        name,
        newVersion,
        task,
        modelFormat,
        target,
        labels,
        metrics,
        trainedAt,
        dataFingerprint,
        features,
        input);
  }
}
