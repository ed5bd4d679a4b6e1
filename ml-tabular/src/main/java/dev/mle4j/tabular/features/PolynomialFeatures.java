package dev.mle4j.tabular.features;

import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.List;

/**
 * Degree-2 polynomial features of numeric columns: squares {@code a^2} and pairwise products {@code
 * a*b} are appended (the original columns stay). Missing inputs give missing outputs.
 */
public final class PolynomialFeatures implements FeatureStep {

  private final List<String> columns;
  private final boolean squares;

  private PolynomialFeatures(List<String> columns, boolean squares) {
    this.columns = List.copyOf(columns);
    this.squares = squares;
  }

  /**
   * Squares and pairwise products.
   *
   * @param columns the columns (empty: all numeric columns)
   * @return the step
   */
  public static PolynomialFeatures degree2(List<String> columns) {
    return new PolynomialFeatures(columns, true);
  }

  /**
   * Pairwise products only.
   *
   * @param columns the columns (empty: all numeric columns)
   * @return the step
   */
  public static PolynomialFeatures interactionsOnly(List<String> columns) {
    return new PolynomialFeatures(columns, false);
  }

  @Override
  public String name() {
    return "polynomial";
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    return new FittedPolynomial(
        FeatureColumns.select(train, columns, name(), ColumnType.NUMERIC, ColumnType.BOOLEAN),
        squares);
  }

  @Override
  public String toString() {
    return "Polynomial[degree=2, squares="
        + squares
        + (columns.isEmpty() ? "" : ", " + columns)
        + "]";
  }

  /**
   * A fitted {@link PolynomialFeatures}.
   *
   * @param columns the input columns
   * @param squares whether squares are added
   */
  public record FittedPolynomial(List<String> columns, boolean squares) implements FittedStep {

    /** Copies the list. */
    public FittedPolynomial {
      columns = List.copyOf(columns);
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      DataFrame df = frame;
      int n = frame.rows();
      double[][] in = new double[columns.size()][];
      for (int j = 0; j < in.length; j++) {
        in[j] = FeatureColumns.numeric(frame, columns.get(j), "polynomial");
      }
      for (int a = 0; a < in.length; a++) {
        for (int b = a; b < in.length; b++) {
          if (a == b && !squares) {
            continue;
          }
          double[] out = new double[n];
          for (int i = 0; i < n; i++) {
            out[i] = in[a][i] * in[b][i];
          }
          String name = a == b ? columns.get(a) + "^2" : columns.get(a) + "*" + columns.get(b);
          df = df.with(name, ColumnType.NUMERIC, out);
        }
      }
      return df;
    }
  }
}
