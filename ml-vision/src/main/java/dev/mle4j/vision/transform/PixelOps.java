package dev.mle4j.vision.transform;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;

/** Shared pixel kernels on byte arrays (no {@code BufferedImage} round trips). */
final class PixelOps {

  private PixelOps() {}

  /** Border handling for samples that fall outside the source image. */
  enum Border {
    ZERO,
    EDGE
  }

  /**
   * Resizes with a separable triangle (bilinear) filter whose support widens when shrinking, like
   * Pillow's antialiased bilinear resampling; enlarging is plain bilinear interpolation with
   * half-pixel centres.
   */
  static PixelImage resize(PixelImage image, int width, int height) {
    if (width < 1 || height < 1) {
      throw new MlException("resize target must be positive, got " + width + "x" + height);
    }
    if (width == image.width() && height == image.height()) {
      return image;
    }
    int c = image.channels();
    Filter fx = filter(image.width(), width);
    Filter fy = filter(image.height(), height);
    int sw = image.width();
    int sh = image.height();
    byte[] src = image.pixels();
    float[] tmp = new float[sh * width * c];
    for (int y = 0; y < sh; y++) {
      int rowIn = y * sw * c;
      int rowOut = y * width * c;
      for (int x = 0; x < width; x++) {
        int start = fx.start[x];
        int n = fx.count[x];
        int wOff = x * fx.taps;
        for (int ch = 0; ch < c; ch++) {
          float acc = 0;
          for (int k = 0; k < n; k++) {
            acc += fx.weights[wOff + k] * (src[rowIn + (start + k) * c + ch] & 0xFF);
          }
          tmp[rowOut + x * c + ch] = acc;
        }
      }
    }
    byte[] out = new byte[height * width * c];
    int stride = width * c;
    for (int y = 0; y < height; y++) {
      int start = fy.start[y];
      int n = fy.count[y];
      int wOff = y * fy.taps;
      int rowOut = y * stride;
      for (int i = 0; i < stride; i++) {
        float acc = 0;
        for (int k = 0; k < n; k++) {
          acc += fy.weights[wOff + k] * tmp[(start + k) * stride + i];
        }
        out[rowOut + i] = clamp(acc);
      }
    }
    return new PixelImage(width, height, c, out);
  }

  private record Filter(int taps, int[] start, int[] count, float[] weights) {}

  private static Filter filter(int in, int out) {
    double scale = (double) in / out;
    double support = Math.max(scale, 1.0);
    int taps = (int) Math.ceil(support) * 2 + 1;
    int[] start = new int[out];
    int[] count = new int[out];
    float[] weights = new float[out * taps];
    for (int o = 0; o < out; o++) {
      double centre = (o + 0.5) * scale;
      int lo = Math.max(0, (int) Math.floor(centre - support));
      int hi = Math.min(in, (int) Math.ceil(centre + support));
      double sum = 0;
      int n = 0;
      double[] w = new double[hi - lo];
      for (int i = lo; i < hi; i++) {
        double d = Math.abs((i + 0.5 - centre) / support);
        double v = d < 1 ? 1 - d : 0;
        w[i - lo] = v;
        sum += v;
      }
      // trim leading and trailing zero weights so the taps fit
      int first = 0;
      while (first < w.length - 1 && w[first] == 0) {
        first++;
      }
      int last = w.length - 1;
      while (last > first && w[last] == 0) {
        last--;
      }
      n = Math.min(taps, last - first + 1);
      start[o] = lo + first;
      count[o] = n;
      if (sum == 0) {
        // the centre lies outside all pixel centres' support: nearest pixel
        start[o] = Math.min(in - 1, Math.max(0, (int) centre));
        count[o] = 1;
        weights[o * taps] = 1f;
        continue;
      }
      for (int k = 0; k < n; k++) {
        weights[o * taps + k] = (float) (w[first + k] / sum);
      }
    }
    return new Filter(taps, start, count, weights);
  }

