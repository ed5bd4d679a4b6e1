package dev.mle4j.tabular.pipeline;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A validated DAG of tasks. The topological order is deterministic: among tasks whose dependencies
 * are done, the one added first runs first.
 */
public final class Pipeline {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private final String name;
  private final Map<String, Task> tasks;
  private final List<Task> order;

  private Pipeline(String name, Map<String, Task> tasks, List<Task> order) {
    this.name = name;
    this.tasks = tasks;
    this.order = order;
  }

  /**
   * Starts a builder.
   *
   * @param name the pipeline name (used in run records)
   * @return the builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The pipeline name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The tasks in topological order.
   *
   * @return the ordered tasks
   */
  public List<Task> order() {
    return order;
  }

  /**
   * A task by name.
   *
   * @param taskName the name
   * @return the task
   * @throws MlException if unknown
   */
  public Task task(String taskName) {
    Task t = tasks.get(taskName);
    if (t == null) {
      throw new MlException("pipeline '" + name + "' has no task '" + taskName + "'");
    }
    return t;
  }

  /**
   * The part of this pipeline that a task needs: the task and everything it depends on,
   * transitively. Running it computes the same task keys as the whole pipeline, so an orchestrator
   * (Airflow) can run a pipeline one task per step and every step reuses the outputs before it.
   *
   * @param taskName the last task
   * @return the sub-pipeline (same name)
   * @throws MlException when the task is unknown
   */
  public Pipeline upTo(String taskName) {
    Task last = task(taskName);
    java.util.Set<String> needed = new java.util.HashSet<>();
    java.util.ArrayDeque<Task> todo = new java.util.ArrayDeque<>(List.of(last));
    while (!todo.isEmpty()) {
      Task t = todo.pop();
      if (needed.add(t.name())) {
        t.dependencies().forEach(d -> todo.push(task(d)));
      }
    }
    Builder b = builder(name);
    for (Task t : order) {
      if (needed.contains(t.name())) {
        b.add(t);
      }
    }
    return b.build();
  }

  /** Builds a {@link Pipeline}. */
  public static final class Builder {
    private final String name;
    private final Map<String, Task> tasks = new LinkedHashMap<>();

    private Builder(String name) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new MlException("invalid pipeline name '" + name + "': use letters, digits, . _ -");
      }
      this.name = name;
    }

    /**
     * Adds a task.
     *
     * @param task the task
     * @return this builder
     * @throws MlException on an invalid or duplicate name
     */
    public Builder add(Task task) {
      Objects.requireNonNull(task, "task");
      String n = task.name();
      if (n == null || !NAME.matcher(n).matches()) {
        throw new MlException("invalid task name '" + n + "': use letters, digits, . _ -");
      }
      if (tasks.containsKey(n)) {
        throw new MlException("duplicate task name '" + n + "' in pipeline '" + name + "'");
      }
      tasks.put(n, task);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the pipeline
     * @throws MlException if empty, on an unknown dependency or a cycle (the message names it)
     */
    public Pipeline build() {
      if (tasks.isEmpty()) {
        throw new MlException("pipeline '" + name + "' has no tasks");
      }
      for (Task t : tasks.values()) {
        for (String d : t.dependencies()) {
          if (!tasks.containsKey(d)) {
            throw new MlException(
                "task '"
                    + t.name()
                    + "' depends on unknown task '"
                    + d
                    + "'; known: "
                    + tasks.keySet());
          }
          if (d.equals(t.name())) {
            throw new MlException("cycle in pipeline '" + name + "': " + d + " -> " + d);
          }
        }
      }
      List<String> cycle = findCycle();
      if (!cycle.isEmpty()) {
        throw new MlException("cycle in pipeline '" + name + "': " + String.join(" -> ", cycle));
      }
      List<String> names = new ArrayList<>(tasks.keySet());
      Map<String, Integer> position = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        position.put(names.get(i), i);
      }
      Map<String, Integer> remaining = new HashMap<>();
      Map<String, List<String>> dependents = new HashMap<>();
      for (Task t : tasks.values()) {
        remaining.put(t.name(), (int) t.dependencies().stream().distinct().count());
        for (String d : t.dependencies().stream().distinct().toList()) {
          dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(t.name());
        }
      }
      TreeSet<Integer> ready = new TreeSet<>();
      remaining.forEach(
          (k, v) -> {
            if (v == 0) {
              ready.add(position.get(k));
            }
          });
      List<Task> order = new ArrayList<>();
      while (!ready.isEmpty()) {
        String n = names.get(ready.pollFirst());
        order.add(tasks.get(n));
        for (String dep : dependents.getOrDefault(n, List.of())) {
          int left = remaining.merge(dep, -1, Integer::sum);
          if (left == 0) {
            ready.add(position.get(dep));
          }
        }
      }
      return new Pipeline(name, Map.copyOf(tasks), List.copyOf(order));
    }

    private List<String> findCycle() {
      Map<String, Integer> state = new HashMap<>();
      List<String> stack = new ArrayList<>();
      for (String n : tasks.keySet()) {
        List<String> c = visit(n, state, stack);
        if (!c.isEmpty()) {
          return c;
        }
      }
      return List.of();
    }

    private List<String> visit(String n, Map<String, Integer> state, List<String> stack) {
      int s = state.getOrDefault(n, 0);
      if (s == 2) {
        return List.of();
      }
      if (s == 1) {
        List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(n), stack.size()));
        cycle.add(n);
        return cycle;
      }
      state.put(n, 1);
      stack.add(n);
      for (String d : tasks.get(n).dependencies()) {
        List<String> c = visit(d, state, stack);
        if (!c.isEmpty()) {
          return c;
        }
      }
      stack.remove(stack.size() - 1);
      state.put(n, 2);
      return List.of();
    }
  }
}
