package dev.mle4j.vision.transform;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.util.Random;

/**
 * Cuts a random window covering a random fraction of the area with a random aspect ratio and
 * resizes it to {@code size x size}, as torchvision's {@code RandomResizedCrop}: up to ten tries
 * draw the area fraction uniformly from {@code [minScale, maxScale]} and the ratio log-uniformly
 * from {@code [minRatio, maxRatio]}; if none fits, the centre crop with the ratio clamped to the
 * range is used.
 *
 * @param size output side length
 * @param minScale smallest area fraction, in (0, 1]
 * @param maxScale largest area fraction, in [minScale, 1]
 * @param minRatio smallest width/height ratio, positive
 * @param maxRatio largest width/height ratio, at least minRatio
 */
public record RandomResizedCrop(
    int size, double minScale, double maxScale, double minRatio, double maxRatio)
    implements ImageTransform {

  /** Checks the ranges. */
  public RandomResizedCrop {
    if (size < 1) {
      throw new MlException("RandomResizedCrop size must be positive, got " + size);
    }
    if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
      throw new MlException(
          "RandomResizedCrop scale range must satisfy 0 < min <= max <= 1, got ["
              + minScale
              + ", "
              + maxScale
              + "]");
    }
    if (!(minRatio > 0 && minRatio <= maxRatio && Double.isFinite(maxRatio))) {
      throw new MlException(
          "RandomResizedCrop ratio range must satisfy 0 < min <= max, got ["
              + minRatio
              + ", "
              + maxRatio
              + "]");
    }
  }

  /**
   * torchvision's defaults: scale (0.08, 1), ratio (3/4, 4/3).
   *
   * @param size output side length
   * @return the transform
   */
  public static RandomResizedCrop of(int size) {
    return new RandomResizedCrop(size, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);
  }

  @Override
  public PixelImage apply(PixelImage image, Random random) {
    int w = image.width();
    int h = image.height();
    double area = (double) w * h;
    double logMin = Math.log(minRatio);
    double logMax = Math.log(maxRatio);
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * (minScale + random.nextDouble() * (maxScale - minScale));
      double ratio = Math.exp(logMin + random.nextDouble() * (logMax - logMin));
      int cw = (int) Math.round(Math.sqrt(target * ratio));
      int ch = (int) Math.round(Math.sqrt(target / ratio));
      if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
        int left = random.nextInt(w - cw + 1);
        int top = random.nextInt(h - ch + 1);
        return PixelOps.resize(PixelOps.crop(image, left, top, cw, ch), size, size);
      }
    }
    double inRatio = (double) w / h;
    int cw;
    int ch;
    if (inRatio < minRatio) {
      cw = w;
      ch = Math.max(1, (int) Math.round(w / minRatio));
    } else if (inRatio > maxRatio) {
      ch = h;
      cw = Math.max(1, (int) Math.round(h * maxRatio));
    } else {
      cw = w;
      ch = h;
    }
    int left = (w - cw) / 2;
    int top = (h - ch) / 2;
    return PixelOps.resize(PixelOps.crop(image, left, top, cw, ch), size, size);
  }
}
