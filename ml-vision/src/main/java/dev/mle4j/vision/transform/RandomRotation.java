package dev.mle4j.vision.transform;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.util.Objects;
import java.util.Random;

/**
 * Rotates by an angle drawn uniformly from {@code [-degrees, degrees]} about the centre, with
 * bilinear sampling; the size is kept and corners that come from outside the image are filled.
 *
 * @param degrees the largest rotation in degrees, 0 to 180 (0 returns the input unchanged)
 * @param fill how uncovered corners are filled
 */
public record RandomRotation(double degrees, Fill fill) implements ImageTransform {

  /** How pixels rotated in from outside the image are filled. */
  public enum Fill {
    /** Black (value 0). */
    ZERO,
    /** The nearest edge pixel. */
    EDGE
  }

  /** Checks the values. */
  public RandomRotation {
    Objects.requireNonNull(fill, "fill");
    if (!(degrees >= 0 && degrees <= 180)) {
      throw new MlException("rotation degrees must be in [0, 180], got " + degrees);
    }
  }

  /**
   * Rotates an image by a fixed angle (counter-clockwise for positive degrees).
   *
   * @param image the image
   * @param angle degrees
   * @param fill how uncovered corners are filled
   * @return the rotated image
   */
  public static PixelImage rotate(PixelImage image, double angle, Fill fill) {
    return PixelOps.rotate(
        image, angle, fill == Fill.ZERO ? PixelOps.Border.ZERO : PixelOps.Border.EDGE);
  }

  @Override
  public PixelImage apply(PixelImage image, Random random) {
    if (degrees == 0) {
      return image;
    }
    double angle = (random.nextDouble() * 2 - 1) * degrees;
    return rotate(image, angle, fill);
  }
}
