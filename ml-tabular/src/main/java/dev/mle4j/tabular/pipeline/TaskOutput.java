package dev.mle4j.tabular.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a task returns besides the files in its output folder: a small map of JSON-able values
 * (strings, numbers, booleans, lists and maps of those).
 *
 * @param values the values
 */
public record TaskOutput(Map<String, Object> values) {

  /** Copies the map. */
  public TaskOutput {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * An output without values (only files).
   *
   * @return the empty output
   */
  public static TaskOutput empty() {
    return new TaskOutput(Map.of());
  }

  /**
   * An output with values.
   *
   * @param values the values
   * @return the output
   */
  public static TaskOutput of(Map<String, Object> values) {
    return new TaskOutput(values);
  }
}
