package dev.mle4j.core.config;

import java.util.Objects;

/**
 * One problem found while loading a configuration file.
 *
 * @param path the field path, e.g. {@code training.epochs} or {@code layers[2].size}; empty for the
 *     document as a whole
 * @param message what is wrong
 * @param line 1-based line in the file, or -1 when unknown
 * @param column 1-based column in the file, or -1 when unknown
 */
public record ConfigProblem(String path, String message, int line, int column) {

  /** Rejects null parts. */
  public ConfigProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /**
   * Formats the problem as {@code path: message (line L, column C)}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (!path.isEmpty()) {
      sb.append(path).append(": ");
    }
    sb.append(message);
    if (line > 0) {
      sb.append(" (line ").append(line);
      if (column > 0) {
        sb.append(", column ").append(column);
      }
      sb.append(')');
    }
    return sb.toString();
  }
}
