package dev.mle4j.tabular.model;

/** Small dense linear algebra for the linear learners. */
final class LinAlg {

  private LinAlg() {}

  /**
   * Solves {@code a x = b} for a symmetric positive definite {@code a} by Cholesky decomposition.
   *
   * @param a the matrix (not modified)
   * @param b the right-hand side
   * @return the solution, or null if {@code a} is not numerically positive definite
   */
  static double[] choleskySolve(double[][] a, double[] b) {
    int n = b.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        double[] li = l[i];
        double[] lj = l[j];
        for (int k = 0; k < j; k++) {
          s -= li[k] * lj[k];
        }
        if (i == j) {
          if (!(s > 0) || !Double.isFinite(s)) {
            return null;
          }
          li[i] = Math.sqrt(s);
        } else {
          li[j] = s / lj[j];
        }
      }
    }
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * z[k];
      }
      z[i] = s / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = z[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }

  /**
   * Solves with a growing diagonal jitter until the matrix is positive definite.
   *
   * @param a the matrix
   * @param b the right-hand side
   * @param jitter the first jitter added to the diagonal
   * @return the solution
   */
  static double[] solveWithJitter(double[][] a, double[] b, double jitter) {
    double[] x = choleskySolve(a, b);
    double eps = jitter;
    for (int attempt = 0; x == null && attempt < 12; attempt++) {
      double[][] c = new double[a.length][];
      for (int i = 0; i < a.length; i++) {
        c[i] = a[i].clone();
        c[i][i] += eps;
      }
      x = choleskySolve(c, b);
      eps *= 10;
    }
    if (x == null) {
      throw new dev.mle4j.core.MlException(
          "the linear system is singular even with a diagonal jitter; check the features");
    }
    return x;
  }

  /**
   * Column means and standard deviations (population); a constant column gets scale 1.
   *
   * @param rows the rows
   * @param p the number of columns
   * @return {means, scales}
   */
  static double[][] standardisation(double[][] rows, int p) {
    double[] mean = new double[p];
    double[] scale = new double[p];
    int n = rows.length;
    for (double[] r : rows) {
      for (int j = 0; j < p; j++) {
        mean[j] += r[j];
      }
    }
    for (int j = 0; j < p; j++) {
      mean[j] /= n;
    }
    for (double[] r : rows) {
      for (int j = 0; j < p; j++) {
        double d = r[j] - mean[j];
        scale[j] += d * d;
      }
    }
    for (int j = 0; j < p; j++) {
      double sd = Math.sqrt(scale[j] / n);
      scale[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? sd : 1.0;
    }
    return new double[][] {mean, scale};
  }

  /**
   * Standardised copy of the rows.
   *
   * @param rows the rows
   * @param mean column means
   * @param scale column scales
   * @return the new rows
   */
  static double[][] standardise(double[][] rows, double[] mean, double[] scale) {
    double[][] out = new double[rows.length][mean.length];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < mean.length; j++) {
        out[i][j] = (rows[i][j] - mean[j]) / scale[j];
      }
    }
    return out;
  }
}
