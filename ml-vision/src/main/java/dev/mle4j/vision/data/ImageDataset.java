package dev.mle4j.vision.data;

import java.util.List;
import java.util.Objects;

/**
 * A labelled image data set: class names and examples whose labels index into them.
 *
 * @param name the data set's name, e.g. {@code fashion-mnist}
 * @param classes class names, index = label
 * @param images the examples
 */
public record ImageDataset(String name, List<String> classes, List<LabeledImage> images) {

  /** Copies the lists and checks every label is a valid class index. */
  public ImageDataset {
    Objects.requireNonNull(name, "name");
    classes = List.copyOf(classes);
    images = List.copyOf(images);
    for (LabeledImage image : images) {
      if (image.label() >= classes.size()) {
        throw new IllegalArgumentException(
            "image "
                + image.id()
                + " has label "
                + image.label()
                + " but there are only "
                + classes.size()
                + " classes");
      }
    }
  }

  /**
   * Number of examples.
   *
   * @return the size
   */
  public int size() {
    return images.size();
  }

  /**
   * Examples per class, index = label.
   *
   * @return counts
   */
  public int[] classCounts() {
    int[] counts = new int[classes.size()];
    for (LabeledImage image : images) {
      counts[image.label()]++;
    }
    return counts;
  }

  /**
   * The same classes with other examples.
   *
   * @param name the new name
   * @param subset the examples
   * @return a data set
   */
  public ImageDataset with(String name, List<LabeledImage> subset) {
    return new ImageDataset(name, classes, subset);
  }
}
