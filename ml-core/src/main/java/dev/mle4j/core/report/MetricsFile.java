package dev.mle4j.core.report;

import dev.mle4j.core.MlException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The content of a run's {@code metrics.json}:
 *
 * <pre>{@code
 * {"dataset": "sms-spam", "task": "text-classification",
 *  "models": {"tfidf-logreg": {"accuracy": 0.98, "macro_f1": 0.95}}, "train_rows": 4457}
 * }</pre>
 *
 * <p>Metric names and extra keys are snake_case ({@code accuracy}, {@code ndcg_at_10}, {@code
 * p99_ms}); metric values are finite numbers. Extra entries are written at the top level after
 * {@code models}; their values may be strings, booleans, finite numbers, null, lists and maps of
 * those. Maps that keep an order ({@link SequencedMap}, e.g. {@link LinkedHashMap}) keep it in the
 * file; other maps are written in sorted key order, so the file is stable from run to run.
 *
 * @param dataset dataset name
 * @param task task, e.g. {@code text-classification}
 * @param models model name to metric name to value, at least one model
 * @param extra more top-level entries (may be empty)
 */
public record MetricsFile(
    String dataset,
    String task,
    Map<String, Map<String, Double>> models,
    Map<String, Object> extra) {

  private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(?:_[a-z0-9]+)*");
  private static final Set<String> RESERVED = Set.of("dataset", "task", "models");

  /** Validates names and values and copies the maps (unmodifiable, order fixed). */
  public MetricsFile {
    if (dataset == null || dataset.isBlank()) {
      throw new MlException("metrics file: 'dataset' must not be blank");
    }
    if (task == null || task.isBlank()) {
      throw new MlException("metrics file: 'task' must not be blank");
    }
    if (models == null || models.isEmpty()) {
      throw new MlException("metrics file: 'models' needs at least one model");
    }
    Map<String, Map<String, Double>> modelsCopy = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Double>> model : ordered(models).entrySet()) {
      String name = model.getKey();
      if (name == null || name.isBlank()) {
        throw new MlException("metrics file: a model name is blank");
      }
      if (model.getValue() == null) {
        throw new MlException("metrics file: model '" + name + "' has no metric map");
      }
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (Map.Entry<String, Double> metric : ordered(model.getValue()).entrySet()) {
        String key = metric.getKey();
        Double value = metric.getValue();
        if (key == null || !SNAKE_CASE.matcher(key).matches()) {
          throw new MlException(
              "metrics file: model '"
                  + name
                  + "': metric name '"
                  + key
                  + "' is not snake_case (e.g. macro_f1, ndcg_at_10)");
        }
        if (value == null || !Double.isFinite(value)) {
          throw new MlException(
              "metrics file: model '"
                  + name
                  + "': metric '"
                  + key
                  + "' is "
                  + value
                  + "; only finite numbers are allowed");
        }
        metrics.put(key, value);
      }
      modelsCopy.put(name, Collections.unmodifiableMap(metrics));
    }
    models = Collections.unmodifiableMap(modelsCopy);
    Map<String, Object> extraCopy = new LinkedHashMap<>();
    if (extra != null) {
      for (Map.Entry<String, Object> e : ordered(extra).entrySet()) {
        String key = e.getKey();
        if (key == null || !SNAKE_CASE.matcher(key).matches()) {
          throw new MlException("metrics file: extra key '" + key + "' is not snake_case");
        }
        if (RESERVED.contains(key)) {
          throw new MlException(
              "metrics file: extra key '" + key + "' clashes with a fixed key " + RESERVED);
        }
        extraCopy.put(key, copyValue(key, e.getValue()));
      }
    }
    extra = Collections.unmodifiableMap(extraCopy);
  }

  /**
   * A metrics file without extra entries.
   *
   * @param dataset dataset name
   * @param task task
   * @param models model name to metric name to value
   * @return the metrics file
   */
  public static MetricsFile of(
      String dataset, String task, Map<String, Map<String, Double>> models) {
    return new MetricsFile(dataset, task, models, Map.of());
  }

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    if (map instanceof SequencedMap<String, V>) {
      return map;
    }
    for (String key : map.keySet()) {
      if (key == null) {
        throw new MlException("metrics file: a key is null");
      }
    }
    return new TreeMap<>(map);
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(String path, Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new MlException(
            "metrics file: '" + path + "' is " + d + "; only finite numbers are allowed");
      }
      return value;
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger
        || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Collection<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      int i = 0;
      for (Object item : list) {
        copy.add(copyValue(path + "[" + i++ + "]", item));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Map<?, ?> map) {
      for (Object k : map.keySet()) {
        if (!(k instanceof String)) {
          throw new MlException("metrics file: '" + path + "' has a non-string key " + k);
        }
      }
      Map<String, Object> copy = new LinkedHashMap<>();
      ordered((Map<String, Object>) map)
          .forEach((k, v) -> copy.put(k, copyValue(path + "." + k, v)));
      return Collections.unmodifiableMap(copy);
    }
    throw new MlException(
        "metrics file: '"
            + path
            + "' has unsupported type "
            + value.getClass().getName()
            + "; use strings, numbers, booleans, lists or maps");
  }
}
