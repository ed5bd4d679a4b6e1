/**
 * Ensembles of tabular learners: {@link dev.mle4j.tabular.ensemble.AveragingLearner} (mean or soft
 * voting) and {@link dev.mle4j.tabular.ensemble.StackingLearner} (out-of-fold base predictions
 * feeding a meta-learner), saved as folders of sub-models read back by {@link
 * dev.mle4j.tabular.ensemble.EnsembleModelReader}.
 */
package dev.mle4j.tabular.ensemble;
