package dev.mle4j.tabular.data.rdata;

import static dev.mle4j.tabular.data.rdata.XdrWriter.ATTR;
import static dev.mle4j.tabular.data.rdata.XdrWriter.OBJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.rdata.RObject.Doubles;
import dev.mle4j.tabular.data.rdata.RObject.Environment;
import dev.mle4j.tabular.data.rdata.RObject.EnvironmentKind;
import dev.mle4j.tabular.data.rdata.RObject.Integers;
import dev.mle4j.tabular.data.rdata.RObject.ListVector;
import dev.mle4j.tabular.data.rdata.RObject.Logicals;
import dev.mle4j.tabular.data.rdata.RObject.PairList;
import dev.mle4j.tabular.data.rdata.RObject.PersistentRef;
import dev.mle4j.tabular.data.rdata.RObject.Strings;
import dev.mle4j.tabular.data.rdata.RObject.Symbol;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RSerializationTest {

  private static final int NA = RObject.NA_INT;
  private static final double NA_REAL = Double.longBitsToDouble(RObject.NA_REAL_BITS);

  @Test
  void integerVectorWithNa() {
    RObject o = RSerialization.read(XdrWriter.v3().ints(1, -2, NA, Integer.MAX_VALUE).toBytes());

    assertThat(o).isInstanceOf(Integers.class);
    assertThat(((Integers) o).values()).containsExactly(1, -2, NA, Integer.MAX_VALUE);
    assertThat(o.attributes()).isEmpty();
    assertThat(o.typeName()).isEqualTo("integer vector");
  }

  @Test
  void doubleVectorKeepsNaApartFromNaN() {
    RObject o =
        RSerialization.read(
            XdrWriter.v3()
                .doubles(0.5, NA_REAL, Double.NaN, Double.NEGATIVE_INFINITY, -1e300)
                .toBytes());

    double[] v = ((Doubles) o).values();
    assertThat(v[0]).isEqualTo(0.5);
    assertThat(RObject.isNa(v[1])).isTrue();
    assertThat(Double.isNaN(v[2])).isTrue();
    assertThat(RObject.isNa(v[2])).isFalse();
    assertThat(v[3]).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(v[4]).isEqualTo(-1e300);
  }

  @Test
  void logicalsAndStringsWithEncodingsAndNa() {
    RObject l = RSerialization.read(XdrWriter.v2().logicals(1, 0, NA).toBytes());
    assertThat(((Logicals) l).values()).containsExactly(1, 0, NA);

    byte[] s =
        XdrWriter.v2()
            .flags(RDecoder.STRSXP, 0)
            .i(4)
            .chars("plain")
            .chars("Zürich 東京")
            .latin1("café")
            .chars(null)
            .toBytes();
    assertThat(((Strings) RSerialization.read(s)).values())
        .containsExactly("plain", "Zürich 東京", "café", null);
  }

  @Test
  void namedListWithNamesAttribute() {
    byte[] b =
        XdrWriter.v3()
            .list(ATTR, 2)
            .ints(1)
            .strings("x")
            .cell("names")
            .strings("a", "b")
            .nil()
            .toBytes();

    ListVector list = (ListVector) RSerialization.read(b);

    assertThat(list.length()).isEqualTo(2);
    assertThat(list.names()).containsExactly("a", "b");
    assertThat(((Integers) list.get("a").orElseThrow()).values()).containsExactly(1);
    assertThat(((Strings) list.get("b").orElseThrow()).values()).containsExactly("x");
    assertThat(list.get("c")).isEmpty();
  }

  @Test
  void factorKeepsCodesAndLevels() {
    byte[] b =
        XdrWriter.v3()
            .intsWith(ATTR | OBJECT, 2, 1, NA, 2)
            .cell("levels")
            .strings("a", "b")
            .cell("class")
            .strings("factor")
            .nil()
            .toBytes();

    Integers f = (Integers) RSerialization.read(b);

    assertThat(f.values()).containsExactly(2, 1, NA, 2);
    assertThat(f.inherits("factor")).isTrue();
    assertThat(f.classes()).containsExactly("factor");
    assertThat(((Strings) f.attribute("levels").orElseThrow()).values()).containsExactly("a", "b");
    assertThat(f.typeName()).isEqualTo("factor");
  }

  /** A tibble with compact row names, six column kinds and symbols reused through REFSXP. */
  static byte[] tibble() {
    return XdrWriter.v3()
        .list(ATTR | OBJECT, 6)
        .doubles(1.5, NA_REAL, 3)
        // factor: symbols levels (#1) and class (#2) enter the reference table
        .intsWith(ATTR | OBJECT, 2, 1, NA)
        .cell("levels")
        .strings("lo", "hi")
        .cell("class")
        .strings("factor")
        .nil()
        .ints(7, NA, -1)
        // Date column: the class tag is a reference to symbol #2
        .doublesWith(ATTR | OBJECT, 19000, 19001.5, NA_REAL)
        .cellRef(2)
        .strings("Date")
        .nil()
        .logicals(1, 0, NA)
        .strings("p", "q", null)
        // data frame attributes: names (#3), row.names (#4) = c(NA, -3), class (ref #2)
        .cell("names")
        .strings("x", "f", "n", "day", "ok", "s")
        .cell("row.names")
        .ints(NA, -3)
        .cellRef(2)
        .strings("tbl_df", "tbl", "data.frame")
        .nil()
        .toBytes();
  }

  @Test
  void dataFrameWithCompactRowNamesConverts() {
    RObject o = RSerialization.read(tibble());

    assertThat(RDataFrames.isDataFrame(o)).isTrue();
    assertThat(o.classes()).containsExactly("tbl_df", "tbl", "data.frame");
    DataFrame df = RDataFrames.toDataFrame(o, "tibble");

    assertThat(df.rows()).isEqualTo(3);
    assertThat(df.columns()).containsExactly("x", "f", "n", "day", "ok", "s");
    assertThat(df.type("x")).isEqualTo(ColumnType.NUMERIC);
    assertThat(df.numeric("x")).containsExactly(1.5, Double.NaN, 3.0);
    assertThat(df.type("f")).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(df.strings("f")).containsExactly("hi", "lo", null);
    assertThat(df.numeric("n")).containsExactly(7.0, Double.NaN, -1.0);
    assertThat(df.type("day")).isEqualTo(ColumnType.DATETIME);
    assertThat(df.numeric("day")).containsExactly(19000 * 86400.0, 19001.5 * 86400.0, Double.NaN);
    assertThat(df.type("ok")).isEqualTo(ColumnType.BOOLEAN);
    assertThat(df.numeric("ok")).containsExactly(1.0, 0.0, Double.NaN);
    assertThat(df.type("s")).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(df.strings("s")).containsExactly("p", "q", null);
    assertThat(RDataFrames.levels(o, "f")).containsExactly("lo", "hi");
  }

  @Test
  void referencesResolveToTheSameObjectPackedOrInOwnWord() {
    byte[] b = XdrWriter.v3().list(0, 4).sym("alpha").sym("beta").ref(2).refLong(1).toBytes();

    List<RObject> items = ((ListVector) RSerialization.read(b)).values();

    assertThat(items.get(0)).isEqualTo(new Symbol("alpha"));
    assertThat(items.get(2)).isSameAs(items.get(1)).isEqualTo(new Symbol("beta"));
    assertThat(items.get(3)).isSameAs(items.get(0));
  }

  @Test
  void environmentIsRegisteredBeforeItsContents() {
    byte[] b =
        XdrWriter.v3()
            .list(0, 2)
            .i(RDecoder.ENVSXP)
            .i(1) // locked
            .i(RDecoder.GLOBALENV_SXP) // enclosure
            .cell("x") // frame: x = 42L, self = the environment itself (#1)
            .ints(42)
            .cell("self")
            .ref(1)
            .nil()
            .nil() // no hash table
            .nil() // no attributes
            .ref(1)
            .toBytes();

    List<RObject> items = ((ListVector) RSerialization.read(b)).values();

    Environment env = (Environment) items.get(0);
    assertThat(env.kind()).isEqualTo(EnvironmentKind.LOCAL);
    assertThat(env.locked()).isTrue();
    assertThat(((Environment) env.enclosure()).kind()).isEqualTo(EnvironmentKind.GLOBAL);
    assertThat(((Integers) env.variables().get("x")).values()).containsExactly(42);
    assertThat(env.variables().get("self")).isSameAs(env);
    assertThat(items.get(1)).isSameAs(env);
  }

  @Test
  void persistentReferencesGoThroughTheHook() {
    byte[] b =
        XdrWriter.v3().list(0, 2).i(RDecoder.PERSISTSXP).i(0).i(1).chars("env::7").ref(1).toBytes();

    List<RObject> raw = ((ListVector) RSerialization.read(b)).values();
    assertThat(raw.get(0)).isEqualTo(new PersistentRef(List.of("env::7")));
    assertThat(raw.get(1)).isSameAs(raw.get(0));

    Strings resolved = new Strings(new String[] {"resolved"}, Map.of());
    List<RObject> hooked = ((ListVector) RSerialization.read(b, "test", key -> resolved)).values();
    assertThat(hooked).containsExactly(resolved, resolved);
  }

  @Test
  void altrepCompactSequencesWrappersAndDeferredStrings() {
    XdrWriter w = XdrWriter.v3().list(0, 4);
    // 10:14 as compact_intseq, state c(n, start, step) as doubles
    altrepInfo(w, "compact_intseq", RDecoder.INTSXP).doubles(5, 10, 1).nil();
    // compact_realseq
    altrepInfo(w, "compact_realseq", RDecoder.REALSXP).doubles(3, 0.5, -1).nil();
    // wrap_real: state is pairlist(x, meta); attributes come from the ALTREP attr pairlist
    altrepInfo(w, "wrap_real", RDecoder.REALSXP)
        .flags(RDecoder.LISTSXP, 0)
        .doubles(1.25, 2.5)
        .flags(RDecoder.LISTSXP, 0)
        .ints(0, 0)
        .nil()
        .cell("names")
        .strings("a", "b")
        .nil();
    // deferred_string over doubles: as.character() formatting
    altrepInfo(w, "deferred_string", RDecoder.STRSXP)
        .flags(RDecoder.LISTSXP, 0)
        .doubles(100000, 0.1, 123456, NA_REAL, -2.5, 1e-4)
        .flags(RDecoder.LISTSXP, 0)
        .ints(0)
        .nil()
        .nil();

    List<RObject> items = ((ListVector) RSerialization.read(w.toBytes())).values();

    assertThat(((Integers) items.get(0)).values()).containsExactly(10, 11, 12, 13, 14);
    assertThat(((Doubles) items.get(1)).values()).containsExactly(0.5, -0.5, -1.5);
    Doubles wrapped = (Doubles) items.get(2);
    assertThat(wrapped.values()).containsExactly(1.25, 2.5);
    assertThat(wrapped.names()).containsExactly("a", "b");
    assertThat(((Strings) items.get(3)).values())
        .containsExactly("1e+05", "0.1", "123456", null, "-2.5", "1e-04");
  }

  private static XdrWriter altrepInfo(XdrWriter w, String cls, int type) {
    return w.i(RDecoder.ALTREP_SXP)
        .flags(RDecoder.LISTSXP, 0)
        .sym(cls)
        .flags(RDecoder.LISTSXP, 0)
        .sym("base")
        .flags(RDecoder.LISTSXP, 0)
        .ints(type)
        .nil();
  }

  @Test
  void compiledClosuresAreSkippedKeepingTheReferenceTableInStep() {
    byte[] b =
        XdrWriter.v3()
            .list(0, 2)
            // function(x) x + 1L, compiled: environment, formals, byte-code body
            .flags(RDecoder.CLOSXP, XdrWriter.TAG)
            .i(RDecoder.GLOBALENV_SXP)
            .cell("x") // symbol #1
            .i(RDecoder.MISSINGARG_SXP)
            .nil()
            .i(RDecoder.BCODESXP)
            .i(1) // reps
            .ints(12, 1, 2) // instructions
            .i(2) // constants
            .i(RDecoder.LANGSXP) // constant 1: the call `+`(x, 1L)
            .nil() // tag
            .i(0)
            .sym("+") // car: symbol #2 after a pad word
            .i(RDecoder.LISTSXP)
            .nil()
            .i(0)
            .ref(1) // x
            .i(RDecoder.BCREPREF)
            .i(0) // cdr: a shared cell
            .i(RDecoder.INTSXP) // constant 2: 1L
            .ints(1)
            .ref(2)
            .toBytes();

    List<RObject> items = ((ListVector) RSerialization.read(b)).values();

    assertThat(items.get(0).typeName()).isEqualTo("closure");
    assertThat(items.get(1)).isEqualTo(new Symbol("+"));
  }

  @Test
  void longPairlistsDoNotOverflowTheStack() {
    XdrWriter w = XdrWriter.v3();
    int n = 20_000;
    for (int k = 0; k < n; k++) {
      w.flags(RDecoder.LISTSXP, 0).ints(k);
    }
    PairList p = (PairList) RSerialization.read(w.nil().toBytes());

    assertThat(p.cells()).hasSize(n);
    assertThat(((Integers) p.cells().get(n - 1).value()).values()).containsExactly(n - 1);
  }

  @Test
  void readsGzipAndXzRdsFilesAndRDataFiles(@TempDir Path dir) throws IOException {
    byte[] stream = tibble();
    Path gz = dir.resolve("t.rds");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(stream);
    }
    Path xz = dir.resolve("t-xz.rds");
    try (OutputStream out = new XZCompressorOutputStream(Files.newOutputStream(xz))) {
      out.write(stream);
    }
    assertThat(RDataFrames.toDataFrame(RSerialization.readRds(gz), "gz").strings("s"))
        .containsExactly("p", "q", null);
    assertThat(RDataFrames.toDataFrame(RSerialization.readRds(xz), "xz").rows()).isEqualTo(3);
    assertThat(RSerialization.read(new ByteArrayInputStream(stream)))
        .isInstanceOf(ListVector.class);

    Path rdata = dir.resolve("both.RData");
    byte[] saved = XdrWriter.v3().cell("num").ints(5).cell("txt").strings("hi").nil().toBytes();
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(rdata))) {
      out.write("RDX3\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.write(saved);
    }
    Map<String, RObject> objects = RSerialization.readRData(rdata);
    assertThat(objects.keySet()).containsExactly("num", "txt");
    assertThat(((Integers) objects.get("num")).values()).containsExactly(5);
  }

  // bad input

  @Test
  void truncatedStreamsAreReportedAtEveryCut() {
    byte[] full = tibble();
    for (int cut : new int[] {0, 1, 5, 20, full.length / 2, full.length - 1}) {
      byte[] part = Arrays.copyOf(full, cut);
      assertThatThrownBy(() -> RSerialization.read(part))
          .as("cut at %d", cut)
          .isInstanceOf(MlException.class)
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void hugeDeclaredLengthIsTruncationNotAnAllocation() {
    byte[] b = XdrWriter.v3().flags(RDecoder.REALSXP, 0).i(1 << 30).d(1).toBytes();

    assertThatThrownBy(() -> RSerialization.read(b))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining("double vector of length 1073741824");
  }

  @Test
  void unknownTypeIsRejectedWithItsOffset() {
    byte[] b = XdrWriter.v3().list(0, 1).flags(99, 0).toBytes();

    assertThatThrownBy(() -> RSerialization.read(b))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("unknown SEXP type 99 at byte 31");
  }

  @Test
  void danglingReferenceAndStrayByteCodeMarkersAreRejected() {
    assertThatThrownBy(() -> RSerialization.read(XdrWriter.v3().ref(3).toBytes()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("object #3 but the reference table holds 0");
    assertThatThrownBy(() -> RSerialization.read(XdrWriter.v3().i(RDecoder.BCREPDEF).toBytes()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("byte-code marker (type 244 at byte 23) outside byte code");
    byte[] altrep = altrepInfo(XdrWriter.v3(), "mmap_real", RDecoder.REALSXP).nil().nil().toBytes();
    assertThatThrownBy(() -> RSerialization.read(altrep))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("ALTREP object of class 'mmap_real'");
  }

  @Test
  void wrongHeadersAreRejected() {
    assertThatThrownBy(() -> RSerialization.read("A\n3\n".getBytes()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("ASCII");
    assertThatThrownBy(() -> RSerialization.read("hello world".getBytes()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not an R serialization stream")
        .hasMessageContaining("68 65 6c 6c 6f");
    byte[] v4 = new XdrWriter().raw("X\n").i(4).i(0).i(0).toBytes();
    assertThatThrownBy(() -> RSerialization.read(v4))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("version 4");
  }

  @Test
  void badDataFramesAreRejectedNamingTheColumn() {
    byte[] badFactor =
        XdrWriter.v3()
            .list(ATTR | OBJECT, 1)
            .intsWith(ATTR | OBJECT, 1, 3)
            .cell("levels")
            .strings("a", "b")
            .cell("class")
            .strings("factor")
            .nil()
            .cell("names")
            .strings("grade")
            .cell("row.names")
            .ints(NA, -2)
            .cellRef(2)
            .strings("data.frame")
            .nil()
            .toBytes();
    assertThatThrownBy(() -> RDataFrames.toDataFrame(RSerialization.read(badFactor), "bad"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("column 'grade', row 2: factor code 3 is outside the 2 levels");

    byte[] listColumn =
        XdrWriter.v3()
            .list(ATTR | OBJECT, 1)
            .list(0, 1)
            .ints(1)
            .cell("names")
            .strings("nested")
            .cell("row.names")
            .ints(NA, -1)
            .cell("class")
            .strings("data.frame")
            .nil()
            .toBytes();
    assertThatThrownBy(() -> RDataFrames.toDataFrame(RSerialization.read(listColumn), "lc"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("column 'nested' is a list");

    assertThatThrownBy(
            () ->
                RDataFrames.toDataFrame(RSerialization.read(XdrWriter.v3().ints(1).toBytes()), "v"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'v' (integer vector) is not a data.frame");
  }
}
