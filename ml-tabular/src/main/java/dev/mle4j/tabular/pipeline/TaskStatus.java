package dev.mle4j.tabular.pipeline;

/** The outcome of a task in one run. */
public enum TaskStatus {
  /** A complete stored output with the same key was reused. */
  SKIPPED_CACHED,
  /** The task ran and its output was stored. */
  SUCCEEDED,
  /** Every attempt failed. */
  FAILED,
  /** The task did not run because an earlier task failed. */
  NOT_RUN
}
