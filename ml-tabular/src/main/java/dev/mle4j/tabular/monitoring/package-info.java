/**
 * Production monitoring of tabular models: prediction-log analysis ({@link
 * dev.mle4j.tabular.monitoring.PredictionLogAnalysis}), performance over time as labels arrive
 * ({@link dev.mle4j.tabular.monitoring.PerformanceMonitor}), drift gauges for Prometheus ({@link
 * dev.mle4j.tabular.monitoring.DriftMetrics}) and shadow deployment of a candidate model ({@link
 * dev.mle4j.tabular.monitoring.ShadowDeployment}, {@link
 * dev.mle4j.tabular.monitoring.ShadowComparison}).
 */
package dev.mle4j.tabular.monitoring;
