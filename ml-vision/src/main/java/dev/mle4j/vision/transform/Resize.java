package dev.mle4j.vision.transform;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.util.Random;

/**
 * Resizes with bilinear filtering (antialiased when shrinking, like Pillow). Either the shorter
 * side becomes a given length and the aspect ratio is kept ({@link #shorterSide(int)}), or the
 * image is stretched to an exact size ({@link #to(int, int)}).
 *
 * @param width the exact output width, or 0 when resizing by the shorter side
 * @param height the exact output height, or 0 when resizing by the shorter side
 * @param shorter the shorter side's target length, or 0 when resizing to an exact size
 */
public record Resize(int width, int height, int shorter) implements ImageTransform {

  /** Checks that exactly one mode is set. */
  public Resize {
    boolean exact = width > 0 && height > 0 && shorter == 0;
    boolean bySide = width == 0 && height == 0 && shorter > 0;
    if (!exact && !bySide) {
      throw new MlException(
          "Resize needs either a positive width and height or a positive shorter side, got "
              + width
              + "x"
              + height
              + " / "
              + shorter);
    }
  }

  /**
   * Resizes so the shorter side has {@code size} pixels, keeping the aspect ratio (torchvision's
   * {@code Resize(int)}).
   *
   * @param size the shorter side's length
   * @return the transform
   */
  public static Resize shorterSide(int size) {
    return new Resize(0, 0, size);
  }

  /**
   * Resizes to exactly {@code width x height}.
   *
   * @param width output width
   * @param height output height
   * @return the transform
   */
  public static Resize to(int width, int height) {
    return new Resize(width, height, 0);
  }

  @Override
  public PixelImage apply(PixelImage image, Random random) {
    if (shorter == 0) {
      return PixelOps.resize(image, width, height);
    }
    int w = image.width();
    int h = image.height();
    if (w <= h) {
      return PixelOps.resize(image, shorter, Math.max(1, (int) ((long) shorter * h / w)));
    }
    return PixelOps.resize(image, Math.max(1, (int) ((long) shorter * w / h)), shorter);
  }
}
