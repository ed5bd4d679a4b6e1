package dev.mle4j.vision.transform;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.util.Random;

/**
 * Pads every side with {@code padding} zero pixels, then cuts a random {@code width x height}
 * window (torchvision's {@code RandomCrop(size, padding)}, the usual augmentation for 28x28 or
 * 32x32 data). A width and height of 0 keep the input's size.
 *
 * @param width output width, or 0 for the input width
 * @param height output height, or 0 for the input height
 * @param padding zero pixels added on each side, at least 0
 */
public record RandomCrop(int width, int height, int padding) implements ImageTransform {

  /** Checks the values. */
  public RandomCrop {
    if (width < 0 || height < 0 || (width == 0) != (height == 0) || padding < 0) {
      throw new MlException(
          "RandomCrop needs a size >= 1 (or 0x0 for the input size) and padding >= 0, got "
              + width
              + "x"
              + height
              + " padding "
              + padding);
    }
  }

  /**
   * A crop of the input's own size after padding.
   *
   * @param padding zero pixels added on each side
   * @return the transform
   */
  public static RandomCrop keepSize(int padding) {
    return new RandomCrop(0, 0, padding);
  }

  @Override
  public PixelImage apply(PixelImage image, Random random) {
    int w = width == 0 ? image.width() : width;
    int h = height == 0 ? image.height() : height;
    int rangeX = image.width() + 2 * padding - w;
    int rangeY = image.height() + 2 * padding - h;
    if (rangeX < 0 || rangeY < 0) {
      throw new MlException(
          "RandomCrop of "
              + w
              + "x"
              + h
              + " does not fit a "
              + image.width()
              + "x"
              + image.height()
              + " image padded by "
              + padding);
    }
    int left = random.nextInt(rangeX + 1) - padding;
    int top = random.nextInt(rangeY + 1) - padding;
    return PixelOps.crop(image, left, top, w, h);
  }
}
