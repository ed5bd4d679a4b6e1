package dev.mle4j.core.data;

import dev.mle4j.core.MlException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One file, or one folder tree, of a dataset, with the checksum that proves it is the expected
 * content.
 *
 * <p>A path ending in {@code /} names a folder: its {@code sha256} is {@link
 * Fingerprints#sha256OfTree} of the folder and {@code sizeBytes} the total size of its regular
 * files. Otherwise {@code sha256} is the file's SHA-256 (as {@code sha256sum} prints it) and {@code
 * sizeBytes} its size.
 *
 * @param relativePath path under the data root with {@code /} separators, e.g. {@code
 *     tabular/titanic.csv} or {@code images/hymenoptera_data/}
 * @param sha256 expected SHA-256, 64 hex digits (stored lower-case)
 * @param sizeBytes expected size in bytes
 */
public record DatasetFile(String relativePath, String sha256, long sizeBytes) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** Validates the path, checksum and size. */
  public DatasetFile {
    relativePath = checkRelativePath(relativePath, "dataset file path");
    if (sha256 == null || !SHA256.matcher(sha256.toLowerCase(Locale.ROOT)).matches()) {
      throw new MlException(
          "Dataset file " + relativePath + ": sha256 must be 64 hex digits, got " + sha256);
    }
    sha256 = sha256.toLowerCase(Locale.ROOT);
    if (sizeBytes < 0) {
      throw new MlException("Dataset file " + relativePath + ": sizeBytes must be >= 0");
    }
  }

  /**
   * Tells whether this entry is a folder tree.
   *
   * @return true when the path ends with {@code /}
   */
  public boolean isFolder() {
    return relativePath.endsWith("/");
  }

  /**
   * Returns the path without a trailing {@code /}.
   *
   * @return the path of the file or folder
   */
  public String path() {
    return isFolder() ? relativePath.substring(0, relativePath.length() - 1) : relativePath;
  }

  /**
   * Checks that a path is relative, uses {@code /} and does not climb out of its root.
   *
   * @param path the path
   * @param what what the path is, for the error message
   * @return the path
   */
  static String checkRelativePath(String path, String what) {
    if (path == null || path.isBlank()) {
      throw new MlException(what + " must not be empty");
    }
    if (path.startsWith("/") || path.contains("\\") || path.matches("^[A-Za-z]:.*")) {
      throw new MlException(what + " must be relative with '/' separators, got '" + path + "'");
    }
    for (String part : path.split("/")) {
      if (part.equals("..") || part.equals(".")) {
        throw new MlException(what + " must not contain '.' or '..', got '" + path + "'");
      }
    }
    return path;
  }
}
