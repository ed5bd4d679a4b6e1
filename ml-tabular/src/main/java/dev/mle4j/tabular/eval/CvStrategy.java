package dev.mle4j.tabular.eval;

/** How {@link CrossValidation} splits rows into folds. */
public enum CvStrategy {
  /** {@link #STRATIFIED} for classification, {@link #KFOLD} for regression. */
  AUTO,
  /** Shuffled k-fold with a seed. */
  KFOLD,
  /** Stratified k-fold (classification only): every fold keeps the class shares. */
  STRATIFIED,
  /**
   * Expanding window over a time column: rows sorted by time (ties in row order) are cut into k+1
   * consecutive blocks; fold i trains on blocks 0..i and tests on block i+1.
   */
  TIME_ORDERED
}
