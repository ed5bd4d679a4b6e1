package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces skewed non-negative numeric columns by {@code log1p(x)}. Without an explicit list the
 * columns are chosen at fit time: numeric columns whose training values are all {@code >= 0} and
 * whose sample skewness has absolute value above a threshold (default 0.75). Negative values at
 * transform time are treated as 0; missing values stay missing.
 */
public final class Log1pTransform implements FeatureStep {

  private final List<String> columns;
  private final double threshold;

  private Log1pTransform(List<String> columns, double threshold) {
    this.columns = List.copyOf(columns);
    this.threshold = threshold;
  }

  /**
   * Chooses skewed non-negative columns with the given skewness threshold.
   *
   * @param threshold the minimum |skewness|
   * @return the step
   */
  public static Log1pTransform skewed(double threshold) {
    return new Log1pTransform(List.of(), threshold);
  }

  /**
   * Chooses skewed non-negative columns with threshold 0.75.
   *
   * @return the step
   */
  public static Log1pTransform skewed() {
    return skewed(0.75);
  }

  /**
   * Transforms exactly these columns (their training values must be >= 0).
   *
   * @param columns the columns
   * @return the step
   */
  public static Log1pTransform of(List<String> columns) {
    if (columns.isEmpty()) {
      throw new MlException("log1p: give at least one column, or use skewed()");
    }
    return new Log1pTransform(columns, 0);
  }

  @Override
  public String name() {
    return "log1p";
  }

  /**
   * The sample skewness (Fisher-Pearson, biased) of the non-missing values.
   *
   * @param values values with NaN for missing
   * @return the skewness, 0 for constant or empty columns
   */
  public static double skewness(double[] values) {
    double m = FeatureColumns.mean(values);
    double m2 = 0;
    double m3 = 0;
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        double d = v - m;
        m2 += d * d;
        m3 += d * d * d;
        n++;
      }
    }
    if (n == 0 || m2 == 0) {
      return 0;
    }
    m2 /= n;
    m3 /= n;
    return m3 / Math.pow(m2, 1.5);
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    List<String> chosen = new ArrayList<>();
    if (!columns.isEmpty()) {
      for (String c : FeatureColumns.select(train, columns, name(), ColumnType.NUMERIC)) {
        double[] s = FeatureColumns.presentSorted(train.numeric(c));
        if (s.length > 0 && s[0] < 0) {
          throw new MlException(
              name() + ": column '" + c + "' has negative values (min " + s[0] + ")");
        }
        chosen.add(c);
      }
    } else {
      for (String c : FeatureColumns.select(train, List.of(), name(), ColumnType.NUMERIC)) {
        double[] v = train.numeric(c);
        double[] s = FeatureColumns.presentSorted(v);
        if (s.length > 0 && s[0] >= 0 && Math.abs(skewness(v)) > threshold) {
          chosen.add(c);
        }
      }
    }
    return new FittedLog1p(chosen);
  }

  @Override
  public String toString() {
    return columns.isEmpty() ? "Log1p[|skew| > " + threshold + "]" : "Log1p" + columns;
  }

  /**
   * A fitted {@link Log1pTransform}.
   *
   * @param columns the transformed columns
   */
  public record FittedLog1p(List<String> columns) implements FittedStep {

    /** Copies the list. */
    public FittedLog1p {
      columns = List.copyOf(columns);
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      DataFrame df = frame;
      for (String c : columns) {
        double[] v = FeatureColumns.numeric(frame, c, "log1p").clone();
        for (int i = 0; i < v.length; i++) {
          if (!Double.isNaN(v[i])) {
            v[i] = Math.log1p(Math.max(0, v[i]));
          }
        }
        df = df.with(c, ColumnType.NUMERIC, v);
      }
      return df;
    }
  }
}
