package dev.mle4j.tabular.features;

import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes categorical columns by cardinality: a column with at most {@code maxOneHot} output
 * columns after rare grouping is one-hot encoded, a column with more is target encoded (out-of-fold
 * for the training rows). The choice is made per column at fit time.
 */
public final class CategoricalEncoder implements FeatureStep {

  private static final Logger LOG = LoggerFactory.getLogger(CategoricalEncoder.class);

  private final List<String> columns;
  private final int maxOneHot;
  private final int minFrequency;
  private final double smoothing;

  private CategoricalEncoder(
      List<String> columns, int maxOneHot, int minFrequency, double smoothing) {
    this.columns = List.copyOf(columns);
    this.maxOneHot = maxOneHot;
    this.minFrequency = minFrequency;
    this.smoothing = smoothing;
  }

  /**
   * An encoder.
   *
   * @param columns the columns (empty: all categorical columns)
   * @param maxOneHot the largest one-hot width (0: always target encoding)
   * @param minFrequency the rare threshold of the one-hot encoder
   * @param smoothing the smoothing of the target encoder
   * @return the step
   */
  public static CategoricalEncoder of(
      List<String> columns, int maxOneHot, int minFrequency, double smoothing) {
    return new CategoricalEncoder(columns, maxOneHot, minFrequency, smoothing);
  }

  @Override
  public String name() {
    return "categorical-encoder";
  }

  private List<List<String>> split(DataFrame train) {
    List<String> oneHot = new ArrayList<>();
    List<String> target = new ArrayList<>();
    for (String c : FeatureColumns.select(train, columns, name(), ColumnType.CATEGORICAL)) {
      // distinct training values after rare grouping (the bucket counts only if rare values exist)
      int width = OneHotEncoder.width(train.strings(c), minFrequency, OneHotEncoder.Unseen.ZEROS);
      if (width <= maxOneHot) {
        oneHot.add(c);
      } else {
        target.add(c);
      }
      LOG.debug(
          "column '{}': one-hot width {} -> {}",
          c,
          width,
          width <= maxOneHot ? "one-hot" : "target encoding");
    }
    return List.of(oneHot, target);
  }

  @Override
  public Fit fit(DataFrame train, Target target, FitContext context) {
    List<List<String>> s = split(train);
    List<FittedStep> steps = new ArrayList<>();
    DataFrame df = train;
    if (!s.get(0).isEmpty()) {
      Fit f =
          OneHotEncoder.of(s.get(0), minFrequency, OneHotEncoder.Unseen.RARE)
              .fit(df, target, context);
      steps.add(f.step());
      df = f.transformed();
    }
    if (!s.get(1).isEmpty()) {
      Fit f = TargetEncoder.of(s.get(1), smoothing).fit(df, target, context);
      steps.add(f.step());
      df = f.transformed();
    }
    return new Fit(new FittedSequence(steps), df);
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    return fit(train, target, context).step();
  }

  @Override
  public String toString() {
    return "CategoricalEncoder[one-hot when width <= "
        + maxOneHot
        + " (minFrequency "
        + minFrequency
        + "), else target encoding m="
        + smoothing
        + "]";
  }
}
