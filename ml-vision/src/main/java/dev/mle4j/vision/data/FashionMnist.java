package dev.mle4j.vision.data;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.DebianPackages;
import dev.mle4j.vision.PixelImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fashion-MNIST (Zalando Research, MIT licence): 60,000 training and 10,000 test grayscale images
 * of 28x28 pixels in 10 clothing classes, read from the four IDX files (gzipped {@code .gz} or
 * plain) into memory.
 *
 * <p>Where the files are looked for, in order ({@link #locate(Map)}): the folder in the environment
 * variable {@value #ENV_DIR}; the system install of the Debian package {@value #DEBIAN_PACKAGE}
 * ({@value #SYSTEM_DIR}); the cache {@code $MLE4J_CACHE} (default {@code ~/.cache/mle4j/data})
 * {@code /debian/dataset-fashion-mnist/usr/share/datasets/fashion-mnist}, which {@code
 * scripts/fetch-fashion-mnist.sh} and {@link #fetchDebian(Path)} fill. The original download from
 * Zalando's server with the published MD5 checksums is kept in {@link #download(Path)} and only
 * runs when called.
 */
public final class FashionMnist {
  private static final Logger LOG = LoggerFactory.getLogger(FashionMnist.class);

  /** Environment variable naming a folder with the four files. */
  public static final String ENV_DIR = "MLE4J_FASHION_MNIST_DIR";

  /** The Debian package that ships the files. */
  public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";

  /** Where the Debian package installs the files. */
  public static final String SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";

  /** The folder inside the Debian package that holds the files. */
  public static final String PACKAGE_DIR = "usr/share/datasets/fashion-mnist";

  /** Base URL of the original files. */
  public static final String DOWNLOAD_URL =
      "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

  /** Class names, index = label. */
  public static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /**
   * File stems (without {@code .gz}) in the order train images, train labels, test images, test
   * labels.
   */
  public static final List<String> FILES =
      List.of(
          "train-images-idx3-ubyte",
          "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte",
          "t10k-labels-idx1-ubyte");

  /**
   * Zalando's published MD5 checksums of the gzipped files (the Debian package recompressed them).
   */
  private static final Map<String, String> MD5 =
      Map.of(
          "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
          "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe",
          "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79",
          "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310");

  private FashionMnist() {}

  /**
   * The official parts.
   *
   * @param train the 60,000 training images ({@code train/0} ...)
   * @param test the 10,000 test images ({@code test/0} ...)
   */
  public record Parts(ImageDataset train, ImageDataset test) {
    /** Checks the parts. */
    public Parts {
      Objects.requireNonNull(train, "train");
      Objects.requireNonNull(test, "test");
    }

    /**
     * A split for training: a stratified, seeded validation part carved out of the training images,
     * and the official test set as test.
     *
     * @param validationFraction share of the training images held out, in (0, 1)
     * @param seed shuffling seed
     * @return the split
     */
    public DatasetSplit split(double validationFraction, long seed) {
      List<ImageDataset> parts =
          StratifiedSplitter.split(
              train, new double[] {1 - validationFraction, validationFraction}, seed);
      return new DatasetSplit(
          parts.get(0).with("fashion-mnist-train", parts.get(0).images()),
          parts.get(1).with("fashion-mnist-validation", parts.get(1).images()),
          test);
    }
  }

  /**
   * Loads from the first folder {@link #locate(Map)} finds.
   *
   * @return the training and test parts
   * @throws MlException if no folder holds the files (the message says how to get them)
   */
  public static Parts load() {
    return load(
        locate(System.getenv())
            .orElseThrow(
                () ->
                    new MlException(
                        "Fashion-MNIST not found in $"
                            + ENV_DIR
                            + ", "
                            + SYSTEM_DIR
                            + " or "
                            + cacheDir(System.getenv())
                            + ": run scripts/fetch-fashion-mnist.sh, call"
                            + " FashionMnist.fetchDebian(cache) or FashionMnist.download(dir),"
                            + " or set "
                            + ENV_DIR)));
  }

  /**
   * Loads the four files from a folder.
   *
   * @param dir the folder holding the files ({@code .gz} or plain)
   * @return the training and test parts
   * @throws MlException if a file is missing or malformed, or counts do not match
   */
  public static Parts load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new MlException("Fashion-MNIST folder " + dir + " does not exist");
    }
    ImageDataset train = read(dir, "train", file(dir, FILES.get(0)), file(dir, FILES.get(1)));
    ImageDataset test = read(dir, "test", file(dir, FILES.get(2)), file(dir, FILES.get(3)));
    return new Parts(train, test);
  }

  /**
   * Reads one image/label file pair into a data set named {@code fashion-mnist-<part>} with ids
   * {@code <part>/<index>}.
   *
   * @param part {@code train} or {@code test} (used in names and ids)
   * @param images the IDX3 image file
   * @param labels the IDX1 label file
   * @return the data set
   * @throws MlException if the files are malformed, counts differ or a label is not 0-9
   */
  public static ImageDataset read(String part, Path images, Path labels) {
    return read(images.toAbsolutePath().getParent(), part, images, labels);
  }

  private static ImageDataset read(Path dir, String part, Path imageFile, Path labelFile) {
    IdxFiles.Images images = IdxFiles.readImages(imageFile);
    int[] labels = IdxFiles.readLabels(labelFile);
    if (images.count() != labels.length) {
      throw new MlException(
          "Fashion-MNIST "
              + part
              + " in "
              + dir
              + ": "
              + imageFile.getFileName()
              + " holds "
              + images.count()
              + " images but "
              + labelFile.getFileName()
              + " holds "
              + labels.length
              + " labels");
    }
    int size = images.rows() * images.cols();
    List<LabeledImage> list = new ArrayList<>(images.count());
    for (int i = 0; i < images.count(); i++) {
      if (labels[i] >= CLASSES.size()) {
        throw new MlException(
            labelFile + ": label " + labels[i] + " of example " + i + " is not a class 0-9");
      }
      byte[] px = new byte[size];
      System.arraycopy(images.pixels(), i * size, px, 0, size);
      PixelImage image = new PixelImage(images.cols(), images.rows(), 1, px);
      list.add(new LabeledImage(part + "/" + i, labels[i], () -> image));
    }
    return new ImageDataset("fashion-mnist-" + part, CLASSES, list);
  }

  private static Path file(Path dir, String stem) {
    Path gz = dir.resolve(stem + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path plain = dir.resolve(stem);
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    throw new MlException(
        "Fashion-MNIST file "
            + stem
            + "(.gz) missing in "
            + dir
            + "; run scripts/fetch-fashion-mnist.sh");
  }

  /**
   * Whether a folder holds the four files (each gzipped or plain).
   *
   * @param dir the folder
   * @return true when all four are there
   */
  public static boolean holds(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      return false;
    }
    for (String stem : FILES) {
      if (!Files.isRegularFile(dir.resolve(stem + ".gz"))
          && !Files.isRegularFile(dir.resolve(stem))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The folders checked for the files, in order: {@code $MLE4J_FASHION_MNIST_DIR}, {@value
   * #SYSTEM_DIR}, then the cache folder.
   *
   * @param env the environment (usually {@link System#getenv()})
   * @return the candidate folders
   */
  public static List<Path> candidates(Map<String, String> env) {
    List<Path> out = new ArrayList<>();
    String dir = env.get(ENV_DIR);
    if (dir != null && !dir.isBlank()) {
      out.add(Path.of(dir));
    }
    out.add(Path.of(SYSTEM_DIR));
    out.add(cacheDir(env));
    return out;
  }

  /**
   * The first candidate folder holding the files.
   *
   * @param env the environment (usually {@link System#getenv()})
   * @return the folder, or empty
   */
  public static Optional<Path> locate(Map<String, String> env) {
    return candidates(env).stream().filter(FashionMnist::holds).findFirst();
  }

  /**
   * The extracted-package folder inside the cache: {@code $MLE4J_CACHE} (default {@code
   * ~/.cache/mle4j/data}) {@code /debian/dataset-fashion-mnist/usr/share/datasets/fashion-mnist}.
   *
   * @param env the environment
   * @return the folder (it may not exist)
   */
  public static Path cacheDir(Map<String, String> env) {
    return cacheRoot(env).resolve("debian").resolve(DEBIAN_PACKAGE).resolve(PACKAGE_DIR);
  }

  private static Path cacheRoot(Map<String, String> env) {
    String cache = env.get("MLE4J_CACHE");
    if (cache != null && !cache.isBlank()) {
      return Path.of(cache);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "mle4j", "data");
  }

  /**
   * Fetches the Debian package with {@code apt-get download} (no root needed) and extracts it to
   * {@code cache/debian/dataset-fashion-mnist}; does nothing when it is already there.
   *
   * @param cache the cache root (e.g. {@code ~/.cache/mle4j/data})
   * @return the folder holding the four files
   * @throws MlException if apt-get is missing or fails, or the package lacks the files
   */
  public static Path fetchDebian(Path cache) {
    DebianPackages.Contents contents =
        new DebianPackages.Contents(
            DEBIAN_PACKAGE,
            PACKAGE_DIR + "/" + FILES.get(0) + ".gz",
            root -> Optional.of(root.resolve(PACKAGE_DIR)).filter(FashionMnist::holds));
    return DebianPackages.fetch(
        DebianPackages.AptGet.defaults(
            "download "
                + DEBIAN_PACKAGE
                + " from https://packages.debian.org/bookworm/all/"
                + DEBIAN_PACKAGE
                + "/download, or call FashionMnist.download(dir) with internet"),
        contents,
        cache.resolve("debian").resolve(DEBIAN_PACKAGE));
  }

  /**
   * Downloads the four original gzipped files from Zalando's server into {@code dir}, checking each
   * against its published MD5 checksum; files already present with the right checksum are kept.
   * Each file is written to a temporary name and renamed into place.
   *
   * @param dir the destination folder (created if needed)
   * @return {@code dir}
   * @throws MlException on a network error, an HTTP error or a checksum mismatch
   */
  public static Path download(Path dir) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    try {
      Files.createDirectories(dir);
      Map<String, String> todo = new LinkedHashMap<>();
      for (String stem : FILES) {
        String name = stem + ".gz";
        Path target = dir.resolve(name);
        if (Files.isRegularFile(target) && md5(target).equals(MD5.get(name))) {
          continue;
        }
        todo.put(name, MD5.get(name));
      }
      for (Map.Entry<String, String> e : todo.entrySet()) {
        downloadOne(client, e.getKey(), e.getValue(), dir);
      }
      return dir;
    } catch (IOException e) {
      throw new MlException("cannot download Fashion-MNIST into " + dir + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlException("interrupted while downloading Fashion-MNIST", e);
    }
  }

  private static void downloadOne(HttpClient client, String name, String md5, Path dir)
      throws IOException, InterruptedException {
    URI uri = URI.create(DOWNLOAD_URL + name);
    LOG.info("Downloading {}", uri);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build();
    HttpResponse<InputStream> response =
        client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    Path temp = Files.createTempFile(dir, "." + name, ".part");
    try {
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new MlException("GET " + uri + " returned HTTP " + response.statusCode());
        }
        MessageDigest digest = md5Digest();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), digest)) {
          in.transferTo(out);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(md5)) {
          throw new MlException(
              "checksum mismatch for " + uri + ": MD5 " + actual + ", expected " + md5);
        }
      }
      Files.move(
          temp,
          dir.resolve(name),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String md5(Path file) throws IOException {
    MessageDigest digest = md5Digest();
    try (InputStream in = Files.newInputStream(file);
        OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
      in.transferTo(out);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest md5Digest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new MlException("MD5 is not available in this JVM", e);
    }
  }
}
