package dev.mle4j.tabular.features;

import dev.mle4j.tabular.data.DataFrame;
import java.util.List;

/**
 * Fitted steps applied in order, as one step (the fitted form of composite steps such as {@link
 * CategoricalEncoder}).
 *
 * @param steps the steps
 */
public record FittedSequence(List<FittedStep> steps) implements FittedStep {

  /** Copies the list. */
  public FittedSequence {
    steps = List.copyOf(steps);
  }

  @Override
  public DataFrame transform(DataFrame frame) {
    DataFrame df = frame;
    for (FittedStep s : steps) {
      df = s.transform(df);
    }
    return df;
  }
}
