package dev.mle4j.vision;

import dev.mle4j.core.MlException;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A decoded image as 8-bit pixels in row-major, channel-last order (height x width x channels).
 * Grayscale images have one channel, colour images three (RGB). The array is not copied: treat it
 * as read-only.
 *
 * @param width width in pixels, at least 1
 * @param height height in pixels, at least 1
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param pixels {@code width * height * channels} bytes, read as unsigned values 0-255
 */
public record PixelImage(int width, int height, int channels, byte[] pixels) {

  /** Validates the shape against the pixel array. */
  public PixelImage {
    Objects.requireNonNull(pixels, "pixels");
    if (width < 1 || height < 1) {
      throw new MlException("image size must be positive, got " + width + "x" + height);
    }
    if (channels != 1 && channels != 3) {
      throw new MlException("image must have 1 or 3 channels, got " + channels);
    }
    if ((long) width * height * channels != pixels.length) {
      throw new MlException(
          "image of "
              + width
              + "x"
              + height
              + "x"
              + channels
              + " needs "
              + (long) width * height * channels
              + " bytes, got "
              + pixels.length);
    }
  }

  /**
   * The unsigned value of one sample.
   *
   * @param x column
   * @param y row
   * @param c channel
   * @return 0-255
   */
  public int get(int x, int y, int c) {
    return pixels[(y * width + x) * channels + c] & 0xFF;
  }

  /**
   * Whether the image has one channel.
   *
   * @return true for grayscale
   */
  public boolean isGrayscale() {
    return channels == 1;
  }

  /**
   * Converts a Java image: grayscale types stay one channel, everything else becomes RGB (alpha is
   * dropped).
   *
   * @param image the image
   * @return the pixels
   */
  public static PixelImage of(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    int w = image.getWidth();
    int h = image.getHeight();
    boolean gray =
        image.getType() == BufferedImage.TYPE_BYTE_GRAY
            || (image.getColorModel().getNumComponents() == 1
                && image.getType() != BufferedImage.TYPE_BYTE_INDEXED
                && image.getType() != BufferedImage.TYPE_BYTE_BINARY);
    if (gray) {
      byte[] out = new byte[w * h];
      var raster = image.getRaster();
      int[] sample = new int[1];
      int bits = image.getColorModel().getComponentSize(0);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          raster.getPixel(x, y, sample);
          int v = bits == 8 ? sample[0] : (int) Math.round(sample[0] * 255.0 / ((1 << bits) - 1));
          out[y * w + x] = (byte) v;
        }
      }
      return new PixelImage(w, h, 1, out);
    }
    byte[] out = new byte[w * h * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        int i = (y * w + x) * 3;
        out[i] = (byte) (p >> 16);
        out[i + 1] = (byte) (p >> 8);
        out[i + 2] = (byte) p;
      }
    }
    return new PixelImage(w, h, 3, out);
  }

  /**
   * Converts to a Java image ({@code TYPE_BYTE_GRAY} or {@code TYPE_INT_RGB}).
   *
   * @return a new image
   */
  public BufferedImage toBufferedImage() {
    if (channels == 1) {
      BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
      img.getRaster().setDataElements(0, 0, width, height, pixels);
      return img;
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        row[x] = (pixels[i] & 0xFF) << 16 | (pixels[i + 1] & 0xFF) << 8 | (pixels[i + 2] & 0xFF);
      }
      img.setRGB(0, y, width, 1, row, 0, width);
    }
    return img;
  }

  /**
   * This image with the given number of channels: gray to RGB repeats the value, RGB to gray uses
   * the ITU-R 601 luma weights.
   *
   * @param target 1 or 3
   * @return this image if it already has {@code target} channels, else a converted copy
   */
  public PixelImage withChannels(int target) {
    if (target == channels) {
      return this;
    }
    if (target == 3) {
      byte[] out = new byte[width * height * 3];
      for (int i = 0; i < width * height; i++) {
        out[3 * i] = pixels[i];
        out[3 * i + 1] = pixels[i];
        out[3 * i + 2] = pixels[i];
      }
      return new PixelImage(width, height, 3, out);
    }
    if (target != 1) {
      throw new MlException("image must have 1 or 3 channels, got " + target);
    }
    byte[] out = new byte[width * height];
    for (int i = 0; i < width * height; i++) {
      double v =
          0.299 * (pixels[3 * i] & 0xFF)
              + 0.587 * (pixels[3 * i + 1] & 0xFF)
              + 0.114 * (pixels[3 * i + 2] & 0xFF);
      out[i] = (byte) Math.min(255, Math.round(v));
    }
    return new PixelImage(width, height, 1, out);
  }
}
