package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnSpec;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The standard {@link FeaturePipeline}: a list of {@link FeatureStep}s applied in order. After the
 * last step every remaining column must be stored as numbers; they become the features, in column
 * order.
 */
public final class StepPipeline implements FeaturePipeline {

  private final List<FeatureStep> steps;
  private final FitContext context;

  private StepPipeline(List<FeatureStep> steps, FitContext context) {
    this.steps = List.copyOf(steps);
    this.context = context;
  }

  /**
   * A pipeline of the given steps with the default context.
   *
   * @param steps the steps in order
   * @return the pipeline
   */
  public static StepPipeline of(List<FeatureStep> steps) {
    return new StepPipeline(steps, FitContext.defaults());
  }

  /**
   * A pipeline of the given steps.
   *
   * @param steps the steps in order
   * @param context seed and fold settings
   * @return the pipeline
   */
  public static StepPipeline of(List<FeatureStep> steps, FitContext context) {
    return new StepPipeline(steps, Objects.requireNonNull(context, "context"));
  }

  /**
   * The steps.
   *
   * @return the steps in order
   */
  public List<FeatureStep> steps() {
    return steps;
  }

  @Override
  public Fitted fit(DataFrame train, Target target) {
    if (train.rows() != target.size()) {
      throw new MlException(
          "training frame has " + train.rows() + " rows but the target has " + target.size());
    }
    List<ColumnSpec> input = train.schema().columns();
    DataFrame df = train;
    List<FittedStep> fitted = new ArrayList<>();
    for (FeatureStep s : steps) {
      FeatureStep.Fit fit = s.fit(df, target, context);
      fitted.add(fit.step());
      df = fit.transformed();
    }
    List<String> features = new ArrayList<>();
    for (ColumnSpec c : df.schema().columns()) {
      if (!c.type().isNumberStored()) {
        throw new MlException(
            "column '"
                + c.name()
                + "' is still "
                + c.type()
                + " after the last step; add an encoder for it or drop it");
      }
      features.add(c.name());
    }
    FittedPipeline pipeline = new FittedPipeline(input, fitted, features);
    return new Fitted(pipeline, FittedPipeline.toMatrix(df, features));
  }
}
