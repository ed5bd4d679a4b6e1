/**
 * Hyper-parameter search scored by cross-validation: {@link dev.mle4j.tabular.tuning.RandomSearch},
 * {@link dev.mle4j.tabular.tuning.TpeSearch} (tree-structured Parzen estimator) and {@link
 * dev.mle4j.tabular.tuning.SuccessiveHalving}, all configured by a {@link
 * dev.mle4j.tabular.tuning.TuningSetup} and returning a {@link
 * dev.mle4j.tabular.tuning.TuningResult}.
 */
package dev.mle4j.tabular.tuning;
