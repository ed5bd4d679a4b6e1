package dev.mle4j.tabular.data;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.CsvReader;
import dev.mle4j.core.data.CsvTable;
import java.nio.file.Path;
import java.util.List;

/** Turns CSV text tables into typed {@link DataFrame}s. */
public final class TableLoader {

  private TableLoader() {}

  /**
   * Reads a CSV file with a header, infers its schema and parses it.
   *
   * @param file the CSV file
   * @param inference the schema inference (with any overrides)
   * @return the typed frame
   * @throws MlException if the file cannot be read or a value does not fit its column's type
   */
  public static DataFrame read(Path file, SchemaInference inference) {
    CsvTable table = CsvReader.builder().trim(true).build().read(file);
    return parse(table, inference.infer(table), file.getFileName().toString());
  }

  /**
   * Reads a CSV file with a header as a frame of a known schema, e.g. current data against the
   * schema of a reference or of a trained model; extra file columns are ignored.
   *
   * @param file the CSV file
   * @param schema the columns to read and their types
   * @param schemaName what the schema belongs to, for messages (e.g. {@code reference})
   * @return the frame with the schema's columns
   * @throws MlException listing schema columns the file lacks, or naming a bad value
   */
  public static DataFrame read(Path file, Schema schema, String schemaName) {
    CsvTable table = CsvReader.builder().trim(true).build().read(file);
    List<String> missing = new java.util.ArrayList<>(schema.names());
    missing.removeAll(table.columns());
    if (!missing.isEmpty()) {
      throw new MlException(file.getFileName() + " lacks " + schemaName + " columns " + missing);
    }
    return parse(table.select(schema.names()), schema, file.getFileName().toString());
  }

  /**
   * Parses the text cells of a table into a frame of the given schema.
   *
   * @param table the text table
   * @param schema the types, one per table column (by name; extra table columns are an error)
   * @param source the name used in error messages (file name)
   * @return the frame
   * @throws MlException naming the source, row (1-based data row) and column of the first bad value
   */
  public static DataFrame parse(CsvTable table, Schema schema, String source) {
    DataFrame df = DataFrame.empty(table.size());
    for (String name : table.columns()) {
      ColumnType type = schema.type(name);
      List<String> cells = table.column(name);
      if (type.isNumberStored()) {
        double[] v = new double[cells.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = parseCell(cells.get(i), type, source, i, name);
        }
        df = df.with(name, type, v);
      } else {
        String[] v = new String[cells.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = Values.category(cells.get(i));
        }
        df = df.with(name, type, v);
      }
    }
    return df;
  }

  /**
   * Parses one cell of a number-stored type.
   *
   * @param cell the text
   * @param type NUMERIC, BOOLEAN or DATETIME
   * @param source file name for messages
   * @param row 0-based data row
   * @param column the column name
   * @return the value, NaN when missing
   * @throws MlException if the text does not fit the type
   */
  public static double parseCell(
      String cell, ColumnType type, String source, int row, String column) {
    try {
      return switch (type) {
        case NUMERIC -> Values.parseNumber(cell);
        case BOOLEAN -> Values.parseBoolean(cell);
        case DATETIME -> Values.parseDatetime(cell);
        default -> throw new IllegalArgumentException(type + " is not stored as a number");
      };
    } catch (IllegalArgumentException e) {
      throw new MlException(
          source
              + ": data row "
              + (row + 1)
              + ", column '"
              + column
              + "' ("
              + type.name().toLowerCase(java.util.Locale.ROOT)
              + "): "
              + e.getMessage());
    }
  }
}
