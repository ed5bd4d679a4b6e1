package dev.mle4j.tabular.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Small statistics shared by the monitors. */
final class Stats {
  private Stats() {}

  /** Linear-interpolation percentile (numpy's default) of values; NaN when empty. */
  static double percentile(double[] values, double q) {
    double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    double pos = q / 100.0 * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
  }

  static double mean(double[] values) {
    double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
    return v.length == 0 ? Double.NaN : Arrays.stream(v).sum() / v.length;
  }

  /** The start of the UTC-aligned window holding an instant. */
  static Instant windowStart(Instant t, Duration window) {
    long ms = window.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
  }

  static double accuracy(List<String> yTrue, List<String> yPred) {
    if (yTrue.isEmpty()) {
      return Double.NaN;
    }
    int hits = 0;
    for (int i = 0; i < yTrue.size(); i++) {
      if (yTrue.get(i).equals(yPred.get(i))) {
        hits++;
      }
    }
    return hits / (double) yTrue.size();
  }

  /** Macro F1 over the labels seen in true or predicted values (binary: F1 of positive). */
  static double f1(List<String> yTrue, List<String> yPred, String positive) {
    if (yTrue.isEmpty()) {
      return Double.NaN;
    }
    TreeSet<String> labels = new TreeSet<>(yTrue);
    labels.addAll(yPred);
    if (positive != null) {
      return f1Of(positive, yTrue, yPred);
    }
    double sum = 0;
    for (String label : labels) {
      sum += f1Of(label, yTrue, yPred);
    }
    return sum / labels.size();
  }

  private static double f1Of(String label, List<String> yTrue, List<String> yPred) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < yTrue.size(); i++) {
      boolean t = yTrue.get(i).equals(label);
      boolean p = yPred.get(i).equals(label);
      if (t && p) {
        tp++;
      } else if (p) {
        fp++;
      } else if (t) {
        fn++;
      }
    }
    return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
  }

  /**
   * ROC-AUC (Mann-Whitney, ties averaged) of scores for a positive class; NaN without positive or
   * negative samples.
   */
  static double rocAuc(boolean[] positive, double[] scores) {
    int n = scores.length;
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(scores[a], scores[b]));
    double[] ranks = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[idx[j + 1]] == scores[idx[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[idx[k]] = rank;
      }
      i = j + 1;
    }
    long pos = 0;
    double rankSum = 0;
    for (int k = 0; k < n; k++) {
      if (positive[k]) {
        pos++;
        rankSum += ranks[k];
      }
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    return (rankSum - pos * (pos + 1) / 2.0) / (pos * (double) neg);
  }

  static double rmse(double[] yTrue, double[] yPred) {
    if (yTrue.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (int i = 0; i < yTrue.length; i++) {
      double d = yTrue[i] - yPred[i];
      s += d * d;
    }
    return Math.sqrt(s / yTrue.length);
  }

  static double mae(double[] yTrue, double[] yPred) {
    if (yTrue.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (int i = 0; i < yTrue.length; i++) {
      s += Math.abs(yTrue[i] - yPred[i]);
    }
    return s / yTrue.length;
  }

  /** Shares of each value, sorted by value. */
  static Map<String, Double> shares(List<String> values) {
    Map<String, Integer> counts = new HashMap<>();
    for (String v : values) {
      counts.merge(v, 1, Integer::sum);
    }
    Map<String, Double> out = new java.util.TreeMap<>();
    counts.forEach((k, c) -> out.put(k, c / (double) values.size()));
    return out;
  }
}
