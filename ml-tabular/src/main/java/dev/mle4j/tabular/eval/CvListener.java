package dev.mle4j.tabular.eval;

import java.util.Map;

/** Receives progress from {@link CrossValidation#run}, once per finished fold. */
@FunctionalInterface
public interface CvListener {

  /**
   * Called after a fold was fitted and scored.
   *
   * @param learner the learner name
   * @param fold the fold index, from 0
   * @param folds the number of folds
   * @param metrics the fold's test metrics
   * @param fitSeconds seconds spent fitting the pipeline and the learner on the fold
   */
  void foldDone(
      String learner, int fold, int folds, Map<String, Double> metrics, double fitSeconds);
}
