package dev.mle4j.core.data;

import dev.mle4j.core.MlException;
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
import java.util.function.Function;
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
 * Downloads ({@code apt-get download}) and extracts ({@code ar} + {@code data.tar.*}) Debian
 * packages without root rights or {@code dpkg}, for data sets shipped as Debian packages.
 *
 * <pre>{@code
 * DebianPackages.Contents contents =
 *     new DebianPackages.Contents("postgresql-doc-15", "usr/share/doc/postgresql-doc-15/html",
 *         root -> Optional.of(root.resolve("usr/share/doc/postgresql-doc-15/html"))
 *             .filter(Files::isDirectory));
 * Path html = DebianPackages.fetch(
 *     DebianPackages.AptGet.defaults("or download the .deb by hand"), contents, cacheFolder);
 * }</pre>
 */
public final class DebianPackages {
  private static final Logger LOG = LoggerFactory.getLogger(DebianPackages.class);

  private DebianPackages() {}

  /**
   * How to run {@code apt-get download}.
   *
   * @param command the apt-get executable (e.g. {@code apt-get} on the PATH)
   * @param timeout how long the download may run; positive
   * @param hint appended to the errors (apt-get missing or failing), e.g. where to download the
   *     package by hand
   */
  public record AptGet(String command, Duration timeout, String hint) {
    /**
     * Checks the values.
     *
     * @throws MlException if the command is blank, the timeout not positive, or the hint null
     */
    public AptGet {
      if (command == null || command.isBlank()) {
        throw new MlException("the apt-get command must not be blank");
      }
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new MlException("apt-get timeout must be positive, got " + timeout);
      }
      Objects.requireNonNull(hint, "hint");
    }

