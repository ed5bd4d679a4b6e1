package dev.mle4j.vision.transform;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.util.Random;

/**
 * Randomly changes brightness, contrast and saturation of colour images, in a random order (as
 * torchvision's {@code ColorJitter}): each factor is drawn uniformly from {@code [1 - x, 1 + x]};
 * brightness scales the values, contrast blends with the mean gray level, saturation blends with
 * each pixel's gray value.
 *
 * <p>Grayscale images are returned unchanged and draw no random numbers: colour jitter is a photo
 * augmentation, and changing brightness or contrast of e.g. Fashion-MNIST is left to an explicit
 * choice. Use {@link Augmentations} to get the right preset per input kind.
 *
 * @param brightness brightness jitter, 0 to 1 (0 = off)
 * @param contrast contrast jitter, 0 to 1 (0 = off)
 * @param saturation saturation jitter, 0 to 1 (0 = off)
 */
public record ColorJitter(double brightness, double contrast, double saturation)
    implements ImageTransform {

  /** Checks the ranges. */
  public ColorJitter {
    check("brightness", brightness);
    check("contrast", contrast);
    check("saturation", saturation);
  }

  private static void check(String what, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new MlException("ColorJitter " + what + " must be in [0, 1], got " + v);
    }
  }

  @Override
  public PixelImage apply(PixelImage image, Random random) {
    if (image.isGrayscale()) {
      return image;
    }
    double[] factors = {
      factor(brightness, random), factor(contrast, random), factor(saturation, random)
    };
    int[] order = {0, 1, 2};
    for (int i = 2; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int n = image.width() * image.height();
    float[] px = new float[n * 3];
    byte[] src = image.pixels();
    for (int i = 0; i < px.length; i++) {
      px[i] = src[i] & 0xFF;
    }
    for (int op : order) {
      double f = factors[op];
      if (f == 1) {
        continue;
      }
      switch (op) {
        case 0 -> {
          for (int i = 0; i < px.length; i++) {
            px[i] = clip(px[i] * f);
          }
        }
        case 1 -> {
          double mean = 0;
          for (int i = 0; i < n; i++) {
            mean += gray(px, i);
          }
          mean /= n;
          for (int i = 0; i < px.length; i++) {
            px[i] = clip(mean + (px[i] - mean) * f);
          }
        }
        default -> {
          for (int i = 0; i < n; i++) {
            double g = gray(px, i);
            for (int c = 0; c < 3; c++) {
              px[3 * i + c] = clip(g + (px[3 * i + c] - g) * f);
            }
          }
        }
      }
    }
    byte[] out = new byte[px.length];
    for (int i = 0; i < px.length; i++) {
      out[i] = PixelOps.clamp(px[i]);
    }
    return new PixelImage(image.width(), image.height(), 3, out);
  }

  private static double factor(double amount, Random random) {
    return amount == 0 ? 1 : 1 - amount + random.nextDouble() * 2 * amount;
  }

  private static double gray(float[] px, int i) {
    return 0.299 * px[3 * i] + 0.587 * px[3 * i + 1] + 0.114 * px[3 * i + 2];
  }

  private static float clip(double v) {
    return (float) Math.min(255, Math.max(0, v));
  }
}
