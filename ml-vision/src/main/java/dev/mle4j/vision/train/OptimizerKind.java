package dev.mle4j.vision.train;

/** The optimiser. */
public enum OptimizerKind {
  /** AdamW (Adam with decoupled weight decay). */
  ADAM,
  /** Stochastic gradient descent with momentum. */
  SGD
}
