package dev.mle4j.core.data;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A table read from a delimited text file: column names and rows of string fields. Every row has
 * exactly {@code columns().size()} fields (the {@link CsvReader} guarantees it).
 *
 * @param columns column names, in file order
 * @param rows the rows; each array has one field per column (arrays are shared, do not modify)
 */
public record CsvTable(List<String> columns, List<String[]> rows) {

  /** Validates that names are unique and every row has one field per column. */
  public CsvTable {
    columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    rows = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(rows, "rows")));
    for (int i = 0; i < columns.size(); i++) {
      if (columns.indexOf(columns.get(i)) != i) {
        throw new MlException("Duplicate column name '" + columns.get(i) + "' in " + columns);
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      if (row == null || row.length != columns.size()) {
        throw new MlException(
            "Row "
                + r
                + " has "
                + (row == null ? "no" : String.valueOf(row.length))
                + " fields, expected "
                + columns.size()
                + " (columns "
                + columns
                + ")");
      }
    }
  }

  /**
   * Returns a table with only some columns, in the given order.
   *
   * @param names the columns to keep
   * @return the projected table (cells missing from short rows become null)
   * @throws MlException naming the known columns if a name is unknown
   */
  public CsvTable select(List<String> names) {
    int[] idx = new int[names.size()];
    for (int j = 0; j < idx.length; j++) {
      idx[j] = columnIndex(names.get(j));
    }
    List<String[]> out = new java.util.ArrayList<>(rows.size());
    for (String[] r : rows) {
      String[] o = new String[idx.length];
      for (int j = 0; j < idx.length; j++) {
        o[j] = idx[j] < r.length ? r[idx[j]] : null;
      }
      out.add(o);
    }
    return new CsvTable(names, out);
  }

  /**
   * Returns the number of rows.
   *
   * @return the row count
   */
  public int size() {
    return rows.size();
  }

  /**
   * Returns the position of a column.
   *
   * @param name the column name
   * @return its zero-based index
   * @throws MlException naming the known columns if there is no such column
   */
  public int columnIndex(String name) {
    int index = columns.indexOf(name);
    if (index < 0) {
      throw new MlException("Unknown column '" + name + "'; known columns: " + columns);
    }
    return index;
  }

  /**
   * Returns all values of a column, in row order.
   *
   * @param name the column name
   * @return the values (unmodifiable)
   * @throws MlException if there is no such column
   */
  public List<String> column(String name) {
    int index = columnIndex(name);
    List<String> values = new ArrayList<>(rows.size());
    for (String[] row : rows) {
      values.add(row[index]);
    }
    return Collections.unmodifiableList(values);
  }

  /**
   * Returns one field.
   *
   * @param row zero-based row index
   * @param column column name
   * @return the field value
   * @throws MlException if the row or column does not exist
   */
  public String value(int row, String column) {
    if (row < 0 || row >= rows.size()) {
      throw new MlException("Row " + row + " out of range: table has " + rows.size() + " rows");
    }
    return rows.get(row)[columnIndex(column)];
  }
}
