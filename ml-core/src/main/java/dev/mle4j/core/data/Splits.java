package dev.mle4j.core.data;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeded, deterministic train/validation/test splits. The same input and seed give the same split
 * on every run and JVM ({@link Random} is fully specified); another seed gives another split.
 *
 * <p>Split sizes are {@code n * ratio} rounded by largest remainder (ties go to train, then
 * validation), so they always add up to {@code n}.
 */
public final class Splits {
  private static final Logger LOG = LoggerFactory.getLogger(Splits.class);
  private static final String[] PARTS = {"train", "validation", "test"};

  private Splits() {}

  /**
   * Splits rows at random.
   *
   * @param n number of rows (>= 0)
   * @param ratios split fractions
   * @param seed random seed
   * @return the indices {@code 0..n-1} divided into the three splits
   * @throws MlException if {@code n} is negative
   */
  public static SplitIndices random(int n, SplitRatios ratios, long seed) {
    Objects.requireNonNull(ratios, "ratios");
    if (n < 0) {
      throw new MlException("Number of rows must be >= 0, got " + n);
    }
    int[] sizes = Allocation.largestRemainder(n, ratios.asArray());
    int[] order = Allocation.identity(n);
    Allocation.shuffle(order, new Random(seed));
    int[] train = new int[sizes[0]];
    int[] validation = new int[sizes[1]];
    int[] test = new int[sizes[2]];
    System.arraycopy(order, 0, train, 0, sizes[0]);
    System.arraycopy(order, sizes[0], validation, 0, sizes[1]);
    System.arraycopy(order, sizes[0] + sizes[1], test, 0, sizes[2]);
    return new SplitIndices(train, validation, test);
  }

  /**
   * Splits rows so that every class is spread over the splits in proportion to the ratios.
   *
   * <p>The split sizes are the same as {@link #random} would give. Within them, class {@code c}
   * with {@code n_c} rows gets about {@code n_c * ratio} rows in each split: every class first gets
   * the floor of its share, then the remaining rows go to the (class, split) cells with the largest
   * fractional parts (ties: train, then validation, then test), subject to the split sizes, so each
   * class's counts add up to {@code n_c} and each split's to its size.
   *
   * <p>A class with fewer rows than there are non-empty splits cannot appear in every split: its
   * rows go to the splits where its share has the largest fraction, which is the training split
   * first under usual ratios (a single-row class lands in train when train has the largest ratio).
   * A warning is logged for such classes.
   *
   * @param labels one label per row (no nulls)
   * @param ratios split fractions
   * @param seed random seed
   * @return the row indices divided into the three splits
   * @throws MlException if a label is null
   */
  public static SplitIndices stratified(List<String> labels, SplitRatios ratios, long seed) {
    Objects.requireNonNull(ratios, "ratios");
    TreeMap<String, List<Integer>> classes = Allocation.byClass(labels);
    double[] r = ratios.asArray();
    int nonEmptyParts = 0;
    for (double v : r) {
      nonEmptyParts += v > 0 ? 1 : 0;
    }
    int[] counts = new int[classes.size()];
    int c = 0;
    for (Map.Entry<String, List<Integer>> e : classes.entrySet()) {
      counts[c++] = e.getValue().size();
      if (e.getValue().size() < nonEmptyParts) {
        LOG.warn(
            "Class '{}' has {} row(s), fewer than the {} splits: it cannot appear in every split",
            e.getKey(),
            e.getValue().size(),
            nonEmptyParts);
      }
    }
    int[] totals = Allocation.largestRemainder(labels.size(), r);
    int[][] cells = Allocation.allocate(counts, r, totals);
    Random random = new Random(seed);
    List<List<Integer>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    c = 0;
    for (List<Integer> members : classes.values()) {
      int[] rows = members.stream().mapToInt(Integer::intValue).toArray();
      Allocation.shuffle(rows, random);
      int offset = 0;
      for (int s = 0; s < PARTS.length; s++) {
        for (int i = 0; i < cells[c][s]; i++) {
          parts.get(s).add(rows[offset++]);
        }
      }
      c++;
    }
    int[][] out = new int[PARTS.length][];
    for (int s = 0; s < PARTS.length; s++) {
      out[s] = parts.get(s).stream().mapToInt(Integer::intValue).toArray();
      Allocation.shuffle(out[s], random);
      if (out[s].length != totals[s]) {
        throw new IllegalStateException(
            PARTS[s] + " split has " + out[s].length + " rows, expected " + totals[s]);
      }
    }
    return new SplitIndices(out[0], out[1], out[2]);
  }
}
