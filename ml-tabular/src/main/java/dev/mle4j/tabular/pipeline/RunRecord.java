package dev.mle4j.tabular.pipeline;

import java.util.List;

/**
 * The history entry of one pipeline run, stored as {@code <root>/runs/<run-id>.json}.
 *
 * @param runId the run id
 * @param pipeline the pipeline name
 * @param status {@code SUCCEEDED} or {@code FAILED}
 * @param startedAt ISO-8601 start instant
 * @param finishedAt ISO-8601 end instant
 * @param tasks one record per task in topological order
 */
public record RunRecord(
    String runId,
    String pipeline,
    String status,
    String startedAt,
    String finishedAt,
    List<TaskRecord> tasks) {

  /** Copies the list. */
  public RunRecord {
    tasks = List.copyOf(tasks);
  }

  /**
   * Whether every task succeeded or was reused.
   *
   * @return true on success
   */
  public boolean succeeded() {
    return "SUCCEEDED".equals(status);
  }

  /**
   * The record of one task.
   *
   * @param name the task name
   * @return its record
   * @throws dev.mle4j.core.MlException if the run has no such task
   */
  public TaskRecord task(String name) {
    return tasks.stream()
        .filter(t -> t.task().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new dev.mle4j.core.MlException("run " + runId + " has no task '" + name + "'"));
  }
}
