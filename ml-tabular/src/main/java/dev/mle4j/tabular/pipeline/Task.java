package dev.mle4j.tabular.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * One step of a {@link Pipeline}. A task writes its files into {@link TaskContext#outputDir()} and
 * returns a small JSON-able map; the runner stores both under a key derived from the task's name,
 * version, declared configuration and the keys of its inputs, so an unchanged task is skipped.
 *
 * <p>Tasks with side effects outside their output folder (for example registering a model) must be
 * idempotent themselves: look the result up by content hash rather than creating a new entry.
 */
public interface Task {

  /**
   * The task name: letters, digits, {@code .}, {@code _}, {@code -}.
   *
   * @return the name
   */
  String name();

  /**
   * The names of the tasks whose outputs this task reads.
   *
   * @return dependency names (may be empty)
   */
  List<String> dependencies();

  /**
   * The code version; change it to invalidate cached outputs after changing the task's logic.
   *
   * @return the version string
   */
  default String version() {
    return "1";
  }

  /**
   * The configuration keys this task reads; only these enter its cache key.
   *
   * @return configuration keys (may be empty)
   */
  default List<String> configKeys() {
    return List.of();
  }

  /**
   * Runs the task.
   *
   * @param context inputs, output folder, run id and configuration
   * @return the task's small output map
   * @throws Exception on failure (the runner retries according to its policy)
   */
  TaskOutput run(TaskContext context) throws Exception;

  /** The body of a task built with {@link #of}. */
  @FunctionalInterface
  interface Body {
    /**
     * Runs the body.
     *
     * @param context the task context
     * @return the output
     * @throws Exception on failure
     */
    TaskOutput run(TaskContext context) throws Exception;
  }

  /**
   * A task from a lambda.
   *
   * @param name the name
   * @param version the code version
   * @param dependencies dependency names
   * @param configKeys configuration keys the task reads
   * @param body what it does
   * @return the task
   */
  static Task of(
      String name, String version, List<String> dependencies, List<String> configKeys, Body body) {
    Objects.requireNonNull(body, "body");
    List<String> deps = List.copyOf(dependencies);
    List<String> keys = List.copyOf(configKeys);
    return new Task() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String version() {
        return version;
      }

      @Override
      public List<String> dependencies() {
        return deps;
      }

      @Override
      public List<String> configKeys() {
        return keys;
      }

      @Override
      public TaskOutput run(TaskContext context) throws Exception {
        return body.run(context);
      }

      @Override
      public String toString() {
        return "Task[" + name + "]";
      }
    };
  }
}
