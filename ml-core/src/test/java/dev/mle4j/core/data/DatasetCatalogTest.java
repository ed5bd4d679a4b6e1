package dev.mle4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mle4j.core.MlException;
import dev.mle4j.core.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCatalogTest {
  static final byte[] CSV = "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] README = "hello\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] IMG1 = {1, 2, 3};
  static final byte[] IMG2 = {4, 5, 6, 7};

  @TempDir Path root;
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
  void stopServer() {
    server.stop(0);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  DatasetCatalog catalog(DatasetSpec... extra) {
    DatasetCatalog.Builder b =
        DatasetCatalog.builder()
            .dataRoot(root)
            .stateDir(state)
            .progress(DatasetCatalog.Progress.LOG);
    for (DatasetSpec spec : extra) {
      b.add(spec);
    }
    return b.build();
  }

  DatasetSpec fileSpec(String urlPath, byte[] expected) {
    return new DatasetSpec(
        "tiny",
        "tiny csv",
        "made in the test",
        "tabular/tiny.csv",
        List.of(
            new DatasetFile("tabular/tiny.csv", Fingerprints.sha256(expected), expected.length)),
        DownloadSource.file(url(urlPath), null));
  }

  DatasetSpec zipSpec(String archiveSha) {
    Path folder = scratch.resolve("tree");
    return new DatasetSpec(
        "zipped",
        "csv and an image folder in one archive",
        "made in the test",
        "sets/zipped",
        List.of(
            new DatasetFile("sets/zipped/data.csv", Fingerprints.sha256(CSV), CSV.length),
            new DatasetFile("sets/zipped/images/", treeSha(folder), IMG1.length + IMG2.length)),
        DownloadSource.zip(
            url("/archive.zip"),
            archiveSha,
            Map.of("pkg/data.csv", "sets/zipped/data.csv", "pkg/imgs/", "sets/zipped/images/")));
  }

  static String treeSha(Path scratch) {
    try {
      Files.createDirectories(scratch.resolve("ants"));
      Files.createDirectories(scratch.resolve("bees"));
      Files.write(scratch.resolve("ants/1.jpg"), IMG1);
      Files.write(scratch.resolve("bees/2.jpg"), IMG2);
      return Fingerprints.sha256OfTree(scratch);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  byte[] archive() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("pkg/readme.txt", README);
    entries.put("pkg/data.csv", CSV);
    entries.put("pkg/imgs/ants/1.jpg", IMG1);
    entries.put("pkg/imgs/bees/2.jpg", IMG2);
    return zip(entries);
  }

  List<String> leftovers() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.map(p -> root.relativize(p).toString())
          .filter(p -> p.contains(".mle4j-"))
          .toList();
    }
  }

  // ------------------------------------------------------------------ shared data

  @Test
  void resolvesSharedSmsSpamAndTitanic() {
    DatasetCatalog shared =
        DatasetCatalog.builder()
            .dataRoot(SharedData.root())
            .stateDir(state)
            .progress(DatasetCatalog.Progress.NONE)
            .build();
    Path sms = shared.resolve("sms-spam");
    assertThat(sms).isEqualTo(SharedData.root().resolve("text/sms-spam/SMSSpamCollection"));
    Path titanic = shared.resolve("titanic");
    assertThat(titanic).isEqualTo(SharedData.root().resolve("tabular/titanic.csv"));
    assertThat(CsvReader.builder().build().read(titanic).size()).isEqualTo(891);
    // markers recorded, so the next resolve does not hash again
    assertThat(state.toFile().list()).anyMatch(n -> n.startsWith("sms-spam-"));
    assertThat(state.toFile().list()).anyMatch(n -> n.startsWith("titanic-"));
    assertThat(shared.resolve("sms-spam")).isEqualTo(sms);
  }

  @Test
  void builtInsCoverTheSharedLayout() {
    DatasetCatalog catalog = catalog();
    assertThat(catalog.ids())
        .containsExactly(
            "bike-sharing-hour",
            "diamonds",
            "house-prices",
            "hymenoptera",
            "penguins",
            "sms-spam",
            "spam-assassin",
            "taxis",
            "telco-churn",
            "titanic");
    for (String id : catalog.ids()) {
      if (id.equals("spam-assassin")) {
        continue; // not in the shared folder: downloaded into the cache root (own test class)
      }
      for (DatasetFile f : catalog.spec(id).files()) {
        Path shared = SharedData.root().resolve(f.path());
        assertThat(shared).as(id).exists();
        if (!f.isFolder()) {
          assertThat(shared.toFile().length()).as(id).isEqualTo(f.sizeBytes());
        }
      }
    }
    assertThat(catalog.spec("sms-spam").download().url())
        .isEqualTo("https://archive.ics.uci.edu/static/public/228/sms+spam+collection.zip");
    assertThat(catalog.path("titanic")).isEqualTo(root.resolve("tabular/titanic.csv"));
  }

  @Test
  void verifiesSharedImageFolderTree() {
    DatasetCatalog shared =
        DatasetCatalog.builder().dataRoot(SharedData.root()).stateDir(state).build();
    assertThat(shared.resolve("hymenoptera"))
        .isEqualTo(SharedData.root().resolve("images/hymenoptera_data"));
  }

  @Test
  void unknownIdListsKnownIds() {
    assertThatThrownBy(() -> catalog().resolve("mnist"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Unknown dataset 'mnist'")
        .hasMessageContaining("sms-spam");
  }

  @Test
  void dataRootPrecedence() {
    assertThat(DatasetCatalog.dataRoot("/p", "/e", "/h")).isEqualTo(Path.of("/p"));
    assertThat(DatasetCatalog.dataRoot(null, "/e", "/h")).isEqualTo(Path.of("/e"));
    assertThat(DatasetCatalog.dataRoot(" ", "", "/h"))
        .isEqualTo(Path.of("/h", ".cache", "mle4j", "data"));
  }

  // ------------------------------------------------------------------ verification

  @Test
  void damagedFileIsReportedAndCacheKeysOnSizeAndTime() throws IOException {
    Path file = root.resolve("tabular/tiny.csv");
    Files.createDirectories(file.getParent());
    Files.write(file, CSV);
    DatasetCatalog catalog = catalog(fileSpec("/unused.csv", CSV));
    assertThat(catalog.resolve("tiny")).isEqualTo(file);

    // same size and time: the marker says verified, no re-hash
    FileTime time = Files.getLastModifiedTime(file);
    byte[] other = CSV.clone();
    other[0] = 'x';
    Files.write(file, other);
    Files.setLastModifiedTime(file, time);
    assertThat(catalog.resolve("tiny")).isEqualTo(file);

    // a new modification time forces a re-hash, which finds the damage
    Files.setLastModifiedTime(file, FileTime.fromMillis(time.toMillis() + 5000));
    assertThatThrownBy(() -> catalog.resolve("tiny"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Dataset 'tiny'")
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not match")
        .hasMessageContaining(Fingerprints.sha256(other))
        .hasMessageContaining("MLE4J_DATA");
    assertThat(requests).hasValue(0);
  }

  @Test
  void wrongSizeIsReportedWithoutDownload() throws IOException {
    Path file = root.resolve("tabular/tiny.csv");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "short");
    assertThatThrownBy(() -> catalog(fileSpec("/tiny.csv", CSV)).resolve("tiny"))
        .hasMessageContaining("found (not computed: size differs) (5 bytes)");
    assertThat(requests).hasValue(0);
  }

  // ------------------------------------------------------------------ downloads

  @Test
  void downloadsAFileVerifiesAndMovesItIntoPlace() throws IOException {
    served.put("/tiny.csv", CSV);
    DatasetCatalog catalog = catalog(fileSpec("/tiny.csv", CSV));
    Path path = catalog.resolve("tiny");
    assertThat(path).isEqualTo(root.resolve("tabular/tiny.csv"));
    assertThat(Files.readAllBytes(path)).isEqualTo(CSV);
    assertThat(leftovers()).isEmpty();
    assertThat(catalog.resolve("tiny")).isEqualTo(path);
    assertThat(requests).hasValue(1);
  }

  @Test
  void downloadsAndExtractsMappedZipMembers() throws IOException {
    byte[] archive = archive();
    served.put("/archive.zip", archive);
    DatasetCatalog catalog = catalog(zipSpec(Fingerprints.sha256(archive)));
    Path main = catalog.resolve("zipped");
    assertThat(main).isEqualTo(root.resolve("sets/zipped"));
    assertThat(Files.readAllBytes(main.resolve("data.csv"))).isEqualTo(CSV);
    assertThat(Files.readAllBytes(main.resolve("images/ants/1.jpg"))).isEqualTo(IMG1);
    assertThat(Files.readAllBytes(main.resolve("images/bees/2.jpg"))).isEqualTo(IMG2);
    assertThat(main.resolve("readme.txt")).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void downloadsOnlyWhatIsMissing() throws IOException {
    byte[] archive = archive();
    served.put("/archive.zip", archive);
    DatasetCatalog catalog = catalog(zipSpec(null));
    catalog.resolve("zipped");
    Path csv = root.resolve("sets/zipped/data.csv");
    FileTime before = Files.getLastModifiedTime(csv);
    deleteTree(root.resolve("sets/zipped/images"));
    catalog.resolve("zipped");
    assertThat(Files.getLastModifiedTime(csv)).isEqualTo(before);
    assertThat(root.resolve("sets/zipped/images/bees/2.jpg")).exists();
    assertThat(requests).hasValue(2);
  }

  @Test
  void checksumMismatchLeavesNothingInPlace() throws IOException {
    byte[] tampered = "a,b\n1,2\n3,5\n".getBytes(StandardCharsets.UTF_8);
    served.put("/tiny.csv", tampered);
    DatasetCatalog catalog = catalog(fileSpec("/tiny.csv", CSV));
    assertThatThrownBy(() -> catalog.resolve("tiny"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Dataset 'tiny' is missing")
        .hasMessageContaining(root.resolve("tabular/tiny.csv").toString())
        .hasMessageContaining("has SHA-256 " + Fingerprints.sha256(tampered))
        .hasMessageContaining("expects " + Fingerprints.sha256(CSV))
        .hasMessageContaining("nothing was written")
        .hasMessageContaining("Set MLE4J_DATA");
    assertThat(root.resolve("tabular/tiny.csv")).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void archiveChecksumMismatchLeavesNothingInPlace() throws IOException {
    served.put("/archive.zip", archive());
    DatasetCatalog catalog = catalog(zipSpec(Fingerprints.sha256(new byte[] {1})));
    assertThatThrownBy(() -> catalog.resolve("zipped"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Dataset 'zipped' is missing")
        .hasMessageContaining("the download has SHA-256");
    assertThat(root.resolve("sets")).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void extractedMemberMismatchLeavesNothingInPlace() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("pkg/data.csv", CSV);
    entries.put("pkg/imgs/ants/1.jpg", IMG1);
    entries.put("pkg/imgs/bees/2.jpg", new byte[] {9, 9, 9, 9});
    served.put("/archive.zip", zip(entries));
    assertThatThrownBy(() -> catalog(zipSpec(null)).resolve("zipped"))
        .hasMessageContaining("folder sets/zipped/images/ has SHA-256")
        .hasMessageContaining("nothing was written");
    assertThat(root.resolve("sets/zipped/data.csv")).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void notFoundSaysWhereItLookedAndWhatToDo() throws IOException {
    DatasetCatalog catalog = catalog(fileSpec("/gone.csv", CSV));
    assertThatThrownBy(() -> catalog.resolve("tiny"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining(
            "Dataset 'tiny' is missing: expected " + root.resolve("tabular/tiny.csv"))
        .hasMessageContaining(url("/gone.csv"))
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining(
            "Set MLE4J_DATA (or -Dmle4j.data) to a folder that holds tabular/tiny.csv")
        .hasMessageContaining("connect to the internet");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void unreachableServerIsReported() throws IOException {
    DatasetSpec spec = fileSpec("/tiny.csv", CSV);
    server.stop(0);
    assertThatThrownBy(() -> catalog(spec).resolve("tiny"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cannot connect")
        .hasMessageContaining("MLE4J_DATA");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void notAZipIsReported() throws IOException {
    served.put("/archive.zip", CSV);
    assertThatThrownBy(() -> catalog(zipSpec(null)).resolve("zipped"))
        .hasMessageContaining("not a valid zip archive");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void kaggleOnlyDatasetExplainsHowToGetIt() {
    assertThatThrownBy(() -> catalog().resolve("house-prices"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Dataset 'house-prices' is missing")
        .hasMessageContaining(root.resolve("tabular/house-prices/train.csv").toString())
        .hasMessageContaining("cannot be downloaded automatically")
        .hasMessageContaining("Kaggle")
        .hasMessageContaining("MLE4J_DATA")
        .hasMessageNotContaining("connect to the internet");
    assertThat(requests).hasValue(0);
  }

  // ------------------------------------------------------------------ user catalog files

  @Test
  void userCatalogFileAddsAndReplacesEntries(@TempDir Path dir) throws IOException {
    served.put("/tiny.csv", CSV);
    Path file =
        Files.writeString(
            dir.resolve("catalog.yaml"),
            """
            datasets:
              - id: tiny
                description: tiny csv
                origin: made in the test
                mainPath: tabular/tiny.csv
                files:
                  - relativePath: tabular/tiny.csv
                    sha256: %s
                    sizeBytes: %d
                download:
                  url: %s
                  kind: FILE
              - id: titanic
                mainPath: mine/titanic.csv
                files:
                  - {relativePath: mine/titanic.csv, sha256: %s, sizeBytes: 57018}
            """
                .formatted(
                    Fingerprints.sha256(CSV),
                    CSV.length,
                    url("/tiny.csv"),
                    "81787d320d7f7b03df935e91de8bd19e11d45c5bbcab86ef4d4a76dc91b7d4f2"));
    DatasetCatalog catalog =
        DatasetCatalog.builder()
            .dataRoot(root)
            .stateDir(state)
            .progress(DatasetCatalog.Progress.NONE)
            .addCatalogFile(file)
            .build();
    assertThat(catalog.ids()).contains("tiny", "sms-spam");
    assertThat(Files.readAllBytes(catalog.resolve("tiny"))).isEqualTo(CSV);
    assertThat(catalog.spec("titanic").downloadable()).isFalse();
    assertThat(catalog.path("titanic")).isEqualTo(root.resolve("mine/titanic.csv"));
  }

  @Test
  void invalidUserCatalogNamesFieldAndLine(@TempDir Path dir) throws IOException {
    Path bad =
        Files.writeString(
            dir.resolve("catalog.json"),
            """
            {"datasets": [
              {"id": "x", "mainPath": "a.csv",
               "files": [{"relativePath": "a.csv", "sha256": "abc", "sizeBytes": 1}]}
            ]}
            """);
    assertThatThrownBy(() -> DatasetCatalog.builder().addCatalogFile(bad))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("datasets[0].files[0]")
        .hasMessageContaining("sha256 must be 64 hex digits")
        .hasMessageContaining("line 3");

    Path dup =
        Files.writeString(
            dir.resolve("dup.yml"),
            """
            datasets:
              - {id: x, mainPath: a.csv, files: [{relativePath: a.csv, sha256: %s, sizeBytes: 1}]}
              - {id: x, mainPath: a.csv, files: [{relativePath: a.csv, sha256: %s, sizeBytes: 1}]}
            """
                .formatted("0".repeat(64), "0".repeat(64)));
    assertThatThrownBy(() -> DatasetCatalog.builder().addCatalogFile(dup))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("datasets[1].id: duplicate id 'x' (line 3");

    Path unknown = Files.writeString(dir.resolve("u.yml"), "datasets:\n  - id: x\n    url: y\n");
    assertThatThrownBy(() -> DatasetCatalog.builder().addCatalogFile(unknown))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("datasets[0].url: unknown field 'url'")
        .hasMessageContaining("download");
  }

  @Test
  void specsAreValidated() {
    DatasetFile file = new DatasetFile("a/b.csv", "0".repeat(64), 1);
    assertThatThrownBy(() -> new DatasetFile("../b.csv", "0".repeat(64), 1))
        .hasMessageContaining("'..'");
    assertThatThrownBy(() -> new DatasetFile("/etc/passwd", "0".repeat(64), 1))
        .hasMessageContaining("relative");
    assertThatThrownBy(() -> new DatasetSpec("Bad Id", "", "", "a/b.csv", List.of(file), null))
        .hasMessageContaining("Bad Id");
    assertThatThrownBy(() -> new DatasetSpec("x", "", "", "c.csv", List.of(file), null))
        .hasMessageContaining("mainPath 'c.csv'");
    assertThatThrownBy(
            () ->
                new DatasetSpec(
                    "x",
                    "",
                    "",
                    "a",
                    List.of(file),
                    DownloadSource.zip("https://h/x.zip", null, Map.of("m.csv", "other.csv"))))
        .hasMessageContaining("no zip member maps to a/b.csv");
    assertThatThrownBy(() -> DownloadSource.file("ftp://h/x", null)).hasMessageContaining("http");
    assertThat(new DatasetSpec("x", null, null, "a/", List.of(file), null).mainPath())
        .isEqualTo("a");
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
