package dev.mle4j.tabular.eval;

import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.features.FittedPipeline;
import dev.mle4j.tabular.model.TabularModel;

/**
 * A pipeline and a model fitted on the training rows of one fold.
 *
 * @param pipeline the fitted feature pipeline
 * @param model the fitted model
 * @param task the task
 * @param transform the target transform the model was trained with
 * @param fitSeconds seconds spent fitting the pipeline and the model
 */
public record FittedFold(
    FittedPipeline pipeline,
    TabularModel model,
    TabularTask task,
    TargetTransform transform,
    double fitSeconds) {

  /**
   * Predicts rows in target space (a {@link TargetTransform} is undone).
   *
   * @param rows raw rows with the pipeline's input columns
   * @return per row {@code [value]} or class probabilities
   */
  public double[][] predict(DataFrame rows) {
    double[][] p = model.predict(pipeline.transform(rows).rows());
    if (task == TabularTask.REGRESSION && transform != TargetTransform.NONE) {
      for (double[] r : p) {
        r[0] = transform.inverse(r[0]);
      }
    }
    return p;
  }
}
