package dev.mle4j.tabular.data;

import dev.mle4j.core.MlException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link TabularDataset} (features and target) as CSV that {@link TabularDatasets#fromCsv}
 * and other tools (e.g. the Python peers) read back: missing values as empty cells, booleans as
 * true/false, date-times as ISO local date-times (UTC).
 */
public final class CsvWriter {

  private CsvWriter() {}

  /**
   * Writes the data set.
   *
   * @param ds the data set
   * @param file the CSV file to write
   * @throws MlException if the file cannot be written
   */
  public static void write(TabularDataset ds, Path file) {
    DataFrame x = ds.features();
    Target y = ds.target();
    List<String> header = new ArrayList<>(x.columns());
    header.add(y.name());
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(line(header));
      w.newLine();
      for (int i = 0; i < x.rows(); i++) {
        List<String> cells = new ArrayList<>(header.size());
        for (ColumnSpec c : x.schema().columns()) {
          cells.add(cell(x, i, c));
        }
        cells.add(
            y.task() == TabularTask.CLASSIFICATION
                ? y.labels().get((int) y.value(i))
                : number(y.value(i)));
        w.write(line(cells));
        w.newLine();
      }
    } catch (IOException e) {
      throw new MlException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String cell(DataFrame x, int row, ColumnSpec c) {
    if (!c.type().isNumberStored()) {
      String s = x.strings(c.name())[row];
      return s == null ? "" : s;
    }
    double v = x.numeric(c.name())[row];
    if (Double.isNaN(v)) {
      return "";
    }
    return switch (c.type()) {
      case BOOLEAN -> v == 1.0 ? "true" : "false";
      case DATETIME ->
          LocalDateTime.ofEpochSecond(
                  (long) Math.floor(v),
                  (int) Math.round((v - Math.floor(v)) * 1e9) % 1_000_000_000,
                  ZoneOffset.UTC)
              .toString();
      default -> number(v);
    };
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /**
   * One CSV line (without the line break): cells joined by commas, quoted when they hold a comma, a
   * quote or a line break.
   *
   * @param cells the cells
   * @return the line
   */
  public static String line(List<String> cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String s = cells.get(i);
      if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
        sb.append('"').append(s.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(s);
      }
    }
    return sb.toString();
  }
}
