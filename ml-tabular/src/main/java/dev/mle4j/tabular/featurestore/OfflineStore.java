package dev.mle4j.tabular.featurestore;

import static dev.mle4j.tabular.data.DuckTables.quote;

import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.DuckTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The offline side of the feature store: one folder of Parquet files per {@link FeatureView}
 * (written with DuckDB {@code COPY ... TO ... (FORMAT PARQUET)}), point-in-time joins for training
 * sets and latest-value queries for materialization.
 *
 * <p>Stored rows keep the view's entity columns, the event time (as a {@code TIMESTAMP}, UTC) and
 * the feature columns. Rows with a missing entity or event time are dropped on write.
 *
 * <p>Point-in-time correctness: for a label at time {@code t} a view contributes the latest row for
 * the same entity with event time {@code <= t} (DuckDB {@code ASOF LEFT JOIN}), and only when
 * {@code t - eventTime <= ttl}; otherwise the features are missing. A row from after {@code t} is
 * never used.
 *
 * <p>Thread-safety: each call opens its own in-memory DuckDB; concurrent writes to the same view
 * are not coordinated.
 */
public final class OfflineStore {

  private static final String TS = "__fs_ts";
  private static final String ROW = "__fs_row";
  private static final String LABEL_TS = "__fs_label_ts";
  private static final DateTimeFormatter SQL_TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

  private final Path root;

