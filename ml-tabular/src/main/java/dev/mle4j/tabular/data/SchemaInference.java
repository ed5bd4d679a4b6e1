package dev.mle4j.tabular.data;

import dev.mle4j.core.data.CsvTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Infers a {@link Schema} from the text cells of a CSV table; any column's type can be overridden.
 *
 * <p>Rules, applied to the non-missing cells of a column:
 *
 * <ul>
 *   <li>only word-form booleans (true/false, yes/no, t/f, y/n) - {@link ColumnType#BOOLEAN};
 *   <li>only 8-digit {@code yyyyMMdd} values with valid dates - {@link ColumnType#DATETIME};
 *   <li>only numbers - {@link ColumnType#NUMERIC}, unless the column is integer-valued, unique per
 *       row and named like an id ({@code id}, {@code *_id}, {@code *Id}, {@code *ID}, {@code
 *       instant}, {@code index}) - {@link ColumnType#ID};
 *   <li>only dates or date-times - {@link ColumnType#DATETIME};
 *   <li>strings unique per row without spaces (at least 20 rows) - {@link ColumnType#ID};
 *   <li>strings with many distinct values (more than half the rows) and an average of more than
 *       three words - {@link ColumnType#TEXT};
 *   <li>anything else - {@link ColumnType#CATEGORICAL}.
 * </ul>
 *
 * <p>Columns with no value at all are {@link ColumnType#CATEGORICAL}.
 */
public final class SchemaInference {

  private static final Pattern ID_NAME =
      Pattern.compile("(?i)^(id|index|instant|row_?id)$|.*(_id|Id|ID)$");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+(\\.0+)?");
  private static final Pattern EIGHT_DIGITS = Pattern.compile("\\d{8}");

  private final Map<String, ColumnType> overrides;

  private SchemaInference(Map<String, ColumnType> overrides) {
    this.overrides = Map.copyOf(overrides);
  }

  /**
   * Inference without overrides.
   *
   * @return the default inference
   */
  public static SchemaInference defaults() {
    return new SchemaInference(Map.of());
  }

  /**
   * Inference with some column types fixed by the caller (e.g. from a config file).
   *
   * @param overrides column name to type
   * @return the inference
   */
  public static SchemaInference withOverrides(Map<String, ColumnType> overrides) {
    Objects.requireNonNull(overrides, "overrides");
    return new SchemaInference(new LinkedHashMap<>(overrides));
  }

  /**
   * Infers the schema of a table.
   *
   * @param table the CSV table
   * @return one column spec per table column, in order
   * @throws dev.mle4j.core.MlException if an override names a column the table does not have
   */
  public Schema infer(CsvTable table) {
    for (String name : overrides.keySet()) {
      if (!table.columns().contains(name)) {
        throw new dev.mle4j.core.MlException(
            "type override for unknown column '" + name + "'; columns: " + table.columns());
      }
    }
    List<ColumnSpec> specs = new ArrayList<>();
    for (String name : table.columns()) {
      ColumnType t = overrides.get(name);
      specs.add(new ColumnSpec(name, t != null ? t : inferColumn(name, table.column(name))));
    }
    return new Schema(specs);
  }

  /**
   * Infers the type of one column from its cell texts.
   *
   * @param name the column name (used for the id rule)
   * @param cells the cell texts
   * @return the inferred type
   */
  public static ColumnType inferColumn(String name, List<String> cells) {
    List<String> present = new ArrayList<>();
    for (String c : cells) {
      if (!Values.isMissing(c)) {
        present.add(c.strip());
      }
    }
    if (present.isEmpty()) {
      return ColumnType.CATEGORICAL;
    }
    if (present.stream().allMatch(Values::isBooleanWord)) {
      return ColumnType.BOOLEAN;
    }
    if (present.stream().allMatch(c -> EIGHT_DIGITS.matcher(c).matches() && yyyymmdd(c))) {
      return ColumnType.DATETIME;
    }
    Set<String> distinct = new HashSet<>(present);
    boolean unique = distinct.size() == present.size() && present.size() == cells.size();
    if (present.stream().allMatch(Values::isNumber)) {
      boolean integers = present.stream().allMatch(c -> INTEGER.matcher(c).matches());
      if (integers && unique && ID_NAME.matcher(name).matches()) {
        return ColumnType.ID;
      }
      return ColumnType.NUMERIC;
    }
    if (present.stream().allMatch(Values::isDatetime)) {
      return ColumnType.DATETIME;
    }
    if (unique && present.size() >= 20 && present.stream().noneMatch(c -> c.contains(" "))) {
      return ColumnType.ID;
    }
    if (distinct.size() > present.size() / 2) {
      double words = 0;
      for (String c : present) {
        words += c.split("\\s+").length;
      }
      if (words / present.size() > 3.0) {
        return ColumnType.TEXT;
      }
    }
    return ColumnType.CATEGORICAL;
  }

  private static boolean yyyymmdd(String c) {
    int y = Integer.parseInt(c.substring(0, 4));
    if (y < 1900 || y > 2100) {
      return false;
    }
    try {
      java.time.LocalDate.parse(c, java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
      return true;
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "SchemaInference" + overrides.toString().toLowerCase(Locale.ROOT);
  }
}
