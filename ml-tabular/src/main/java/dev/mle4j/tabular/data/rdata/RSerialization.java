package dev.mle4j.tabular.data.rdata;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.rdata.RObject.Cell;
import dev.mle4j.tabular.data.rdata.RObject.PairList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads R's serialization format without R: the binary XDR format ({@code X\n}) of versions 2 and
 * 3, as written by {@code serialize()}, {@code saveRDS()} and inside {@code .RData} files and
 * lazy-load databases.
 *
 * <p>Decoded: {@code NULL}, symbols, pairlists and calls (with tags and attributes), lists,
 * character vectors (UTF-8, Latin-1, bytes and native encodings; {@code NA_character_}), integer,
 * logical, double, complex and raw vectors (with their {@code NA}s), attributes, the reference
 * table, environments (special ones by name, others with their variables), ALTREP compact
 * sequences, wrappers and deferred strings, persistent references (through a hook). Functions
 * (byte-compiled ones too: the byte code is parsed and dropped), promises, external pointers and S4
 * objects become {@link RObject.Opaque}. The ASCII and native binary formats and unknown types are
 * rejected with an {@link MlException} naming the byte offset.
 */
public final class RSerialization {

  private RSerialization() {}

  /**
   * Decodes a serialized object ({@code serialize(x, NULL)} output, starting with {@code X\n}).
   *
   * @param bytes the stream
   * @return the object
   * @throws MlException if the stream is not valid binary R serialization
   */
  public static RObject read(byte[] bytes) {
    return read(bytes, "stream", null);
  }

  /**
   * Decodes a serialized object, resolving persistent references with a hook.
   *
   * @param bytes the stream
   * @param source a name for error messages, e.g. the object's name
   * @param persistentHook maps the strings of a persistent reference to its value; null keeps them
   *     as {@link RObject.PersistentRef}
   * @return the object
   * @throws MlException if the stream is not valid binary R serialization
   */
  public static RObject read(
      byte[] bytes, String source, Function<List<String>, RObject> persistentHook) {
    Objects.requireNonNull(bytes, "bytes");
    return new RDecoder(bytes, 0, quote(source), persistentHook).decode();
  }

  /**
   * Decodes a serialized object from a stream (read completely, not closed).
   *
   * @param in the stream
   * @return the object
   * @throws MlException if the stream cannot be read or is not valid binary R serialization
   */
  public static RObject read(InputStream in) {
    try {
      return read(in.readAllBytes());
    } catch (IOException e) {
      throw new MlException("cannot read R serialization stream: " + e.getMessage(), e);
    }
  }

  /**
   * Reads an {@code .rds} file ({@code saveRDS}): gzip, bzip2, xz or uncompressed.
   *
   * @param file the file
   * @return the object
   * @throws MlException if the file cannot be read or decoded
   */
  public static RObject readRds(Path file) {
    byte[] raw = RCompression.unpackFile(readFile(file), quote(file.toString()));
    return new RDecoder(raw, 0, quote(file.toString()), null).decode();
  }

  /**
   * Reads an {@code .RData} / {@code .rda} file ({@code save()}): gzip, bzip2, xz or uncompressed,
   * format {@code RDX2} or {@code RDX3}.
   *
   * @param file the file
   * @return the saved objects by name, in saved order
   * @throws MlException if the file cannot be read or decoded
   */
  public static Map<String, RObject> readRData(Path file) {
    String source = quote(file.toString());
    byte[] raw = RCompression.unpackFile(readFile(file), source);
    String magic = new String(raw, 0, Math.min(5, raw.length), StandardCharsets.ISO_8859_1);
    if (!magic.equals("RDX2\n") && !magic.equals("RDX3\n")) {
      throw new MlException(
          "R data "
              + source
              + " is not a binary .RData file: it starts with "
              + Arrays.toString(magic.getBytes(StandardCharsets.ISO_8859_1))
              + " instead of RDX2/RDX3 (ASCII saves are not supported)");
    }
    RObject contents = new RDecoder(raw, 5, source, null).decode();
    Map<String, RObject> out = new LinkedHashMap<>();
    if (contents instanceof PairList p) {
      for (Cell c : p.cells()) {
        out.put(c.tag() == null ? "" : c.tag(), c.value());
      }
    } else if (!(contents instanceof RObject.Null)) {
      throw new MlException(
          "R data " + source + " holds a " + contents.typeName() + " instead of named objects");
    }
    return Collections.unmodifiableMap(out);
  }

  static byte[] readFile(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new MlException("cannot read R data file " + file + ": " + e, e);
    }
  }

  static String quote(String source) {
    return "'" + (source == null ? "stream" : source) + "'";
  }
}
