package dev.mle4j.vision.transform;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.util.Random;

/**
 * Mirrors the image left to right with probability {@code p} (always when {@code p = 1}, never when
 * {@code p = 0}; no random number is drawn in those two cases).
 *
 * @param p the flip probability, 0 to 1
 */
public record HorizontalFlip(double p) implements ImageTransform {

  /** Checks the probability. */
  public HorizontalFlip {
    if (!(p >= 0 && p <= 1)) {
      throw new MlException("flip probability must be in [0, 1], got " + p);
    }
  }

  @Override
  public PixelImage apply(PixelImage image, Random random) {
    if (p == 0 || (p < 1 && random.nextDouble() >= p)) {
      return image;
    }
    return PixelOps.flipHorizontal(image);
  }
}
