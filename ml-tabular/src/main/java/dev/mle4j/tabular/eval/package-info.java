/**
 * Model evaluation: {@link dev.mle4j.tabular.eval.CrossValidation} (k-fold, stratified,
 * time-ordered, with target transforms) and its {@link dev.mle4j.tabular.eval.CvResult}, the
 * snake_case {@link dev.mle4j.tabular.eval.TabularMetrics}, fold export for Python peers ({@link
 * dev.mle4j.tabular.eval.FoldsFile}), learning curves, permutation importance, residual analysis,
 * importance charts and model comparison tables.
 */
package dev.mle4j.tabular.eval;
