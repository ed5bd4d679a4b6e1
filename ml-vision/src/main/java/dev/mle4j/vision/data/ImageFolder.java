package dev.mle4j.vision.data;

import dev.mle4j.core.MlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a folder with one sub-folder per class (class names = folder names, sorted) holding image
 * files ({@code jpg}, {@code jpeg}, {@code png}, {@code bmp}, any case; like torchvision, GIFs are
 * not read). Other files and hidden files or folders (name starting with a dot) are ignored. Images
 * are decoded lazily with ImageIO ({@link FileImageSource}); ids are paths relative to the root
 * with {@code /} separators, e.g. {@code ants/0013035.jpg}.
 */
public final class ImageFolder {

  /** File name extensions read as images (lower case). */
  public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

  /** Share of the training folder held out for validation by {@link #splitFolders(Path)}. */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.15;

  /** Seed of {@link #splitFolders(Path)}. */
  public static final long DEFAULT_SEED = 42;

  private ImageFolder() {}

  /**
   * Reads a class-per-sub-folder layout; the data set is named after the folder.
   *
   * @param root the folder
   * @return the data set, images in class order then file name order
   * @throws MlException if the folder is missing, has fewer than two class sub-folders, or a class
   *     folder holds no images
   */
  public static ImageDataset load(Path root) {
    Path name = root.toAbsolutePath().normalize().getFileName();
    return load(root, name == null ? "images" : name.toString());
  }

  /**
   * Reads a class-per-sub-folder layout.
   *
   * @param root the folder
   * @param name the data set's name
   * @return the data set, images in class order then file name order
   * @throws MlException if the folder is missing, has fewer than two class sub-folders, or a class
   *     folder holds no images
   */
  public static ImageDataset load(Path root, String name) {
    if (!Files.isDirectory(root)) {
      throw new MlException("image folder " + root + " does not exist or is not a folder");
    }
    List<Path> classDirs = list(root).stream().filter(Files::isDirectory).toList();
    if (classDirs.isEmpty()) {
      throw new MlException(
          "image folder " + root + " has no class sub-folders (expected one folder per class)");
    }
    if (classDirs.size() < 2) {
      throw new MlException(
          "image folder "
              + root
              + " has only one class sub-folder ("
              + classDirs.get(0).getFileName()
              + "); classification needs at least 2");
    }
    List<String> classes = new ArrayList<>();
    List<LabeledImage> images = new ArrayList<>();
    for (Path dir : classDirs) {
      String cls = dir.getFileName().toString();
      List<Path> files = list(dir).stream().filter(ImageFolder::isImageFile).toList();
      if (files.isEmpty()) {
        throw new MlException(
            "class folder "
                + dir
                + " of class '"
                + cls
                + "' holds no images (expected "
                + String.join("/", EXTENSIONS.stream().sorted().toList())
                + " files)");
      }
      int label = classes.size();
      classes.add(cls);
      for (Path file : files) {
        images.add(
            new LabeledImage(cls + "/" + file.getFileName(), label, new FileImageSource(file)));
      }
    }
    return new ImageDataset(name, classes, images);
  }

  /**
   * Reads a {@code train/} + {@code val/} (+ optional {@code test/}) layout such as
   * hymenoptera_data, with the defaults (15 % validation, seed {@value #DEFAULT_SEED}).
   *
   * @param root the folder holding {@code train/} and {@code val/}
   * @return the split
   * @see #splitFolders(Path, double, long)
   */
  public static DatasetSplit splitFolders(Path root) {
    return splitFolders(root, DEFAULT_VALIDATION_FRACTION, DEFAULT_SEED);
  }

  /**
   * Reads a {@code train/} + {@code val/} (+ optional {@code test/}) layout.
   *
   * <ul>
   *   <li>With {@code train/}, {@code val/} and {@code test/}: the three folders as they are.
   *   <li>With only {@code train/} and {@code val/} (e.g. ants vs bees, where published results are
   *       "val accuracy"): {@code train} = a stratified, seeded {@code 1 - validationFraction}
   *       share of {@code train/}; {@code validation} = the rest of {@code train/} (for early
   *       stopping and checkpoint choice); {@code test} = the official {@code val/} folder, scored
   *       once at the end, so its accuracy is comparable to the usual "val accuracy".
   * </ul>
   *
   * @param root the folder
   * @param validationFraction share of {@code train/} held out when there is no {@code test/}, in
   *     (0, 1)
   * @param seed shuffling seed
   * @return the split; parts are named {@code <root>-train}, {@code <root>-validation}, {@code
   *     <root>-test}
   * @throws MlException if {@code train/} or {@code val/} is missing, or the class folders differ
   */
  public static DatasetSplit splitFolders(Path root, double validationFraction, long seed) {
    Path train = root.resolve("train");
    Path val = root.resolve("val");
    Path test = root.resolve("test");
    if (!Files.isDirectory(train) || !Files.isDirectory(val)) {
      throw new MlException(
          root
              + " must hold train/ and val/ sub-folders (and optionally test/), each with one"
              + " folder per class");
    }
    Path absolute = root.toAbsolutePath().normalize().getFileName();
    String name = absolute == null ? "images" : absolute.toString();
    ImageDataset trainSet = load(train, name + "-train");
    ImageDataset valSet = load(val, name + "-validation");
    requireSameClasses(trainSet, valSet, val);
    if (Files.isDirectory(test)) {
      ImageDataset testSet = load(test, name + "-test");
      requireSameClasses(trainSet, testSet, test);
      return new DatasetSplit(trainSet, valSet, testSet);
    }
    List<ImageDataset> parts =
        StratifiedSplitter.split(
            trainSet, new double[] {1 - validationFraction, validationFraction}, seed);
    return new DatasetSplit(
        parts.get(0).with(name + "-train", parts.get(0).images()),
        parts.get(1).with(name + "-validation", parts.get(1).images()),
        valSet.with(name + "-test", valSet.images()));
  }

  private static void requireSameClasses(ImageDataset train, ImageDataset other, Path dir) {
    if (!train.classes().equals(other.classes())) {
      throw new MlException(
          dir + " has classes " + other.classes() + " but train/ has " + train.classes());
    }
  }

  /**
   * Whether a path is a visible file with an image extension.
   *
   * @param file the path
   * @return true for e.g. {@code a.JPG}, false for {@code .a.jpg} or {@code notes.txt}
   */
  public static boolean isImageFile(Path file) {
    String name = file.getFileName().toString();
    if (name.startsWith(".") || !Files.isRegularFile(file)) {
      return false;
    }
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new MlException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
