package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.List;

/**
 * Affine scaling of numeric columns, {@code x' = (x - center) / scale}, with the center and scale
 * learned from training rows: {@link #standard} (mean, standard deviation), {@link #minMax} (min,
 * max - min) and {@link #robust} (median, IQR). A zero scale becomes 1. Missing values stay missing
 * (put an {@link Imputer} first). By default all {@link ColumnType#NUMERIC} columns are scaled
 * (boolean and one-hot columns are not).
 */
public final class Scalers implements FeatureStep {

  /** The statistics used. */
  public enum Method {
    /** Mean and population standard deviation. */
    STANDARD,
    /** Minimum and range. */
    MIN_MAX,
    /** Median and interquartile range. */
    ROBUST
  }

  private final Method method;
  private final List<String> columns;

  private Scalers(Method method, List<String> columns) {
    this.method = method;
    this.columns = List.copyOf(columns);
  }

  /**
   * StandardScaler: zero mean, unit variance.
   *
   * @param columns the columns (empty: all numeric columns)
   * @return the step
   */
  public static Scalers standard(List<String> columns) {
    return new Scalers(Method.STANDARD, columns);
  }

  /**
   * MinMaxScaler: training range to [0, 1].
   *
   * @param columns the columns (empty: all numeric columns)
   * @return the step
   */
  public static Scalers minMax(List<String> columns) {
    return new Scalers(Method.MIN_MAX, columns);
  }

  /**
   * RobustScaler: median to 0, IQR to 1.
   *
   * @param columns the columns (empty: all numeric columns)
   * @return the step
   */
  public static Scalers robust(List<String> columns) {
    return new Scalers(Method.ROBUST, columns);
  }

  @Override
  public String name() {
    return switch (method) {
      case STANDARD -> "standard-scaler";
      case MIN_MAX -> "min-max-scaler";
      case ROBUST -> "robust-scaler";
      default -> throw new IllegalStateException(method.name());
    };
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    List<String> cols = FeatureColumns.select(train, columns, name(), ColumnType.NUMERIC);
    double[] center = new double[cols.size()];
    double[] scale = new double[cols.size()];
    for (int j = 0; j < cols.size(); j++) {
      double[] v = train.numeric(cols.get(j));
      double[] s = FeatureColumns.presentSorted(v);
      double c;
      double w;
      if (s.length == 0) {
        c = 0;
        w = 1;
      } else {
        switch (method) {
          case STANDARD -> {
            c = FeatureColumns.mean(v);
            w = FeatureColumns.std(v);
          }
          case MIN_MAX -> {
            c = s[0];
            w = s[s.length - 1] - s[0];
          }
          case ROBUST -> {
            c = FeatureColumns.quantile(s, 0.5);
            w = FeatureColumns.quantile(s, 0.75) - FeatureColumns.quantile(s, 0.25);
          }
          default -> throw new IllegalStateException(method.name());
        }
      }
      center[j] = c;
      scale[j] = w > 0 ? w : 1.0;
    }
    return new FittedScaler(FeatureColumns.lower(method), cols, center, scale);
  }

  @Override
  public String toString() {
    return "Scaler[" + method + (columns.isEmpty() ? "" : ", " + columns) + "]";
  }

  /**
   * A fitted scaler: {@code x' = (x - center) / scale} per column.
   *
   * @param method the method name (for reports)
   * @param columns the scaled columns
   * @param center the center per column
   * @param scale the scale per column (never 0)
   */
  public record FittedScaler(String method, List<String> columns, double[] center, double[] scale)
      implements FittedStep {

    /** Copies and checks the parts. */
    public FittedScaler {
      columns = List.copyOf(columns);
      center = center.clone();
      scale = scale.clone();
      if (center.length != columns.size() || scale.length != columns.size()) {
        throw new MlException("scaler: one center and one scale per column");
      }
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      DataFrame df = frame;
      for (int j = 0; j < columns.size(); j++) {
        String c = columns.get(j);
        double[] v = FeatureColumns.numeric(frame, c, method + "-scaler").clone();
        for (int i = 0; i < v.length; i++) {
          v[i] = (v[i] - center[j]) / scale[j];
        }
        df = df.with(c, ColumnType.NUMERIC, v);
      }
      return df;
    }
  }
}
