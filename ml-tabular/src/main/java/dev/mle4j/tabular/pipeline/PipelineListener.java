package dev.mle4j.tabular.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Receives failure alerts and run summaries; the default implementation logs them. */
public interface PipelineListener {

  /**
   * A task attempt failed.
   *
   * @param runId the run id
   * @param task the task name
   * @param attempt the failed attempt, from 1
   * @param error what went wrong
   * @param willRetry whether another attempt follows
   */
  void taskFailed(String runId, String task, int attempt, Throwable error, boolean willRetry);

  /**
   * A run finished (successfully or not).
   *
   * @param record the run record
   */
  default void runFinished(RunRecord record) {}

  /**
   * A listener that logs failures (warn while retrying, error when giving up).
   *
   * @return the logging listener
   */
  static PipelineListener logging() {
    Logger log = LoggerFactory.getLogger(PipelineListener.class);
    return new PipelineListener() {
      @Override
      public void taskFailed(
          String runId, String task, int attempt, Throwable error, boolean willRetry) {
        if (willRetry) {
          log.warn(
              "run {}: task {} attempt {} failed, retrying: {}",
              runId,
              task,
              attempt,
              error.toString());
        } else {
          log.error(
              "run {}: task {} failed after {} attempt(s): {}",
              runId,
              task,
              attempt,
              error.toString());
        }
      }

      @Override
      public void runFinished(RunRecord record) {
        log.info("run {} of {}: {}", record.runId(), record.pipeline(), record.status());
      }
    };
  }
}
