package dev.mle4j.vision.data;

import dev.mle4j.vision.PixelImage;

/** Where one image's pixels come from: memory (Fashion-MNIST) or a file decoded on demand. */
@FunctionalInterface
public interface ImageSource {

  /**
   * Decodes the image.
   *
   * @return the pixels
   * @throws dev.mle4j.core.MlException if the image cannot be read or decoded
   */
  PixelImage load();
}
