package dev.mle4j.tabular.tuning;

import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeaturePipeline;

/** A strategy that proposes hyper-parameter configurations and scores them by cross-validation. */
public interface HyperparameterSearch {

  /**
   * Runs the whole budget of trials.
   *
   * @param x the rows without the target
   * @param y the target
   * @param pipeline the unfitted feature pipeline (refitted inside each fold)
   * @return every trial and the best one
   */
  TuningResult run(DataFrame x, Target y, FeaturePipeline pipeline);
}
