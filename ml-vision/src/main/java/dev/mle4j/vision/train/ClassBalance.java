package dev.mle4j.vision.train;

/** How class imbalance in the training data is handled. */
public enum ClassBalance {
  /** Plain cross-entropy on shuffled data. */
  NONE,
  /** Cross-entropy with per-class weights n / (k * count), as scikit-learn's "balanced". */
  WEIGHTED_LOSS,
  /** Each epoch draws examples so that every class is equally likely (with replacement). */
  BALANCED_SAMPLER
}
