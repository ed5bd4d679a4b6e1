package dev.mle4j.tabular.featurestore;

import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the latest feature values per entity from the {@link OfflineStore} to an {@link
 * OnlineStore} and records the view's watermark.
 *
 * <p>A window {@code [start, end]} is read with DuckDB; rows older than {@code end - ttl} are left
 * out (expired at {@code end}); the latest row per entity is written as one online record holding
 * the feature columns and the event time (an {@link Instant} under the event-time column's name).
 * Entities without a row in the window keep their previous online record.
 */
public final class Materializer {

  private static final Logger LOG = LoggerFactory.getLogger(Materializer.class);

  private final OfflineStore offline;
  private final OnlineStore online;

  /**
   * Creates a materializer.
   *
   * @param offline the source of truth
   * @param online the serving store
   */
  public Materializer(OfflineStore offline, OnlineStore online) {
    this.offline = Objects.requireNonNull(offline, "offline");
    this.online = Objects.requireNonNull(online, "online");
  }

  /**
   * Materializes rows with event time in {@code [start, end]} (and within the TTL at {@code end}).
   *
   * @param view the view
   * @param start window start, inclusive
   * @param end window end, inclusive; becomes the watermark
   * @return the report
   * @throws FeatureStoreException if start is after end or a store fails
   */
  public MaterializeReport materialize(FeatureView view, Instant start, Instant end) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.isAfter(end)) {
      throw new FeatureStoreException(
          "materialize window start " + start + " is after its end " + end);
    }
    return run(view, start, false, end, false);
  }

  /**
   * Materializes rows newer than the view's watermark up to {@code end}; without a watermark, from
   * {@code end - ttl}.
   *
   * @param view the view
   * @param end window end, inclusive; becomes the watermark
   * @return the report
   * @throws FeatureStoreException if end is before the watermark or a store fails
   */
  public MaterializeReport materializeIncremental(FeatureView view, Instant end) {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(end, "end");
    Optional<Instant> mark = online.watermark(view.name());
    if (mark.isPresent() && mark.get().isAfter(end)) {
      throw new FeatureStoreException(
          "feature view '"
              + view.name()
              + "' is already materialized up to "
              + mark.get()
              + ", after the requested end "
              + end);
    }
    return run(view, mark.orElse(null), true, end, true);
  }

  private MaterializeReport run(
      FeatureView view, Instant start, boolean startExclusive, Instant end, boolean incremental) {
    Objects.requireNonNull(view, "view");
    long t0 = System.nanoTime();
    OfflineStore.Window w = offline.window(view, start, startExclusive, end);
    Map<String, Map<String, Object>> records = records(view, w.latest());
    online.write(view.name(), records);
    online.setWatermark(view.name(), end);
    double seconds = (System.nanoTime() - t0) / 1e9;
    MaterializeReport r =
        new MaterializeReport(
            view.name(), start, end, incremental, w.rowsRead(), records.size(), seconds);
    LOG.info(
        "materialized {}: {} rows read, {} entities written, window ({} .. {}] in {} s",
        view.name(),
        r.rowsRead(),
        r.entitiesWritten(),
        start,
        end,
        String.format(java.util.Locale.ROOT, "%.3f", seconds));
    return r;
  }

  /** Online records (key to record) for the rows of a frame with the view's columns. */
  static Map<String, Map<String, Object>> records(FeatureView view, DataFrame rows) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (int i = 0; i < rows.rows(); i++) {
      List<Object> parts = new ArrayList<>();
      for (String e : view.entities()) {
        parts.add(rows.value(i, e));
      }
      Map<String, Object> record = new LinkedHashMap<>();
      for (String f : view.features()) {
        record.put(f, value(rows, i, f));
      }
      record.put(view.eventTime(), value(rows, i, view.eventTime()));
      out.put(TypedValues.entityKey(parts), record);
    }
    return out;
  }

  private static Object value(DataFrame rows, int i, String column) {
    ColumnType t = rows.type(column);
    if (!t.isNumberStored()) {
      return rows.strings(column)[i];
    }
    double v = rows.numeric(column)[i];
    if (Double.isNaN(v)) {
      return null;
    }
    return switch (t) {
      case DATETIME -> {
        long micros = Math.round(v * 1e6);
        yield Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
      }
      case BOOLEAN -> v != 0.0;
      default -> v;
    };
  }
}
