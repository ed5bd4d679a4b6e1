package dev.mle4j.tabular.eval;

import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import dev.mle4j.tabular.model.TabularLearner;
import dev.mle4j.tabular.model.TabularModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small learners and data sets for the eval, tuning and ensemble tests. */
public final class ToyLearners {

  private ToyLearners() {}

  /** A model computing predictions with a function; not saveable. */
  public record FnModel(
      List<String> featureNames,
      List<String> labels,
      java.util.function.Function<double[], double[]> fn)
      implements TabularModel {
    @Override
    public String format() {
      return "toy/v1";
    }

    @Override
    public double[][] predict(double[][] rows) {
      double[][] out = new double[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        out[i] = fn.apply(rows[i]);
      }
      return out;
    }

    @Override
    public void save(Path dir) {
      throw new UnsupportedOperationException("toy models are not saved");
    }
  }

  /** Predicts the mean of the training target (a useless regression learner). */
  public static final class MeanLearner implements TabularLearner {
    /** The training targets seen by the last fit. */
    public double[] lastTrainTargets;

    @Override
    public String name() {
      return "mean";
    }

    @Override
    public TabularTask task() {
      return TabularTask.REGRESSION;
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of();
    }

    @Override
    public TabularModel fit(FeatureMatrix x, Target y) {
      lastTrainTargets = y.values();
      double mean = 0;
      for (double v : lastTrainTargets) {
        mean += v;
      }
      double m = mean / y.size();
      return new FnModel(x.names(), List.of(), r -> new double[] {m});
    }
  }

  /** Ordinary least squares via normal equations (tiny ridge for stability). */
  public static final class LeastSquaresLearner implements TabularLearner {
    @Override
    public String name() {
      return "least-squares";
    }

    @Override
    public TabularTask task() {
      return TabularTask.REGRESSION;
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of();
    }

    @Override
    public TabularModel fit(FeatureMatrix x, Target y) {
      int f = x.names().size() + 1;
      double[][] a = new double[f][f + 1];
      for (int i = 0; i < x.size(); i++) {
        double[] z = new double[f];
        z[0] = 1;
        System.arraycopy(x.rows()[i], 0, z, 1, f - 1);
        for (int j = 0; j < f; j++) {
          for (int l = 0; l < f; l++) {
            a[j][l] += z[j] * z[l];
          }
          a[j][f] += z[j] * y.value(i);
        }
      }
      for (int j = 1; j < f; j++) {
        a[j][j] += 1e-9;
      }
      // Gauss-Jordan
      for (int c = 0; c < f; c++) {
        int p = c;
        for (int r = c + 1; r < f; r++) {
          if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
            p = r;
          }
        }
        double[] t = a[c];
        a[c] = a[p];
        a[p] = t;
        for (int r = 0; r < f; r++) {
          if (r != c) {
            double factor = a[r][c] / a[c][c];
            for (int k = c; k <= f; k++) {
              a[r][k] -= factor * a[c][k];
            }
          }
        }
      }
      double[] w = new double[f];
      for (int j = 0; j < f; j++) {
        w[j] = a[j][f] / a[j][j];
      }
      return new FnModel(
          x.names(),
          List.of(),
          r -> {
            double v = w[0];
            for (int j = 1; j < f; j++) {
              v += w[j] * r[j - 1];
            }
            return new double[] {v};
          });
    }
  }

  /** Nearest class centroid with softmax(-squared distance) probabilities. */
  public static final class NearestCentroidLearner implements TabularLearner {
    @Override
    public String name() {
      return "nearest-centroid";
    }

    @Override
    public TabularTask task() {
      return TabularTask.CLASSIFICATION;
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of();
    }

    @Override
    public TabularModel fit(FeatureMatrix x, Target y) {
      int c = y.labels().size();
      int f = x.names().size();
      double[][] centroids = new double[c][f];
      int[] counts = new int[c];
      for (int i = 0; i < x.size(); i++) {
        int k = (int) y.value(i);
        counts[k]++;
        for (int j = 0; j < f; j++) {
          centroids[k][j] += x.rows()[i][j];
        }
      }
      for (int k = 0; k < c; k++) {
        for (int j = 0; j < f; j++) {
          centroids[k][j] /= Math.max(1, counts[k]);
        }
      }
      return new FnModel(
          x.names(),
          y.labels(),
          r -> {
            double[] s = new double[c];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
              double d = 0;
              for (int j = 0; j < f; j++) {
                d += (r[j] - centroids[k][j]) * (r[j] - centroids[k][j]);
              }
              s[k] = -d;
              max = Math.max(max, s[k]);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
              s[k] = Math.exp(s[k] - max);
              sum += s[k];
            }
            for (int k = 0; k < c; k++) {
              s[k] /= sum;
            }
            return s;
          });
    }
  }

  /**
   * Ignores the training data and predicts {@code w * x[0] + b}: its score depends only on its
   * parameters, for tuning tests.
   */
  public record FixedLineLearner(double w, double b) implements TabularLearner {
    @Override
    public String name() {
      return "fixed-line";
    }

    @Override
    public TabularTask task() {
      return TabularTask.REGRESSION;
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of("w", w, "b", b);
    }

    @Override
    public TabularModel fit(FeatureMatrix x, Target y) {
      return new FnModel(x.names(), List.of(), r -> new double[] {w * r[0] + b});
    }
  }

  /** A regression data set and its target. */
  public record Data(DataFrame x, Target y) {}

  /**
   * Rows with an informative column {@code signal} and a noise column {@code noise}; {@code y = 3 *
   * signal + 1 + noiseLevel * N(0, 1)}.
   *
   * @param n rows
   * @param noiseLevel standard deviation of the target noise
   * @param seed seed
   * @return the data
   */
  public static Data regression(int n, double noiseLevel, long seed) {
    Random r = new Random(seed);
    double[] signal = new double[n];
    double[] noise = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      signal[i] = r.nextDouble() * 2;
      noise[i] = r.nextDouble() * 2;
      y[i] = 3 * signal[i] + 1 + noiseLevel * r.nextGaussian();
    }
    DataFrame df =
        DataFrame.empty(n)
            .with("signal", ColumnType.NUMERIC, signal)
            .with("noise", ColumnType.NUMERIC, noise);
    return new Data(df, Target.regression("y", y));
  }

  /**
   * Two Gaussian blobs (or three with {@code classes = 3}) in two columns {@code a}, {@code b}.
   *
   * @param n rows
   * @param classes 2 or 3
   * @param seed seed
   * @return the data
   */
  public static Data blobs(int n, int classes, long seed) {
    Random r = new Random(seed);
    double[] a = new double[n];
    double[] b = new double[n];
    String[] labels = new String[n];
    List<String> names = new ArrayList<>(List.of("cat", "dog", "emu"));
    for (int i = 0; i < n; i++) {
      int k = i % classes;
      a[i] = k * 2.0 + r.nextGaussian() * 0.7;
      b[i] = (k == 1 ? 1.5 : 0) + r.nextGaussian() * 0.7;
      labels[i] = names.get(k);
    }
    DataFrame df =
        DataFrame.empty(n).with("a", ColumnType.NUMERIC, a).with("b", ColumnType.NUMERIC, b);
    return new Data(df, Target.classification("label", labels));
  }
}
