package dev.mle4j.tabular.model;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.util.Map;

/** The fitting algorithms of the linear learners (all on standardised features). */
final class LinearFits {

  private LinearFits() {}

  /**
   * Least squares with an L2 penalty {@code alpha ||w||^2} on standardised features, intercept
   * unpenalised, by solving the normal equations with Cholesky.
   */
  static LinearModel ridge(
      String format, Map<String, Object> params, FeatureMatrix x, Target y, double alpha) {
    int p = x.names().size();
    int n = x.size();
    double[][] st = LinAlg.standardisation(x.rows(), p);
    double[][] xs = LinAlg.standardise(x.rows(), st[0], st[1]);
    double ybar = 0;
    for (int i = 0; i < n; i++) {
      ybar += y.value(i);
    }
    ybar /= n;
    double[][] a = new double[p][p];
    double[] b = new double[p];
    for (int i = 0; i < n; i++) {
      double[] r = xs[i];
      double yc = y.value(i) - ybar;
      for (int j = 0; j < p; j++) {
        double rj = r[j];
        if (rj == 0) {
          continue;
        }
        b[j] += rj * yc;
        double[] aj = a[j];
        for (int k = 0; k <= j; k++) {
          aj[k] += rj * r[k];
        }
      }
    }
    for (int j = 0; j < p; j++) {
      for (int k = 0; k < j; k++) {
        a[k][j] = a[j][k];
      }
      a[j][j] += alpha;
    }
    double[] w = LinAlg.solveWithJitter(a, b, 1e-10 * n);
    return new LinearModel(
        format,
        TabularTask.REGRESSION,
        x.names(),
        java.util.List.of(),
        params,
        st[0],
        st[1],
        new double[][] {w},
        new double[] {ybar});
  }

