package dev.mle4j.vision.transform;

import dev.mle4j.vision.PixelImage;
import java.util.Random;

/**
 * One step of image preprocessing or augmentation. Random transforms draw only from the given
 * {@link Random}, so a seeded run repeats exactly.
 */
@FunctionalInterface
public interface ImageTransform {

  /**
   * Transforms an image.
   *
   * @param image the input (not modified)
   * @param random the source of randomness
   * @return the output image
   */
  PixelImage apply(PixelImage image, Random random);

  /**
   * This transform followed by another.
   *
   * @param next the transform to run after this one
   * @return the composition
   */
  default ImageTransform then(ImageTransform next) {
    return (image, random) -> next.apply(apply(image, random), random);
  }
}
