/**
 * Outputs of training and evaluation runs: the run folder and its {@code metrics.json} ({@link
 * dev.mle4j.core.report.RunOutput}, {@link dev.mle4j.core.report.MetricsFile}), PNG charts ({@link
 * dev.mle4j.core.report.Charts}) and a self-contained {@code report.html} ({@link
 * dev.mle4j.core.report.HtmlReport}).
 */
package dev.mle4j.core.report;
