package dev.mle4j.tabular.pipeline;

/**
 * One task's line in a run record.
 *
 * @param task the task name
 * @param status the outcome
 * @param attempts attempts made (0 when skipped or not run)
 * @param durationMillis wall time spent, including retries
 * @param key the cache key (null when not run because an input was missing)
 * @param error the last error message or null
 */
public record TaskRecord(
    String task, TaskStatus status, int attempts, long durationMillis, String key, String error) {}
