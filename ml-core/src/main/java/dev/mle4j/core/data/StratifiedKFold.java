package dev.mle4j.core.data;

import dev.mle4j.core.MlException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Stratified k-fold cross-validation with scikit-learn's {@code StratifiedKFold(shuffle=True)}
 * semantics: each class is spread over the folds as evenly as possible (its count per fold differs
 * by at most 1), fold sizes differ by at most 1, and every index is in exactly one test fold. Which
 * rows of a class go to which fold is decided by a seeded shuffle.
 */
public final class StratifiedKFold {
  private StratifiedKFold() {}

  /**
   * Computes the folds.
   *
   * @param labels one label per row (no nulls)
   * @param k number of folds: at least 2 and at most the size of the smallest class
   * @param seed random seed
   * @return {@code k} folds, each with sorted train and test indices
   * @throws MlException if {@code k < 2}, {@code k > n}, or a class has fewer than {@code k} rows
   */
  public static List<Fold> split(List<String> labels, int k, long seed) {
    TreeMap<String, List<Integer>> classes = Allocation.byClass(labels);
    int n = labels.size();
    if (k < 2) {
      throw new MlException("Stratified k-fold needs k >= 2 folds, got k=" + k);
    }
    if (k > n) {
      throw new MlException(
          "Stratified k-fold cannot make k=" + k + " folds from only n=" + n + " rows");
    }
    Map.Entry<String, List<Integer>> smallest = null;
    for (Map.Entry<String, List<Integer>> e : classes.entrySet()) {
      if (smallest == null || e.getValue().size() < smallest.getValue().size()) {
        smallest = e;
      }
    }
    if (smallest.getValue().size() < k) {
      throw new MlException(
          "Stratified k-fold: k="
              + k
              + " is greater than the number of rows of the least populated class '"
              + smallest.getKey()
              + "' ("
              + smallest.getValue().size()
              + "); use k <= "
              + smallest.getValue().size());
    }
    // Deal the rows, sorted by class, to folds round-robin: position p goes to fold p % k. This
    // fixes how many rows of each class each fold gets (as in scikit-learn).
    int classCount = classes.size();
    int[][] allocation = new int[k][classCount];
    int position = 0;
    int c = 0;
    for (List<Integer> members : classes.values()) {
      for (int i = 0; i < members.size(); i++) {
        allocation[position % k][c]++;
        position++;
      }
      c++;
    }
    Random random = new Random(seed);
    int[] foldOf = new int[n];
    c = 0;
    for (List<Integer> members : classes.values()) {
      int[] folds = new int[members.size()];
      int i = 0;
      for (int f = 0; f < k; f++) {
        for (int j = 0; j < allocation[f][c]; j++) {
          folds[i++] = f;
        }
      }
      Allocation.shuffle(folds, random);
      for (int m = 0; m < members.size(); m++) {
        foldOf[members.get(m)] = folds[m];
      }
      c++;
    }
    return KFold.folds(foldOf, k);
  }
}
