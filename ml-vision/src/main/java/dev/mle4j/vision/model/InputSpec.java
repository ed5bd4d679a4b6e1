package dev.mle4j.vision.model;

import dev.mle4j.core.MlException;
import java.util.Arrays;

/**
 * What a network expects as input: square images of {@code size} pixels with {@code channels}
 * channels, scaled to [0, 1] and then normalised per channel with {@code mean} and {@code std}.
 *
 * @param size side of the square input in pixels
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param mean per-channel mean subtracted after scaling to [0, 1]
 * @param std per-channel standard deviation divided by after subtracting the mean
 */
public record InputSpec(int size, int channels, float[] mean, float[] std) {

  /** ImageNet statistics used by torchvision-style pretrained backbones. */
  public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};

  /** ImageNet standard deviations used by torchvision-style pretrained backbones. */
  public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  /** Validates sizes and copies the arrays. */
  public InputSpec {
    if (size < 8) {
      throw new MlException("input size must be at least 8 pixels, got " + size);
    }
    if (channels != 1 && channels != 3) {
      throw new MlException("input must have 1 or 3 channels, got " + channels);
    }
    if (mean.length != channels || std.length != channels) {
      throw new MlException("mean and std need one value per channel (" + channels + ")");
    }
    mean = mean.clone();
    std = std.clone();
    for (float s : std) {
      if (!(s > 0)) {
        throw new MlException("std values must be positive, got " + Arrays.toString(std));
      }
    }
  }

  /**
   * RGB input of the given size normalised with ImageNet statistics.
   *
   * @param size side in pixels
   * @return the spec
   */
  public static InputSpec imagenet(int size) {
    return new InputSpec(size, 3, IMAGENET_MEAN, IMAGENET_STD);
  }

  /**
   * Input with the same mean and std on every channel.
   *
   * @param size side in pixels
   * @param channels 1 or 3
   * @param mean the mean
   * @param std the standard deviation
   * @return the spec
   */
  public static InputSpec uniform(int size, int channels, float mean, float std) {
    float[] m = new float[channels];
    float[] s = new float[channels];
    Arrays.fill(m, mean);
    Arrays.fill(s, std);
    return new InputSpec(size, channels, m, s);
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InputSpec other
        && size == other.size
        && channels == other.channels
        && Arrays.equals(mean, other.mean)
        && Arrays.equals(std, other.std);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * size + channels) + 7 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "InputSpec[size="
        + size
        + ", channels="
        + channels
        + ", mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + "]";
  }
}