  /** Copies a window; parts outside the image are zero. */
  static PixelImage crop(PixelImage image, int left, int top, int width, int height) {
    if (width < 1 || height < 1) {
      throw new MlException("crop size must be positive, got " + width + "x" + height);
    }
    if (left == 0 && top == 0 && width == image.width() && height == image.height()) {
      return image;
    }
    int c = image.channels();
    byte[] src = image.pixels();
    byte[] out = new byte[width * height * c];
    int x0 = Math.max(0, left);
    int x1 = Math.min(image.width(), left + width);
    if (x1 > x0) {
      int len = (x1 - x0) * c;
      for (int y = 0; y < height; y++) {
        int sy = top + y;
        if (sy < 0 || sy >= image.height()) {
          continue;
        }
        System.arraycopy(
            src, (sy * image.width() + x0) * c, out, (y * width + (x0 - left)) * c, len);
      }
    }
    return new PixelImage(width, height, c, out);
  }

  /** Rounds and clamps to an unsigned byte. */
  static byte clamp(double v) {
    long r = Math.round(v);
    return (byte) (r < 0 ? 0 : r > 255 ? 255 : r);
  }

  /**
   * Rotates counter-clockwise by {@code degrees} about the image centre with bilinear sampling; the
   * output has the input's size.
   */
  static PixelImage rotate(PixelImage image, double degrees, Border border) {
    if (degrees == 0) {
      return image;
    }
    int w = image.width();
    int h = image.height();
    int c = image.channels();
    byte[] src = image.pixels();
    byte[] out = new byte[w * h * c];
    double rad = Math.toRadians(degrees);
    double cos = Math.cos(rad);
    double sin = Math.sin(rad);
    double cx = w / 2.0;
    double cy = h / 2.0;
    for (int y = 0; y < h; y++) {
      double dy = y + 0.5 - cy;
      for (int x = 0; x < w; x++) {
        double dx = x + 0.5 - cx;
        // inverse mapping: rotate the output position back by -angle (y axis points down)
        double sx = cos * dx - sin * dy + cx - 0.5;
        double sy = sin * dx + cos * dy + cy - 0.5;
        int o = (y * w + x) * c;
        if (border == Border.ZERO && (sx < -1 || sy < -1 || sx > w || sy > h)) {
          continue;
        }
        int ix = (int) Math.floor(sx);
        int iy = (int) Math.floor(sy);
        double fx = sx - ix;
        double fy = sy - iy;
        if (ix >= 0 && iy >= 0 && ix + 1 < w && iy + 1 < h) {
          // interior fast path: all four neighbours exist
          int p00 = (iy * w + ix) * c;
          int p01 = p00 + w * c;
          double w00 = (1 - fx) * (1 - fy);
          double w10 = fx * (1 - fy);
          double w01 = (1 - fx) * fy;
          double w11 = fx * fy;
          for (int ch = 0; ch < c; ch++) {
            double v =
                w00 * (src[p00 + ch] & 0xFF)
                    + w10 * (src[p00 + c + ch] & 0xFF)
                    + w01 * (src[p01 + ch] & 0xFF)
                    + w11 * (src[p01 + c + ch] & 0xFF);
            out[o + ch] = clamp(v);
          }
          continue;
        }
        for (int ch = 0; ch < c; ch++) {
          double v00 = sample(src, w, h, c, ix, iy, ch, border);
          double v10 = sample(src, w, h, c, ix + 1, iy, ch, border);
          double v01 = sample(src, w, h, c, ix, iy + 1, ch, border);
          double v11 = sample(src, w, h, c, ix + 1, iy + 1, ch, border);
          double v = (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
          out[o + ch] = clamp(v);
        }
      }
    }
    return new PixelImage(w, h, c, out);
  }

  private static double sample(
      byte[] src, int w, int h, int c, int x, int y, int ch, Border border) {
    if (x < 0 || y < 0 || x >= w || y >= h) {
      if (border == Border.ZERO) {
        return 0;
      }
      x = Math.min(w - 1, Math.max(0, x));
      y = Math.min(h - 1, Math.max(0, y));
    }
    return src[(y * w + x) * c + ch] & 0xFF;
  }

  /** Mirrors left to right. */
  static PixelImage flipHorizontal(PixelImage image) {
    int w = image.width();
    int h = image.height();
    int c = image.channels();
    byte[] src = image.pixels();
    byte[] out = new byte[src.length];
    for (int y = 0; y < h; y++) {
      int row = y * w * c;
      for (int x = 0; x < w; x++) {
        System.arraycopy(src, row + (w - 1 - x) * c, out, row + x * c, c);
      }
    }
    return new PixelImage(w, h, c, out);
  }
}
