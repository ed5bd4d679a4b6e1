package dev.mle4j.vision;

import dev.mle4j.vision.data.ImageDataset;
import dev.mle4j.vision.data.LabeledImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Seeded synthetic images for tests: class {@code c} of {@code k} has a bright horizontal band in
 * the {@code c}-th of {@code k} row bands on noise, so the classes survive horizontal flips and
 * small crops.
 */
public final class SyntheticImages {

  private SyntheticImages() {}

  /**
   * One image.
   *
   * @param label class index
   * @param classes number of classes
   * @param size side in pixels
   * @param channels 1 or 3
   * @param random noise source
   * @return the image
   */
  public static PixelImage band(int label, int classes, int size, int channels, Random random) {
    byte[] px = new byte[size * size * channels];
    int band = size / classes;
    for (int y = 0; y < size; y++) {
      boolean on = y / band == label;
      for (int x = 0; x < size; x++) {
        for (int c = 0; c < channels; c++) {
          int v = random.nextInt(60) + (on ? 170 : 0) + (c == 1 ? 10 : 0);
          px[(y * size + x) * channels + c] = (byte) Math.min(255, v);
        }
      }
    }
    return new PixelImage(size, size, channels, px);
  }

  /**
   * An in-memory data set.
   *
   * @param name data set name
   * @param classes number of classes
   * @param perClass images per class
   * @param size side in pixels
   * @param channels 1 or 3
   * @param seed seed
   * @return the data set with classes {@code c0, c1, ...}
   */
  public static ImageDataset dataset(
      String name, int classes, int perClass, int size, int channels, long seed) {
    Random random = new Random(seed);
    List<LabeledImage> images = new ArrayList<>();
    for (int i = 0; i < perClass; i++) {
      for (int c = 0; c < classes; c++) {
        PixelImage image = band(c, classes, size, channels, random);
        images.add(new LabeledImage(name + "/" + c + "/" + i, c, () -> image));
      }
    }
    return new ImageDataset(name, labels(classes), images);
  }

  /**
   * Class names {@code c0..c(k-1)}.
   *
   * @param classes k
   * @return the names
   */
  public static List<String> labels(int classes) {
    List<String> labels = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      labels.add("c" + c);
    }
    return labels;
  }

  /**
   * Writes a class-folder tree of PNG files ({@code root/c0/0.png ...}).
   *
   * @param root the folder to create
   * @param classes number of classes
   * @param perClass images per class
   * @param size side in pixels
   * @param channels 1 or 3
   * @param seed seed
   * @return {@code root}
   */
  public static Path writeFolder(
      Path root, int classes, int perClass, int size, int channels, long seed) {
    Random random = new Random(seed);
    try {
      for (int c = 0; c < classes; c++) {
        Path dir = Files.createDirectories(root.resolve("c" + c));
        for (int i = 0; i < perClass; i++) {
          BufferedImage image = band(c, classes, size, channels, random).toBufferedImage();
          ImageIO.write(image, "png", dir.resolve(i + ".png").toFile());
        }
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
