package dev.mle4j.tabular.features;

import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;

/**
 * One unfitted transformation of a {@link FeaturePipeline}, in the spirit of Lucene's small
 * composable analysis components: it learns its parameters from training rows only.
 */
public interface FeatureStep {

  /**
   * A short name for logs and reports, e.g. {@code standard-scaler}.
   *
   * @return the name
   */
  String name();

  /**
   * Learns the step's parameters from training rows and transforms those rows. Steps that use the
   * target (target encoding, target aggregations) must transform the training rows out-of-fold so
   * no row sees its own target; the default fits on all rows and then transforms them.
   *
   * @param train the training rows (output of the previous step)
   * @param target the training target, aligned with {@code train}
   * @param context seed and fold settings
   * @return the fitted step and the transformed training rows
   */
  default Fit fit(DataFrame train, Target target, FitContext context) {
    FittedStep step = fitOnly(train, target, context);
    return new Fit(step, step.transform(train));
  }

  /**
   * Learns the step's parameters from training rows.
   *
   * @param train the training rows
   * @param target the training target
   * @param context seed and fold settings
   * @return the fitted step
   */
  FittedStep fitOnly(DataFrame train, Target target, FitContext context);

  /**
   * A fitted step and the training rows it transformed.
   *
   * @param step the fitted step
   * @param transformed the transformed training rows
   */
  record Fit(FittedStep step, DataFrame transformed) {}
}
