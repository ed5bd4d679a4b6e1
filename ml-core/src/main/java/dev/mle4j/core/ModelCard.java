package dev.mle4j.core;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a trained model is and how it was made; saved as {@code model-card.json} next to every model
 * and in the {@link dev.mle4j.core.registry.ModelRegistry}.
 *
 * @param name model name, e.g. {@code sms-spam}
 * @param version version id (the registry's content hash once registered)
 * @param task task, e.g. {@code text-classification}
 * @param format artifact format that tells loaders how to read the model, e.g. {@code
 *     tfidf-logreg/v1}
 * @param labels label names for classifiers (empty for regressors)
 * @param metrics held-out metrics, snake_case names
 * @param dataFingerprint SHA-256 of the training data
 * @param parameters hyper-parameters and other settings as strings
 * @param createdAt creation time
 */
public record ModelCard(
    String name,
    String version,
    String task,
    String format,
    List<String> labels,
    Map<String, Double> metrics,
    String dataFingerprint,
    Map<String, String> parameters,
    Instant createdAt) {

  /** Validates required fields and copies collections. */
  public ModelCard {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(createdAt, "createdAt");
    version = version == null ? "" : version;
    dataFingerprint = dataFingerprint == null ? "" : dataFingerprint;
    labels = labels == null ? List.of() : List.copyOf(labels);
    metrics =
        Collections.unmodifiableMap(new LinkedHashMap<>(metrics == null ? Map.of() : metrics));
    parameters =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
  }

  /**
   * Returns a copy with another version.
   *
   * @param newVersion the version
   * @return the copy
   */
  public ModelCard withVersion(String newVersion) {
    return new ModelCard(
        name, newVersion, task, format, labels, metrics, dataFingerprint, parameters, createdAt);
  }

  /**
   * Returns a copy under another name.
   *
   * @param newName the name
   * @return the copy
   */
  public ModelCard withName(String newName) {
    return new ModelCard(
        newName, version, task, format, labels, metrics, dataFingerprint, parameters, createdAt);
  }

  /**
   * Returns a copy with other metrics.
   *
   * @param newMetrics the metrics, snake_case names
   * @return the copy
   */
  public ModelCard withMetrics(Map<String, Double> newMetrics) {
    return new ModelCard(
        name, version, task, format, labels, newMetrics, dataFingerprint, parameters, createdAt);
  }
}
