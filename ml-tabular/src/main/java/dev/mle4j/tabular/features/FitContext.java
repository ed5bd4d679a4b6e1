package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;

/**
 * Settings shared by the steps of one pipeline fit.
 *
 * @param seed random seed for any step that samples (e.g. the folds of out-of-fold encoders)
 * @param outOfFoldSplits how many folds target-dependent steps use to transform their own training
 *     rows out-of-fold (at least 2)
 */
public record FitContext(long seed, int outOfFoldSplits) {

  /** Validates the fold count. */
  public FitContext {
    if (outOfFoldSplits < 2) {
      throw new MlException("outOfFoldSplits must be >= 2, got " + outOfFoldSplits);
    }
  }

  /**
   * The default context: seed 42, 5 out-of-fold splits.
   *
   * @return the context
   */
  public static FitContext defaults() {
    return new FitContext(42L, 5);
  }
}
