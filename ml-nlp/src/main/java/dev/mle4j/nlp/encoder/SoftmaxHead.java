package dev.mle4j.nlp.encoder;

import dev.mle4j.core.MlException;
import java.util.List;

/**
 * Multinomial logistic regression on standardised dense features: {@code p = softmax(W z + b)} with
 * {@code z = (x - mean) / std}. Fitted by L-BFGS on the mean (optionally class-weighted) log loss
 * plus {@code l2/2 * ||W||^2} (see {@link Problem}); fitting has no randomness. Immutable.
 *
 * @param labels label names, index = class id
 * @param mean feature means of the training set
 * @param std feature standard deviations of the training set (floored at 1e-6)
 * @param weights {@code [label][feature]}
 * @param bias one value per label
 */
record SoftmaxHead(
    List<String> labels, double[] mean, double[] std, double[][] weights, double[] bias) {

  SoftmaxHead {
    labels = List.copyOf(labels);
    int dim = mean.length;
    if (std.length != dim || weights.length != labels.size() || bias.length != labels.size()) {
      throw new MlException(
          "classification head shapes disagree: "
              + labels.size()
              + " labels, "
              + weights.length
              + " weight rows, "
              + bias.length
              + " biases, "
              + dim
              + " means, "
              + std.length
              + " deviations");
    }
    for (double[] row : weights) {
      if (row.length != dim) {
        throw new MlException("a weight row has " + row.length + " values, expected " + dim);
      }
    }
  }

  int dimension() {
    return mean.length;
  }

  /** Class probabilities of one feature vector. */
  double[] probabilities(float[] x) {
    if (x.length != mean.length) {
      throw new MlException("embedding has " + x.length + " values, head expects " + mean.length);
    }
    int k = labels.size();
    double[] z = new double[x.length];
    for (int d = 0; d < x.length; d++) {
      z[d] = (x[d] - mean[d]) / std[d];
    }
    double[] logits = new double[k];
    for (int c = 0; c < k; c++) {
      double s = bias[c];
      double[] w = weights[c];
      for (int d = 0; d < z.length; d++) {
        s += w[d] * z[d];
      }
      logits[c] = s;
    }
    softmaxInPlace(logits);
    return logits;
  }

  private static void softmaxInPlace(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.exp(v[i] - max);
      sum += v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= sum;
    }
  }

  /**
   * Fits a head from zero weights.
   *
   * @param x features, one row per example, all the same length
   * @param y class id per example, in {@code [0, labels.size())}
   * @param labels label names
   * @param l2 penalty on the weights (the bias is not penalised)
   * @param iterations maximum L-BFGS iterations
   * @param balance weight examples inversely to their class frequency
   */
  static SoftmaxHead fit(
      float[][] x, int[] y, List<String> labels, double l2, int iterations, boolean balance) {
    return new Problem(x, y, labels, balance).fit(l2, iterations, null);
  }

  /**
   * Standardised training data, reusable for fits with several penalties (warm starts).
   * Optimisation: L-BFGS (memory 10) with backtracking Armijo line search on the mean weighted log
   * loss plus {@code l2/2 * ||W||^2}; stops when the largest gradient component is below 1e-5 or
   * the objective stops decreasing.
   */
  static final class Problem {
    private static final int MEMORY = 10;
    private static final double GRADIENT_TOLERANCE = 1e-5;

    private final List<String> labels;
    private final int n;
    private final int k;
    private final int dim;
    private final double[] mean;
    private final double[] std;
    private final float[][] z;
    private final int[] y;
    private final double[] exampleWeight;

    Problem(float[][] x, int[] y, List<String> labels, boolean balance) {
      this.labels = List.copyOf(labels);
      this.n = x.length;
      this.k = labels.size();
      if (n == 0 || y.length != n) {
        throw new MlException(
            "need one label per example: " + n + " examples, " + y.length + " ids");
      }
      this.dim = x[0].length;
      this.y = y.clone();
      mean = new double[dim];
      std = new double[dim];
      for (float[] row : x) {
        if (row.length != dim) {
          throw new MlException("feature rows differ in length: " + row.length + " vs " + dim);
        }
        for (int d = 0; d < dim; d++) {
          mean[d] += row[d];
        }
      }
      for (int d = 0; d < dim; d++) {
        mean[d] /= n;
      }
      for (float[] row : x) {
        for (int d = 0; d < dim; d++) {
          double diff = row[d] - mean[d];
          std[d] += diff * diff;
        }
      }
      for (int d = 0; d < dim; d++) {
        std[d] = Math.max(Math.sqrt(std[d] / n), 1e-6);
      }
      z = new float[n][dim];
      for (int i = 0; i < n; i++) {
        for (int d = 0; d < dim; d++) {
          z[i][d] = (float) ((x[i][d] - mean[d]) / std[d]);
        }
      }
      int[] counts = new int[k];
      for (int c : y) {
        if (c < 0 || c >= k) {
          throw new MlException("class id " + c + " outside [0, " + k + ")");
        }
        counts[c]++;
      }
      exampleWeight = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        exampleWeight[i] = balance ? n / (double) (k * counts[y[i]]) : 1.0;
        sum += exampleWeight[i];
      }
      for (int i = 0; i < n; i++) {
        exampleWeight[i] /= sum;
      }
    }

    /** Parameters are laid out as {@code [c * (dim + 1) + d]}, the bias at {@code d = dim}. */
    private double evaluate(double[] theta, double l2, double[] grad) {
      java.util.Arrays.fill(grad, 0.0);
      int stride = dim + 1;
      double[] p = new double[k];
      double loss = 0;
      for (int i = 0; i < n; i++) {
        float[] zi = z[i];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          int off = c * stride;
          double s = theta[off + dim];
          for (int d = 0; d < dim; d++) {
            s += theta[off + d] * zi[d];
          }
          p[c] = s;
          max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
          sum += Math.exp(p[c] - max);
        }
        double logSum = max + Math.log(sum);
        loss += exampleWeight[i] * (logSum - p[y[i]]);
        for (int c = 0; c < k; c++) {
          double g = (Math.exp(p[c] - logSum) - (y[i] == c ? 1.0 : 0.0)) * exampleWeight[i];
          int off = c * stride;
          grad[off + dim] += g;
          for (int d = 0; d < dim; d++) {
            grad[off + d] += g * zi[d];
          }
        }
      }
      for (int c = 0; c < k; c++) {
        int off = c * stride;
        for (int d = 0; d < dim; d++) {
          loss += 0.5 * l2 * theta[off + d] * theta[off + d];
          grad[off + d] += l2 * theta[off + d];
        }
      }
      return loss;
    }

    /**
     * Fits with one penalty.
     *
     * @param l2 the penalty
     * @param iterations maximum L-BFGS iterations
     * @param start a head fitted on this problem to start from, or null for zero weights
     */
    SoftmaxHead fit(double l2, int iterations, SoftmaxHead start) {
      int stride = dim + 1;
      int size = k * stride;
      double[] theta = new double[size];
      if (start != null) {
        for (int c = 0; c < k; c++) {
          System.arraycopy(start.weights()[c], 0, theta, c * stride, dim);
          theta[c * stride + dim] = start.bias()[c];
        }
      }
      double[] grad = new double[size];
      double f = evaluate(theta, l2, grad);
      double[][] sMem = new double[MEMORY][];
      double[][] yMem = new double[MEMORY][];
      double[] rho = new double[MEMORY];
      int stored = 0;
      int newest = -1;
      double[] dir = new double[size];
      double[] next = new double[size];
      double[] nextGrad = new double[size];
      double[] alpha = new double[MEMORY];
      for (int it = 0; it < iterations && maxAbs(grad) > GRADIENT_TOLERANCE; it++) {
        // two-loop recursion: dir = -H * grad
        for (int j = 0; j < size; j++) {
          dir[j] = -grad[j];
        }
        for (int m = 0; m < stored; m++) {
          int idx = Math.floorMod(newest - m, MEMORY);
          alpha[idx] = rho[idx] * dot(sMem[idx], dir);
          axpy(-alpha[idx], yMem[idx], dir);
        }
        if (stored > 0) {
          double gamma = dot(sMem[newest], yMem[newest]) / dot(yMem[newest], yMem[newest]);
          for (int j = 0; j < size; j++) {
            dir[j] *= gamma;
          }
        }
        for (int m = stored - 1; m >= 0; m--) {
          int idx = Math.floorMod(newest - m, MEMORY);
          double beta = rho[idx] * dot(yMem[idx], dir);
          axpy(alpha[idx] - beta, sMem[idx], dir);
        }
        double slope = dot(grad, dir);
        if (slope >= 0) { // not a descent direction: restart from steepest descent
          stored = 0;
          for (int j = 0; j < size; j++) {
            dir[j] = -grad[j];
          }
          slope = dot(grad, dir);
        }
        double step = stored == 0 ? Math.min(1.0, 1.0 / Math.sqrt(-slope)) : 1.0;
        double fNext = Double.NaN;
        boolean accepted = false;
        for (int ls = 0; ls < 40; ls++) {
          for (int j = 0; j < size; j++) {
            next[j] = theta[j] + step * dir[j];
          }
          fNext = evaluate(next, l2, nextGrad);
          if (fNext <= f + 1e-4 * step * slope) {
            accepted = true;
            break;
          }
          step *= 0.5;
        }
        if (!accepted) {
          break;
        }
        double[] s = new double[size];
        double[] yv = new double[size];
        for (int j = 0; j < size; j++) {
          s[j] = next[j] - theta[j];
          yv[j] = nextGrad[j] - grad[j];
        }
        double sy = dot(s, yv);
        if (sy > 1e-12) {
          newest = (newest + 1) % MEMORY;
          sMem[newest] = s;
          yMem[newest] = yv;
          rho[newest] = 1.0 / sy;
          stored = Math.min(stored + 1, MEMORY);
        }
        double decrease = f - fNext;
        System.arraycopy(next, 0, theta, 0, size);
        System.arraycopy(nextGrad, 0, grad, 0, size);
        f = fNext;
        if (decrease <= 1e-12 * Math.max(1.0, Math.abs(f))) {
          break;
        }
      }
      double[][] w = new double[k][dim];
      double[] b = new double[k];
      for (int c = 0; c < k; c++) {
        System.arraycopy(theta, c * stride, w[c], 0, dim);
        b[c] = theta[c * stride + dim];
      }
      return new SoftmaxHead(labels, mean.clone(), std.clone(), w, b);
    }

    private static double dot(double[] a, double[] b) {
      double s = 0;
      for (int i = 0; i < a.length; i++) {
        s += a[i] * b[i];
      }
      return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
      for (int i = 0; i < x.length; i++) {
        y[i] += a * x[i];
      }
    }

    private static double maxAbs(double[] v) {
      double m = 0;
      for (double x : v) {
        m = Math.max(m, Math.abs(x));
      }
      return m;
    }
  }
}
