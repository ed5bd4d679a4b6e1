package dev.mle4j.vision.data;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * An image file decoded with {@link ImageIO} each time it is loaded (JPEG, PNG, BMP, GIF).
 *
 * @param path the file
 */
public record FileImageSource(Path path) implements ImageSource {

  /** Checks the path. */
  public FileImageSource {
    Objects.requireNonNull(path, "path");
  }

  /**
   * Decodes the file.
   *
   * @return the pixels (grayscale files stay one channel)
   * @throws MlException {@code cannot decode image <path>: <reason>}
   */
  @Override
  public PixelImage load() {
    BufferedImage image;
    try (InputStream in = Files.newInputStream(path)) {
      image = ImageIO.read(in);
    } catch (IOException | RuntimeException e) {
      throw new MlException("cannot decode image " + path + ": " + e.getMessage(), e);
    }
    if (image == null) {
      throw new MlException(
          "cannot decode image " + path + ": no ImageIO reader recognises its format");
    }
    try {
      return PixelImage.of(image);
    } catch (RuntimeException e) {
      throw new MlException("cannot decode image " + path + ": " + e.getMessage(), e);
    }
  }
}