    /**
     * {@code apt-get} on the PATH with a 5 minute timeout.
     *
     * @param hint appended to the errors
     * @return the settings
     */
    public static AptGet defaults(String hint) {
      return new AptGet("apt-get", Duration.ofMinutes(5), hint);
    }
  }

  /**
   * What an extracted package must hold.
   *
   * @param packageName the Debian package name, e.g. {@code postgresql-doc-15}
   * @param description what must be in the file tree, for error messages (e.g. {@code
   *     usr/share/doc/x/index.html})
   * @param locate finds the wanted folder in an extraction root; empty when it is not there
   */
  public record Contents(
      String packageName, String description, Function<Path, Optional<Path>> locate) {
    /**
     * Checks the values.
     *
     * @throws MlException if the package name is blank
     * @throws NullPointerException if the description or locate is null
     */
    public Contents {
      if (packageName == null || packageName.isBlank()) {
        throw new MlException("the Debian package name must not be blank");
      }
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(locate, "locate");
    }
  }

  /**
   * Downloads a package with {@code apt-get download} into a temporary folder beside {@code target}
   * and installs it there with {@link #install(Path, Path, Contents)}; the download folder is
   * deleted afterwards. Does not download when {@code target} already holds the contents.
   *
   * @param apt how to run apt-get
   * @param contents the package and what it must hold
   * @param target the folder to extract into
   * @return the folder found by {@link Contents#locate()} in {@code target}
   * @throws MlException if apt-get is missing, fails or times out, or the package is unusable
   */
  public static Path fetch(AptGet apt, Contents contents, Path target) {
    Optional<Path> cached = contents.locate().apply(target);
    if (cached.isPresent()) {
      return cached.get();
    }
    Path parent = target.toAbsolutePath().getParent();
    Path work;
    try {
      Files.createDirectories(parent);
      work = Files.createTempDirectory(parent, ".apt-download-");
    } catch (IOException e) {
      throw new MlException("cannot create a download folder under " + parent + ": " + e, e);
    }
    try {
      Path deb = download(apt, contents.packageName(), work);
      return install(deb, target, contents);
    } finally {
      deleteTree(work);
    }
  }

  /**
   * Runs {@code apt-get download <package>} in {@code workDir} (no root rights needed when the apt
   * lists are present).
   *
   * @param apt how to run apt-get
   * @param packageName the Debian package name
   * @param workDir an existing, empty folder for the download
   * @return the downloaded {@code .deb} file
   * @throws MlException if apt-get cannot be started, fails, times out, or leaves not exactly one
   *     {@code <package>_*.deb}
   */
  public static Path download(AptGet apt, String packageName, Path workDir) {
    Path log = workDir.resolve("apt-get.log");
    List<String> command = List.of(apt.command(), "download", packageName);
    LOG.info("Downloading Debian package {} with {}", packageName, String.join(" ", command));
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new MlException(
          "cannot run '" + apt.command() + "' (" + e.getMessage() + "): " + apt.hint(), e);
    }
    try {
      if (!process.waitFor(apt.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new MlException(
            String.join(" ", command)
                + " did not finish within "
                + apt.timeout().toSeconds()
                + " s");
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
              + " (if the package is unknown, run 'apt-get update' as root first; or: "
              + apt.hint()
              + ")");
    }
    List<Path> debs = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(workDir, packageName + "_*.deb")) {
      files.forEach(debs::add);
    } catch (IOException e) {
      throw new MlException("cannot list " + workDir + ": " + e, e);
    }
    if (debs.size() != 1) {
      throw new MlException(
          String.join(" ", command)
              + " succeeded but left "
              + debs.size()
              + " .deb files in "
              + workDir
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
   * Extracts a {@code .deb} into {@code target} atomically: the file tree is unpacked into a
   * temporary folder beside {@code target}, checked with {@link Contents#locate()}, and renamed
   * into place, so {@code target} is either complete or absent. An existing complete {@code target}
   * is kept; an incomplete one is replaced.
   *
   * @param deb the package file
   * @param target the folder to extract into
   * @param contents the package and what it must hold
   * @return the folder found by {@link Contents#locate()} in {@code target}
   * @throws MlException if the file is not a Debian package, is damaged, or lacks the contents
   */
  public static Path install(Path deb, Path target, Contents contents) {
    Path parent = target.toAbsolutePath().getParent();
    Path temp;
    try {
      Files.createDirectories(parent);
      temp = Files.createTempDirectory(parent, ".extract-");
    } catch (IOException e) {
      throw new MlException("cannot create a folder under " + parent + ": " + e, e);
    }
    Function<Path, Optional<Path>> locate = contents.locate();
    try {
      extract(deb, temp);
      if (locate.apply(temp).isEmpty()) {
        throw new MlException(
            deb
                + " does not contain "
                + contents.description()
                + ": not "
                + contents.packageName());
      }
      Optional<Path> existing = locate.apply(target);
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
        Optional<Path> raced = locate.apply(target);
        if (raced.isPresent()) {
          return raced.get(); // another process installed it meanwhile
        }
        throw e;
      }
      LOG.info("Installed {} into {}", deb.getFileName(), target);
      return locate
          .apply(target)
          .orElseThrow(() -> new MlException(target + " lost its contents after the rename"));
    } catch (IOException e) {
      throw new MlException("cannot install " + deb + " into " + target + ": " + e, e);
    } finally {
      deleteTree(temp);
    }
  }

  /**
   * Extracts the file tree of a Debian package ({@code data.tar}, {@code .xz}, {@code .gz} or
   * {@code .bz2} inside the {@code ar} archive) into a folder. Regular files and folders are
   * written; links are skipped; entries that would land outside the folder are rejected. Not
   * atomic: use {@link #install(Path, Path, Contents)} for that.
   *
   * @param deb the {@code .deb} file
   * @param destination the folder to extract into (created if needed)
   * @throws MlException if the file is not a Debian package or is damaged
   */
  public static void extract(Path deb, Path destination) {
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
    if (root == null || !Files.exists(root)) {
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
}
