package dev.mle4j.vision.train;

/** How the feature extractor is trained. */
public enum Strategy {
  /** Every weight is trained from random initialisation (the baseline CNN). */
  SCRATCH,
  /**
   * The pretrained backbone is frozen (weights and batch-norm statistics); only the head trains.
   */
  FREEZE,
  /**
   * The top stages of the pretrained backbone are unfrozen and trained with a lower
   * (discriminative) learning rate than the new head.
   */
  FINETUNE
}
