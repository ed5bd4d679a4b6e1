package dev.mle4j.benchmarks.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.MlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Formatting and file helpers shared by {@link LoadReport} and {@link StudyResult}. */
final class ReportFiles {

  private ReportFiles() {}

  /** Puts a finite number, or JSON null for NaN / infinity. */
  static void putNumber(ObjectNode node, String field, double v) {
    if (Double.isFinite(v)) {
      node.put(field, v);
    } else {
      node.putNull(field);
    }
  }

  /** Formats a finite number, or an empty string (CSV cells). */
  static String num(double v, String format) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "";
  }

  /** Quotes a CSV field when it holds a separator, quote or line break. */
  static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /**
   * Writes a UTF-8 text file, creating its folder.
   *
   * @param owner class name for the null-file message
   * @param what what is written, for the error message
   */
  static Path write(Path file, String text, String owner, String what) {
    if (file == null) {
      throw new MlException(owner + ": output file must not be null");
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new MlException("cannot write " + what + " to '" + file + "': " + e.getMessage(), e);
    }
  }
}