  /**
   * Creates a store in a folder (created on the first write).
   *
   * @param root the folder holding one sub-folder per view
   */
  public OfflineStore(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /**
   * The store folder.
   *
   * @return the root
   */
  public Path root() {
    return root;
  }

  /**
   * The folder holding a view's Parquet files.
   *
   * @param view the view name
   * @return the folder
   */
  public Path viewDir(String view) {
    return root.resolve(view);
  }

  /**
   * Replaces the view's offline data with its source rows.
   *
   * @param view the view
   * @return rows written
   * @throws FeatureStoreException on a missing file, unknown columns or a DuckDB error
   */
  public long write(FeatureView view) {
    Objects.requireNonNull(view, "view");
    Path dir = viewDir(view.name());
    try (DuckTables duck = DuckTables.open()) {
      String src = sourceSql(duck, view, view.source());
      Path tmp = copy(duck, view, src, view.source().describe(), dir);
      deleteParts(dir);
      Path target = dir.resolve("part-00000.parquet");
      move(tmp, target);
      return countRows(duck, target);
    }
  }

  /**
   * Adds rows to the view's offline data as a new Parquet part (e.g. a new day of events).
   *
   * @param view the view
   * @param rows rows with the view's columns (others are ignored)
   * @return rows written
   * @throws FeatureStoreException on unknown columns or a DuckDB error
   */
  public long append(FeatureView view, DataFrame rows) {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(rows, "rows");
    Path dir = viewDir(view.name());
    try (DuckTables duck = DuckTables.open()) {
      String src = sourceSql(duck, view, FeatureSource.frame(rows));
      Path tmp = copy(duck, view, src, "the appended rows", dir);
      Path target = dir.resolve(String.format(Locale.ROOT, "part-%05d.parquet", nextPart(dir)));
      move(tmp, target);
      return countRows(duck, target);
    }
  }

  /**
   * Reads every stored row of a view.
   *
   * @param view the view
   * @return the rows (entities, event time, features) ordered by entity then event time
   * @throws FeatureStoreException if the view has no offline data
   */
  public DataFrame read(FeatureView view) {
    try (DuckTables duck = DuckTables.open()) {
      String order = orderBy(view, "");
      return duck.query(
          "SELECT "
              + selectList(view, "")
              + " FROM "
              + scan(view)
              + " ORDER BY "
              + order
              + ", "
              + quote(view.eventTime()));
    }
  }

  /**
   * The latest row per entity with event time in {@code (asOf - ttl, asOf]} (TTL inclusive): what
   * an online lookup at {@code asOf} should see.
   *
   * @param view the view
   * @param asOf the reference time
   * @return one row per entity, ordered by entity
   */
  public DataFrame latest(FeatureView view, Instant asOf) {
    return window(view, null, false, asOf).latest();
  }

  /**
   * Rows of a materialization window and the latest one per entity.
   *
   * @param latest one row per entity
   * @param rowsRead rows in the window before taking the latest
   */
  record Window(DataFrame latest, long rowsRead) {}

  /**
   * The latest row per entity within {@code [start, end]} (or {@code (start, end]} when {@code
   * startExclusive}) and within the TTL at {@code end}.
   */
  Window window(FeatureView view, Instant start, boolean startExclusive, Instant end) {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(end, "end");
    Instant ttlStart = end.minus(view.ttl());
    String ts = quote(view.eventTime());
    StringBuilder where = new StringBuilder();
    where.append(ts).append(" <= ").append(literal(end));
    where.append(" AND ").append(ts).append(" >= ").append(literal(ttlStart));
    if (start != null) {
      where.append(" AND ").append(ts).append(startExclusive ? " > " : " >= ");
      where.append(literal(start));
    }
    try (DuckTables duck = DuckTables.open()) {
      String scan = scan(view);
      DataFrame count = duck.query("SELECT count(*) AS n FROM " + scan + " WHERE " + where);
      long n = Math.round(count.numeric("n")[0]);
      String partition =
          String.join(", ", view.entities().stream().map(DuckTables::quote).toList());
      DataFrame latest =
          duck.query(
              "SELECT "
                  + selectList(view, "")
                  + " FROM "
                  + scan
                  + " WHERE "
                  + where
                  + " QUALIFY row_number() OVER (PARTITION BY "
                  + partition
                  + " ORDER BY "
                  + ts
                  + " DESC) = 1 ORDER BY "
                  + orderBy(view, ""));
      return new Window(latest, n);
    }
  }

  /**
   * Point-in-time join (like Feast's {@code get_historical_features}): every label row with the
   * features of each view as they were at the label's timestamp.
   *
   * <p>Feature columns keep their names; a name already taken (by a label column or an earlier
   * view) becomes {@code <view>__<feature>}.
   *
   * @param labels the label rows (order is kept)
   * @param entityColumns label columns matching each view's entity columns, in order
   * @param timestampColumn the label timestamp column (datetime, ISO text or epoch seconds)
   * @param views the views, each with as many entity columns as {@code entityColumns}
   * @return the label columns followed by the feature columns
   * @throws FeatureStoreException on unknown columns, a view without data or a DuckDB error
   */
  public DataFrame pointInTimeJoin(
      DataFrame labels,
      List<String> entityColumns,
      String timestampColumn,
      List<FeatureView> views) {
    Objects.requireNonNull(labels, "labels");
    if (entityColumns == null || entityColumns.isEmpty()) {
      throw new FeatureStoreException("a point-in-time join needs at least one entity column");
    }
    if (views == null || views.isEmpty()) {
      throw new FeatureStoreException("a point-in-time join needs at least one feature view");
    }
    for (String c : entityColumns) {
      requireLabelColumn(labels, c, "entity");
    }
    requireLabelColumn(labels, timestampColumn, "timestamp");
    for (String c : labels.columns()) {
      if (c.startsWith("__fs_")) {
        throw new FeatureStoreException("label column '" + c + "' uses the reserved prefix __fs_");
      }
    }
    for (FeatureView v : views) {
      if (v.entities().size() != entityColumns.size()) {
        throw new FeatureStoreException(
            "feature view '"
                + v.name()
                + "' has entity columns "
                + v.entities()
                + " but the labels give "
                + entityColumns);
      }
    }
    double[] rowIds = new double[labels.rows()];
    for (int i = 0; i < rowIds.length; i++) {
      rowIds[i] = i;
    }
    try (DuckTables duck = DuckTables.open()) {
      duck.register("__fs_labels", labels.with(ROW, ColumnType.NUMERIC, rowIds));
      String labelTs =
          timestampExpression(
              quote(timestampColumn),
              labels.type(timestampColumn) == ColumnType.DATETIME
                  ? "TIMESTAMP"
                  : labels.type(timestampColumn).isNumberStored() ? "DOUBLE" : "VARCHAR");
      StringBuilder sql = new StringBuilder("SELECT ");
      List<String> select = new ArrayList<>();
      for (String c : labels.columns()) {
        select.add("l." + quote(c));
      }
      Set<String> taken = new HashSet<>(labels.columns());
      StringBuilder from = new StringBuilder();
      from.append("(SELECT *, ").append(labelTs).append(" AS ").append(LABEL_TS);
      from.append(" FROM __fs_labels) l");
      for (int v = 0; v < views.size(); v++) {
        FeatureView view = views.get(v);
        String alias = "f" + v;
        long ttlMicros = view.ttl().toNanos() / 1000;
        String fresh =
            "epoch_us(l." + LABEL_TS + ") - epoch_us(" + alias + "." + TS + ") <= " + ttlMicros;
        List<String> inner = new ArrayList<>();
        List<String> on = new ArrayList<>();
        for (int k = 0; k < entityColumns.size(); k++) {
          String e = "__fs_e" + k;
          inner.add(quote(view.entities().get(k)) + " AS " + e);
          on.add("l." + quote(entityColumns.get(k)) + " = " + alias + "." + e);
        }
        inner.add(quote(view.eventTime()) + " AS " + TS);
        for (int j = 0; j < view.features().size(); j++) {
          String f = view.features().get(j);
          String innerName = "__fs_v" + j;
          inner.add(quote(f) + " AS " + innerName);
          String out = taken.contains(f) ? view.name() + "__" + f : f;
          if (!taken.add(out)) {
            throw new FeatureStoreException(
                "feature column name '" + out + "' would appear twice in the joined frame");
          }
          select.add(
              "CASE WHEN " + fresh + " THEN " + alias + "." + innerName + " END AS " + quote(out));
        }
        on.add("l." + LABEL_TS + " >= " + alias + "." + TS);
        from.append(" ASOF LEFT JOIN (SELECT ")
            .append(String.join(", ", inner))
            .append(" FROM ")
            .append(scan(view))
            .append(") ")
            .append(alias)
            .append(" ON ")
            .append(String.join(" AND ", on));
      }
      sql.append(String.join(", ", select)).append(" FROM ").append(from);
      sql.append(" ORDER BY l.").append(ROW);
      return duck.query(sql.toString());
    }
  }

  /**
   * Point-in-time join for single-column entity keys.
   *
   * @param labels the label rows
   * @param entityColumn the label column holding the entity key
   * @param timestampColumn the label timestamp column
   * @param views the views
   * @return the label columns followed by the feature columns
   */
  public DataFrame pointInTimeJoin(
      DataFrame labels, String entityColumn, String timestampColumn, FeatureView... views) {
    return pointInTimeJoin(labels, List.of(entityColumn), timestampColumn, List.of(views));
  }

  /**
   * Point-in-time join with labels read from a CSV or Parquet file.
   *
   * @param labels the label file
   * @param entityColumn the label column holding the entity key
   * @param timestampColumn the label timestamp column
   * @param views the views
   * @return the label columns followed by the feature columns
   */
  public DataFrame pointInTimeJoin(
      Path labels, String entityColumn, String timestampColumn, FeatureView... views) {
    if (labels == null || !Files.isRegularFile(labels)) {
      throw new FeatureStoreException("label file " + labels + " does not exist");
    }
    DataFrame frame;
    try (DuckTables duck = DuckTables.open()) {
      frame =
          labels.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")
              ? duck.readParquet(labels)
              : duck.readCsv(labels);
    }
    return pointInTimeJoin(frame, entityColumn, timestampColumn, views);
  }

  /**
   * Feast-style name for {@link #pointInTimeJoin(DataFrame, List, String, List)}.
   *
   * @param labels the label rows ("entity dataframe")
   * @param entityColumns label columns matching each view's entity columns
   * @param timestampColumn the label timestamp column
   * @param views the views
   * @return the label columns followed by the feature columns
   */
  public DataFrame getHistoricalFeatures(
      DataFrame labels,
      List<String> entityColumns,
      String timestampColumn,
      List<FeatureView> views) {
    return pointInTimeJoin(labels, entityColumns, timestampColumn, views);
  }

  /**
   * Whether the view has offline data.
   *
   * @param view the view name
   * @return true if at least one Parquet part exists
   */
  public boolean has(String view) {
    return !parts(viewDir(view)).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  private String scan(FeatureView view) {
    Path dir = viewDir(view.name());
    if (parts(dir).isEmpty()) {
      throw new FeatureStoreException(
          "feature view '" + view.name() + "' has no offline data in " + dir + "; write it first");
    }
    return "read_parquet('"
        + dir.resolve("*.parquet").toString().replace("'", "''")
        + "', union_by_name = true)";
  }

  private static List<Path> parts(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static int nextPart(Path dir) {
    int max = -1;
    for (Path p : parts(dir)) {
      String n = p.getFileName().toString();
      if (n.matches("part-\\d+\\.parquet")) {
        max = Math.max(max, Integer.parseInt(n.substring(5, n.length() - 8)));
      }
    }
    return max + 1;
  }

  private static void deleteParts(Path dir) {
    for (Path p : parts(dir)) {
      try {
        Files.delete(p);
      } catch (IOException e) {
        throw new FeatureStoreException("cannot delete old offline data " + p + ": " + e, e);
      }
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new FeatureStoreException("cannot move " + from + " to " + to + ": " + e, e);
    }
  }

  private static long countRows(DuckTables duck, Path file) {
    DataFrame n =
        duck.query(
            "SELECT count(*) AS n FROM read_parquet('" + file.toString().replace("'", "''") + "')");
    return Math.round(n.numeric("n")[0]);
  }

  /** Registers or names the source and checks the view's columns against it. */
  private static String sourceSql(DuckTables duck, FeatureView view, FeatureSource source) {
    String from;
    if (source instanceof FeatureSource.Frame f) {
      duck.register("__fs_source", f.frame());
      from = "__fs_source";
    } else {
      Path file =
          source instanceof FeatureSource.Csv c
              ? c.file()
              : ((FeatureSource.Parquet) source).file();
      if (!Files.isRegularFile(file)) {
        throw new FeatureStoreException(
            "feature view '" + view.name() + "': source file " + file + " does not exist");
      }
      String fn = source instanceof FeatureSource.Csv ? "read_csv_auto" : "read_parquet";
      from = fn + "('" + file.toAbsolutePath().toString().replace("'", "''") + "')";
    }
    return from;
  }

  /** Writes the view's columns of a source to a temporary Parquet file in {@code dir}. */
  private static Path copy(
      DuckTables duck, FeatureView view, String from, String description, Path dir) {
    DataFrame described = duck.query("DESCRIBE SELECT * FROM " + from);
    String[] names = described.strings("column_name");
    String[] types = described.strings("column_type");
    Map<String, String> columnTypes = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      columnTypes.put(names[i], types[i].toUpperCase(Locale.ROOT));
    }
    for (String c : view.columns()) {
      if (!columnTypes.containsKey(c)) {
        throw new FeatureStoreException(
            "feature view '"
                + view.name()
                + "': unknown column '"
                + c
                + "' in "
                + description
                + "; columns: "
                + columnTypes.keySet());
      }
    }
    List<String> select = new ArrayList<>();
    List<String> notNull = new ArrayList<>();
    for (String e : view.entities()) {
      select.add(quote(e));
      notNull.add(quote(e) + " IS NOT NULL");
    }
    String ts = timestampExpression(quote(view.eventTime()), columnTypes.get(view.eventTime()));
    select.add(ts + " AS " + quote(view.eventTime()));
    notNull.add(ts + " IS NOT NULL");
    for (String f : view.features()) {
      select.add(quote(f));
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new FeatureStoreException("cannot create offline folder " + dir + ": " + e, e);
    }
    Path tmp = dir.resolve(".write-" + System.nanoTime() + ".parquet.tmp");
    duck.execute(
        "COPY (SELECT "
            + String.join(", ", select)
            + " FROM "
            + from
            + " WHERE "
            + String.join(" AND ", notNull)
            + ") TO '"
            + tmp.toString().replace("'", "''")
            + "' (FORMAT PARQUET)");
    return tmp;
  }

  /** A SQL expression turning a column of the given DuckDB type into a UTC TIMESTAMP. */
  private static String timestampExpression(String column, String duckType) {
    String t = duckType.toUpperCase(Locale.ROOT);
    if (t.startsWith("TIMESTAMP") || t.equals("DATE")) {
      return "CAST(" + column + " AS TIMESTAMP)";
    }
    if (t.equals("VARCHAR")) {
      return "CAST(" + column + " AS TIMESTAMP)";
    }
    // numbers are epoch seconds
    return "make_timestamp(CAST(round(" + column + " * 1000000) AS BIGINT))";
  }

  private static String selectList(FeatureView view, String prefix) {
    return String.join(", ", view.columns().stream().map(c -> prefix + quote(c)).toList());
  }

  private static String orderBy(FeatureView view, String prefix) {
    return String.join(", ", view.entities().stream().map(c -> prefix + quote(c)).toList());
  }

  private static void requireLabelColumn(DataFrame labels, String c, String role) {
    if (c == null || !labels.has(c)) {
      throw new FeatureStoreException(
          "unknown " + role + " column '" + c + "' in the labels; columns: " + labels.columns());
    }
  }

  /** A DuckDB TIMESTAMP literal for an instant (UTC). */
  static String literal(Instant t) {
    return "TIMESTAMP '" + LocalDateTime.ofInstant(t, ZoneOffset.UTC).format(SQL_TS) + "'";
  }
}
