package dev.mle4j.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class PostgresManualTest {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresManualTest.class);

  @TempDir Path dir;

  @Test
  void installDebExtractsAtomicallyIntoTheCache() throws IOException {
    Path deb = dir.resolve("postgresql-doc-15_15.0_all.deb");
    writeDeb(
        deb,
        List.of(
            "./usr/share/doc/postgresql-doc-15/html/index.html",
            "./usr/share/doc/postgresql-doc-15/html/sql-createtable.html"));
    Path cache = dir.resolve("cache");
    Path html = PostgresManual.installDeb(deb, cache);
    assertThat(html)
        .isEqualTo(
            cache
                .resolve("debian/postgresql-doc-15/usr/share/doc/postgresql-doc-15/html")
                .toAbsolutePath());
    assertThat(html.resolve("index.html")).hasContent("<html><title>x</title></html>");
    assertThat(PostgresManual.htmlIn(PostgresManual.cacheFolder(cache))).contains(html);
    try (var files = Files.list(cache.resolve("debian"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("postgresql-doc-15");
    }
    // fetch() finds the cached copy without running apt-get
    assertThat(PostgresManual.fetch(cache, "/nonexistent/apt-get", Duration.ofSeconds(5)))
        .isEqualTo(html);
  }

  @Test
  void debWithoutTheManualIsRejected() throws IOException {
    Path deb = dir.resolve("other.deb");
    writeDeb(deb, List.of("./usr/share/doc/other/README"));
    Path cache = dir.resolve("cache");
    assertThatThrownBy(() -> PostgresManual.installDeb(deb, cache))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not postgresql-doc-15");
    assertThat(PostgresManual.htmlIn(PostgresManual.cacheFolder(cache))).isEmpty();

    Path junk = dir.resolve("junk.deb");
    Files.writeString(junk, "not an archive");
    assertThatThrownBy(() -> PostgresManual.installDeb(junk, cache))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("junk.deb");
  }

  @Test
  void missingAptGetNamesTheDownloadPage() {
    assertThatThrownBy(
            () ->
                PostgresManual.fetch(
                    dir.resolve("cache"), "/nonexistent/apt-get", Duration.ofSeconds(5)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cannot run '/nonexistent/apt-get'")
        .hasMessageContaining(PostgresManual.DOWNLOAD_PAGE)
        .hasMessageContaining("installDeb");
  }

  @Test
  void realManualPageLoadsCleanly() {
    Optional<Path> html = PostgresManual.find();
    Assumptions.assumeTrue(html.isPresent(), "PostgreSQL manual not available");
    Document doc =
        DocumentLoaders.defaults()
            .load(html.get().resolve("sql-createtable.html"), "sql-createtable.html");
    assertThat(doc.title()).isEqualTo("CREATE TABLE");
    assertThat(doc.text()).doesNotContainPattern("\\b(Prev|Up|Home|Next)\\b");
    assertThat(doc.sections())
        .extracting(Section::pathString)
        .contains("CREATE TABLE > Synopsis", "CREATE TABLE > Parameters", "CREATE TABLE > Notes")
        .anyMatch(p -> p.startsWith("CREATE TABLE > Parameters > Storage Parameters"));
    Section synopsis =
        doc.sections().stream()
            .filter(s -> s.pathString().equals("CREATE TABLE > Synopsis"))
            .findFirst()
            .orElseThrow();
    assertThat(synopsis.text()).contains("\n[ INHERITS ( parent_table [, ... ] ) ]\n");
    List<Chunk> chunks = Chunker.defaults().chunk(doc);
    assertThat(chunks).isNotEmpty();
    assertThat(chunks)
        .allSatisfy(
            c -> assertThat(TokenCounter.defaults().count(c.text())).isLessThanOrEqualTo(512));
  }

  @Test
  void wholeManualChunks() {
    Optional<Path> html = PostgresManual.find();
    Assumptions.assumeTrue(html.isPresent(), "PostgreSQL manual not available");
    long t0 = System.nanoTime();
    DocumentLoaders loaders = DocumentLoaders.defaults();
    Chunker chunker = Chunker.defaults();
    List<Path> pages = PostgresManual.pages(html.get());
    List<Integer> sizes = new ArrayList<>();
    long tokens = 0;
    int empty = 0;
    for (Path page : pages) {
      Document doc = loaders.load(page, page.getFileName().toString());
      List<Chunk> chunks = chunker.chunk(doc);
      if (chunks.isEmpty()) {
        empty++;
      }
      for (Chunk c : chunks) {
        int t = Integer.parseInt(c.metadata().get(ChunkMetadata.TOKENS));
        assertThat(t).isLessThanOrEqualTo(512);
        sizes.add(t);
        tokens += t;
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    sizes.sort(null);
    int median = sizes.get(sizes.size() / 2);
    String line =
        String.format(
            "PostgreSQL manual: %d pages (%d without text), %d chunks, %d tokens, median %d"
                + " tokens/chunk (p10 %d, p90 %d), %.1f s load+chunk",
            pages.size(),
            empty,
            sizes.size(),
            tokens,
            median,
            sizes.get(sizes.size() / 10),
            sizes.get(sizes.size() * 9 / 10),
            seconds);
    LOG.info(line);
    assertThat(pages).hasSizeGreaterThan(1000);
    assertThat(sizes).hasSizeGreaterThan(pages.size());
  }

  /** Writes a minimal .deb: debian-binary, control.tar.xz, data.tar.xz holding the files. */
  private static void writeDeb(Path deb, List<String> files) throws IOException {
    byte[] data = tarXz(files);
    byte[] control = tarXz(List.of("./control"));
    try (OutputStream out = Files.newOutputStream(deb);
        ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
      member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
      member(ar, "control.tar.xz", control);
      member(ar, "data.tar.xz", data);
    }
  }

  private static void member(ArArchiveOutputStream ar, String name, byte[] bytes)
      throws IOException {
    ar.putArchiveEntry(new ArArchiveEntry(name, bytes.length));
    ar.write(bytes);
    ar.closeArchiveEntry();
  }

  private static byte[] tarXz(List<String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (XZCompressorOutputStream xz = new XZCompressorOutputStream(bytes);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
      for (String name : files) {
        byte[] content = "<html><title>x</title></html>".getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}
