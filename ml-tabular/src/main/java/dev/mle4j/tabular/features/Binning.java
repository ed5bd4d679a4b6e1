package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cuts numeric columns into k bins with edges learned from training rows: equal-width over the
 * training range or quantile bins (duplicate quantile edges are merged, so a column may get fewer
 * bins). The output is either the bin index {@code 0..bins-1} in place of the column (missing stays
 * missing) or one 0/1 column {@code <col>_bin=<i>} per bin (missing: all zero).
 */
public final class Binning implements FeatureStep {

  /** How edges are placed. */
  public enum Strategy {
    /** Equal-width bins between the training min and max. */
    EQUAL_WIDTH,
    /** Bins holding about the same number of training rows. */
    QUANTILE
  }

  private final Strategy strategy;
  private final int bins;
  private final boolean oneHot;
  private final List<String> columns;

  private Binning(Strategy strategy, int bins, boolean oneHot, List<String> columns) {
    if (bins < 2) {
      throw new MlException("binning: need at least 2 bins, got " + bins);
    }
    this.strategy = strategy;
    this.bins = bins;
    this.oneHot = oneHot;
    this.columns = List.copyOf(columns);
  }

  /**
   * Equal-width bins.
   *
   * @param bins the number of bins (at least 2)
   * @param oneHot true for one-hot output, false for the bin index
   * @param columns the columns (empty: all numeric columns)
   * @return the step
   */
  public static Binning equalWidth(int bins, boolean oneHot, List<String> columns) {
    return new Binning(Strategy.EQUAL_WIDTH, bins, oneHot, columns);
  }

  /**
   * Quantile bins.
   *
   * @param bins the number of bins (at least 2)
   * @param oneHot true for one-hot output, false for the bin index
   * @param columns the columns (empty: all numeric columns)
   * @return the step
   */
  public static Binning quantile(int bins, boolean oneHot, List<String> columns) {
    return new Binning(Strategy.QUANTILE, bins, oneHot, columns);
  }

  @Override
  public String name() {
    return "binning";
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    Map<String, double[]> edges = new TreeMap<>();
    List<String> cols = FeatureColumns.select(train, columns, name(), ColumnType.NUMERIC);
    for (String c : cols) {
      double[] s = FeatureColumns.presentSorted(train.numeric(c));
      List<Double> e = new ArrayList<>();
      if (s.length > 0) {
        for (int b = 1; b < bins; b++) {
          double edge =
              strategy == Strategy.EQUAL_WIDTH
                  ? s[0] + (s[s.length - 1] - s[0]) * b / bins
                  : FeatureColumns.quantile(s, (double) b / bins);
          if (e.isEmpty() || edge > e.get(e.size() - 1)) {
            if (edge > s[0]) {
              e.add(edge);
            }
          }
        }
      }
      edges.put(c, e.stream().mapToDouble(Double::doubleValue).toArray());
    }
    return new FittedBinning(cols, edges, oneHot);
  }

  @Override
  public String toString() {
    return "Binning["
        + strategy
        + ", bins="
        + bins
        + (oneHot ? ", one-hot" : ", index")
        + (columns.isEmpty() ? "" : ", " + columns)
        + "]";
  }

  /**
   * A fitted {@link Binning}: a value goes to bin {@code i} = the number of inner edges {@code <=}
   * it.
   *
   * @param columns the binned columns
   * @param edges the sorted inner edges per column
   * @param oneHot whether the output is one-hot
   */
  public record FittedBinning(List<String> columns, Map<String, double[]> edges, boolean oneHot)
      implements FittedStep {

    /** Copies the parts. */
    public FittedBinning {
      columns = List.copyOf(columns);
      edges = new TreeMap<>(edges);
      for (String c : columns) {
        if (!edges.containsKey(c)) {
          throw new MlException("binning: no edges for column '" + c + "'");
        }
      }
    }

    /**
     * The bin of a value.
     *
     * @param column the column
     * @param v the value
     * @return the bin index, -1 for missing
     */
    public int bin(String column, double v) {
      if (Double.isNaN(v)) {
        return -1;
      }
      double[] e = edges.get(column);
      int b = 0;
      while (b < e.length && v >= e[b]) {
        b++;
      }
      return b;
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      DataFrame df = frame;
      for (String c : columns) {
        double[] v = FeatureColumns.numeric(frame, c, "binning");
        int count = edges.get(c).length + 1;
        if (oneHot) {
          df = df.drop(List.of(c));
          for (int b = 0; b < count; b++) {
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
              out[i] = bin(c, v[i]) == b ? 1.0 : 0.0;
            }
            df = df.with(c + "_bin=" + b, ColumnType.BOOLEAN, out);
          }
        } else {
          double[] out = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            int b = bin(c, v[i]);
            out[i] = b < 0 ? Double.NaN : b;
          }
          df = df.with(c, ColumnType.NUMERIC, out);
        }
      }
      return df;
    }
  }
}
