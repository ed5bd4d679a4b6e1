package dev.mle4j.rag.ingest;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.data.DebianPackages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The default RAG corpus: the PostgreSQL 15 manual in HTML (about 1,170 pages) from the Debian
 * package {@value #DEBIAN_PACKAGE}.
 *
 * <p>The HTML folder is looked up in this order: the system property {@value #DIR_PROPERTY} (or
 * {@value #DIR_ENV}) and the environment variable {@value #DIR_ENV}, the installed package ({@code
 * /usr/share/doc/postgresql-doc-15/html}), and the cache {@code <cache
 * root>/debian/postgresql-doc-15/usr/share/doc/postgresql-doc-15/html} (cache root as in {@link
 * DatasetCatalog#defaultCacheRoot()}: {@code mle4j.cache}, {@code MLE4J_CACHE}, {@code
 * ~/.cache/mle4j/data}). A configured folder may be the HTML folder itself or a folder the {@code
 * .deb} was extracted into.
 *
 * <p>{@link #fetch()} runs {@code apt-get download postgresql-doc-15} (no root needed when the apt
 * lists are present) and extracts it into the cache; {@code scripts/fetch-pgdoc.sh} does the same
 * with {@code dpkg-deb}; {@link #installDeb(Path)} installs a {@code .deb} downloaded by hand.
 *
 * <pre>{@code
 * Path html = PostgresManual.htmlDirOrFetch();
 * Document page = DocumentLoaders.defaults().load(html.resolve("sql-createtable.html"));
 * }</pre>
 */
public final class PostgresManual {
  /** The Debian package holding the manual. */
  public static final String DEBIAN_PACKAGE = "postgresql-doc-15";

  /** Where the manual's HTML is inside the package's file tree. */
  public static final String HTML_PATH = "usr/share/doc/postgresql-doc-15/html";

  /** The HTML folder of the installed package. */
  public static final Path SYSTEM_DIR = Path.of("/" + HTML_PATH);

  /** Environment variable (also read as a system property) naming the HTML folder. */
  public static final String DIR_ENV = "MLE4J_PGDOC_DIR";

  /** System property naming the HTML folder. */
  public static final String DIR_PROPERTY = "mle4j.pgdoc.dir";

  /** Where users without apt-get download the package by hand. */
  public static final String DOWNLOAD_PAGE =
      "https://packages.debian.org/bookworm/all/postgresql-doc-15/download";

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private static final DebianPackages.Contents CONTENTS =
      new DebianPackages.Contents(
          DEBIAN_PACKAGE,
          HTML_PATH + "/index.html and sql-createtable.html",
          PostgresManual::htmlIn);

  private PostgresManual() {}

  /**
   * Finds the manual's HTML folder without downloading.
   *
   * @return the folder holding {@code index.html} and {@code sql-createtable.html}, if found
   * @throws MlException if a folder is configured ({@value #DIR_PROPERTY}, {@value #DIR_ENV}) but
   *     does not hold the manual
   */
  public static Optional<Path> find() {
    for (String[] setting :
        List.of(
            new String[] {"-D" + DIR_PROPERTY, System.getProperty(DIR_PROPERTY)},
            new String[] {"-D" + DIR_ENV, System.getProperty(DIR_ENV)},
            new String[] {DIR_ENV, System.getenv(DIR_ENV)})) {
      String value = setting[1];
      if (value != null && !value.isBlank()) {
        Path dir = Path.of(value.strip()).toAbsolutePath();
        return Optional.of(
            htmlIn(dir)
                .orElseThrow(
                    () ->
                        new MlException(
                            setting[0]
                                + " points at "
                                + dir
                                + ", which holds neither index.html and sql-createtable.html"
                                + " (the manual's HTML folder) nor "
                                + HTML_PATH
                                + " (an extracted "
                                + DEBIAN_PACKAGE
                                + " .deb)")));
      }
    }
    Optional<Path> system = htmlIn(SYSTEM_DIR);
    if (system.isPresent()) {
      return system;
    }
    return htmlIn(cacheFolder(DatasetCatalog.defaultCacheRoot()));
  }

  /**
   * The manual's HTML folder, without downloading.
   *
   * @return the folder
   * @throws MlException naming the places looked at and how to get the manual, if not found
   */
  public static Path htmlDir() {
    return find()
        .orElseThrow(
            () ->
                new MlException(
                    "PostgreSQL manual not found in "
                        + SYSTEM_DIR
                        + " or "
                        + cacheFolder(DatasetCatalog.defaultCacheRoot()).resolve(HTML_PATH)
                        + ": run scripts/fetch-pgdoc.sh, call PostgresManual.fetch(), install"
                        + " the Debian package "
                        + DEBIAN_PACKAGE
                        + ", or set "
                        + DIR_ENV
                        + " to the manual's HTML folder"));
  }

  /**
   * The manual's HTML folder, running {@link #fetch()} when it is not found.
   *
   * @return the folder
   * @throws MlException if it is missing and cannot be fetched
   */
  public static Path htmlDirOrFetch() {
    return find().orElseGet(PostgresManual::fetch);
  }

  /**
   * The folder {@link #fetch()} and {@link #installDeb(Path)} extract the package into.
   *
   * @param cacheRoot the cache root
   * @return {@code <cacheRoot>/debian/postgresql-doc-15}
   */
  public static Path cacheFolder(Path cacheRoot) {
    return cacheRoot.toAbsolutePath().resolve("debian").resolve(DEBIAN_PACKAGE);
  }

  /**
   * The HTML folder in a folder: the folder itself, or its {@value #HTML_PATH}.
   *
   * @param dir a folder
   * @return the HTML folder if it holds {@code index.html} and {@code sql-createtable.html}
   */
  public static Optional<Path> htmlIn(Path dir) {
    for (Path candidate : List.of(dir, dir.resolve(HTML_PATH))) {
      if (Files.isRegularFile(candidate.resolve("index.html"))
          && Files.isRegularFile(candidate.resolve("sql-createtable.html"))) {
        return Optional.of(candidate.toAbsolutePath().normalize());
      }
    }
    return Optional.empty();
  }

  /**
   * Downloads and extracts the manual into the default cache ({@link
   * DatasetCatalog#defaultCacheRoot()}); does nothing when it is already there.
   *
   * @return the HTML folder
   * @throws MlException if apt-get is missing, fails or times out, or the package is unusable
   */
  public static Path fetch() {
    return fetch(DatasetCatalog.defaultCacheRoot());
  }

  /**
   * Downloads the package with {@code apt-get download postgresql-doc-15} into a temporary folder
   * and extracts it into {@link #cacheFolder(Path)}; does nothing when it is already there.
   *
   * @param cacheRoot the cache root
   * @return the HTML folder
   * @throws MlException if apt-get is missing, fails or times out, or the package is unusable
   */
  public static Path fetch(Path cacheRoot) {
    return fetch(cacheRoot, "apt-get", TIMEOUT);
  }

  static Path fetch(Path cacheRoot, String aptGet, Duration timeout) {
    return DebianPackages.fetch(
        new DebianPackages.AptGet(
            aptGet,
            timeout,
            "fetching the PostgreSQL manual needs Debian's apt-get; on other systems download "
                + DEBIAN_PACKAGE
                + " from "
                + DOWNLOAD_PAGE
                + " and call PostgresManual.installDeb(file), or set "
                + DIR_ENV),
        CONTENTS,
        cacheFolder(cacheRoot));
  }

  /**
   * Installs a downloaded {@code postgresql-doc-15} {@code .deb} into the default cache.
   *
   * @param deb the package file
   * @return the HTML folder
   * @throws MlException if the file is not a Debian package holding the manual
   */
  public static Path installDeb(Path deb) {
    return installDeb(deb, DatasetCatalog.defaultCacheRoot());
  }

  /**
   * Extracts a {@code postgresql-doc-15} {@code .deb} into {@link #cacheFolder(Path)}: unpacked
   * into a temporary folder beside it, checked, and renamed into place, so the folder is either
   * complete or absent. An existing complete folder is kept.
   *
   * @param deb the package file
   * @param cacheRoot the cache root
   * @return the HTML folder
   * @throws MlException if the file is not a Debian package holding the manual
   */
  public static Path installDeb(Path deb, Path cacheRoot) {
    return DebianPackages.install(deb, cacheFolder(cacheRoot), CONTENTS);
  }

  /**
   * The manual's HTML pages, sorted by file name.
   *
   * @param htmlDir the HTML folder
   * @return the {@code .html} files
   * @throws MlException if the folder cannot be listed
   */
  public static List<Path> pages(Path htmlDir) {
    List<Path> pages = new ArrayList<>();
    try (var stream = Files.newDirectoryStream(htmlDir, "*.html")) {
      stream.forEach(pages::add);
    } catch (IOException e) {
      throw new MlException("cannot list " + htmlDir + ": " + e, e);
    }
    pages.sort(null);
    return pages;
  }
}
