package dev.mle4j.vision.data;

import java.util.Objects;

/**
 * Train, validation and test parts of one data set (same classes). The validation part drives early
 * stopping and checkpoint choice; the test part is only scored at the end.
 *
 * @param train training examples
 * @param validation validation examples
 * @param test held-out test examples (the official test set where the data set has one)
 */
public record DatasetSplit(ImageDataset train, ImageDataset validation, ImageDataset test) {

  /** Checks the parts share their classes. */
  public DatasetSplit {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(test, "test");
    if (!train.classes().equals(validation.classes()) || !train.classes().equals(test.classes())) {
      throw new IllegalArgumentException("train, validation and test must have the same classes");
    }
  }
}
