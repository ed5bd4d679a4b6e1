package dev.mle4j.vision.train;

/** How the learning rate changes during training. */
public enum ScheduleKind {
  /** Constant learning rate. */
  CONSTANT,
  /** Cosine decay from the base rate to 1% of it over all steps, after a short linear warm-up. */
  COSINE,
  /** Halve the rate when the validation loss has not improved for a number of epochs. */
  PLATEAU
}
