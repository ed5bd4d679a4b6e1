package dev.mle4j.tabular.ensemble;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import dev.mle4j.tabular.model.TabularLearner;
import dev.mle4j.tabular.model.TabularModel;
import java.util.List;
import java.util.Map;

/**
 * Ridge regression with an intercept, solved in closed form on standardised features: the default
 * meta-learner of {@link StackingLearner} for regression. Features must not contain NaN.
 */
public final class RidgeMetaLearner implements TabularLearner {

  private final double alpha;

  /** A ridge learner with alpha 1e-3 (almost plain least squares). */
  public RidgeMetaLearner() {
    this(1e-3);
  }

  /**
   * A ridge learner.
   *
   * @param alpha the L2 penalty on standardised weights, {@code >= 0}
   */
  public RidgeMetaLearner(double alpha) {
    if (!(alpha >= 0)) {
      throw new MlException("ridge alpha must be >= 0, got " + alpha);
    }
    this.alpha = alpha;
  }

  @Override
  public String name() {
    return "ridge-meta";
  }

  @Override
  public TabularTask task() {
    return TabularTask.REGRESSION;
  }

  @Override
  public Map<String, Object> parameters() {
    return Map.of("alpha", alpha);
  }

  @Override
  public TabularModel fit(FeatureMatrix x, Target y) {
    if (y.task() != TabularTask.REGRESSION) {
      throw new MlException("ridge needs a regression target, '" + y.name() + "' is not");
    }
    int n = x.size();
    if (n == 0 || n != y.size()) {
      throw new MlException("ridge: " + n + " feature rows for " + y.size() + " targets");
    }
    double[][] rows = x.rows();
    int f = x.names().size();
    double[][] stats = Standardiser.stats(rows, f);
    double[][] z = Standardiser.apply(rows, stats);
    double yMean = 0;
    for (int i = 0; i < n; i++) {
      yMean += y.value(i);
    }
    yMean /= n;
    double[][] a = new double[f][f];
    double[] b = new double[f];
    for (int i = 0; i < n; i++) {
      double yc = y.value(i) - yMean;
      for (int j = 0; j < f; j++) {
        b[j] += z[i][j] * yc;
        for (int l = 0; l < f; l++) {
          a[j][l] += z[i][j] * z[i][l];
        }
      }
    }
    for (int j = 0; j < f; j++) {
      a[j][j] += alpha * n + 1e-10 * n;
    }
    double[] w = solve(a, b);
    return new LinearMetaModel(
        new LinearMetaModel.State(
            TabularTask.REGRESSION,
            x.names(),
            List.of(),
            stats[0],
            stats[1],
            new double[][] {w},
            new double[] {yMean}));
  }

  /** Gaussian elimination with partial pivoting. */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = java.util.Arrays.copyOf(a[i], n + 1);
      m[i][n] = b[i];
    }
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
          p = r;
        }
      }
      double[] tmp = m[c];
      m[c] = m[p];
      m[p] = tmp;
      if (Math.abs(m[c][c]) < 1e-300) {
        throw new MlException("ridge: singular system; increase alpha");
      }
      for (int r = c + 1; r < n; r++) {
        double factor = m[r][c] / m[c][c];
        for (int k = c; k <= n; k++) {
          m[r][k] -= factor * m[c][k];
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = m[r][n];
      for (int k = r + 1; k < n; k++) {
        s -= m[r][k] * x[k];
      }
      x[r] = s / m[r][r];
    }
    return x;
  }
}
