package dev.mle4j.core.data;

import dev.mle4j.core.MlException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * SHA-256 fingerprints of files, bytes and string sequences, as lower-case hex; used for data
 * fingerprints in model cards and for dataset verification.
 */
public final class Fingerprints {
  private static final int BUFFER_SIZE = 1 << 16;

  private Fingerprints() {}

  /**
   * Hashes a file's content.
   *
   * @param file a regular file
   * @return the SHA-256 of the file, lower-case hex (same as {@code sha256sum})
   * @throws MlException if the file is missing or cannot be read
   */
  public static String sha256(Path file) {
    Objects.requireNonNull(file, "file");
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[BUFFER_SIZE];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    } catch (NoSuchFileException e) {
      throw new MlException("Cannot hash " + file.toAbsolutePath() + ": file not found", e);
    } catch (IOException e) {
      throw new MlException("Cannot hash " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Hashes bytes.
   *
   * @param bytes the bytes
   * @return the SHA-256, lower-case hex
   */
  public static String sha256(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  /**
   * Hashes a sequence of strings without ambiguity: each string contributes its UTF-8 length as an
   * 8-byte big-endian number followed by its UTF-8 bytes, so {@code ["ab", "c"]} and {@code ["a",
   * "bc"]} differ. Order matters.
   *
   * @param values the strings (no nulls)
   * @return the SHA-256, lower-case hex
   * @throws MlException if an element is null
   */
  public static String sha256OfStrings(Iterable<String> values) {
    Objects.requireNonNull(values, "values");
    MessageDigest digest = newDigest();
    ByteBuffer length = ByteBuffer.allocate(Long.BYTES);
    long index = 0;
    for (String value : values) {
      if (value == null) {
        throw new MlException("Cannot fingerprint strings: element " + index + " is null");
      }
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      length.clear();
      length.putLong(bytes.length);
      digest.update(length.array());
      digest.update(bytes);
      index++;
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Hashes a folder tree: the SHA-256 of its manifest, one line {@code "<sha256> <relative
   * path>\n"} per regular file, sorted by relative path with {@code /} separators. The result
   * equals {@code cd DIR && find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum
   * | sha256sum} for ASCII file names.
   *
   * @param folder the folder
   * @return the SHA-256 of the manifest, lower-case hex
   * @throws MlException if the folder is missing or cannot be read
   */
  public static String sha256OfTree(Path folder) {
    Objects.requireNonNull(folder, "folder");
    StringBuilder manifest = new StringBuilder();
    for (String relative : regularFiles(folder)) {
      manifest.append(sha256(folder.resolve(relative))).append("  ").append(relative).append('\n');
    }
    return sha256(manifest.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Lists the regular files under a folder as sorted relative paths with {@code /} separators.
   *
   * @param folder the folder
   * @return the sorted relative paths
   */
  static List<String> regularFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new MlException("Cannot list " + folder.toAbsolutePath() + ": not a folder");
    }
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.filter(Files::isRegularFile)
          .forEach(p -> files.add(folder.relativize(p).toString().replace('\\', '/')));
    } catch (IOException | UncheckedIOException e) {
      throw new MlException("Cannot list " + folder.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    files.sort(null);
    return files;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
