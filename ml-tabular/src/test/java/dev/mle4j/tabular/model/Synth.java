package dev.mle4j.tabular.model;

import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.util.List;
import java.util.Random;

/** Small synthetic data sets for the learner tests. */
final class Synth {

  private Synth() {}

  /** Features and target together. */
  record Data(FeatureMatrix x, Target y) {}

  /** y = 3 + 2 x0 - 1.5 x1 + 0.5 x2 + 0 x3 + small noise; x on different scales. */
  static Data linear(int n, double noise, long seed) {
    Random r = new Random(seed);
    double[][] rows = new double[n][4];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i][0] = r.nextGaussian();
      rows[i][1] = 10 * r.nextGaussian() + 5;
      rows[i][2] = r.nextDouble() * 100;
      rows[i][3] = r.nextGaussian();
      y[i] = 3 + 2 * rows[i][0] - 1.5 * rows[i][1] + 0.5 * rows[i][2] + noise * r.nextGaussian();
    }
    return new Data(
        new FeatureMatrix(List.of("a", "b", "c", "noise"), rows), Target.regression("y", y));
  }

  /**
   * y = 4 sign(x0) sign(x1) (an interaction) + 1.5 x0 (a weak main effect, so that greedy trees
   * find the first split) + small noise; x2 is noise.
   */
  static Data interactionRegression(int n, long seed) {
    Random r = new Random(seed);
    double[][] rows = new double[n][3];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i][0] = r.nextDouble() * 2 - 1;
      rows[i][1] = r.nextDouble() * 2 - 1;
      rows[i][2] = r.nextDouble() * 2 - 1;
      y[i] =
          4 * Math.signum(rows[i][0]) * Math.signum(rows[i][1])
              + 1.5 * rows[i][0]
              + 0.1 * r.nextGaussian();
    }
    return new Data(new FeatureMatrix(List.of("x0", "x1", "x2"), rows), Target.regression("y", y));
  }

  /** XOR of the signs of x0 and x1 as a binary label; x2 is noise. */
  static Data xor(int n, long seed) {
    Random r = new Random(seed);
    double[][] rows = new double[n][3];
    String[] labels = new String[n];
    for (int i = 0; i < n; i++) {
      rows[i][0] = r.nextDouble() * 2 - 1;
      rows[i][1] = r.nextDouble() * 2 - 1;
      rows[i][2] = r.nextDouble() * 2 - 1;
      labels[i] = rows[i][0] * rows[i][1] > 0 ? "yes" : "no";
    }
    return new Data(
        new FeatureMatrix(List.of("x0", "x1", "x2"), rows), Target.classification("y", labels));
  }

  /** Three Gaussian blobs in (x0, x1); x2 is noise. Labels a, b, c. */
  static Data threeClass(int n, long seed) {
    Random r = new Random(seed);
    double[][] centres = {{0, 0}, {3, 0}, {0, 3}};
    double[][] rows = new double[n][3];
    String[] labels = new String[n];
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      rows[i][0] = centres[c][0] + 0.7 * r.nextGaussian();
      rows[i][1] = centres[c][1] + 0.7 * r.nextGaussian();
      rows[i][2] = r.nextGaussian();
      labels[i] = String.valueOf((char) ('a' + c));
    }
    return new Data(
        new FeatureMatrix(List.of("x0", "x1", "x2"), rows), Target.classification("y", labels));
  }

  /** Binary labels from a logistic model on x0 (true probability known): P(yes) = sigmoid(2 x0). */
  static Data logistic(int n, long seed) {
    Random r = new Random(seed);
    double[][] rows = new double[n][2];
    String[] labels = new String[n];
    for (int i = 0; i < n; i++) {
      rows[i][0] = r.nextGaussian();
      rows[i][1] = r.nextGaussian();
      double p = 1 / (1 + Math.exp(-2 * rows[i][0]));
      labels[i] = r.nextDouble() < p ? "yes" : "no";
    }
    return new Data(
        new FeatureMatrix(List.of("x0", "x1"), rows), Target.classification("y", labels));
  }

  static double accuracy(double[][] probs, Target y) {
    int ok = 0;
    for (int i = 0; i < probs.length; i++) {
      int best = 0;
      for (int c = 1; c < probs[i].length; c++) {
        if (probs[i][c] > probs[i][best]) {
          best = c;
        }
      }
      ok += best == (int) y.value(i) ? 1 : 0;
    }
    return ok / (double) probs.length;
  }

  static double rmse(double[][] pred, Target y) {
    double s = 0;
    for (int i = 0; i < pred.length; i++) {
      double d = pred[i][0] - y.value(i);
      s += d * d;
    }
    return Math.sqrt(s / pred.length);
  }

  static double variance(Target y) {
    double m = 0;
    for (int i = 0; i < y.size(); i++) {
      m += y.value(i);
    }
    m /= y.size();
    double s = 0;
    for (int i = 0; i < y.size(); i++) {
      s += (y.value(i) - m) * (y.value(i) - m);
    }
    return s / y.size();
  }
}
