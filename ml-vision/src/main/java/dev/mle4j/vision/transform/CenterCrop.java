package dev.mle4j.vision.transform;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.util.Random;

/**
 * Cuts the central {@code width x height} window; an image smaller than the window is padded with
 * zeros (as torchvision does).
 *
 * @param width output width
 * @param height output height
 */
public record CenterCrop(int width, int height) implements ImageTransform {

  /** Checks the size. */
  public CenterCrop {
    if (width < 1 || height < 1) {
      throw new MlException("CenterCrop size must be positive, got " + width + "x" + height);
    }
  }

  /**
   * A square crop.
   *
   * @param size side length
   * @return the transform
   */
  public static CenterCrop square(int size) {
    return new CenterCrop(size, size);
  }

  @Override
  public PixelImage apply(PixelImage image, Random random) {
    int left = (int) Math.round((image.width() - width) / 2.0);
    int top = (int) Math.round((image.height() - height) / 2.0);
    return PixelOps.crop(image, left, top, width, height);
  }
}
