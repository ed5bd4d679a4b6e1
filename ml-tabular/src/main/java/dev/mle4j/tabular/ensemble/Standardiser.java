package dev.mle4j.tabular.ensemble;

import dev.mle4j.core.MlException;

/** Column means and scales for the linear meta-learners. */
final class Standardiser {

  private Standardiser() {}

  /** Returns {means, scales}; a constant column gets scale 1. */
  static double[][] stats(double[][] rows, int f) {
    double[] mean = new double[f];
    double[] scale = new double[f];
    int n = rows.length;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        double v = rows[i][j];
        if (!Double.isFinite(v)) {
          throw new MlException("feature " + j + " of row " + i + " is " + v + "; need finite");
        }
        mean[j] += v;
      }
    }
    for (int j = 0; j < f; j++) {
      mean[j] /= n;
    }
    for (double[] row : rows) {
      for (int j = 0; j < f; j++) {
        scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
      }
    }
    for (int j = 0; j < f; j++) {
      double sd = Math.sqrt(scale[j] / n);
      scale[j] = sd > 1e-12 ? sd : 1.0;
    }
    return new double[][] {mean, scale};
  }

  static double[][] apply(double[][] rows, double[][] stats) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = new double[stats[0].length];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = (rows[i][j] - stats[0][j]) / stats[1][j];
      }
    }
    return out;
  }
}
