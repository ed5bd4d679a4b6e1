/**
 * Exploratory data analysis of a {@link dev.mle4j.tabular.data.DataFrame}: column summaries,
 * distributions, correlations and associations, missing values, outliers, the target, and warnings
 * (constant, duplicate, ID-like and leaking columns), written as charts, {@code report.html} and
 * {@code eda.json} by {@link dev.mle4j.tabular.eda.EdaReport}.
 */
package dev.mle4j.tabular.eda;
