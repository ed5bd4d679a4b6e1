package dev.mle4j.vision.data;

import java.util.Objects;

/**
 * One example of an image data set.
 *
 * @param id a stable identifier (file path relative to the data set root, or {@code test/123})
 * @param label index into the data set's class list
 * @param source the pixels
 */
public record LabeledImage(String id, int label, ImageSource source) {

  /** Checks the parts. */
  public LabeledImage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    if (label < 0) {
      throw new IllegalArgumentException("label must be >= 0, got " + label);
    }
  }
}
