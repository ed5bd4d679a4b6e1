/**
 * Closed-loop HTTP load runner: {@link dev.mle4j.benchmarks.load.LoadRunner} drives one or more
 * {@link dev.mle4j.benchmarks.load.LoadTarget}s at several concurrency levels with virtual users
 * and returns a {@link dev.mle4j.benchmarks.load.LoadReport} (CSV, metrics.json, PNG charts,
 * Markdown table).
 */
package dev.mle4j.benchmarks.load;
