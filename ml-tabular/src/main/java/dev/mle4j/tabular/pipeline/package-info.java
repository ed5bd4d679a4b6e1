/**
 * An in-process DAG runner for training pipelines: tasks with dependencies, content-keyed cached
 * outputs (a task whose inputs, version and declared configuration are unchanged is skipped),
 * retries with exponential backoff, failure alerts, a JSON run history, 5-field cron schedules and
 * a standard tabular training pipeline.
 */
package dev.mle4j.tabular.pipeline;
