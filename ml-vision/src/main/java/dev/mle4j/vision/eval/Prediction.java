package dev.mle4j.vision.eval;

import dev.mle4j.vision.data.ImageSource;
import java.util.Objects;

/**
 * What a classifier predicted for one labelled image.
 *
 * @param id the image's id in its data set
 * @param trueIndex index of the true label in the classifier's labels
 * @param predictedIndex index of the predicted label (the most probable one)
 * @param trueLabel the true label
 * @param predictedLabel the predicted label
 * @param confidence probability of the predicted label
 * @param probabilities probability of every label, in the classifier's label order (copied)
 * @param source where the image's pixels come from (for galleries and Grad-CAM)
 */
public record Prediction(
    String id,
    int trueIndex,
    int predictedIndex,
    String trueLabel,
    String predictedLabel,
    double confidence,
    float[] probabilities,
    ImageSource source) {

  /** Checks the parts and copies the probabilities. */
  public Prediction {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(trueLabel, "trueLabel");
    Objects.requireNonNull(predictedLabel, "predictedLabel");
    Objects.requireNonNull(source, "source");
    probabilities = probabilities.clone();
    if (trueIndex < 0
        || trueIndex >= probabilities.length
        || predictedIndex < 0
        || predictedIndex >= probabilities.length) {
      throw new IllegalArgumentException(
          "label indices "
              + trueIndex
              + "/"
              + predictedIndex
              + " outside 0.."
              + (probabilities.length - 1)
              + " for image "
              + id);
    }
  }

  /**
   * Whether the prediction is right.
   *
   * @return true when the predicted label is the true label
   */
  public boolean correct() {
    return trueIndex == predictedIndex;
  }

  /**
   * A copy of the probabilities.
   *
   * @return one value per label
   */
  @Override
  public float[] probabilities() {
    return probabilities.clone();
  }

  /**
   * The caption used in galleries, e.g. {@code true: Shirt / pred: T-shirt (0.87)}.
   *
   * @return the caption
   */
  public String caption() {
    return String.format(
        java.util.Locale.ROOT, "true: %s / pred: %s (%.2f)", trueLabel, predictedLabel, confidence);
  }
}
