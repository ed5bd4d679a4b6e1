package dev.mle4j.vision.transform;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.util.Arrays;
import java.util.List;

/**
 * Turns pixels into the float tensor a network reads: values scaled to [0, 1], then {@code (v -
 * mean[c]) / std[c]} per channel, laid out channel-first (CHW).
 *
 * @param mean per-channel mean (on the [0, 1] scale); its length is the channel count
 * @param std per-channel standard deviation, positive
 */
public record Normalizer(float[] mean, float[] std) {

  /** Copies and checks the statistics. */
  public Normalizer {
    if (mean == null || std == null || mean.length != std.length || mean.length == 0) {
      throw new MlException("Normalizer needs mean and std of the same non-zero length");
    }
    if (mean.length != 1 && mean.length != 3) {
      throw new MlException("Normalizer supports 1 or 3 channels, got " + mean.length);
    }
    mean = mean.clone();
    std = std.clone();
    for (float s : std) {
      if (!(s > 0) || !Float.isFinite(s)) {
        throw new MlException("Normalizer std must be positive and finite, got " + s);
      }
    }
  }

  /**
   * The ImageNet statistics used by pretrained backbones (RGB).
   *
   * @return the normalizer
   */
  public static Normalizer imagenet() {
    return new Normalizer(
        new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
  }

  /**
   * Fashion-MNIST's training-set statistics (mean 0.2860, std 0.3530; grayscale).
   *
   * @return the normalizer
   */
  public static Normalizer fashionMnist() {
    return new Normalizer(new float[] {0.2860f}, new float[] {0.3530f});
  }

  /**
   * Only scales to [0, 1] (mean 0, std 1).
   *
   * @param channels 1 or 3
   * @return the normalizer
   */
  public static Normalizer unit(int channels) {
    float[] zeros = new float[channels];
    float[] ones = new float[channels];
    Arrays.fill(ones, 1f);
    return new Normalizer(zeros, ones);
  }

  /**
   * The per-channel means (a copy).
   *
   * @return the means
   */
  @Override
  public float[] mean() {
    return mean.clone();
  }

  /**
   * The per-channel standard deviations (a copy).
   *
   * @return the standard deviations
   */
  @Override
  public float[] std() {
    return std.clone();
  }

  /**
   * Number of channels the normalizer expects.
   *
   * @return 1 or 3
   */
  public int channels() {
    return mean.length;
  }

  /**
   * Normalizes one image into a new array.
   *
   * @param image the image, with {@link #channels()} channels
   * @return {@code C*H*W} floats
   */
  public float[] apply(PixelImage image) {
    float[] out = new float[image.width() * image.height() * image.channels()];
    apply(image, out, 0);
    return out;
  }

  /**
   * Normalizes one image into {@code out} starting at {@code offset} (CHW).
   *
   * @param image the image, with {@link #channels()} channels
   * @param out the destination
   * @param offset first index written
   * @throws MlException if the channel count differs or {@code out} is too small
   */
  public void apply(PixelImage image, float[] out, int offset) {
    int c = image.channels();
    if (c != mean.length) {
      throw new MlException(
          "Normalizer expects "
              + mean.length
              + " channel(s) but the image has "
              + c
              + "; convert with PixelImage.withChannels first");
    }
    int plane = image.width() * image.height();
    if (offset < 0 || (long) offset + (long) plane * c > out.length) {
      throw new MlException(
          "output array of " + out.length + " floats cannot hold " + plane * c + " at " + offset);
    }
    byte[] px = image.pixels();
    for (int ch = 0; ch < c; ch++) {
      float scale = 1f / (255f * std[ch]);
      float shift = mean[ch] / std[ch];
      int base = offset + ch * plane;
      for (int i = 0; i < plane; i++) {
        out[base + i] = (px[i * c + ch] & 0xFF) * scale - shift;
      }
    }
  }

  /**
   * Normalizes a batch of images of one shape into one {@code N*C*H*W} array.
   *
   * @param images the images, all of the same size and channel count
   * @return the floats
   * @throws MlException if the shapes differ
   */
  public float[] applyAll(List<PixelImage> images) {
    if (images.isEmpty()) {
      return new float[0];
    }
    PixelImage first = images.get(0);
    int each = first.width() * first.height() * first.channels();
    float[] out = new float[each * images.size()];
    for (int i = 0; i < images.size(); i++) {
      PixelImage img = images.get(i);
      if (img.width() != first.width() || img.height() != first.height()) {
        throw new MlException(
            "batch image "
                + i
                + " is "
                + img.width()
                + "x"
                + img.height()
                + " but the first is "
                + first.width()
                + "x"
                + first.height());
      }
      apply(img, out, i * each);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalizer n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalizer[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
