package dev.mle4j.tabular.features;

import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Smoothed per-key target means, shared by {@link TargetEncoder} and {@link GroupStatistics}. */
final class TargetStats {

  private TargetStats() {}

  /**
   * The output suffixes: none for regression and binary targets, one per class otherwise.
   *
   * @param target the target
   * @return the class labels for multi-class targets, else empty
   */
  static List<String> classes(Target target) {
    if (target.task() == TabularTask.CLASSIFICATION && target.labels().size() > 2) {
      return target.labels();
    }
    return List.of();
  }

  /** The encoded dimensions of one row's target. */
  static double[] dims(Target target, int row, int width) {
    double[] d = new double[width];
    double y = target.value(row);
    if (target.task() == TabularTask.REGRESSION) {
      d[0] = y;
    } else if (width == 1) {
      d[0] = y == 1.0 ? 1.0 : 0.0;
    } else {
      d[(int) y] = 1.0;
    }
    return d;
  }

  /**
   * The prior (mean target dimensions) over some rows.
   *
   * @param target the target
   * @param rows the row indices
   * @param width the number of dimensions
   * @return the prior
   */
  static double[] prior(Target target, int[] rows, int width) {
    double[] p = new double[width];
    for (int r : rows) {
      double[] d = dims(target, r, width);
      for (int j = 0; j < width; j++) {
        p[j] += d[j];
      }
    }
    for (int j = 0; j < width; j++) {
      p[j] = rows.length == 0 ? 0 : p[j] / rows.length;
    }
    return p;
  }

  /**
   * Smoothed means {@code (n * mean + m * prior) / (n + m)} per key over some rows.
   *
   * @param keys the key of every row
   * @param target the target
   * @param rows the row indices to learn from
   * @param width the number of dimensions
   * @param prior the prior
   * @param smoothing m
   * @return key to encoding, sorted by key
   */
  static Map<String, double[]> encode(
      String[] keys, Target target, int[] rows, int width, double[] prior, double smoothing) {
    Map<String, double[]> sums = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (int r : rows) {
      double[] s = sums.computeIfAbsent(keys[r], k -> new double[width]);
      double[] d = dims(target, r, width);
      for (int j = 0; j < width; j++) {
        s[j] += d[j];
      }
      counts.merge(keys[r], 1, Integer::sum);
    }
    Map<String, double[]> out = new TreeMap<>();
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      int n = counts.get(e.getKey());
      double[] enc = new double[width];
      for (int j = 0; j < width; j++) {
        enc[j] = (e.getValue()[j] + smoothing * prior[j]) / (n + smoothing);
      }
      out.put(e.getKey(), enc);
    }
    return out;
  }

  /** All row indices 0..n-1. */
  static int[] all(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /** Output names for a base name and classes. */
  static List<String> names(String base, List<String> classes) {
    List<String> out = new ArrayList<>();
    if (classes.isEmpty()) {
      out.add(base);
    } else {
      for (String c : classes) {
        out.add(base + "=" + c);
      }
    }
    return out;
  }
}
