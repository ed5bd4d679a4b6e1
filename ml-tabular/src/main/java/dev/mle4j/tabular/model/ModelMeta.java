package dev.mle4j.tabular.model;

import dev.mle4j.tabular.data.TabularTask;
import java.util.List;
import java.util.Map;

/**
 * The metadata file ({@code model.json}) written next to every built-in model's engine files.
 *
 * @param format the format id
 * @param task regression or classification
 * @param featureNames the feature names in column order
 * @param labels the class labels (empty for regression)
 * @param importance normalised feature importance by name
 * @param params the learner's hyper-parameters
 */
public record ModelMeta(
    String format,
    TabularTask task,
    List<String> featureNames,
    List<String> labels,
    Map<String, Double> importance,
    Map<String, Object> params) {

  /** Copies the collections. */
  public ModelMeta {
    featureNames = List.copyOf(featureNames);
    labels = labels == null ? List.of() : List.copyOf(labels);
    importance =
        importance == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(importance));
    params =
        params == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
  }
}
