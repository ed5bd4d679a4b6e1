package dev.mle4j.tabular.features;

import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;

/**
 * Turns table rows into model features. It is fitted on training rows only; the {@link
 * FittedPipeline} it returns transforms rows in bulk or one at a time and saves to JSON, so
 * training and serving run the same code with the same parameters.
 */
public interface FeaturePipeline {

  /**
   * Fits every step on the training rows and returns the fitted pipeline together with the training
   * feature matrix (target-dependent steps fill it out-of-fold).
   *
   * @param train training rows without the target column
   * @param target the training target
   * @return the fitted pipeline and the training features
   */
  Fitted fit(DataFrame train, Target target);

  /**
   * A fitted pipeline and its training features.
   *
   * @param pipeline the fitted pipeline
   * @param trainFeatures the features of the training rows
   */
  record Fitted(FittedPipeline pipeline, FeatureMatrix trainFeatures) {}
}
