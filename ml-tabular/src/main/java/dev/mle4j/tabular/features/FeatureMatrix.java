package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import java.util.List;

/**
 * Model-ready features: one row of doubles per table row, one column per feature name.
 *
 * @param names the feature names in column order
 * @param rows the values, row-major; the arrays are shared, not copied
 */
public record FeatureMatrix(List<String> names, double[][] rows) {

  /** Checks that every row has one value per name. */
  public FeatureMatrix {
    names = List.copyOf(names);
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != names.size()) {
        throw new MlException(
            "feature row "
                + i
                + " has "
                + rows[i].length
                + " values for "
                + names.size()
                + " names");
      }
    }
  }

  /**
   * The number of rows.
   *
   * @return rows
   */
  public int size() {
    return rows.length;
  }

  /**
   * The rows at some indices (rows are shared).
   *
   * @param indices the row indices
   * @return the subset
   */
  public FeatureMatrix rows(int[] indices) {
    double[][] out = new double[indices.length][];
    for (int i = 0; i < indices.length; i++) {
      out[i] = rows[indices[i]];
    }
    return new FeatureMatrix(names, out);
  }

  /**
   * The values of one feature.
   *
   * @param feature the column index
   * @return a new array with one value per row
   */
  public double[] column(int feature) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i][feature];
    }
    return out;
  }
}
