/**
 * Data drift detection with Evidently's default rules: per-column tests (KS, chi-squared, Z-test,
 * normalised Wasserstein, Jensen-Shannon, PSI), dataset drift share, target and prediction drift,
 * custom statistic rules, alerts to the log and webhooks, and metrics/HTML reports.
 */
package dev.mle4j.tabular.drift;
