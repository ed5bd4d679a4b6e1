package dev.mle4j.tabular.data;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable column-oriented table: numeric, boolean and datetime columns as {@code double[]}
 * ({@code NaN} = missing), categorical, text and id columns as {@code String[]} ({@code null} =
 * missing).
 *
 * <p>Arrays handed in are copied; arrays handed out by {@link #numeric(String)} and {@link
 * #strings(String)} are the frame's own and must not be modified. Derived frames ({@link
 * #with(String, ColumnType, double[])}, {@link #drop(Collection)}) share unchanged columns, so
 * adding a column is cheap.
 */
public final class DataFrame {

  private final int rows;
  private final List<ColumnSpec> specs;
  private final Map<String, Object> data;

  private DataFrame(int rows, List<ColumnSpec> specs, Map<String, Object> data) {
    this.rows = rows;
    this.specs = List.copyOf(specs);
    this.data = Collections.unmodifiableMap(data);
  }

  /**
   * An empty frame with a number of rows and no columns, to add columns to.
   *
   * @param rows the row count
   * @return the frame
   */
  public static DataFrame empty(int rows) {
    if (rows < 0) {
      throw new MlException("row count must be >= 0, got " + rows);
    }
    return new DataFrame(rows, List.of(), new LinkedHashMap<>());
  }

  /**
   * The number of rows.
   *
   * @return rows
   */
  public int rows() {
    return rows;
  }

  /**
   * The schema (names and types in column order).
   *
   * @return the schema
   */
  public Schema schema() {
    return new Schema(specs);
  }

  /**
   * The column names in order.
   *
   * @return the names
   */
  public List<String> columns() {
    List<String> names = new ArrayList<>(specs.size());
    specs.forEach(s -> names.add(s.name()));
    return names;
  }

  /**
   * Whether a column exists.
   *
   * @param name the name
   * @return true if present
   */
  public boolean has(String name) {
    return data.containsKey(name);
  }

  /**
   * The type of a column.
   *
   * @param name the name
   * @return the type
   * @throws MlException if the column does not exist
   */
  public ColumnType type(String name) {
    for (ColumnSpec s : specs) {
      if (s.name().equals(name)) {
        return s.type();
      }
    }
    throw unknown(name);
  }

  /**
   * The values of a numeric, boolean or datetime column (shared; do not modify).
   *
   * @param name the column
   * @return the values, NaN where missing
   * @throws MlException if the column is missing or stores strings
   */
  public double[] numeric(String name) {
    Object o = data.get(name);
    if (o == null) {
      throw unknown(name);
    }
    if (!(o instanceof double[] d)) {
      throw new MlException(
          "column '" + name + "' is " + type(name) + " (strings), not a numeric column");
    }
    return d;
  }

  /**
   * The values of a categorical, text or id column (shared; do not modify).
   *
   * @param name the column
   * @return the values, null where missing
   * @throws MlException if the column is missing or stores numbers
   */
  public String[] strings(String name) {
    Object o = data.get(name);
    if (o == null) {
      throw unknown(name);
    }
    if (!(o instanceof String[] s)) {
      throw new MlException(
          "column '" + name + "' is " + type(name) + " (numbers), not a string column");
    }
    return s;
  }

  /**
   * One cell as an object: a {@link Double} (NaN when missing) or a {@link String} (null when
   * missing).
   *
   * @param row the row index
   * @param name the column
   * @return the value
   */
  public Object value(int row, String name) {
    Object o = data.get(name);
    if (o == null) {
      throw unknown(name);
    }
    Objects.checkIndex(row, rows);
    return o instanceof double[] d ? (Object) d[row] : ((String[]) o)[row];
  }

  /**
   * Returns a frame with a number-stored column added or replaced (position kept on replace).
   *
   * @param name the column name
   * @param type a number-stored type
   * @param values one value per row (copied)
   * @return the new frame
   */
  public DataFrame with(String name, ColumnType type, double[] values) {
    if (!type.isNumberStored()) {
      throw new MlException("column '" + name + "': type " + type + " stores strings, not numbers");
    }
    return put(name, type, values.clone(), values.length);
  }

  /**
   * Returns a frame with a string-stored column added or replaced (position kept on replace).
   *
   * @param name the column name
   * @param type a string-stored type
   * @param values one value per row (copied)
   * @return the new frame
   */
  public DataFrame with(String name, ColumnType type, String[] values) {
    if (type.isNumberStored()) {
      throw new MlException("column '" + name + "': type " + type + " stores numbers, not strings");
    }
    return put(name, type, values.clone(), values.length);
  }

  private DataFrame put(String name, ColumnType type, Object values, int length) {
    if (length != rows) {
      throw new MlException(
          "column '" + name + "' has " + length + " values but the frame has " + rows + " rows");
    }
    ColumnSpec spec = new ColumnSpec(name, type);
    List<ColumnSpec> newSpecs = new ArrayList<>(specs);
    boolean replaced = false;
    for (int i = 0; i < newSpecs.size(); i++) {
      if (newSpecs.get(i).name().equals(name)) {
        newSpecs.set(i, spec);
        replaced = true;
      }
    }
    if (!replaced) {
      newSpecs.add(spec);
    }
    Map<String, Object> newData = new LinkedHashMap<>(data);
    newData.put(name, values);
    return new DataFrame(rows, newSpecs, newData);
  }

  /**
   * Returns a frame without some columns.
   *
   * @param names columns to drop (unknown names are ignored)
   * @return the new frame
   */
  public DataFrame drop(Collection<String> names) {
    List<ColumnSpec> newSpecs = new ArrayList<>();
    Map<String, Object> newData = new LinkedHashMap<>();
    for (ColumnSpec s : specs) {
      if (!names.contains(s.name())) {
        newSpecs.add(s);
        newData.put(s.name(), data.get(s.name()));
      }
    }
    return new DataFrame(rows, newSpecs, newData);
  }

  /**
   * Returns a frame with only some columns, in the given order.
   *
   * @param names the columns to keep
   * @return the new frame
   */
  public DataFrame select(List<String> names) {
    List<ColumnSpec> newSpecs = new ArrayList<>();
    Map<String, Object> newData = new LinkedHashMap<>();
    for (String n : names) {
      newSpecs.add(new ColumnSpec(n, type(n)));
      newData.put(n, data.get(n));
    }
    return new DataFrame(rows, newSpecs, newData);
  }

  /**
   * Returns the rows at some indices, in that order (indices may repeat).
   *
   * @param indices row indices
   * @return the new frame
   */
  public DataFrame rows(int[] indices) {
    Map<String, Object> newData = new LinkedHashMap<>();
    for (ColumnSpec s : specs) {
      Object o = data.get(s.name());
      if (o instanceof double[] d) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
          out[i] = d[indices[i]];
        }
        newData.put(s.name(), out);
      } else {
        String[] str = (String[]) o;
        String[] out = new String[indices.length];
        for (int i = 0; i < indices.length; i++) {
          out[i] = str[indices[i]];
        }
        newData.put(s.name(), out);
      }
    }
    return new DataFrame(indices.length, specs, newData);
  }

  /**
   * One row as a map from column name to {@link Double} or {@link String} (missing values as NaN or
   * null), e.g. to send it to a server.
   *
   * @param row the row index
   * @return the row, in column order
   */
  public Map<String, Object> row(int row) {
    Objects.checkIndex(row, rows);
    Map<String, Object> out = new LinkedHashMap<>();
    for (ColumnSpec s : specs) {
      out.put(s.name(), value(row, s.name()));
    }
    return out;
  }

  private MlException unknown(String name) {
    return new MlException("unknown column '" + name + "'; columns: " + columns());
  }

  @Override
  public String toString() {
    return "DataFrame[" + rows + " rows, columns=" + specs + "]";
  }
}
