/**
 * Production serving of tabular models: the {@link dev.mle4j.tabular.serving.TabularArtifact} (one
 * folder with the fitted pipeline, the model, metadata and card), the {@link
 * dev.mle4j.tabular.serving.TabularPredictor} (classifier or regressor over table rows), request
 * validation against the training schema ({@link dev.mle4j.tabular.serving.RowValidator}), CSV
 * batch prediction ({@link dev.mle4j.tabular.serving.BatchPredictor}) and the {@link
 * dev.mle4j.tabular.serving.TabularModelLoader} that lets {@code mle4j serve} publish registered
 * tabular models.
 */
package dev.mle4j.tabular.serving;
