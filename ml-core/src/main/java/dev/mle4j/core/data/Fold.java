package dev.mle4j.core.data;

import java.util.Objects;

/**
 * One cross-validation fold: the rows to train on and the rows to evaluate on. The two arrays are
 * disjoint and sorted ascending; they belong to the caller (no defensive copies).
 *
 * @param train indices of the training rows
 * @param test indices of the held-out rows
 */
public record Fold(int[] train, int[] test) {

  /** Rejects null arrays. */
  public Fold {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
  }
}
