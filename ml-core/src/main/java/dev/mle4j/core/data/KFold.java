package dev.mle4j.core.data;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * K-fold cross-validation indices with scikit-learn's {@code KFold} semantics: the rows (shuffled
 * first when asked) are cut into {@code k} consecutive folds; the first {@code n % k} folds have
 * {@code n / k + 1} rows, the others {@code n / k}. Every index is in exactly one test fold.
 */
public final class KFold {
  private KFold() {}

  /**
   * Computes the folds.
   *
   * @param n number of rows
   * @param k number of folds, {@code 2 <= k <= n}
   * @param shuffle whether to shuffle the rows before cutting them into folds
   * @param seed random seed (used only when shuffling)
   * @return {@code k} folds, each with sorted train and test indices
   * @throws MlException if {@code k < 2} or {@code k > n}
   */
  public static List<Fold> split(int n, int k, boolean shuffle, long seed) {
    if (k < 2) {
      throw new MlException("K-fold needs k >= 2 folds, got k=" + k);
    }
    if (k > n) {
      throw new MlException("K-fold cannot make k=" + k + " folds from only n=" + n + " rows");
    }
    int[] order = Allocation.identity(n);
    if (shuffle) {
      Allocation.shuffle(order, new Random(seed));
    }
    int[] foldOf = new int[n];
    int start = 0;
    for (int f = 0; f < k; f++) {
      int size = n / k + (f < n % k ? 1 : 0);
      for (int i = start; i < start + size; i++) {
        foldOf[order[i]] = f;
      }
      start += size;
    }
    return folds(foldOf, k);
  }

  /** Turns a fold assignment (fold number per row) into folds with sorted indices. */
  static List<Fold> folds(int[] foldOf, int k) {
    int[] sizes = new int[k];
    for (int f : foldOf) {
      sizes[f]++;
    }
    List<Fold> folds = new ArrayList<>(k);
    for (int f = 0; f < k; f++) {
      int[] test = new int[sizes[f]];
      int[] train = new int[foldOf.length - sizes[f]];
      int t = 0;
      int r = 0;
      for (int i = 0; i < foldOf.length; i++) {
        if (foldOf[i] == f) {
          test[t++] = i;
        } else {
          train[r++] = i;
        }
      }
      folds.add(new Fold(train, test));
    }
    return List.copyOf(folds);
  }
}
