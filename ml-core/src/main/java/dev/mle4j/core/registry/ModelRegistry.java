package dev.mle4j.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file-based model registry (a small cousin of MLflow's): content-hashed versions, stage tags
 * such as {@code staging} and {@code production} with rollback, and crash-safe writes.
 *
 * <p>Layout under the root folder:
 *
 * <pre>
 * &lt;root&gt;/.lock                                   lock file guarding every change
 * &lt;root&gt;/&lt;name&gt;/versions/&lt;version&gt;/            artifact files + model-card.json
 * &lt;root&gt;/&lt;name&gt;/stages.json                       stage -&gt; version, with history
 * &lt;root&gt;/&lt;name&gt;/.tmp-*                            in-progress writes (removed by open)
 * </pre>
 *
 * <p>A version id is the first 12 hex characters of a SHA-256 over the artifact files' sorted
 * relative paths and bytes, so registering the same content twice yields the same version and
 * changes nothing. A version is copied into a hidden temporary folder and appears only through one
 * atomic rename; {@code stages.json} is replaced the same way. A crash therefore never leaves a
 * half-written version or stage file visible, and {@link #open(Path)} removes the leftovers.
 * Changes hold an exclusive {@link FileLock} on {@code <root>/.lock}, so several processes (and
 * threads) can share one registry; reads take no lock. A registry folder that exists but cannot be
 * written (a read-only volume in a container, say) opens read-only: models can be listed and
 * loaded, and every change fails with a message that says so.
 *
 * <p>Instances are thread-safe.
 */
public final class ModelRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  static final String VERSIONS_DIR = "versions";
  static final String STAGES_FILE = "stages.json";
  static final String LOCK_FILE = ".lock";
  static final String TEMP_PREFIX = AtomicFiles.TEMP_PREFIX;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final Pattern STAGE = Pattern.compile("[a-z][a-z0-9]{0,31}");
  private static final Pattern VERSION = Pattern.compile("[0-9a-f]{12}");
  private static final int VERSION_LENGTH = 12;
  private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(5);

  private final Path root;
  private final Hooks hooks;
  private final ReentrantLock localLock = new ReentrantLock();
  private final boolean readOnly;

  private ModelRegistry(Path root, Hooks hooks, boolean readOnly) {
    this.root = root;
    this.hooks = hooks;
    this.readOnly = readOnly;
  }

  /**
   * Opens (creating if needed) the registry in a folder and removes temporary files and folders
   * left behind by an interrupted write.
   *
   * @param root the registry folder
   * @return the registry
   * @throws MlException when the folder cannot be created or is not a folder
   */
  public static ModelRegistry open(Path root) {
    return open(root, Hooks.NONE);
  }

  /**
   * Opens an existing registry folder for reading only: nothing is created, locked or cleaned up,
   * and every change fails with a clear message. {@link #open(Path)} does this by itself for a
   * folder this process cannot write.
   *
   * @param root the registry folder
   * @return the registry
   * @throws MlException when the folder does not exist
   */
  public static ModelRegistry openReadOnly(Path root) {
    Objects.requireNonNull(root, "root");
    Path absolute = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(absolute)) {
      throw new MlException("model registry folder " + absolute + " does not exist");
    }
    return new ModelRegistry(absolute, Hooks.NONE, true);
  }

  /** Opens with test hooks that can interrupt writes part-way. */
  static ModelRegistry open(Path root, Hooks hooks) {
    Objects.requireNonNull(root, "root");
    Path absolute = root.toAbsolutePath().normalize();
    if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
      throw new MlException("model registry root " + absolute + " exists but is not a folder");
    }
    if (Files.isDirectory(absolute) && !Files.isWritable(absolute)) {
      LOG.info("model registry {} is read-only: serving and reading only", absolute);
      return new ModelRegistry(absolute, Objects.requireNonNull(hooks, "hooks"), true);
    }
    try {
      Files.createDirectories(absolute);
    } catch (IOException e) {
      throw new MlException("cannot create model registry folder " + absolute + ": " + e, e);
    }
    ModelRegistry registry =
        new ModelRegistry(absolute, Objects.requireNonNull(hooks, "hooks"), false);
    registry.locked(
        () -> {
          registry.removeStaleTemporaries();
          return null;
        });
    return registry;
  }

  /**
   * Whether this registry was opened on a folder it cannot write.
   *
   * @return true when changes are refused
   */
  public boolean isReadOnly() {
    return readOnly;
  }

  /**
   * The registry folder.
   *
   * @return its absolute path
   */
  public Path root() {
    return root;
  }

  /**
   * Registers the files of a folder as a version of a model. The version is the content hash of the
   * files; a top-level {@code model-card.json} in the folder is neither hashed nor copied (the
   * registry writes its own). If that version already exists, nothing is written and the stored
   * version (with its original card) is returned.
   *
   * @param name the model name: lowercase letters, digits, {@code .}, {@code _}, {@code -}
   * @param artifactDir folder with the model's files (at least one)
   * @param card the card; its name must equal {@code name}; it is stored with the version filled in
   * @return the registered version
   * @throws MlException on an invalid name, a name mismatch, an empty or missing folder, or an I/O
   *     error
   */
  public ModelVersion register(String name, Path artifactDir, ModelCard card) {
    checkName(name);
    Objects.requireNonNull(artifactDir, "artifactDir");
    Objects.requireNonNull(card, "card");
    if (!card.name().equals(name)) {
      throw new MlException(
          "model card name '" + card.name() + "' differs from the registered name '" + name + "'");
    }
    if (!Files.isDirectory(artifactDir)) {
      throw new MlException("artifact folder " + artifactDir + " does not exist or is no folder");
    }
    List<ArtifactFile> files = listArtifacts(artifactDir);
    String version = hashFiles(files);
    return locked(
        () -> {
          Path modelDir = modelDir(name);
          Path target = modelDir.resolve(VERSIONS_DIR).resolve(version);
          if (Files.isDirectory(target)) {
            LOG.info("model {} version {} is already registered; nothing written", name, version);
            return versionAt(name, version, target, readStages(name));
          }
          Files.createDirectories(target.getParent());
          Path temp = modelDir.resolve(TEMP_PREFIX + UUID.randomUUID());
          try {
            Files.createDirectory(temp);
            MessageDigest digest = sha256();
            for (ArtifactFile file : files) {
              hooks.beforeCopy(file.relative());
              copyHashing(file, temp.resolve(file.relative()), digest);
            }
            String copied = toVersion(digest);
            if (!copied.equals(version)) {
              throw new MlException(
                  "artifact files in " + artifactDir + " changed while being registered; retry");
            }
            ModelCard stored = card.withVersion(version);
            Files.writeString(
                temp.resolve(ModelCardJson.FILE_NAME),
                ModelCardJson.toJson(stored),
                StandardCharsets.UTF_8);
            AtomicFiles.syncFile(temp.resolve(ModelCardJson.FILE_NAME));
            AtomicFiles.moveAtomically(temp, target);
            AtomicFiles.syncDirectory(target.getParent());
          } catch (IOException | RuntimeException e) {
            deleteRecursively(temp);
            if (e instanceof MlException ml) {
              throw ml;
            }
            throw new MlException(
                "cannot register model " + name + " from " + artifactDir + ": " + e, e);
          }
          LOG.info("registered model {} version {} ({} files)", name, version, files.size());
          return versionAt(name, version, target, readStages(name));
        });
  }

  /**
   * The names of the registered models (those with at least one version).
   *
   * @return model names, sorted
   */
  public List<String> models() {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(".") && !versionIds(name).isEmpty()) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new MlException("cannot list model registry " + root + ": " + e, e);
    }
    names.sort(Comparator.naturalOrder());
    return List.copyOf(names);
  }

  /**
   * The versions of a model, newest first by the card's creation time.
   *
   * @param name the model name
   * @return its versions
   * @throws MlException when the model is unknown (the message lists the known ones)
   */
  public List<ModelVersion> versions(String name) {
    requireModel(name);
    Map<String, StageState> stages = readStages(name);
    List<ModelVersion> result = new ArrayList<>();
    for (String version : versionIds(name)) {
      result.add(versionAt(name, version, versionDir(name, version), stages));
    }
    result.sort(
        Comparator.comparing((ModelVersion v) -> v.card().createdAt())
            .reversed()
            .thenComparing(ModelVersion::version));
    return List.copyOf(result);
  }

  /**
   * Looks up one version.
   *
   * @param name the model name
   * @param version the version id (12 lowercase hex characters)
   * @return the version, or empty when the model or version is not registered
   * @throws MlException when the name or version id is malformed
   */
  public Optional<ModelVersion> find(String name, String version) {
    checkName(name);
    checkVersion(version);
    Path dir = versionDir(name, version);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    return Optional.of(versionAt(name, version, dir, readStages(name)));
  }

  /**
   * The version that currently holds a stage.
   *
   * @param name the model name
   * @param stage the stage, e.g. {@code production}
   * @return the version, or empty when the model is unknown or no version holds the stage
   * @throws MlException when the name or stage is malformed, or the stage points at a version that
   *     is missing on disk
   */
  public Optional<ModelVersion> stage(String name, String stage) {
    checkName(name);
    checkStage(stage);
    StageState state = readStages(name).get(stage);
    if (state == null) {
      return Optional.empty();
    }
    return Optional.of(requireVersion(name, state.version(), "stage '" + stage + "' points at"));
  }

  /**
   * Gives a stage to a version. The version that held the stage before is remembered, so {@link
   * #rollback(String, String)} can bring it back. Promoting the version that already holds the
   * stage changes nothing.
   *
   * @param name the model name
   * @param version the version id
   * @param stage the stage: a lowercase word such as {@code staging} or {@code production}
   * @return the promoted version, with its updated stages
   * @throws MlException when the model or version is unknown or the stage name is invalid
   */
  public ModelVersion promote(String name, String version, String stage) {
    checkName(name);
    checkVersion(version);
    checkStage(stage);
    return locked(
        () -> {
          requireModel(name);
          requireVersion(name, version, "cannot promote");
          Map<String, StageState> stages = readStages(name);
          StageState current = stages.get(stage);
          if (current != null && current.version().equals(version)) {
            LOG.info("model {} version {} already holds stage {}", name, version, stage);
            return versionAt(name, version, versionDir(name, version), stages);
          }
          List<StageEntry> history = new ArrayList<>();
          if (current != null) {
            history.addAll(current.history());
            history.add(new StageEntry(current.version(), current.promotedAt()));
          }
          stages.put(stage, new StageState(version, Instant.now(), history));
          writeStages(name, stages);
          LOG.info(
              "model {}: stage {} -> version {} (was {})",
              name,
              stage,
              version,
              current == null ? "none" : current.version());
          return versionAt(name, version, versionDir(name, version), stages);
        });
  }

  /**
   * Gives a stage back to the version that held it before the last promotion.
   *
   * @param name the model name
   * @param stage the stage
   * @return the version that now holds the stage
   * @throws MlException when the model is unknown, no version holds the stage, or no earlier
   *     version held it
   */
  public ModelVersion rollback(String name, String stage) {
    checkName(name);
    checkStage(stage);
    return locked(
        () -> {
          requireModel(name);
          Map<String, StageState> stages = readStages(name);
          StageState current = stages.get(stage);
          if (current == null) {
            throw new MlException(
                "model '"
                    + name
                    + "' has no version in stage '"
                    + stage
                    + "' to roll back; stages in use: "
                    + stages.keySet());
          }
          if (current.history().isEmpty()) {
            throw new MlException(
                "stage '"
                    + stage
                    + "' of model '"
                    + name
                    + "' has no earlier version to roll back to (current version "
                    + current.version()
                    + ")");
          }
          List<StageEntry> history = new ArrayList<>(current.history());
          StageEntry previous = history.remove(history.size() - 1);
          requireVersion(name, previous.version(), "cannot roll back stage '" + stage + "' to");
          stages.put(stage, new StageState(previous.version(), previous.promotedAt(), history));
          writeStages(name, stages);
          LOG.info(
              "model {}: stage {} rolled back from version {} to {}",
              name,
              stage,
              current.version(),
              previous.version());
          return versionAt(name, previous.version(), versionDir(name, previous.version()), stages);
        });
  }

  // ---------------------------------------------------------------- internals

  private Path modelDir(String name) {
    return root.resolve(name);
  }

  private Path versionDir(String name, String version) {
    return modelDir(name).resolve(VERSIONS_DIR).resolve(version);
  }

  private List<String> versionIds(String name) {
    Path dir = modelDir(name).resolve(VERSIONS_DIR);
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path entry : entries) {
        String id = entry.getFileName().toString();
        if (!id.startsWith(".")) {
          ids.add(id);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new MlException("cannot list versions in " + dir + ": " + e, e);
    }
    ids.sort(Comparator.naturalOrder());
    return ids;
  }

  private ModelVersion versionAt(
      String name, String version, Path dir, Map<String, StageState> stages) {
    ModelCard card = ModelCardJson.read(dir.resolve(ModelCardJson.FILE_NAME));
    Set<String> held = new LinkedHashSet<>();
    stages.forEach(
        (stage, state) -> {
          if (state.version().equals(version)) {
            held.add(stage);
          }
        });
    return new ModelVersion(name, version, dir, card, held);
  }

  private void requireModel(String name) {
    checkName(name);
    if (versionIds(name).isEmpty()) {
      throw new MlException(
          "unknown model '" + name + "' in registry " + root + "; models: " + models());
    }
  }

  private ModelVersion requireVersion(String name, String version, String context) {
    Path dir = versionDir(name, version);
    if (!Files.isDirectory(dir)) {
      throw new MlException(
          context
              + " unknown version '"
              + version
              + "' of model '"
              + name
              + "'; versions: "
              + versionIds(name));
    }
    return versionAt(name, version, dir, readStages(name));
  }

  private Map<String, StageState> readStages(String name) {
    Path file = modelDir(name).resolve(STAGES_FILE);
    TreeMap<String, StageState> stages = new TreeMap<>();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return stages;
    } catch (IOException e) {
      throw new MlException("cannot read stage file " + file + ": " + e, e);
    }
    StagesFile parsed;
    try {
      parsed = ModelCardJson.mapper().readValue(bytes, StagesFile.class);
    } catch (JsonProcessingException e) {
      throw new MlException(
          "stage file " + file + " is malformed: " + e.getOriginalMessage() + where(e), e);
    } catch (IOException e) {
      throw new MlException("cannot parse stage file " + file + ": " + e, e);
    }
    if (parsed == null || parsed.stages() == null) {
      throw new MlException("stage file " + file + " lacks the 'stages' object");
    }
    parsed
        .stages()
        .forEach(
            (stage, state) -> {
              if (state == null
                  || state.version() == null
                  || !VERSION.matcher(state.version()).matches()) {
                throw new MlException(
                    "stage file " + file + ": stage '" + stage + "' has no valid version");
              }
              stages.put(stage, state);
            });
    return stages;
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private void writeStages(String name, Map<String, StageState> stages) throws IOException {
    Path file = modelDir(name).resolve(STAGES_FILE);
    byte[] bytes;
    try {
      bytes = ModelCardJson.mapper().writeValueAsBytes(new StagesFile(new TreeMap<>(stages)));
    } catch (JsonProcessingException e) {
      throw new MlException("cannot serialize stages of model '" + name + "': " + e, e);
    }
    AtomicFiles.write(file, bytes, hooks::beforeStagesRename);
  }

  private void removeStaleTemporaries() throws IOException {
    try (DirectoryStream<Path> models = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path modelDir : models) {
        if (modelDir.getFileName().toString().startsWith(".")) {
          continue;
        }
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(modelDir, TEMP_PREFIX + "*")) {
          for (Path temp : temps) {
            LOG.warn("removing {} left by an interrupted registry write", temp);
            deleteRecursively(temp);
          }
        }
      }
    }
  }

  private <T> T locked(IoAction<T> action) {
    if (readOnly) {
      throw new MlException(
          "model registry "
              + root
              + " is read-only (not writable by this process, e.g. a read-only volume): it can"
              + " serve and list models but not change them");
    }
    localLock.lock();
    Path lockFile = root.resolve(LOCK_FILE);
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = acquire(channel, lockFile)) {
      return action.run();
    } catch (IOException e) {
      throw new MlException("model registry " + root + ": " + e, e);
    } finally {
      localLock.unlock();
    }
  }

  private static FileLock acquire(FileChannel channel, Path lockFile) throws IOException {
    long deadline = System.nanoTime() + LOCK_TIMEOUT.toNanos();
    while (true) {
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException e) {
        // Another registry instance in this JVM holds the lock; wait like for another process.
      }
      if (System.nanoTime() > deadline) {
        throw new MlException(
            "model registry lock "
                + lockFile
                + " is held by another process for more than "
                + LOCK_TIMEOUT.toSeconds()
                + " s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MlException("interrupted while waiting for registry lock " + lockFile, e);
      }
    }
  }

  private static List<ArtifactFile> listArtifacts(Path artifactDir) {
    List<ArtifactFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(artifactDir)) {
      walk.filter(Files::isRegularFile)
          .forEach(
              path -> {
                String separator = path.getFileSystem().getSeparator();
                String relative = artifactDir.relativize(path).toString().replace(separator, "/");
                if (!relative.equals(ModelCardJson.FILE_NAME)) {
                  files.add(new ArtifactFile(path, relative));
                }
              });
    } catch (IOException | UncheckedIOException e) {
      throw new MlException("cannot list artifact folder " + artifactDir + ": " + e, e);
    }
    if (files.isEmpty()) {
      throw new MlException(
          "artifact folder " + artifactDir + " holds no files (besides model-card.json)");
    }
    files.sort(Comparator.comparing(ArtifactFile::relative));
    return files;
  }

  private static String hashFiles(List<ArtifactFile> files) {
    MessageDigest digest = sha256();
    for (ArtifactFile file : files) {
      try (InputStream in = new DigestInputStream(Files.newInputStream(file.source()), digest)) {
        updateHeader(digest, file);
        in.transferTo(OutputStream.nullOutputStream());
      } catch (IOException e) {
        throw new MlException("cannot read artifact file " + file.source() + ": " + e, e);
      }
    }
    return toVersion(digest);
  }

  private static void copyHashing(ArtifactFile file, Path target, MessageDigest digest)
      throws IOException {
    Files.createDirectories(target.getParent());
    updateHeader(digest, file);
    try (InputStream in = new DigestInputStream(Files.newInputStream(file.source()), digest)) {
      Files.copy(in, target);
    }
    AtomicFiles.syncFile(target);
  }

  /**
   * Hashes the relative path, a separator and the size before the bytes, so that no two different
   * file sets can produce the same stream.
   */
  private static void updateHeader(MessageDigest digest, ArtifactFile file) throws IOException {
    digest.update(file.relative().getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    digest.update(ByteBuffer.allocate(Long.BYTES).putLong(Files.size(file.source())).array());
  }

  private static String toVersion(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest()).substring(0, VERSION_LENGTH);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not delete {} ({}); the next open() retries", path, e.toString());
    }
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new MlException(
          "invalid model name '"
              + name
              + "': use 1-100 lowercase letters, digits, '.', '_' or '-', starting with a letter"
              + " or digit");
    }
  }

  private static void checkStage(String stage) {
    if (stage == null || !STAGE.matcher(stage).matches()) {
      throw new MlException(
          "invalid stage name '"
              + stage
              + "': use one lowercase word such as 'staging' or 'production'");
    }
  }

  private static void checkVersion(String version) {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new MlException(
          "invalid version id '" + version + "': a registry version is 12 lowercase hex digits");
    }
  }

  private record ArtifactFile(Path source, String relative) {}

  /** The content of {@code stages.json}. */
  record StagesFile(Map<String, StageState> stages) {}

  /**
   * Who holds a stage now, since when, and who held it before (oldest first).
   *
   * @param version current version
   * @param promotedAt when it got the stage
   * @param history earlier holders, the last one is restored by a rollback
   */
  record StageState(String version, Instant promotedAt, List<StageEntry> history) {
    StageState {
      history = history == null ? List.of() : List.copyOf(history);
    }
  }

  /** An earlier holder of a stage. */
  record StageEntry(String version, Instant promotedAt) {}

  @FunctionalInterface
  private interface IoAction<T> {
    T run() throws IOException;
  }

  /** Test hooks that run at the points where a crash would hurt most. */
  interface Hooks {
    /** No hooks. */
    Hooks NONE = new Hooks() {};

    /** Runs before each artifact file is copied into the temporary version folder. */
    default void beforeCopy(String relativePath) throws IOException {}

    /** Runs after the new stages.json is flushed to its temporary file, before the rename. */
    default void beforeStagesRename(Path tempFile) throws IOException {}
  }
}
