package dev.mle4j.tabular.data.rdata;

import static dev.mle4j.tabular.data.rdata.XdrWriter.ATTR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.rdata.RObject.Environment;
import dev.mle4j.tabular.data.rdata.RObject.EnvironmentKind;
import dev.mle4j.tabular.data.rdata.RObject.Integers;
import dev.mle4j.tabular.data.rdata.RObject.ListVector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.FinishableOutputStream;
import org.tukaani.xz.FinishableWrapperOutputStream;
import org.tukaani.xz.LZMA2Options;

class LazyLoadDatabaseTest {

  @TempDir Path dir;

  /** How a test database stores its chunks. */
  enum Scheme {
    XZ(3, 'Z'),
    BZIP2(2, '2'),
    STORED_IN_XZ_DB(3, '0'),
    ZLIB_LOGICAL(1, ' ');

    final int compressed;
    final char type;

    Scheme(int compressed, char type) {
      this.compressed = compressed;
      this.type = type;
    }
  }

  private static byte[] vector() {
    return XdrWriter.v3().ints(4, 5, 6).toBytes();
  }

  private static byte[] chunk(byte[] data, Scheme scheme) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    if (scheme != Scheme.ZLIB_LOGICAL) {
      out.write(scheme.type);
    }
    switch (scheme) {
      case XZ -> {
        FinishableOutputStream lzma2 =
            new LZMA2Options().getOutputStream(new FinishableWrapperOutputStream(out));
        lzma2.write(data);
        lzma2.finish();
      }
      case BZIP2 -> {
        try (OutputStream bz = new BZip2CompressorOutputStream(shield(out))) {
          bz.write(data);
        }
      }
      case ZLIB_LOGICAL -> {
        try (OutputStream z = new DeflaterOutputStream(shield(out))) {
          z.write(data);
        }
      }
      default -> out.write(data);
    }
    return out.toByteArray();
  }

  private static OutputStream shield(OutputStream out) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }
    };
  }

  /** Writes Rdata.rdb and the gzip-compressed Rdata.rdx index, like R's makeLazyLoadDB. */
  private Path writeDb(Scheme scheme, Map<String, byte[]> objects, Map<String, byte[]> references)
      throws IOException {
    ByteArrayOutputStream rdb = new ByteArrayOutputStream();
    Map<String, int[]> varKeys = new LinkedHashMap<>();
    Map<String, int[]> refKeys = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : objects.entrySet()) {
      byte[] c = chunk(e.getValue(), scheme);
      varKeys.put(e.getKey(), new int[] {rdb.size(), c.length});
      rdb.write(c);
    }
    for (Map.Entry<String, byte[]> e : references.entrySet()) {
      byte[] c = chunk(e.getValue(), scheme);
      refKeys.put(e.getKey(), new int[] {rdb.size(), c.length});
      rdb.write(c);
    }
    XdrWriter index = XdrWriter.v3().list(ATTR, 3);
    boolean[] namesSeen = {false};
    keyList(index, varKeys, namesSeen);
    keyList(index, refKeys, namesSeen);
    if (scheme == Scheme.ZLIB_LOGICAL) {
      index.logicals(1);
    } else {
      index.ints(scheme.compressed);
    }
    index.cellRef(1).strings("variables", "references", "compressed").nil();
    Files.write(dir.resolve("Rdata.rdb"), rdb.toByteArray());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("Rdata.rdx")))) {
      out.write(index.toBytes());
    }
    return dir;
  }

  private static void keyList(XdrWriter w, Map<String, int[]> keys, boolean[] namesSeen) {
    w.list(ATTR, keys.size());
    for (int[] k : keys.values()) {
      w.ints(k[0], k[1]);
    }
    if (namesSeen[0]) {
      w.cellRef(1);
    } else {
      w.cell("names");
      namesSeen[0] = true;
    }
    w.strings(keys.keySet().toArray(String[]::new)).nil();
  }

  private Map<String, byte[]> twoObjects() {
    Map<String, byte[]> objects = new LinkedHashMap<>();
    objects.put("df", RSerializationTest.tibble());
    objects.put("vec", vector());
    return objects;
  }

  @Test
  void readsEveryCompressionScheme() throws IOException {
    for (Scheme scheme : Scheme.values()) {
      writeDb(scheme, twoObjects(), Map.of());
      try (LazyLoadDatabase db = LazyLoadDatabase.open(dir)) {
        assertThat(db.compression()).as("%s", scheme).isEqualTo(scheme.compressed);
        assertThat(db.names()).containsExactly("df", "vec");
        assertThat(db.contains("vec")).isTrue();
        assertThat(((Integers) db.get("vec")).values()).containsExactly(4, 5, 6);
        DataFrame df = db.dataFrame("df");
        assertThat(df.rows()).isEqualTo(3);
        assertThat(df.strings("f")).containsExactly("hi", "lo", null);
      }
    }
  }

  @Test
  void opensByFileOrPackageFolder() throws IOException {
    writeDb(Scheme.XZ, twoObjects(), Map.of());
    Path pkg = dir.resolve("pkg");
    Files.createDirectories(pkg.resolve("data"));
    Files.copy(dir.resolve("Rdata.rdx"), pkg.resolve("data/Rdata.rdx"));
    Files.copy(dir.resolve("Rdata.rdb"), pkg.resolve("data/Rdata.rdb"));
    for (Path p : List.of(dir.resolve("Rdata.rdb"), dir.resolve("Rdata.rdx"), pkg)) {
      try (LazyLoadDatabase db = LazyLoadDatabase.open(p)) {
        assertThat(db.names()).as("%s", p).containsExactly("df", "vec");
      }
    }
  }

  @Test
  void environmentsComeBackFromTheReferencesEntry() throws IOException {
    Map<String, byte[]> objects = new LinkedHashMap<>();
    // list(e, e): one persistent reference, then a REFSXP to it
    objects.put(
        "holder",
        XdrWriter.v3()
            .list(0, 2)
            .i(RDecoder.PERSISTSXP)
            .i(0)
            .i(1)
            .chars("env::1")
            .ref(1)
            .toBytes());
    // what R stores for the environment: list(enclos=, bindings=, locked=)
    byte[] env =
        XdrWriter.v3()
            .list(ATTR, 3)
            .i(RDecoder.GLOBALENV_SXP)
            .list(ATTR, 1)
            .ints(9)
            .cell("names")
            .strings("k")
            .nil()
            .logicals(1)
            .cellRef(1)
            .strings("enclos", "bindings", "locked")
            .nil()
            .toBytes();
    writeDb(Scheme.XZ, objects, Map.of("env::1", env));

    try (LazyLoadDatabase db = LazyLoadDatabase.open(dir)) {
      List<RObject> items = ((ListVector) db.get("holder")).values();
      Environment e = (Environment) items.get(0);
      assertThat(items.get(1)).isSameAs(e);
      assertThat(((Integers) e.variables().get("k")).values()).containsExactly(9);
      assertThat(e.locked()).isTrue();
      assertThat(((Environment) e.enclosure()).kind()).isEqualTo(EnvironmentKind.GLOBAL);
    }
  }

  // bad input

  @Test
  void unknownNameListsTheAvailableOnes() throws IOException {
    writeDb(Scheme.XZ, twoObjects(), Map.of());
    try (LazyLoadDatabase db = LazyLoadDatabase.open(dir)) {
      assertThatThrownBy(() -> db.get("amess"))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("no object 'amess'")
          .hasMessageContaining("available: [df, vec]");
      assertThatThrownBy(() -> db.dataFrame("vec"))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("'vec' (integer vector) is not a data.frame");
    }
  }

  @Test
  void corruptCompressedDataIsReported() throws IOException {
    writeDb(Scheme.XZ, twoObjects(), Map.of());
    byte[] rdb = Files.readAllBytes(dir.resolve("Rdata.rdb"));
    rdb[5] = 0x05; // an LZMA2 control byte that does not exist
    Files.write(dir.resolve("Rdata.rdb"), rdb);
    try (LazyLoadDatabase db = LazyLoadDatabase.open(dir)) {
      assertThatThrownBy(() -> db.get("df"))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("'df'")
          .hasMessageContaining("corrupt xz (LZMA2) data");
      assertThat(((Integers) db.get("vec")).values()).containsExactly(4, 5, 6);
    }

    writeDb(Scheme.ZLIB_LOGICAL, twoObjects(), Map.of());
    byte[] zlib = Files.readAllBytes(dir.resolve("Rdata.rdb"));
    for (int i = 4; i < 12; i++) {
      zlib[i] = (byte) 0xFF;
    }
    Files.write(dir.resolve("Rdata.rdb"), zlib);
    try (LazyLoadDatabase db = LazyLoadDatabase.open(dir)) {
      assertThatThrownBy(() -> db.get("df"))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("corrupt zlib data");
    }
  }

  @Test
  void truncatedChunksAndUnknownTypesAreReported() throws IOException {
    writeDb(Scheme.BZIP2, twoObjects(), Map.of());
    byte[] rdb = Files.readAllBytes(dir.resolve("Rdata.rdb"));
    rdb[4] = 'Q';
    Files.write(dir.resolve("Rdata.rdb"), rdb);
    try (LazyLoadDatabase db = LazyLoadDatabase.open(dir)) {
      assertThatThrownBy(() -> db.get("df"))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("unknown chunk compression type 'Q'");
    }

    writeDb(Scheme.XZ, twoObjects(), Map.of());
    byte[] whole = Files.readAllBytes(dir.resolve("Rdata.rdb"));
    Files.write(dir.resolve("Rdata.rdb"), java.util.Arrays.copyOf(whole, 30));
    try (LazyLoadDatabase db = LazyLoadDatabase.open(dir)) {
      assertThatThrownBy(() -> db.get("vec"))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("lies outside");
    }
  }

  @Test
  void missingFilesAreNamed() throws IOException {
    assertThatThrownBy(() -> LazyLoadDatabase.open(dir))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no R lazy-load database in " + dir);
    writeDb(Scheme.XZ, twoObjects(), Map.of());
    Files.delete(dir.resolve("Rdata.rdb"));
    assertThatThrownBy(() -> LazyLoadDatabase.open(dir.resolve("Rdata.rdx")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Rdata.rdb is missing");
  }
}
