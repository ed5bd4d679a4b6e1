package dev.mle4j.tabular.data.rdata;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes R serialization streams byte by byte for tests, following R's {@code serialize.c} layout
 * (flags word, then the body). Every method returns this writer so a stream reads like its R
 * structure.
 */
final class XdrWriter {
  static final int OBJECT = 1 << 8;
  static final int ATTR = 1 << 9;
  static final int TAG = 1 << 10;
  static final int UTF8 = 1 << 3 << 12;
  static final int LATIN1 = 1 << 2 << 12;
  static final int ASCII = 1 << 6 << 12;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final DataOutputStream out = new DataOutputStream(bytes);

  /** Header of format version 3 with native encoding UTF-8 (as R 4.x writes it). */
  static XdrWriter v3() {
    XdrWriter w = new XdrWriter();
    w.raw("X\n").i(3).i(0x040202).i(0x030500).i(5).raw("UTF-8");
    return w;
  }

  /** Header of format version 2. */
  static XdrWriter v2() {
    XdrWriter w = new XdrWriter();
    w.raw("X\n").i(2).i(0x030402).i(0x020300);
    return w;
  }

  XdrWriter raw(String ascii) {
    return bytes(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  XdrWriter bytes(byte[] b) {
    try {
      out.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  XdrWriter i(int v) {
    try {
      out.writeInt(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  XdrWriter d(double v) {
    try {
      out.writeLong(Double.doubleToRawLongBits(v));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A flags word: type plus bits. */
  XdrWriter flags(int type, int bits) {
    return i(type | bits);
  }

  XdrWriter nil() {
    return i(RDecoder.NILVALUE_SXP);
  }

  /** A CHARSXP in UTF-8 (ASCII flag for pure ASCII, as R writes). */
  XdrWriter chars(String s) {
    if (s == null) {
      return i(RDecoder.CHARSXP).i(-1);
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    boolean ascii = b.length == s.length();
    i(RDecoder.CHARSXP | (ascii ? ASCII : UTF8)).i(b.length);
    return bytes(b);
  }

  /** A CHARSXP in Latin-1. */
  XdrWriter latin1(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    i(RDecoder.CHARSXP | LATIN1).i(b.length);
    return bytes(b);
  }

  /** A new symbol (enters the reference table). */
  XdrWriter sym(String name) {
    return i(RDecoder.SYMSXP).chars(name);
  }

  /** A reference to entry {@code index} (1-based) of the reference table, packed in the flags. */
  XdrWriter ref(int index) {
    return i(RDecoder.REFSXP | (index << 8));
  }

  /** A reference with the index in its own word (as R writes large indices). */
  XdrWriter refLong(int index) {
    return i(RDecoder.REFSXP).i(index);
  }

  /** An integer vector without attributes. */
  XdrWriter ints(int... values) {
    return intsWith(0, values);
  }

  /** An integer vector with flag bits (e.g. ATTR | OBJECT); attributes must follow. */
  XdrWriter intsWith(int bits, int... values) {
    flags(RDecoder.INTSXP, bits).i(values.length);
    for (int v : values) {
      i(v);
    }
    return this;
  }

  XdrWriter logicals(int... values) {
    flags(RDecoder.LGLSXP, 0).i(values.length);
    for (int v : values) {
      i(v);
    }
    return this;
  }

  XdrWriter doubles(double... values) {
    return doublesWith(0, values);
  }

  XdrWriter doublesWith(int bits, double... values) {
    flags(RDecoder.REALSXP, bits).i(values.length);
    for (double v : values) {
      d(v);
    }
    return this;
  }

  /** A character vector of UTF-8 strings (null = NA). */
  XdrWriter strings(String... values) {
    return stringsWith(0, values);
  }

  XdrWriter stringsWith(int bits, String... values) {
    flags(RDecoder.STRSXP, bits).i(values.length);
    for (String v : values) {
      chars(v);
    }
    return this;
  }

  /** The header of a list of n elements; the elements follow. */
  XdrWriter list(int bits, int n) {
    return flags(RDecoder.VECSXP, bits).i(n);
  }

  /** A tagged pairlist cell with a new symbol tag; the value follows. */
  XdrWriter cell(String tag) {
    return flags(RDecoder.LISTSXP, TAG).sym(tag);
  }

  /** A tagged pairlist cell whose tag is a reference; the value follows. */
  XdrWriter cellRef(int index) {
    return flags(RDecoder.LISTSXP, TAG).ref(index);
  }

  byte[] toBytes() {
    return bytes.toByteArray();
  }
}
