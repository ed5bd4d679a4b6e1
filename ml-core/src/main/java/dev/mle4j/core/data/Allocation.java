package dev.mle4j.core.data;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/** Shared arithmetic for the split helpers: rounding, class grouping and shuffling. */
final class Allocation {
  /** Slack for float noise when flooring {@code count * ratio}. */
  private static final double EPS = 1e-9;

  /** Fractions are compared at this resolution so float noise does not decide ties. */
  private static final double FRACTION_SCALE = 1e6;

  private Allocation() {}

  /**
   * Splits {@code n} into parts proportional to {@code ratios}, rounding by largest remainder (ties
   * go to the earlier part), so the parts sum to {@code n}.
   */
  static int[] largestRemainder(int n, double[] ratios) {
    int[] sizes = new int[ratios.length];
    long[] fractions = new long[ratios.length];
    int assigned = 0;
    for (int s = 0; s < ratios.length; s++) {
      double ideal = n * ratios[s];
      sizes[s] = (int) Math.floor(ideal + EPS);
      fractions[s] = quantize(ideal - sizes[s]);
      assigned += sizes[s];
    }
    Integer[] order = order(fractions);
    for (int i = 0; assigned < n; i = (i + 1) % order.length) {
      if (ratios[order[i]] > 0) {
        sizes[order[i]]++;
        assigned++;
      }
    }
    while (assigned > n) {
      // float noise pushed a floor too high: take back from the largest part
      int largest = 0;
      for (int s = 1; s < sizes.length; s++) {
        if (sizes[s] > sizes[largest]) {
          largest = s;
        }
      }
      sizes[largest]--;
      assigned--;
    }
    return sizes;
  }

  /**
   * Allocates each class's rows to the parts so that class {@code c} gets {@code counts[c]} rows in
   * total, part {@code s} gets {@code totals[s]} rows in total, and each cell is as close as
   * possible to {@code counts[c] * ratios[s]} (floors first, then the largest fractional parts).
   */
  static int[][] allocate(int[] counts, double[] ratios, int[] totals) {
    int classes = counts.length;
    int parts = ratios.length;
    int[][] cells = new int[classes][parts];
    long[][] fraction = new long[classes][parts];
    int[] rowLeft = counts.clone();
    int[] colLeft = totals.clone();
    for (int c = 0; c < classes; c++) {
      for (int s = 0; s < parts; s++) {
        double ideal = counts[c] * ratios[s];
        cells[c][s] = (int) Math.floor(ideal + EPS);
        fraction[c][s] = quantize(ideal - cells[c][s]);
        rowLeft[c] -= cells[c][s];
        colLeft[s] -= cells[c][s];
      }
    }
    // float noise may overfill a part: give rows back from its cells with the smallest fraction
    for (int s = 0; s < parts; s++) {
      while (colLeft[s] < 0) {
        int best = -1;
        for (int c = 0; c < classes; c++) {
          if (cells[c][s] > 0 && (best < 0 || fraction[c][s] < fraction[best][s])) {
            best = c;
          }
        }
        cells[best][s]--;
        rowLeft[best]++;
        colLeft[s]++;
      }
    }
    List<int[]> order = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      for (int s = 0; s < parts; s++) {
        if (ratios[s] > 0) {
          order.add(new int[] {c, s});
        }
      }
    }
    order.sort(
        Comparator.<int[]>comparingLong(cs -> -fraction[cs[0]][cs[1]])
            .thenComparingInt(cs -> cs[1])
            .thenComparingInt(cs -> cs[0]));
    for (int[] cs : order) {
      if (rowLeft[cs[0]] > 0 && colLeft[cs[1]] > 0) {
        cells[cs[0]][cs[1]]++;
        rowLeft[cs[0]]--;
        colLeft[cs[1]]--;
      }
    }
    // what is left cannot follow the fractions exactly; any free cell keeps the totals right
    for (int c = 0; c < classes; c++) {
      for (int s = 0; s < parts && rowLeft[c] > 0; s++) {
        int take = Math.min(rowLeft[c], colLeft[s]);
        cells[c][s] += take;
        rowLeft[c] -= take;
        colLeft[s] -= take;
      }
    }
    return cells;
  }

  /** Groups row indices by label; classes in sorted label order, indices ascending. */
  static TreeMap<String, List<Integer>> byClass(List<String> labels) {
    if (labels == null) {
      throw new MlException("Labels must not be null");
    }
    TreeMap<String, List<Integer>> classes = new TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      if (label == null) {
        throw new MlException("Label at index " + i + " is null");
      }
      classes.computeIfAbsent(label, k -> new ArrayList<>()).add(i);
    }
    return classes;
  }

  static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** Fisher-Yates shuffle in place. */
  static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  static int[] sorted(int[] a) {
    int[] copy = a.clone();
    Arrays.sort(copy);
    return copy;
  }

  private static long quantize(double fraction) {
    return Math.round(fraction * FRACTION_SCALE);
  }

  private static Integer[] order(long[] fractions) {
    Integer[] order = new Integer[fractions.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer>comparingLong(i -> -fractions[i]).thenComparing(i -> i));
    return order;
  }
}
