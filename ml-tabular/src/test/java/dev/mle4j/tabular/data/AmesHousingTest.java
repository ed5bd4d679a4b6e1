package dev.mle4j.tabular.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.rdata.LazyLoadDatabase;
import dev.mle4j.tabular.data.rdata.RDataFrames;
import dev.mle4j.tabular.data.rdata.RObject;
import dev.mle4j.tabular.data.rdata.RSerialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmesHousingTest {

  @TempDir Path temp;

  /** The installed or fetched package, or the test is skipped. */
  private static Path realPackage() {
    Optional<Path> dir = AmesHousing.defaults().locate();
    assumeTrue(
        dir.isPresent(),
        "r-cran-modeldata not found (system-wide, MLE4J_AMES_DIR or the cache):"
            + " run scripts/fetch-ames.sh to enable the real-data tests");
    return dir.get();
  }

  @Test
  void amesHasTheDeCockShapeAndPrices() {
    DataFrame ames = AmesHousing.read(realPackage());

    assertThat(ames.rows()).isEqualTo(2930);
    assertThat(ames.columns()).hasSize(74);
    assertThat(ames.type(AmesHousing.TARGET)).isEqualTo(ColumnType.NUMERIC);
    DoubleSummaryStatistics price =
        Arrays.stream(ames.numeric(AmesHousing.TARGET)).summaryStatistics();
    assertThat(price.getCount()).isEqualTo(2930);
    assertThat(price.getAverage()).isCloseTo(180796.06, within(0.01));
    assertThat(price.getMin()).isEqualTo(12789.0);
    assertThat(price.getMax()).isEqualTo(755000.0);
    assertThat(ames.type("Gr_Liv_Area")).isEqualTo(ColumnType.NUMERIC);
    assertThat(Arrays.stream(ames.numeric("Gr_Liv_Area")).max().orElseThrow()).isEqualTo(5642.0);
    assertThat(Arrays.stream(ames.numeric("Latitude")).summaryStatistics().getMin())
        .isBetween(41.9, 42.0);
    assertThat(Arrays.stream(ames.numeric("Longitude")).summaryStatistics().getMax())
        .isBetween(-93.6, -93.5);
    assertThat(ames.type("Neighborhood")).isEqualTo(ColumnType.CATEGORICAL);
    TreeSet<String> neighborhoods = new TreeSet<>(Arrays.asList(ames.strings("Neighborhood")));
    assertThat(neighborhoods).hasSize(28).contains("North_Ames", "College_Creek");
    assertThat(ames.schema().namesOf(ColumnType.CATEGORICAL)).hasSize(40);
    assertThat(ames.schema().namesOf(ColumnType.NUMERIC)).hasSize(34);
  }

  @Test
  void neighborhoodFactorHas29LevelsOneUnused() {
    try (LazyLoadDatabase db = LazyLoadDatabase.open(realPackage())) {
      List<String> levels = RDataFrames.levels(db.get(AmesHousing.OBJECT), "Neighborhood");
      assertThat(levels).hasSize(29).startsWith("North_Ames").contains("Hayden_Lake");
    }
  }

  @Test
  void otherDataSetsOfThePackageRead() {
    try (LazyLoadDatabase db = LazyLoadDatabase.open(realPackage())) {
      assertThat(db.compression()).isEqualTo(3);
      assertThat(db.names()).hasSize(41).contains("ames", "Sacramento", "Chicago");

      DataFrame sacramento = db.dataFrame("Sacramento");
      assertThat(sacramento.rows()).isEqualTo(932);
      assertThat(sacramento.columns())
          .containsExactly(
              "city", "zip", "beds", "baths", "sqft", "type", "price", "latitude", "longitude");
      assertThat(Arrays.stream(sacramento.numeric("price")).average().orElseThrow())
          .isCloseTo(246661.58, within(0.01));

      DataFrame chicago = db.dataFrame("Chicago");
      assertThat(chicago.rows()).isEqualTo(5698);
      assertThat(chicago.type("date")).isEqualTo(ColumnType.DATETIME);
      assertThat(Instant.ofEpochSecond((long) chicago.numeric("date")[0]))
          .isEqualTo(Instant.parse("2001-01-22T00:00:00Z"));

      DataFrame penguins = db.dataFrame("penguins");
      assertThat(penguins.rows()).isEqualTo(344);
      assertThat(penguins.numeric("bill_length_mm")[3]).isNaN();
      assertThat(penguins.strings("sex")[3]).isNull();
      assertThat(penguins.strings("species")[3]).isEqualTo("Adelie");
    }
  }

  @Test
  void theRestOfThePackageDecodesToo() {
    Path pkg = realPackage();
    // R code: zlib-compressed database, namespace environments via references, compiled closures
    try (LazyLoadDatabase code = LazyLoadDatabase.open(pkg.resolve("R/modeldata.rdx"))) {
      assertThat(code.compression()).isEqualTo(1);
      assertThat(code.get("sim_regression").typeName()).isEqualTo("closure");
      RObject.Environment ns = (RObject.Environment) code.get(".__NAMESPACE__.");
      assertThat(ns.variables()).containsKey("spec");
      assertThat(((RObject.Strings) ns.variables().get("spec")).values())
          .containsExactly("modeldata", "1.1.0");
    }
    // gzip-compressed .rds files written by R: the data index and a data frame of help topics
    RObject index = RSerialization.readRds(pkg.resolve("data/Rdata.rds"));
    assertThat(index.names()).contains("ames", "Sacramento");
    RObject rd = RSerialization.readRds(pkg.resolve("Meta/Rd.rds"));
    assertThat(RDataFrames.isDataFrame(rd)).isTrue();
    assertThat(rd.names()).contains("File", "Name", "Title", "Aliases");
    RObject names = ((RObject.ListVector) rd).get("Name").orElseThrow();
    assertThat(((RObject.Strings) names).values()).contains("ames");
    // its Aliases column is a list column, which a DataFrame cannot hold
    assertThatThrownBy(() -> RDataFrames.toDataFrame(rd, "Rd"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("column 'Aliases' is a list");
  }

  @Test
  void datasetIsTheLogPriceRegressionProblem() {
    Path pkg = realPackage();
    TabularDataset ds = AmesHousing.builder().packageDir(pkg).build().dataset();

    assertThat(ds.name()).isEqualTo("ames");
    assertThat(ds.task()).isEqualTo(TabularTask.REGRESSION);
    assertThat(ds.features().columns()).hasSize(73).doesNotContain(AmesHousing.TARGET);
    assertThat(ds.target().size()).isEqualTo(2930);
    assertThat(ds.target().value(0)).isEqualTo(215000.0);
    assertThat(ds.logTarget()).isTrue();
    assertThat(ds.primaryMetric()).isEqualTo("rmse_log");
    assertThat(ds.fingerprint()).hasSize(64);
  }

  @Test
  void fetchDownloadsWithAptGetAndExtractsAtomically() {
    assumeTrue(onPath("apt-get"), "apt-get is not available");
    AmesHousing ames = AmesHousing.builder().cacheRoot(temp).systemDir(null).build();
    Path pkg;
    try {
      pkg = ames.fetch();
    } catch (MlException e) {
      assumeTrue(
          !e.getMessage().contains("failed with exit code"),
          "apt-get cannot download r-cran-modeldata here: " + e.getMessage());
      throw e;
    }

    assertThat(pkg)
        .isEqualTo(temp.resolve("debian/r-cran-modeldata/usr/lib/R/site-library/modeldata"));
    assertThat(pkg.resolve("data/Rdata.rdb")).isRegularFile();
    assertThat(children(temp.resolve("debian"))).containsExactly("r-cran-modeldata");
    assertThat(AmesHousing.read(pkg).rows()).isEqualTo(2930);
    assertThat(ames.fetch()).isEqualTo(pkg);
  }

  @Test
  void installDebExtractsAHandMadePackageAndLeavesNoTemporaryFolders() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("./usr/lib/R/site-library/modeldata/data/Rdata.rdx", "not gzip".getBytes());
    files.put("./usr/lib/R/site-library/modeldata/data/Rdata.rdb", new byte[] {1, 2, 3});
    Path deb = deb(files);
    AmesHousing ames =
        AmesHousing.builder().cacheRoot(temp.resolve("cache")).systemDir(null).build();

    Path pkg = ames.installDeb(deb);

    assertThat(pkg).isEqualTo(ames.cacheFolder().resolve(AmesHousing.PACKAGE_PATH));
    assertThat(Files.readAllBytes(pkg.resolve("data/Rdata.rdb"))).containsExactly(1, 2, 3);
    assertThat(children(ames.cacheFolder().getParent())).containsExactly("r-cran-modeldata");
    assertThat(AmesHousing.builder().packageDir(ames.cacheFolder()).build().locate()).contains(pkg);
    // the files are there but the index is not an R lazy-load index
    assertThatThrownBy(() -> AmesHousing.read(pkg))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Rdata.rdx");
  }

  // bad input

  @Test
  void debsThatAreNotTheRightPackageAreRejected() throws IOException {
    AmesHousing ames =
        AmesHousing.builder().cacheRoot(temp.resolve("cache")).systemDir(null).build();
    Path text = temp.resolve("fake.deb");
    Files.writeString(text, "definitely not an ar archive");
    assertThatThrownBy(() -> ames.installDeb(text))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cannot read Debian package")
        .hasMessageContaining("not an ar archive");

    Path other = deb(Map.of("./usr/share/doc/readme", "hi".getBytes()));
    assertThatThrownBy(() -> ames.installDeb(other))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("does not contain usr/lib/R/site-library/modeldata/data/Rdata.rdx");
    assertThat(children(ames.cacheFolder().getParent())).isEmpty();

    Path evil = deb(Map.of("./../../escape.txt", "x".getBytes()));
    assertThatThrownBy(() -> AmesHousing.extractDeb(evil, temp.resolve("out")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("escapes the folder");
    assertThat(temp.resolve("escape.txt")).doesNotExist();
  }

  @Test
  void aptGetFailuresAreExplained() {
    AmesHousing missing =
        AmesHousing.builder()
            .cacheRoot(temp)
            .systemDir(null)
            .aptGet(temp.resolve("no-such-apt-get").toString())
            .build();
    assertThatThrownBy(missing::fetch)
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cannot run '" + temp.resolve("no-such-apt-get"))
        .hasMessageContaining("installDeb");

    assumeTrue(onPath("false"), "no 'false' command");
    AmesHousing failing =
        AmesHousing.builder().cacheRoot(temp).systemDir(null).aptGet("false").build();
    assertThatThrownBy(failing::fetch)
        .isInstanceOf(MlException.class)
        .hasMessageContaining("false download r-cran-modeldata failed with exit code 1");
    assertThat(children(temp.resolve("debian"))).isEmpty();
  }

  @Test
  void misconfiguredOrMissingFoldersAreExplained() {
    AmesHousing wrong = AmesHousing.builder().packageDir(temp).build();
    assertThatThrownBy(wrong::locate)
        .isInstanceOf(MlException.class)
        .hasMessageContaining("points at " + temp)
        .hasMessageContaining("data/Rdata.rdx");

    assumeTrue(
        System.getenv(AmesHousing.DIR_ENV) == null
            && System.getProperty(AmesHousing.DIR_PROPERTY) == null,
        "MLE4J_AMES_DIR is set");
    AmesHousing nothing = AmesHousing.builder().cacheRoot(temp).systemDir(null).build();
    assertThat(nothing.locate()).isEmpty();
    assertThatThrownBy(nothing::load)
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Ames housing data not found")
        .hasMessageContaining("scripts/fetch-ames.sh");
  }

  @Test
  void builderRejectsBadOptions() {
    assertThatThrownBy(() -> AmesHousing.builder().timeout(java.time.Duration.ZERO))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> AmesHousing.builder().aptGet(" "))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("must not be blank");
  }

  /** Builds a .deb: an ar archive with debian-binary, control.tar.gz and data.tar.gz. */
  private Path deb(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(data))) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(f.getKey(), true);
        e.setSize(f.getValue().length);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
    }
    Path deb = Files.createTempFile(temp, "pkg", ".deb");
    try (OutputStream file = Files.newOutputStream(deb);
        ArArchiveOutputStream ar = new ArArchiveOutputStream(file)) {
      member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
      member(ar, "control.tar.gz", new byte[0]);
      member(ar, "data.tar.gz", data.toByteArray());
    }
    return deb;
  }

  private static void member(ArArchiveOutputStream ar, String name, byte[] bytes)
      throws IOException {
    ar.putArchiveEntry(new ArArchiveEntry(name, bytes.length));
    ar.write(bytes);
    ar.closeArchiveEntry();
  }

  private static List<String> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
