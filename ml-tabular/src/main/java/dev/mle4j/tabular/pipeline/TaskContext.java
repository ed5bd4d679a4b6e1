package dev.mle4j.tabular.pipeline;

import dev.mle4j.core.MlException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a running task sees.
 *
 * @param runId the id of the pipeline run
 * @param task the task name
 * @param outputDir the folder the task writes its files into (empty when the task starts)
 * @param inputs outputs of the task's dependencies, by task name
 * @param config the whole run configuration
 */
public record TaskContext(
    String runId,
    String task,
    Path outputDir,
    Map<String, TaskResult> inputs,
    Map<String, String> config) {

  /** Copies the maps. */
  public TaskContext {
    inputs = Map.copyOf(inputs);
    config = Map.copyOf(config);
  }

  /**
   * The output of one dependency.
   *
   * @param name the dependency name
   * @return its output
   * @throws MlException if it is not a dependency of this task
   */
  public TaskResult input(String name) {
    TaskResult r = inputs.get(name);
    if (r == null) {
      throw new MlException(
          "task '" + task + "' has no input '" + name + "'; inputs: " + inputs.keySet());
    }
    return r;
  }

  /**
   * A configuration value.
   *
   * @param key the key
   * @return the value
   * @throws MlException if missing
   */
  public String config(String key) {
    String v = config.get(key);
    if (v == null) {
      throw new MlException("task '" + task + "' needs configuration key '" + key + "'");
    }
    return v;
  }

  /**
   * A configuration value or a default.
   *
   * @param key the key
   * @param fallback the default
   * @return the value or the default
   */
  public String config(String key, String fallback) {
    return config.getOrDefault(key, fallback);
  }
}
