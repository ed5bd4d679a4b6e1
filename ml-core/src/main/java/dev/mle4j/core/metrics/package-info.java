/**
 * Evaluation metrics held to scikit-learn's definitions: classification ({@link
 * dev.mle4j.core.metrics.ClassificationMetrics}), regression ({@link
 * dev.mle4j.core.metrics.RegressionMetrics}) and ranking ({@link
 * dev.mle4j.core.metrics.RankingMetrics}).
 *
 * <p>Every report is an immutable record with a {@code toMap()} view whose keys are the flat
 * snake_case metric names written to {@code metrics.json} ({@code accuracy}, {@code macro_f1},
 * {@code rmse}, {@code ndcg_at_10}, ...). A metric that is undefined for the given data is left out
 * of that map rather than written as a number. Bad input (length mismatch, empty input, unknown
 * label, NaN, ...) raises {@link dev.mle4j.core.MlException} with a message naming the argument and
 * value.
 *
 * <p>The reference values in the tests come from {@code benchmarks/peers/metrics_reference.py}
 * (scikit-learn and numpy).
 */
package dev.mle4j.core.metrics;