  /**
   * Elastic net by cyclic coordinate descent on standardised features and a standardised target:
   * minimises {@code 1/(2n) ||y - Xw||^2 + alpha (l1Ratio ||w||_1 + (1 - l1Ratio)/2 ||w||^2)}.
   */
  static LinearModel elasticNet(
      String format,
      Map<String, Object> params,
      FeatureMatrix x,
      Target y,
      double alpha,
      double l1Ratio,
      int maxIter,
      double tol) {
    int p = x.names().size();
    int n = x.size();
    double[][] st = LinAlg.standardisation(x.rows(), p);
    double[][] xs = LinAlg.standardise(x.rows(), st[0], st[1]);
    double ybar = 0;
    for (int i = 0; i < n; i++) {
      ybar += y.value(i);
    }
    ybar /= n;
    double ss = 0;
    for (int i = 0; i < n; i++) {
      double d = y.value(i) - ybar;
      ss += d * d;
    }
    double sdy = Math.sqrt(ss / n);
    double[] w = new double[p];
    if (sdy > 0) {
      // column-major copy for fast coordinate updates
      double[][] cols = new double[p][n];
      double[] norm = new double[p];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < p; j++) {
          cols[j][i] = xs[i][j];
        }
      }
      for (int j = 0; j < p; j++) {
        double s = 0;
        for (double v : cols[j]) {
          s += v * v;
        }
        norm[j] = s / n;
      }
      double[] r = new double[n];
      for (int i = 0; i < n; i++) {
        r[i] = (y.value(i) - ybar) / sdy;
      }
      double l1 = alpha * l1Ratio;
      double l2 = alpha * (1 - l1Ratio);
      for (int iter = 0; iter < maxIter; iter++) {
        double maxDelta = 0;
        double maxW = 0;
        for (int j = 0; j < p; j++) {
          if (norm[j] == 0) {
            continue;
          }
          double[] c = cols[j];
          double rho = 0;
          for (int i = 0; i < n; i++) {
            rho += c[i] * r[i];
          }
          rho = rho / n + norm[j] * w[j];
          double nw = softThreshold(rho, l1) / (norm[j] + l2);
          double delta = nw - w[j];
          if (delta != 0) {
            for (int i = 0; i < n; i++) {
              r[i] -= delta * c[i];
            }
            w[j] = nw;
          }
          maxDelta = Math.max(maxDelta, Math.abs(delta));
          maxW = Math.max(maxW, Math.abs(nw));
        }
        if (maxDelta <= tol * Math.max(1e-12, maxW)) {
          break;
        }
      }
      for (int j = 0; j < p; j++) {
        w[j] *= sdy;
      }
    }
    return new LinearModel(
        format,
        TabularTask.REGRESSION,
        x.names(),
        java.util.List.of(),
        params,
        st[0],
        st[1],
        new double[][] {w},
        new double[] {ybar});
  }

  private static double softThreshold(double v, double t) {
    if (v > t) {
      return v - t;
    }
    if (v < -t) {
      return v + t;
    }
    return 0;
  }

  /**
   * L2-regularised logistic regression (sigmoid for two classes, softmax for more) by Newton's
   * method with backtracking line search; minimises {@code sum log-loss + 1/(2C) ||w||^2} on
   * standardised features, intercepts unpenalised.
   */
  static LinearModel logistic(
      String format, Map<String, Object> params, FeatureMatrix x, Target y, double c, int maxIter) {
    int p = x.names().size();
    int n = x.size();
    int classes = y.labels().size();
    int k = classes == 2 ? 1 : classes;
    int q = p + 1;
    int dim = k * q;
    double[][] st = LinAlg.standardisation(x.rows(), p);
    double[][] xs = LinAlg.standardise(x.rows(), st[0], st[1]);
    int[] yi = new int[n];
    for (int i = 0; i < n; i++) {
      yi[i] = (int) y.value(i);
    }
    double lambda = 1.0 / c;
    double eps = 1e-8;
    double[] beta = new double[dim];
    double f = logisticObjective(xs, yi, beta, k, q, lambda, eps);
    for (int iter = 0; iter < maxIter; iter++) {
      double[] g = new double[dim];
      double[][] h = new double[dim][dim];
      double[] prob = new double[k];
      for (int i = 0; i < n; i++) {
        double[] r = xs[i];
        probabilities(r, beta, k, q, prob);
        for (int a = 0; a < k; a++) {
          double target = k == 1 ? (yi[i] == 1 ? 1 : 0) : (yi[i] == a ? 1 : 0);
          double resid = prob[a] - target;
          int oa = a * q;
          for (int j = 0; j < p; j++) {
            g[oa + j] += resid * r[j];
          }
          g[oa + p] += resid;
          for (int bb = 0; bb <= a; bb++) {
            double wgt =
                k == 1 ? prob[0] * (1 - prob[0]) : prob[a] * ((a == bb ? 1 : 0) - prob[bb]);
            if (wgt == 0) {
              continue;
            }
            int ob = bb * q;
            for (int j = 0; j < q; j++) {
              double vj = j < p ? r[j] : 1.0;
              if (vj == 0) {
                continue;
              }
              double wv = wgt * vj;
              double[] hrow = h[oa + j];
              int upper = a == bb ? j : q - 1;
              for (int l = 0; l <= upper; l++) {
                double vl = l < p ? r[l] : 1.0;
                hrow[ob + l] += wv * vl;
              }
            }
          }
        }
      }
      // symmetrise: lower triangle holds the sums
      for (int i = 0; i < dim; i++) {
        for (int j = 0; j < i; j++) {
          h[j][i] = h[i][j];
        }
      }
      double gnorm = 0;
      for (int a = 0; a < k; a++) {
        for (int j = 0; j < q; j++) {
          int idx = a * q + j;
          double pen = j < p ? lambda : eps;
          g[idx] += pen * beta[idx];
          h[idx][idx] += pen;
          gnorm = Math.max(gnorm, Math.abs(g[idx]));
        }
      }
      if (gnorm < 1e-9 * n) {
        break;
      }
      double[] step = LinAlg.solveWithJitter(h, g, 1e-10 * n);
      double t = 1;
      double[] cand = new double[dim];
      double fNew = Double.POSITIVE_INFINITY;
      for (int ls = 0; ls < 40; ls++) {
        for (int d = 0; d < dim; d++) {
          cand[d] = beta[d] - t * step[d];
        }
        fNew = logisticObjective(xs, yi, cand, k, q, lambda, eps);
        if (fNew <= f) {
          break;
        }
        t /= 2;
      }
      if (!(fNew <= f)) {
        break;
      }
      System.arraycopy(cand, 0, beta, 0, dim);
      double change = f - fNew;
      f = fNew;
      if (change < 1e-12 * (1 + Math.abs(f))) {
        break;
      }
    }
    if (!Double.isFinite(f)) {
      throw new MlException("logistic regression did not converge (objective " + f + ")");
    }
    double[][] coef = new double[k][p];
    double[] icpt = new double[k];
    for (int a = 0; a < k; a++) {
      System.arraycopy(beta, a * q, coef[a], 0, p);
      icpt[a] = beta[a * q + p];
    }
    return new LinearModel(
        format,
        TabularTask.CLASSIFICATION,
        x.names(),
        y.labels(),
        params,
        st[0],
        st[1],
        coef,
        icpt);
  }

  private static void probabilities(double[] r, double[] beta, int k, int q, double[] out) {
    int p = q - 1;
    for (int a = 0; a < k; a++) {
      int o = a * q;
      double z = beta[o + p];
      for (int j = 0; j < p; j++) {
        z += beta[o + j] * r[j];
      }
      out[a] = z;
    }
    if (k == 1) {
      out[0] = LinearModel.sigmoid(out[0]);
    } else {
      double[] sm = LinearModel.softmax(out);
      System.arraycopy(sm, 0, out, 0, k);
    }
  }

  private static double logisticObjective(
      double[][] xs, int[] yi, double[] beta, int k, int q, double lambda, double eps) {
    int p = q - 1;
    double f = 0;
    double[] z = new double[k];
    for (int i = 0; i < xs.length; i++) {
      double[] r = xs[i];
      for (int a = 0; a < k; a++) {
        int o = a * q;
        double s = beta[o + p];
        for (int j = 0; j < p; j++) {
          s += beta[o + j] * r[j];
        }
        z[a] = s;
      }
      if (k == 1) {
        // log(1 + exp(-s z)) with s = +-1
        double m = yi[i] == 1 ? z[0] : -z[0];
        f += m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
      } else {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
          max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
          sum += Math.exp(v - max);
        }
        f += max + Math.log(sum) - z[yi[i]];
      }
    }
    for (int a = 0; a < k; a++) {
      for (int j = 0; j < q; j++) {
        double b = beta[a * q + j];
        f += 0.5 * (j < p ? lambda : eps) * b * b;
      }
    }
    return f;
  }
}
