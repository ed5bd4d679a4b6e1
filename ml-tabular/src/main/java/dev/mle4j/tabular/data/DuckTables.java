package dev.mle4j.tabular.data;

import dev.mle4j.core.MlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table work on {@link DataFrame}s through an in-process, in-memory DuckDB database: load frames as
 * tables, run SQL, group statistics, joins, and reading CSV or Parquet files.
 *
 * <p>One instance owns one DuckDB connection; close it (try-with-resources) to free the database.
 * An instance is not thread-safe.
 *
 * <p>Type mapping into DuckDB: {@link ColumnType#NUMERIC} and {@link ColumnType#BOOLEAN} become
 * {@code DOUBLE}, {@link ColumnType#DATETIME} becomes {@code TIMESTAMP} (from epoch seconds, UTC),
 * all string-stored types become {@code VARCHAR}. Back from DuckDB: numbers become NUMERIC (or the
 * type of a loaded column with the same name when it fits, so a frame survives a round trip),
 * {@code BOOLEAN} becomes BOOLEAN, dates and timestamps become DATETIME, anything else a string
 * column (CATEGORICAL unless a loaded column with the same name was TEXT or ID).
 *
 * <pre>{@code
 * try (DuckTables duck = DuckTables.open()) {
 *   duck.register("trips", frame);
 *   DataFrame perZone = duck.query("SELECT zone, avg(fare) AS fare FROM trips GROUP BY zone");
 * }
 * }</pre>
 */
public final class DuckTables implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DuckTables.class);
  private static final String ROW_ID = "__mle4j_row";

  /** How {@link #join} treats rows of the left frame without a match. */
  public enum JoinType {
    /** Keep every left row; right columns are missing where nothing matches. */
    LEFT,
    /** Keep only left rows with at least one matching right row. */
    INNER
  }

  private final DuckDBConnection connection;
  private final Map<String, ColumnType> typeHints = new HashMap<>();
  private int temporaryTables;

  private DuckTables(DuckDBConnection connection) {
    this.connection = connection;
  }

  /**
   * Opens a new in-memory database.
   *
   * @return the tables; close them when done
   * @throws MlException if DuckDB cannot start
   */
  public static DuckTables open() {
    try {
      Connection c = DriverManager.getConnection("jdbc:duckdb:");
      return new DuckTables(c.unwrap(DuckDBConnection.class));
    } catch (SQLException e) {
      throw new MlException("cannot open an in-memory DuckDB database: " + oneLine(e), e);
    }
  }

  /**
   * Loads a frame into a table (replacing a table of the same name) with the DuckDB appender.
   *
   * @param table the table name
   * @param frame the frame; at least one column
   * @throws MlException if the name is blank, the frame has no columns or DuckDB fails
   */
  public void register(String table, DataFrame frame) {
    load(table, frame, false);
  }

  /**
   * Runs a SQL query and returns its result as a frame (see the class comment for the type
   * mapping).
   *
   * @param sql the query
   * @return the result rows
   * @throws MlException naming the part of the query DuckDB rejects
   */
  public DataFrame query(String sql) {
    Objects.requireNonNull(sql, "sql");
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return toFrame(rs, false);
    } catch (SQLException e) {
      throw sqlError(sql, e);
    }
  }

  /**
   * Runs a SQL statement that returns no rows (CREATE, INSERT, COPY ...).
   *
   * @param sql the statement
   * @throws MlException naming the part of the statement DuckDB rejects
   */
  public void execute(String sql) {
    Objects.requireNonNull(sql, "sql");
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw sqlError(sql, e);
    }
  }

  /**
   * Count, mean, sample standard deviation, minimum and maximum of numeric columns per group.
   *
   * <p>The result has the key columns, {@code count} (rows in the group) and for each numeric
   * column {@code <col>_count} (non-missing values), {@code <col>_mean}, {@code <col>_std}, {@code
   * <col>_min} and {@code <col>_max}, one row per distinct key combination (missing keys form their
   * own group), sorted by the keys.
   *
   * @param frame the rows, at least one
   * @param keys the grouping columns, at least one
   * @param numericColumns number-stored columns to summarise
   * @return one row per group
   * @throws MlException on unknown or non-numeric columns or an empty frame
   */
  public DataFrame groupStatistics(
      DataFrame frame, List<String> keys, List<String> numericColumns) {
    Objects.requireNonNull(frame, "frame");
    if (keys == null || keys.isEmpty()) {
      throw new MlException("group statistics need at least one key column");
    }
    if (frame.rows() == 0) {
      throw new MlException("group statistics: the frame has no rows");
    }
    for (String k : keys) {
      frame.type(k);
    }
    for (String c : numericColumns) {
      if (!frame.type(c).isNumberStored()) {
        throw new MlException(
            "group statistics: column '" + c + "' is " + frame.type(c) + ", not numeric");
      }
      if (keys.contains(c)) {
        throw new MlException("group statistics: column '" + c + "' is also a key");
      }
    }
    String table = temporaryName();
    load(table, frame, false);
    try {
      StringBuilder sql = new StringBuilder("SELECT ");
      List<String> quotedKeys = keys.stream().map(DuckTables::quote).toList();
      sql.append(String.join(", ", quotedKeys)).append(", count(*) AS \"count\"");
      for (String c : numericColumns) {
        String q = quote(c);
        sql.append(", count(").append(q).append(") AS ").append(quote(c + "_count"));
        sql.append(", avg(").append(q).append(") AS ").append(quote(c + "_mean"));
        sql.append(", stddev_samp(").append(q).append(") AS ").append(quote(c + "_std"));
        sql.append(", min(").append(q).append(") AS ").append(quote(c + "_min"));
        sql.append(", max(").append(q).append(") AS ").append(quote(c + "_max"));
      }
      sql.append(" FROM ").append(quote(table)).append(" GROUP BY ");
      sql.append(String.join(", ", quotedKeys)).append(" ORDER BY ");
      sql.append(String.join(", ", quotedKeys.stream().map(k -> k + " NULLS LAST").toList()));
      DataFrame out = query(sql.toString());
      for (String c : numericColumns) {
        for (String suffix : List.of("_count", "_mean", "_std", "_min", "_max")) {
          out = out.with(c + suffix, ColumnType.NUMERIC, out.numeric(c + suffix));
        }
      }
      return out.with("count", ColumnType.NUMERIC, out.numeric("count"));
    } finally {
      dropQuietly(table);
    }
  }

  /**
   * Joins two frames on equal key values. The result keeps the left frame's row order (a left row
   * matching several right rows repeats, in right row order) with all left columns followed by the
   * right frame's non-key columns; a right column whose name the left frame already has is renamed
   * {@code <name>_right}. Missing keys never match.
   *
   * @param left the left frame
   * @param right the right frame
   * @param keys key columns present in both frames, both number-stored or both string-stored
   * @param type LEFT or INNER
   * @return the joined frame
   * @throws MlException on unknown or incompatible key columns
   */
  public DataFrame join(DataFrame left, DataFrame right, List<String> keys, JoinType type) {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    Objects.requireNonNull(type, "type");
    if (keys == null || keys.isEmpty()) {
      throw new MlException("a join needs at least one key column");
    }
    for (String k : keys) {
      ColumnType lt = left.type(k);
      ColumnType rt;
      try {
        rt = right.type(k);
      } catch (MlException e) {
        throw new MlException(
            "join key '" + k + "' is not a column of the right frame; columns: " + right.columns(),
            e);
      }
      if (lt.isNumberStored() != rt.isNumberStored()) {
        throw new MlException(
            "join key '" + k + "' is " + lt + " on the left but " + rt + " on the right");
      }
    }
    String l = temporaryName();
    String r = temporaryName();
    load(l, left, true);
    load(r, right, true);
    try {
      Set<String> leftNames = new LinkedHashSet<>(left.columns());
      List<String> select = new ArrayList<>();
      for (String c : left.columns()) {
        select.add("l." + quote(c));
      }
      for (String c : right.columns()) {
        if (keys.contains(c)) {
          continue;
        }
        String name = leftNames.contains(c) ? c + "_right" : c;
        select.add("r." + quote(c) + " AS " + quote(name));
      }
      List<String> on = keys.stream().map(k -> "l." + quote(k) + " = r." + quote(k)).toList();
      String sql =
          "SELECT "
              + String.join(", ", select)
              + " FROM "
              + quote(l)
              + " l "
              + (type == JoinType.LEFT ? "LEFT" : "INNER")
              + " JOIN "
              + quote(r)
              + " r ON "
              + String.join(" AND ", on)
              + " ORDER BY l."
              + ROW_ID
              + ", r."
              + ROW_ID
              + " NULLS FIRST";
      DataFrame out = query(sql);
      // restore the declared types of right-side columns renamed on a clash
      for (String c : right.columns()) {
        if (!keys.contains(c) && leftNames.contains(c)) {
          out = retype(out, c + "_right", right.type(c));
        }
      }
      return out;
    } finally {
      dropQuietly(l);
      dropQuietly(r);
    }
  }

  /**
   * Reads a CSV file with DuckDB's {@code read_csv_auto}. Text columns whose values are all yes/no
   * words, numbers or dates are converted the way {@link TableLoader} reads them; other text
   * columns are typed by {@link SchemaInference#inferColumn}.
   *
   * @param file the CSV file with a header row
   * @return the frame
   * @throws MlException if the file is missing or DuckDB cannot read it
   */
  public DataFrame readCsv(Path file) {
    return readFile(file, "read_csv_auto");
  }

  /**
   * Reads a Parquet file with DuckDB's {@code read_parquet}; types as in {@link #readCsv}.
   *
   * @param file the Parquet file
   * @return the frame
   * @throws MlException if the file is missing or DuckDB cannot read it
   */
  public DataFrame readParquet(Path file) {
    return readFile(file, "read_parquet");
  }

  /**
   * Writes a frame to a Parquet file (types as in DuckDB, see the class comment).
   *
   * @param frame the frame
   * @param file the Parquet file to write (replaced if present)
   * @throws MlException if DuckDB cannot write it
   */
  public void writeParquet(DataFrame frame, Path file) {
    String table = temporaryName();
    load(table, frame, false);
    try {
      execute(
          "COPY "
              + quote(table)
              + " TO '"
              + file.toAbsolutePath().toString().replace("'", "''")
              + "' (FORMAT PARQUET)");
    } finally {
      dropQuietly(table);
    }
  }

  /** Closes the connection and frees the in-memory database. */
  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("closing DuckDB failed: {}", oneLine(e));
    }
  }

  private DataFrame readFile(Path file, String function) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new MlException("file " + file + " does not exist");
    }
    String sql =
        "SELECT * FROM "
            + function
            + "('"
            + file.toAbsolutePath().toString().replace("'", "''")
            + "')";
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return toFrame(rs, true);
    } catch (SQLException e) {
      throw new MlException("DuckDB cannot read " + file + ": " + oneLine(e), e);
    }
  }

  private void load(String table, DataFrame frame, boolean rowId) {
    Objects.requireNonNull(frame, "frame");
    if (table == null || table.isBlank()) {
      throw new MlException("a table name must not be blank");
    }
    if (frame.columns().isEmpty()) {
      throw new MlException("cannot load a frame without columns into table '" + table + "'");
    }
    List<String> columns = frame.columns();
    StringBuilder ddl = new StringBuilder("CREATE OR REPLACE TABLE ").append(quote(table));
    ddl.append(" (");
    List<String> defs = new ArrayList<>();
    if (rowId) {
      defs.add(ROW_ID + " BIGINT");
    }
    for (String c : columns) {
      defs.add(quote(c) + " " + sqlType(frame.type(c)));
    }
    ddl.append(String.join(", ", defs)).append(")");
    execute(ddl.toString());
    try (DuckDBAppender app = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
      int n = frame.rows();
      int m = columns.size();
      ColumnType[] types = new ColumnType[m];
      double[][] nums = new double[m][];
      String[][] strs = new String[m][];
      for (int j = 0; j < m; j++) {
        types[j] = frame.type(columns.get(j));
        if (types[j].isNumberStored()) {
          nums[j] = frame.numeric(columns.get(j));
        } else {
          strs[j] = frame.strings(columns.get(j));
        }
      }
      for (int i = 0; i < n; i++) {
        app.beginRow();
        if (rowId) {
          app.append((long) i);
        }
        for (int j = 0; j < m; j++) {
          if (nums[j] != null) {
            double v = nums[j][i];
            if (Double.isNaN(v)) {
              app.appendNull();
            } else if (types[j] == ColumnType.DATETIME) {
              app.appendEpochMicros(Math.round(v * 1e6));
            } else {
              app.append(v);
            }
          } else if (strs[j][i] == null) {
            app.appendNull();
          } else {
            app.append(strs[j][i]);
          }
        }
        app.endRow();
      }
      app.flush();
    } catch (SQLException e) {
      throw new MlException("cannot load table '" + table + "' into DuckDB: " + oneLine(e), e);
    }
    for (String c : columns) {
      typeHints.put(c, frame.type(c));
    }
  }

  private DataFrame toFrame(ResultSet rs, boolean inferStrings) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int m = md.getColumnCount();
    List<String> names = new ArrayList<>(m);
    int[] kinds = new int[m];
    for (int j = 0; j < m; j++) {
      names.add(md.getColumnLabel(j + 1));
      kinds[j] = kind(md.getColumnType(j + 1), md.getColumnTypeName(j + 1));
    }
    List<Object[]> rows = new ArrayList<>();
    while (rs.next()) {
      Object[] row = new Object[m];
      for (int j = 0; j < m; j++) {
        row[j] =
            switch (kinds[j]) {
              case KIND_NUMBER -> {
                double v = rs.getDouble(j + 1);
                yield rs.wasNull() ? Double.NaN : v;
              }
              case KIND_BOOLEAN -> {
                boolean b = rs.getBoolean(j + 1);
                yield rs.wasNull() ? Double.NaN : (b ? 1.0 : 0.0);
              }
              case KIND_DATETIME -> epochSeconds(rs.getObject(j + 1));
              default -> {
                Object o = rs.getObject(j + 1);
                yield o == null ? null : o.toString();
              }
            };
      }
      rows.add(row);
    }
    int n = rows.size();
    DataFrame df = DataFrame.empty(n);
    Set<String> seen = new LinkedHashSet<>();
    for (int j = 0; j < m; j++) {
      String name = names.get(j);
      if (!seen.add(name)) {
        throw new MlException(
            "the query result has two columns named '" + name + "'; give them distinct aliases");
      }
      if (kinds[j] == KIND_STRING) {
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
          v[i] = (String) rows.get(i)[j];
        }
        df = addStrings(df, name, v, inferStrings);
      } else {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = (Double) rows.get(i)[j];
        }
        ColumnType t =
            switch (kinds[j]) {
              case KIND_BOOLEAN -> ColumnType.BOOLEAN;
              case KIND_DATETIME -> ColumnType.DATETIME;
              default -> hintedNumberType(name, v);
            };
        df = df.with(name, t, v);
      }
    }
    return df;
  }

  private DataFrame addStrings(DataFrame df, String name, String[] v, boolean infer) {
    ColumnType hint = typeHints.get(name);
    if (!infer) {
      ColumnType t = hint != null && !hint.isNumberStored() ? hint : ColumnType.CATEGORICAL;
      return df.with(name, t, v);
    }
    ColumnType t = SchemaInference.inferColumn(name, java.util.Arrays.asList(v));
    if (!t.isNumberStored()) {
      String[] cleaned = new String[v.length];
      for (int i = 0; i < v.length; i++) {
        cleaned[i] = Values.category(v[i]);
      }
      return df.with(name, t, cleaned);
    }
    double[] parsed = new double[v.length];
    try {
      for (int i = 0; i < v.length; i++) {
        parsed[i] = TableLoader.parseCell(v[i], t, "duckdb", i, name);
      }
    } catch (MlException e) {
      return df.with(name, ColumnType.CATEGORICAL, v);
    }
    return df.with(name, t, parsed);
  }

  private ColumnType hintedNumberType(String name, double[] v) {
    ColumnType hint = typeHints.get(name);
    if (hint == ColumnType.BOOLEAN) {
      for (double d : v) {
        if (!Double.isNaN(d) && d != 0.0 && d != 1.0) {
          return ColumnType.NUMERIC;
        }
      }
      return ColumnType.BOOLEAN;
    }
    return ColumnType.NUMERIC;
  }

  private static DataFrame retype(DataFrame df, String column, ColumnType type) {
    if (!df.has(column) || df.type(column) == type) {
      return df;
    }
    if (type.isNumberStored() && df.type(column).isNumberStored()) {
      return df.with(column, type, df.numeric(column));
    }
    if (!type.isNumberStored() && !df.type(column).isNumberStored()) {
      return df.with(column, type, df.strings(column));
    }
    return df;
  }

  private static final int KIND_NUMBER = 0;
  private static final int KIND_BOOLEAN = 1;
  private static final int KIND_DATETIME = 2;
  private static final int KIND_STRING = 3;

  private static int kind(int sqlType, String typeName) {
    return switch (sqlType) {
      case Types.BOOLEAN, Types.BIT -> KIND_BOOLEAN;
      case Types.TINYINT,
          Types.SMALLINT,
          Types.INTEGER,
          Types.BIGINT,
          Types.FLOAT,
          Types.REAL,
          Types.DOUBLE,
          Types.DECIMAL,
          Types.NUMERIC ->
          KIND_NUMBER;
      case Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> KIND_DATETIME;
      default -> {
        String t = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
        if (t.startsWith("TIMESTAMP") || t.equals("DATE")) {
          yield KIND_DATETIME;
        }
        if (t.equals("HUGEINT")
            || t.startsWith("UINTEGER")
            || t.startsWith("UBIGINT")
            || t.startsWith("USMALLINT")
            || t.startsWith("UTINYINT")) {
          yield KIND_NUMBER;
        }
        yield KIND_STRING;
      }
    };
  }

  private static double epochSeconds(Object o) {
    if (o == null) {
      return Double.NaN;
    }
    if (o instanceof LocalDateTime d) {
      return d.toEpochSecond(ZoneOffset.UTC) + d.getNano() / 1e9;
    }
    if (o instanceof java.sql.Timestamp ts) {
      LocalDateTime d = ts.toLocalDateTime();
      return d.toEpochSecond(ZoneOffset.UTC) + d.getNano() / 1e9;
    }
    if (o instanceof OffsetDateTime d) {
      return d.toEpochSecond() + d.getNano() / 1e9;
    }
    if (o instanceof LocalDate d) {
      return d.toEpochDay() * 86_400.0;
    }
    if (o instanceof java.sql.Date d) {
      return d.toLocalDate().toEpochDay() * 86_400.0;
    }
    return Values.parseDatetime(o.toString());
  }

  private static String sqlType(ColumnType type) {
    return switch (type) {
      case NUMERIC, BOOLEAN -> "DOUBLE";
      case DATETIME -> "TIMESTAMP";
      default -> "VARCHAR";
    };
  }

  private String temporaryName() {
    return "__mle4j_tmp_" + (temporaryTables++);
  }

  private void dropQuietly(String table) {
    try (Statement st = connection.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + quote(table));
    } catch (SQLException e) {
      LOG.warn("cannot drop temporary table {}: {}", table, oneLine(e));
    }
  }

  /**
   * Quotes an identifier for DuckDB SQL.
   *
   * @param identifier a table or column name
   * @return the name in double quotes, inner quotes doubled
   */
  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static MlException sqlError(String sql, SQLException e) {
    String compact = sql.strip().replaceAll("\\s+", " ");
    if (compact.length() > 300) {
      compact = compact.substring(0, 297) + "...";
    }
    return new MlException(
        "DuckDB rejected the query: " + oneLine(e) + " [query: " + compact + "]", e);
  }

  private static String oneLine(SQLException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    // DuckDB messages carry a "LINE 1: ... ^" pointer on separate lines; keep it on one line.
    return m.strip().replaceAll("\\s*\\R\\s*", " | ");
  }
}
