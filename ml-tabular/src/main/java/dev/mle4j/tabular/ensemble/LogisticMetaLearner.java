package dev.mle4j.tabular.ensemble;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import dev.mle4j.tabular.model.TabularLearner;
import dev.mle4j.tabular.model.TabularModel;
import java.util.Map;

/**
 * Multinomial logistic regression (softmax) with an L2 penalty, fitted by full-batch gradient
 * descent on standardised features: the default meta-learner of {@link StackingLearner} for
 * classification. Features must not contain NaN.
 */
public final class LogisticMetaLearner implements TabularLearner {

  private final double lambda;
  private final int iterations;

  /** A logistic learner with L2 penalty 1e-3 and 500 iterations. */
  public LogisticMetaLearner() {
    this(1e-3, 500);
  }

  /**
   * A logistic learner.
   *
   * @param lambda the L2 penalty on standardised weights, {@code >= 0}
   * @param iterations gradient steps, at least 1
   */
  public LogisticMetaLearner(double lambda, int iterations) {
    if (!(lambda >= 0)) {
      throw new MlException("logistic lambda must be >= 0, got " + lambda);
    }
    if (iterations < 1) {
      throw new MlException("logistic iterations must be >= 1, got " + iterations);
    }
    this.lambda = lambda;
    this.iterations = iterations;
  }

  @Override
  public String name() {
    return "logistic-meta";
  }

  @Override
  public TabularTask task() {
    return TabularTask.CLASSIFICATION;
  }

  @Override
  public Map<String, Object> parameters() {
    return Map.of("lambda", lambda, "iterations", iterations);
  }

  @Override
  public TabularModel fit(FeatureMatrix x, Target y) {
    if (y.task() != TabularTask.CLASSIFICATION) {
      throw new MlException("logistic needs a classification target, '" + y.name() + "' is not");
    }
    int n = x.size();
    if (n == 0 || n != y.size()) {
      throw new MlException("logistic: " + n + " feature rows for " + y.size() + " targets");
    }
    int f = x.names().size();
    int c = y.labels().size();
    double[][] stats = Standardiser.stats(x.rows(), f);
    double[][] z = Standardiser.apply(x.rows(), stats);
    double[][] w = new double[c][f];
    double[] b = new double[c];
    double lr = 1.0 / (0.5 * (f + 1) + lambda);
    double[][] gw = new double[c][f];
    double[] gb = new double[c];
    double[] s = new double[c];
    for (int it = 0; it < iterations; it++) {
      for (int k = 0; k < c; k++) {
        java.util.Arrays.fill(gw[k], 0.0);
      }
      java.util.Arrays.fill(gb, 0.0);
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < c; k++) {
          double v = b[k];
          for (int j = 0; j < f; j++) {
            v += w[k][j] * z[i][j];
          }
          s[k] = v;
        }
        double[] p = LinearMetaModel.softmax(s);
        int t = (int) y.value(i);
        for (int k = 0; k < c; k++) {
          double err = p[k] - (k == t ? 1.0 : 0.0);
          gb[k] += err;
          for (int j = 0; j < f; j++) {
            gw[k][j] += err * z[i][j];
          }
        }
      }
      for (int k = 0; k < c; k++) {
        b[k] -= lr * gb[k] / n;
        for (int j = 0; j < f; j++) {
          w[k][j] -= lr * (gw[k][j] / n + lambda * w[k][j]);
        }
      }
    }
    return new LinearMetaModel(
        new LinearMetaModel.State(
            TabularTask.CLASSIFICATION, x.names(), y.labels(), stats[0], stats[1], w, b));
  }
}
