package dev.mle4j.core.data;

import java.util.Objects;

/**
 * Row indices of a train/validation/test split; every index of the data is in exactly one array.
 * The arrays belong to the caller (no defensive copies).
 *
 * @param train indices of the training rows, in random order
 * @param validation indices of the validation rows, in random order (may be empty)
 * @param test indices of the test rows, in random order (may be empty)
 */
public record SplitIndices(int[] train, int[] validation, int[] test) {

  /** Rejects null arrays. */
  public SplitIndices {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(test, "test");
  }

  /**
   * Returns the total number of indices.
   *
   * @return train + validation + test sizes
   */
  public int size() {
    return train.length + validation.length + test.length;
  }
}
