package dev.mle4j.nlp.onnx;

import dev.mle4j.core.MlException;

/**
 * A minimal protobuf wire-format reader over a byte-array slice: varints, fixed 32/64-bit values
 * and length-delimited fields. Only what {@link OnnxWeights} needs; every malformed input raises an
 * {@link MlException} naming the offset.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] buf;
  private final String source;
  private int pos;
  private final int limit;

  ProtoReader(byte[] buf, int offset, int length, String source) {
    if (offset < 0 || length < 0 || offset + length > buf.length) {
      throw new MlException(
          source + ": slice [" + offset + ", " + offset + length + ") outside " + buf.length);
    }
    this.buf = buf;
    this.pos = offset;
    this.limit = offset + length;
    this.source = source;
  }

  boolean hasMore() {
    return pos < limit;
  }

  int position() {
    return pos;
  }

  byte[] buffer() {
    return buf;
  }

  /** Reads a field tag; returns {@code fieldNumber << 3 | wireType}. */
  int readTag() {
    long tag = readVarint();
    if (tag <= 0 || tag > Integer.MAX_VALUE) {
      throw malformed("invalid field tag " + tag);
    }
    return (int) tag;
  }

  long readVarint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw malformed("truncated varint");
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw malformed("varint longer than 10 bytes");
  }

  int readFixed32() {
    if (limit - pos < 4) {
      throw malformed("truncated fixed32");
    }
    int v =
        (buf[pos] & 0xFF)
            | (buf[pos + 1] & 0xFF) << 8
            | (buf[pos + 2] & 0xFF) << 16
            | (buf[pos + 3] & 0xFF) << 24;
    pos += 4;
    return v;
  }

  /** Reads the length of a length-delimited field and checks that it fits. */
  int readLength() {
    long len = readVarint();
    if (len < 0 || len > limit - pos) {
      throw malformed("length " + len + " exceeds the remaining " + (limit - pos) + " bytes");
    }
    return (int) len;
  }

  /** Reads a length-delimited field as a sub-reader and skips past it. */
  ProtoReader readMessage() {
    int len = readLength();
    ProtoReader sub = new ProtoReader(buf, pos, len, source);
    pos += len;
    return sub;
  }

  String readString() {
    int len = readLength();
    String s = new String(buf, pos, len, java.nio.charset.StandardCharsets.UTF_8);
    pos += len;
    return s;
  }

  /** Skips a field's value of the given wire type. */
  void skip(int wireType) {
    switch (wireType) {
      case VARINT -> readVarint();
      case FIXED64 -> advance(8);
      case LENGTH_DELIMITED -> advance(readLength());
      case FIXED32 -> advance(4);
      default -> throw malformed("unsupported wire type " + wireType);
    }
  }

  void advance(int n) {
    if (n < 0 || n > limit - pos) {
      throw malformed("cannot skip " + n + " bytes, " + (limit - pos) + " left");
    }
    pos += n;
  }

  MlException malformed(String what) {
    return new MlException(source + ": malformed protobuf at byte " + pos + ": " + what);
  }
}
