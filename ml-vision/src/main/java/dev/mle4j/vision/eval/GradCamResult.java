package dev.mle4j.vision.eval;

import dev.mle4j.vision.PixelImage;
import java.util.Objects;

/**
 * A Grad-CAM heat map for one image and one class.
 *
 * @param heatmap {@code h x w} values in [0, 1] over the last feature map (row = y), 1 at the most
 *     important location; all zero when no location speaks for the class (copied)
 * @param classIndex the explained class
 * @param label the explained class's label
 * @param score the class's logit
 * @param probability the class's softmax probability
 * @param input the image as the network saw it (converted and resized to the input size); the heat
 *     map covers this view
 */
public record GradCamResult(
    float[][] heatmap,
    int classIndex,
    String label,
    double score,
    double probability,
    PixelImage input) {

  /** Checks the parts and copies the heat map. */
  public GradCamResult {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(input, "input");
    heatmap = copy(heatmap);
  }

  /**
   * A copy of the heat map.
   *
   * @return {@code h x w} values in [0, 1]
   */
  @Override
  public float[][] heatmap() {
    return copy(heatmap);
  }

  private static float[][] copy(float[][] m) {
    float[][] out = new float[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }
}
