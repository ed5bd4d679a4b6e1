package dev.mle4j.tabular.data;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.data.DebianPackages;
import dev.mle4j.core.data.Fingerprints;
import dev.mle4j.tabular.data.rdata.LazyLoadDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
    return DebianPackages.fetch(apt(), contents(), cacheFolder());
  }

  private DebianPackages.AptGet apt() {
    return new DebianPackages.AptGet(
        aptGet,
        timeout,
        "fetching the Ames data needs Debian's apt-get; on other systems download "
            + DEBIAN_PACKAGE
            + " from https://packages.debian.org/bookworm/all/"
            + DEBIAN_PACKAGE
            + "/download and call AmesHousing.installDeb(file), or set "
            + DIR_ENV);
  }

  private static DebianPackages.Contents contents() {
    return new DebianPackages.Contents(
        DEBIAN_PACKAGE, PACKAGE_PATH + "/data/Rdata.rdx", AmesHousing::packageIn);
  }

  /**
   * Extracts a downloaded {@code r-cran-modeldata} {@code .deb} into {@link #cacheFolder()}: the
   * {@code ar} archive's {@code data.tar.xz} (or {@code .gz}, {@code .bz2}, plain) is unpacked into
   * a temporary folder beside it, checked, and renamed into place, so the folder is either complete
   * or absent. An existing complete folder is kept (see {@link DebianPackages#install}).
   *
   * @param deb the package file
   * @return the package folder ({@code .../usr/lib/R/site-library/modeldata})
   * @throws MlException if the file is not a Debian package holding the R package modeldata
   */
  public Path installDeb(Path deb) {
    return DebianPackages.install(deb, cacheFolder(), contents());
  }

  /**
   * Extracts the file tree of a Debian package into a folder; same as {@link
   * DebianPackages#extract(Path, Path)}.
   *
   * @param deb the {@code .deb} file
   * @param destination the folder to extract into (created if needed)
   * @throws MlException if the file is not a Debian package or is damaged
   */
  public static void extractDeb(Path deb, Path destination) {
    DebianPackages.extract(deb, destination);
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
