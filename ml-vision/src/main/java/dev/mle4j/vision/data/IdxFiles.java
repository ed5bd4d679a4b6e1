package dev.mle4j.vision.data;

import dev.mle4j.core.MlException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Strict reader of the IDX format used by MNIST and Fashion-MNIST: a big-endian header (two zero
 * bytes, the type code {@code 0x08} for unsigned bytes, the number of dimensions), one 32-bit size
 * per dimension, then the data. Files ending in {@code .gz} are decompressed on the fly.
 */
public final class IdxFiles {

  /** Magic number of a one-dimensional unsigned byte file (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  /** Magic number of a three-dimensional unsigned byte file (images). */
  public static final int IMAGES_MAGIC = 0x00000803;

  private IdxFiles() {}

  /**
   * Images of an IDX3 file.
   *
   * @param count number of images
   * @param rows image height
   * @param cols image width
   * @param pixels {@code count * rows * cols} bytes, image after image, row-major
   */
  public record Images(int count, int rows, int cols, byte[] pixels) {}

  /**
   * Reads an IDX3 unsigned byte image file.
   *
   * @param file the file ({@code .gz} or plain)
   * @return the images
   * @throws MlException if the file is missing, has a bad magic number or sizes, or is truncated
   */
  public static Images readImages(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != IMAGES_MAGIC) {
        throw new MlException(
            file
                + " is not an IDX image file: magic number 0x"
                + hex(magic)
                + ", expected 0x"
                + hex(IMAGES_MAGIC));
      }
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (count < 0 || rows < 1 || cols < 1 || (long) count * rows * cols > Integer.MAX_VALUE - 8) {
        throw new MlException(
            file + ": invalid IDX image dimensions " + count + " x " + rows + " x " + cols);
      }
      byte[] pixels = new byte[count * rows * cols];
      readFully(in, pixels, file, "images");
      requireEnd(in, file);
      return new Images(count, rows, cols, pixels);
    } catch (EOFException e) {
      throw new MlException(file + " is truncated: the IDX header is incomplete", e);
    } catch (IOException e) {
      throw new MlException("cannot read IDX file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads an IDX1 unsigned byte label file.
   *
   * @param file the file ({@code .gz} or plain)
   * @return one label per example, 0-255
   * @throws MlException if the file is missing, has a bad magic number, or is truncated
   */
  public static int[] readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != LABELS_MAGIC) {
        throw new MlException(
            file
                + " is not an IDX label file: magic number 0x"
                + hex(magic)
                + ", expected 0x"
                + hex(LABELS_MAGIC));
      }
      int count = in.readInt();
      if (count < 0) {
        throw new MlException(file + ": invalid IDX label count " + count);
      }
      byte[] raw = new byte[count];
      readFully(in, raw, file, "labels");
      requireEnd(in, file);
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = raw[i] & 0xFF;
      }
      return labels;
    } catch (EOFException e) {
      throw new MlException(file + " is truncated: the IDX header is incomplete", e);
    } catch (IOException e) {
      throw new MlException("cannot read IDX file " + file + ": " + e.getMessage(), e);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw;
    try {
      raw = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new MlException("IDX file not found: " + file, e);
    }
    InputStream in = new BufferedInputStream(raw, 1 << 16);
    if (file.getFileName().toString().endsWith(".gz")) {
      try {
        in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
      } catch (IOException e) {
        raw.close();
        throw new MlException(file + " is not a valid gzip file: " + e.getMessage(), e);
      }
    }
    return new DataInputStream(in);
  }

  private static void readFully(InputStream in, byte[] into, Path file, String what)
      throws IOException {
    int done = 0;
    while (done < into.length) {
      int n;
      try {
        n = in.read(into, done, into.length - done);
      } catch (EOFException e) {
        n = -1;
      }
      if (n < 0) {
        throw new MlException(
            file
                + " is truncated: the header announces "
                + into.length
                + " bytes of "
                + what
                + " but only "
                + done
                + " are present");
      }
      done += n;
    }
  }

  private static void requireEnd(InputStream in, Path file) throws IOException {
    if (in.read() >= 0) {
      throw new MlException(file + " has extra bytes after the data the IDX header announces");
    }
  }

  private static String hex(int v) {
    return String.format("%08x", v);
  }
}
