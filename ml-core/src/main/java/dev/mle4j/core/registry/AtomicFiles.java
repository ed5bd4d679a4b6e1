package dev.mle4j.core.registry;

import dev.mle4j.core.MlException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;

/**
 * Crash-safe file writes: the bytes go to a hidden temporary file in the target's folder, are
 * flushed to disk, and then replace the target by one atomic rename, so a reader sees either the
 * old file or the complete new one, never a partial file.
 */
public final class AtomicFiles {
  /** Prefix of the temporary files this class creates; a leading dot keeps them hidden. */
  static final String TEMP_PREFIX = ".tmp-";

  private AtomicFiles() {}

  /**
   * Writes bytes to a file atomically, creating missing parent folders.
   *
   * @param target the file to create or replace
   * @param bytes the complete content
   * @throws MlException when the file cannot be written
   */
  public static void write(Path target, byte[] bytes) {
    write(target, bytes, null);
  }

  /**
   * Writes UTF-8 text to a file atomically, creating missing parent folders.
   *
   * @param target the file to create or replace
   * @param text the complete content
   * @throws MlException when the file cannot be written
   */
  public static void writeString(Path target, String text) {
    Objects.requireNonNull(text, "text");
    write(target, text.getBytes(StandardCharsets.UTF_8), null);
  }

  /**
   * Writes atomically and runs {@code beforeRename} between the flushed temporary file and the
   * rename (tests use it to simulate a crash at that point).
   */
  static void write(Path target, byte[] bytes, TempFileHook beforeRename) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(bytes, "bytes");
    Path absolute = target.toAbsolutePath();
    Path parent = absolute.getParent();
    Path temp = parent.resolve(TEMP_PREFIX + absolute.getFileName() + "-" + UUID.randomUUID());
    try {
      Files.createDirectories(parent);
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (beforeRename != null) {
        beforeRename.accept(temp);
      }
      moveAtomically(temp, absolute);
      syncDirectory(parent);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new MlException("cannot write file " + target + ": " + e, e);
    } catch (RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  /**
   * Renames {@code source} to {@code target} in one atomic step, replacing a file at {@code
   * target}.
   */
  static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "the file system of " + target + " cannot rename atomically, which crash safety needs",
          e);
    }
  }

  /** Flushes a folder's entries to disk where the platform allows it (best effort). */
  static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Some platforms (Windows) cannot open a folder as a channel; the rename is still atomic.
    }
  }

  /** Flushes one file's content to disk. */
  static void syncFile(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // Best effort: a leftover hidden temp file is removed by the next ModelRegistry.open.
    }
  }

  /** Called with the flushed temporary file just before it is renamed; may throw. */
  @FunctionalInterface
  interface TempFileHook {
    void accept(Path temp) throws IOException;
  }
}
