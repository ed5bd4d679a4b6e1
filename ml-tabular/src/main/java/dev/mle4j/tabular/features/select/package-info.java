/**
 * Feature selection steps: correlation filtering, model-importance selection and recursive feature
 * elimination. Each is a {@link dev.mle4j.tabular.features.FeatureStep} whose fitted form is a
 * {@link dev.mle4j.tabular.features.FeatureSelector} that keeps the selected columns.
 */
package dev.mle4j.tabular.features.select;
