package dev.mle4j.tabular.pipeline;

import dev.mle4j.core.MlException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A completed task output as seen by downstream tasks: its cache key, its folder and its values.
 *
 * @param task the task name
 * @param key the cache key (SHA-256 hex)
 * @param dir the output folder
 * @param values the values the task returned
 */
public record TaskResult(String task, String key, Path dir, Map<String, Object> values) {

  /** Copies the values. */
  public TaskResult {
    values = Map.copyOf(values);
  }

  /**
   * A file in the output folder.
   *
   * @param name relative file name
   * @return its path
   */
  public Path file(String name) {
    return dir.resolve(name);
  }

  /**
   * A value as a string.
   *
   * @param name value name
   * @return its string form
   * @throws MlException if absent
   */
  public String string(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new MlException("output of task '" + task + "' has no value '" + name + "'");
    }
    return String.valueOf(v);
  }
}
