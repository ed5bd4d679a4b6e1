package dev.mle4j.tabular.data.rdata;

import dev.mle4j.core.MlException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.LZMA2InputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;

/**
 * The compression schemes R uses for serialized data: whole files ({@code saveRDS}: gzip, bzip2,
 * xz) and the chunks of lazy-load databases ({@code R_decompress1/2/3} in R's {@code
 * connections.c}).
 */
final class RCompression {

  /** The largest uncompressed chunk accepted (R itself limits chunks to 4 GiB). */
  static final long MAX_CHUNK = Integer.MAX_VALUE - 16;

  private RCompression() {}

  /**
   * Undoes the compression of a whole file, recognised by its magic bytes; returns uncompressed
   * input unchanged.
   */
  static byte[] unpackFile(byte[] data, String source) {
    try {
      if (startsWith(data, 0x1f, 0x8b)) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
          return in.readAllBytes();
        }
      }
      if (startsWith(data, 'B', 'Z', 'h')) {
        try (InputStream in =
            new BZip2CompressorInputStream(new ByteArrayInputStream(data), true)) {
          return in.readAllBytes();
        }
      }
      if (startsWith(data, 0xFD, '7', 'z', 'X', 'Z', 0)) {
        try (InputStream in = new XZInputStream(new ByteArrayInputStream(data))) {
          return in.readAllBytes();
        }
      }
      if (startsWith(data, 0x28, 0xB5, 0x2F, 0xFD)) {
        throw new MlException(
            "R data "
                + source
                + " is zstd-compressed, which is not supported (use gzip, bzip2 or xz)");
      }
      return data;
    } catch (IOException e) {
      throw new MlException(
          "R data " + source + " has corrupt compressed content: " + e.getMessage(), e);
    }
  }

  /**
   * Decompresses one lazy-load database chunk.
   *
   * @param chunk the bytes stored in the {@code .rdb}
   * @param compression the database's {@code compressed} entry: 0 none, 1 zlib, 2 bzip2, 3 xz
   * @param source the object's name for messages
   */
  static byte[] decompressChunk(byte[] chunk, int compression, String source) {
    if (compression == 0) {
      return chunk;
    }
    if (chunk.length < 4) {
      throw new MlException(
          "R data " + source + ": compressed chunk of " + chunk.length + " bytes is too short");
    }
    long length =
        ((chunk[0] & 0xFFL) << 24)
            | ((chunk[1] & 0xFFL) << 16)
            | ((chunk[2] & 0xFFL) << 8)
            | (chunk[3] & 0xFFL);
    if (length > MAX_CHUNK) {
      throw new MlException(
          "R data " + source + ": chunk declares " + length + " uncompressed bytes, too many");
    }
    int outLength = (int) length;
    if (compression == 1) {
      return inflate(chunk, 4, outLength, source);
    }
    if (compression != 2 && compression != 3) {
      throw new MlException(
          "R data "
              + source
              + ": unknown compression "
              + compression
              + " (R uses 0 none, 1 zlib, 2 bzip2, 3 xz)");
    }
    if (chunk.length < 5) {
      throw new MlException("R data " + source + ": compressed chunk has no type byte");
    }
    char type = (char) (chunk[4] & 0xFF);
    return switch (type) {
      case '0' -> {
        if (chunk.length - 5 != outLength) {
          throw new MlException(
              "R data "
                  + source
                  + ": stored chunk has "
                  + (chunk.length - 5)
                  + " bytes but declares "
                  + outLength);
        }
        yield Arrays.copyOfRange(chunk, 5, chunk.length);
      }
      case '1' -> inflate(chunk, 5, outLength, source);
      case '2' -> readExactly(bzip2(chunk), outLength, "bzip2", source);
      case 'Z' -> {
        if (compression != 3) {
          throw new MlException(
              "R data " + source + ": xz chunk ('Z') in a database declared as bzip2");
        }
        yield readExactly(lzma2(chunk, outLength), outLength, "xz (LZMA2)", source);
      }
      default ->
          throw new MlException(
              "R data "
                  + source
                  + ": unknown chunk compression type '"
                  + type
                  + "' (0x"
                  + Integer.toHexString(type)
                  + "); R writes 'Z' xz, '2' bzip2, '1' zlib, '0' none");
    };
  }

  private static InputStream bzip2(byte[] chunk) {
    try {
      return new BZip2CompressorInputStream(
          new ByteArrayInputStream(chunk, 5, chunk.length - 5), false);
    } catch (IOException e) {
      return new FailingStream(e);
    }
  }

  /** R writes raw LZMA2 (no xz container) with the filters of preset 6. */
  private static InputStream lzma2(byte[] chunk, int outLength) {
    int dictSize = Math.max(LZMA2Options.DICT_SIZE_MIN, Math.min(outLength, 1 << 26));
    return new LZMA2InputStream(new ByteArrayInputStream(chunk, 5, chunk.length - 5), dictSize);
  }

  /**
   * Reads the declared number of bytes; the buffer grows with the data actually decoded, so a
   * corrupt length does not allocate memory up front.
   */
  private static byte[] readExactly(InputStream in, int outLength, String kind, String source) {
    byte[] out;
    try (in) {
      out = in.readNBytes(outLength);
    } catch (IOException | RuntimeException e) {
      throw new MlException(
          "R data " + source + ": corrupt " + kind + " data (" + e.getMessage() + ")", e);
    }
    if (out.length != outLength) {
      throw new MlException(
          "R data "
              + source
              + ": "
              + kind
              + " data ended after "
              + out.length
              + " of the declared "
              + outLength
              + " bytes");
    }
    return out;
  }

  private static byte[] inflate(byte[] chunk, int offset, int outLength, String source) {
    InputStream in =
        new InflaterInputStream(new ByteArrayInputStream(chunk, offset, chunk.length - offset));
    return readExactly(in, outLength, "zlib", source);
  }

  private static boolean startsWith(byte[] data, int... magic) {
    if (data.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((data[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /** Defers a constructor failure to the first read, so one place reports it. */
  private static final class FailingStream extends InputStream {
    private final IOException error;

    FailingStream(IOException error) {
      this.error = error;
    }

    @Override
    public int read() throws IOException {
      throw error;
    }
  }
}
