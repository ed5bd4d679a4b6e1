package dev.mle4j.vision.model;

import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.transform.Augmentations;
import dev.mle4j.vision.transform.ImageTransform;
import dev.mle4j.vision.transform.Normalizer;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Turns images into a network's input tensor: converts the channel count, applies the evaluation
 * transform (resize and centre crop to the input size) unless the image already has the input size,
 * then scales to [0, 1] and normalises per channel into channel-first floats.
 */
public final class InputEncoder {

  private final InputSpec spec;
  private final ImageTransform evaluation;
  private final Normalizer normalizer;

  /**
   * Creates the encoder for a network input.
   *
   * @param spec the input specification
   */
  public InputEncoder(InputSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.evaluation = Augmentations.evaluation(spec.size());
    this.normalizer = new Normalizer(spec.mean(), spec.std());
  }

  /**
   * The input specification.
   *
   * @return the spec
   */
  public InputSpec spec() {
    return spec;
  }

  /**
   * Converts an image to the network's channel count and size (the evaluation view).
   *
   * @param image any image
   * @return an image of {@code size x size} pixels with the input's channel count
   */
  public PixelImage prepare(PixelImage image) {
    PixelImage converted = image.withChannels(spec.channels());
    if (converted.width() == spec.size() && converted.height() == spec.size()) {
      return converted;
    }
    return evaluation.apply(converted, new Random(0));
  }

  /**
   * Writes one prepared image ({@code size x size}, input channel count) as normalised CHW floats.
   *
   * @param image a prepared image
   * @param out the batch array
   * @param offset where the image starts in {@code out}
   */
  public void encode(PixelImage image, float[] out, int offset) {
    if (image.width() != spec.size()
        || image.height() != spec.size()
        || image.channels() != spec.channels()) {
      throw new IllegalArgumentException(
          "image must be prepared to "
              + spec.size()
              + "x"
              + spec.size()
              + "x"
              + spec.channels()
              + " first");
    }
    normalizer.apply(image, out, offset);
  }

  /**
   * Prepares and encodes a batch of images.
   *
   * @param images the images
   * @return {@code images.size() x C x size x size} floats
   */
  public float[] encodeAll(List<PixelImage> images) {
    int per = spec.channels() * spec.size() * spec.size();
    float[] out = new float[images.size() * per];
    for (int i = 0; i < images.size(); i++) {
      encode(prepare(images.get(i)), out, i * per);
    }
    return out;
  }
}
