package dev.mle4j.tabular.data.rdata;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.SchemaInference;
import dev.mle4j.tabular.data.rdata.RObject.Doubles;
import dev.mle4j.tabular.data.rdata.RObject.Integers;
import dev.mle4j.tabular.data.rdata.RObject.ListVector;
import dev.mle4j.tabular.data.rdata.RObject.Logicals;
import dev.mle4j.tabular.data.rdata.RObject.Strings;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Converts R data frames (plain, tibbles, data.tables) into {@link DataFrame}s.
 *
 * <p>Column rules: factors (ordered or not) become {@link ColumnType#CATEGORICAL} strings by their
 * levels (values trimmed, as CSV cells are); {@code Date} columns become {@link
 * ColumnType#DATETIME} (days times 86,400 seconds), {@code POSIXct} columns {@link
 * ColumnType#DATETIME} seconds; other integer and double columns {@link ColumnType#NUMERIC};
 * logical columns {@link ColumnType#BOOLEAN} (0/1); character columns keep their strings, typed by
 * {@link SchemaInference#inferColumn} ({@link ColumnType#CATEGORICAL}, {@link ColumnType#TEXT} or
 * {@link ColumnType#ID}; values that look numeric, boolean or like dates stay {@link
 * ColumnType#CATEGORICAL} because R stored them as text). {@code NA}s become {@code NaN} or {@code
 * null}. List, matrix, complex and raw columns are rejected.
 */
public final class RDataFrames {

  private static final double SECONDS_PER_DAY = 86_400.0;

  private RDataFrames() {}

  /**
   * Whether an object is an R data frame.
   *
   * @param object the object
   * @return true for a list with class {@code data.frame}
   */
  public static boolean isDataFrame(RObject object) {
    return object instanceof ListVector && object.inherits("data.frame");
  }

  /**
   * Converts an R data frame.
   *
   * @param object the decoded object
   * @param name the object's name for messages
   * @return the frame, with R's column names and order
   * @throws MlException if the object is not a data frame or a column cannot be converted
   */
  public static DataFrame toDataFrame(RObject object, String name) {
    if (!isDataFrame(object)) {
      throw new MlException(
          "R object '"
              + name
              + "' ("
              + object.typeName()
              + (object.classes().isEmpty() ? "" : " of class " + object.classes())
              + ") is not a data.frame");
    }
    ListVector list = (ListVector) object;
    List<String> names = list.names();
    if (names.size() != list.length()) {
      throw new MlException(
          "R data frame '"
              + name
              + "' has "
              + list.length()
              + " columns but "
              + names.size()
              + " column names");
    }
    int rows = rowCount(list, name);
    DataFrame frame = DataFrame.empty(rows);
    Set<String> seen = new HashSet<>();
    for (int c = 0; c < list.length(); c++) {
      String column = names.get(c);
      if (column == null || column.isBlank()) {
        throw new MlException("R data frame '" + name + "': column " + (c + 1) + " has no name");
      }
      if (!seen.add(column)) {
        throw new MlException("R data frame '" + name + "' has two columns named '" + column + "'");
      }
      frame = addColumn(frame, name, column, list.values().get(c), rows);
    }
    return frame;
  }

  /** The row count from {@code row.names}: compact {@code c(NA, -n)} or explicit names. */
  static int rowCount(ListVector list, String name) {
    RObject rowNames = list.attributes().get("row.names");
    if (rowNames instanceof Integers ints) {
      int[] v = ints.values();
      if (v.length == 2 && v[0] == RObject.NA_INT) {
        return Math.abs(v[1]);
      }
      return v.length;
    }
    if (rowNames instanceof Doubles d) {
      double[] v = d.values();
      if (v.length == 2 && Double.isNaN(v[0])) {
        return (int) Math.abs(v[1]);
      }
      return v.length;
    }
    if (rowNames instanceof Strings s) {
      return s.length();
    }
    if (list.length() > 0 && list.values().get(0) instanceof RObject.Vector v) {
      return v.length();
    }
    if (rowNames == null || rowNames instanceof RObject.Null) {
      return 0;
    }
    throw new MlException(
        "R data frame '" + name + "' has row.names stored as a " + rowNames.typeName());
  }

  private static DataFrame addColumn(
      DataFrame frame, String name, String column, RObject value, int rows) {
    String where = "R data frame '" + name + "', column '" + column + "'";
    if (value.attribute("dim").isPresent()) {
      throw new MlException(where + " is a matrix; only vector columns are supported");
    }
    if (value instanceof RObject.Vector v && v.length() != rows) {
      throw new MlException(
          where + " has " + v.length() + " values but the frame has " + rows + " rows");
    }
    switch (value) {
      case Integers ints when ints.inherits("factor") -> {
        return frame.with(column, ColumnType.CATEGORICAL, factorStrings(ints, where));
      }
      case Integers ints -> {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
          int x = ints.values()[i];
          out[i] = x == RObject.NA_INT ? Double.NaN : x;
        }
        return withNumbers(frame, column, value, out);
      }
      case Doubles d -> {
        double[] out = d.values().clone();
        for (int i = 0; i < out.length; i++) {
          if (Double.isNaN(out[i])) {
            out[i] = Double.NaN; // R's NA bit pattern -> a plain NaN
          }
        }
        return withNumbers(frame, column, value, out);
      }
      case Logicals l -> {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
          int x = l.values()[i];
          out[i] = x == RObject.NA_INT ? Double.NaN : (x != 0 ? 1.0 : 0.0);
        }
        return frame.with(column, ColumnType.BOOLEAN, out);
      }
      case Strings s -> {
        ColumnType type = SchemaInference.inferColumn(column, Arrays.asList(s.values()));
        if (type.isNumberStored()) {
          type = ColumnType.CATEGORICAL;
        }
        String[] trimmed = s.values().clone();
        for (int i = 0; i < trimmed.length; i++) {
          trimmed[i] = trimmed[i] == null ? null : trimmed[i].strip();
        }
        return frame.with(column, type, trimmed);
      }
      default ->
          throw new MlException(
              where
                  + " is a "
                  + value.typeName()
                  + "; supported column types are factor, character, integer, double, logical,"
                  + " Date and POSIXct");
    }
  }

  private static DataFrame withNumbers(
      DataFrame frame, String column, RObject value, double[] values) {
    if (value.inherits("Date")) {
      for (int i = 0; i < values.length; i++) {
        values[i] *= SECONDS_PER_DAY;
      }
      return frame.with(column, ColumnType.DATETIME, values);
    }
    if (value.inherits("POSIXct")) {
      return frame.with(column, ColumnType.DATETIME, values);
    }
    return frame.with(column, ColumnType.NUMERIC, values);
  }

  private static String[] factorStrings(Integers factor, String where) {
    RObject levels = factor.attributes().get("levels");
    String[] levelNames;
    if (levels instanceof Strings s) {
      levelNames = s.values();
    } else if (levels == null || levels instanceof RObject.Null) {
      levelNames = new String[0];
    } else {
      throw new MlException(where + " is a factor whose levels are a " + levels.typeName());
    }
    int[] codes = factor.values();
    String[] out = new String[codes.length];
    for (int i = 0; i < codes.length; i++) {
      int code = codes[i];
      if (code == RObject.NA_INT) {
        continue;
      }
      if (code < 1 || code > levelNames.length) {
        throw new MlException(
            where
                + ", row "
                + (i + 1)
                + ": factor code "
                + code
                + " is outside the "
                + levelNames.length
                + " levels");
      }
      // trimmed like every other source (CSV cells, serving rows), so "WD " and "WD" agree
      out[i] = levelNames[code - 1] == null ? null : levelNames[code - 1].strip();
    }
    return out;
  }

  /**
   * The levels of a factor column of an R data frame, in R's order (useful to keep the level order
   * that the {@link DataFrame} does not store).
   *
   * @param object the data frame
   * @param column the column name
   * @return the levels
   * @throws MlException if the object is not a data frame or the column is not a factor
   */
  public static List<String> levels(RObject object, String column) {
    if (!(object instanceof ListVector list) || !object.inherits("data.frame")) {
      throw new MlException("R object is a " + object.typeName() + ", not a data.frame");
    }
    RObject col =
        list.get(column)
            .orElseThrow(
                () ->
                    new MlException(
                        "R data frame has no column '" + column + "'; columns: " + list.names()));
    if (!(col instanceof Integers f) || !f.inherits("factor")) {
      throw new MlException("column '" + column + "' is a " + col.typeName() + ", not a factor");
    }
    return f.attribute("levels")
        .filter(Strings.class::isInstance)
        .map(l -> Collections.unmodifiableList(Arrays.asList(((Strings) l).values().clone())))
        .orElse(List.of());
  }
}
