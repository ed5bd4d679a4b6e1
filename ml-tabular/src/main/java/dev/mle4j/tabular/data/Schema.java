package dev.mle4j.tabular.data;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The named, typed columns of a table in order.
 *
 * @param columns the columns; names are unique
 */
public record Schema(List<ColumnSpec> columns) {

  /** Copies the list and rejects duplicate names. */
  public Schema {
    columns = List.copyOf(columns);
    Map<String, ColumnSpec> seen = new LinkedHashMap<>();
    for (ColumnSpec c : columns) {
      if (seen.put(c.name(), c) != null) {
        throw new MlException("duplicate column '" + c.name() + "' in schema");
      }
    }
  }

  /**
   * The column names in order.
   *
   * @return the names
   */
  public List<String> names() {
    List<String> names = new ArrayList<>(columns.size());
    columns.forEach(c -> names.add(c.name()));
    return names;
  }

  /**
   * Looks a column up by name.
   *
   * @param name the name
   * @return the column, if present
   */
  public Optional<ColumnSpec> find(String name) {
    for (ColumnSpec c : columns) {
      if (c.name().equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * The type of a column.
   *
   * @param name the name
   * @return its type
   * @throws MlException if there is no such column
   */
  public ColumnType type(String name) {
    return find(name)
        .orElseThrow(() -> new MlException("unknown column '" + name + "'; columns: " + names()))
        .type();
  }

  /**
   * The names of the columns of one type.
   *
   * @param type the type
   * @return the names in schema order
   */
  public List<String> namesOf(ColumnType type) {
    List<String> out = new ArrayList<>();
    for (ColumnSpec c : columns) {
      if (c.type() == type) {
        out.add(c.name());
      }
    }
    return out;
  }

  /**
   * Returns a schema without the named columns.
   *
   * @param names the columns to remove (unknown names are ignored)
   * @return the reduced schema
   */
  public Schema without(java.util.Collection<String> names) {
    List<ColumnSpec> out = new ArrayList<>();
    for (ColumnSpec c : columns) {
      if (!names.contains(c.name())) {
        out.add(c);
      }
    }
    return new Schema(out);
  }
}
