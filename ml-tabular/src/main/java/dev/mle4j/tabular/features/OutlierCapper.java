package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * Caps numeric columns at bounds learned from training rows: the IQR fences {@code Q1 - k*IQR} and
 * {@code Q3 + k*IQR} (default k = 1.5) or {@code mean +- z*std}. Columns whose IQR (or standard
 * deviation) is zero are left alone, so mostly-constant columns such as counts of zero are not
 * flattened. Missing values stay missing. To keep outliers, leave the step out.
 */
public final class OutlierCapper implements FeatureStep {

  /** How the bounds are computed. */
  public enum Method {
    /** Tukey's fences around the quartiles. */
    IQR,
    /** A number of standard deviations around the mean. */
    ZSCORE
  }

  private final Method method;
  private final double k;
  private final List<String> columns;

  private OutlierCapper(Method method, double k, List<String> columns) {
    if (!(k > 0) || !Double.isFinite(k)) {
      throw new MlException("outlier-capper: the multiplier must be > 0, got " + k);
    }
    this.method = method;
    this.k = k;
    this.columns = List.copyOf(columns);
  }

  /**
   * IQR fences with multiplier k on the given columns.
   *
   * @param k the multiplier (1.5 is Tukey's)
   * @param columns the columns (empty: all numeric columns)
   * @return the step
   */
  public static OutlierCapper iqr(double k, List<String> columns) {
    return new OutlierCapper(Method.IQR, k, columns);
  }

  /**
   * IQR fences with k = 1.5 on all numeric columns.
   *
   * @return the step
   */
  public static OutlierCapper iqr() {
    return iqr(1.5, List.of());
  }

  /**
   * Z-score bounds {@code mean +- z*std} on the given columns.
   *
   * @param z the number of standard deviations
   * @param columns the columns (empty: all numeric columns)
   * @return the step
   */
  public static OutlierCapper zScore(double z, List<String> columns) {
    return new OutlierCapper(Method.ZSCORE, z, columns);
  }

  @Override
  public String name() {
    return "outlier-capper";
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    List<String> cols = FeatureColumns.select(train, columns, name(), ColumnType.NUMERIC);
    List<String> kept = new ArrayList<>();
    List<Double> lo = new ArrayList<>();
    List<Double> hi = new ArrayList<>();
    for (String c : cols) {
      double[] v = train.numeric(c);
      double[] s = FeatureColumns.presentSorted(v);
      if (s.length == 0) {
        continue;
      }
      double center;
      double width;
      double low;
      double high;
      if (method == Method.IQR) {
        double q1 = FeatureColumns.quantile(s, 0.25);
        double q3 = FeatureColumns.quantile(s, 0.75);
        width = q3 - q1;
        low = q1 - k * width;
        high = q3 + k * width;
      } else {
        center = FeatureColumns.mean(v);
        width = FeatureColumns.std(v);
        low = center - k * width;
        high = center + k * width;
      }
      if (width > 0) {
        kept.add(c);
        lo.add(low);
        hi.add(high);
      }
    }
    return new FittedCapper(
        kept,
        lo.stream().mapToDouble(Double::doubleValue).toArray(),
        hi.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Override
  public String toString() {
    return "OutlierCapper[" + method + ", k=" + k + (columns.isEmpty() ? "" : ", " + columns) + "]";
  }

  /**
   * A fitted {@link OutlierCapper}.
   *
   * @param columns the capped columns
   * @param lower the lower bound per column
   * @param upper the upper bound per column
   */
  public record FittedCapper(List<String> columns, double[] lower, double[] upper)
      implements FittedStep {

    /** Copies and checks the parts. */
    public FittedCapper {
      columns = List.copyOf(columns);
      lower = lower.clone();
      upper = upper.clone();
      if (lower.length != columns.size() || upper.length != columns.size()) {
        throw new MlException("outlier-capper: one lower and one upper bound per column");
      }
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      DataFrame df = frame;
      for (int j = 0; j < columns.size(); j++) {
        String c = columns.get(j);
        double[] v = FeatureColumns.numeric(frame, c, "outlier-capper").clone();
        for (int i = 0; i < v.length; i++) {
          if (!Double.isNaN(v[i])) {
            v[i] = Math.max(lower[j], Math.min(upper[j], v[i]));
          }
        }
        df = df.with(c, frame.type(c), v);
      }
      return df;
    }
  }
}
