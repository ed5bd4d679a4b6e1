package dev.mle4j.tabular.featurestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureStoreTest {

  @TempDir Path tmp;

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private static double at(int hours) {
    return T0.plus(Duration.ofHours(hours)).getEpochSecond();
  }

  /** Two drivers, rows at hours 0, 2, 4 (driver 1) and 1 (driver 2). */
  private static DataFrame driverRows() {
    return DataFrame.empty(4)
        .with("driver", ColumnType.NUMERIC, new double[] {1, 1, 1, 2})
        .with("ts", ColumnType.DATETIME, new double[] {at(0), at(2), at(4), at(1)})
        .with("rate", ColumnType.NUMERIC, new double[] {10, 20, 40, 7})
        .with("city", ColumnType.CATEGORICAL, new String[] {"a", "b", "c", "z"});
  }

  private static FeatureView view(FeatureSource source, Duration ttl) {
    return FeatureView.builder("driver_stats")
        .entity("driver")
        .eventTime("ts")
        .ttl(ttl)
        .features("rate", "city")
        .source(source)
        .build();
  }

  @Test
  void pointInTimeJoinNeverLeaksTheFutureAndExpiresAfterTtl() {
    OfflineStore store = new OfflineStore(tmp.resolve("offline"));
    FeatureView v = view(FeatureSource.frame(driverRows()), Duration.ofHours(3));
    assertThat(store.write(v)).isEqualTo(4);
    // labels: before any row, exactly at a row, between rows, after TTL, other driver, unknown
    DataFrame labels =
        DataFrame.empty(7)
            .with("driver", ColumnType.NUMERIC, new double[] {1, 1, 1, 1, 1, 2, 3})
            .with(
                "ts",
                ColumnType.DATETIME,
                new double[] {at(-1), at(2), at(3), at(7), at(8), at(4), at(4)})
            .with("label", ColumnType.NUMERIC, new double[] {0, 1, 2, 3, 4, 5, 6});
    DataFrame out = store.pointInTimeJoin(labels, "driver", "ts", v);
    assertThat(out.columns()).containsExactly("driver", "ts", "label", "rate", "city");
    assertThat(out.numeric("label")).containsExactly(0, 1, 2, 3, 4, 5, 6);
    double[] rate = out.numeric("rate");
    // hour -1: nothing yet; hour 2: the row at 2 (not 4); hour 3: still 20 (4 is the future);
    // hour 7: row at 4 is 3h old = TTL -> kept; hour 8: 4h old -> expired;
    // driver 2 at hour 4: row at 1 is 3h old -> kept; driver 3: unknown
    assertThat(rate[0]).isNaN();
    assertThat(rate[1]).isEqualTo(20.0);
    assertThat(rate[2]).isEqualTo(20.0);
    assertThat(rate[3]).isEqualTo(40.0);
    assertThat(rate[4]).isNaN();
    assertThat(rate[5]).isEqualTo(7.0);
    assertThat(rate[6]).isNaN();
    assertThat(out.strings("city")).containsExactly(null, "b", "b", "c", null, "z", null);
  }

  @Test
  void parquetRoundTripKeepsRowsAndTypes() throws Exception {
    OfflineStore store = new OfflineStore(tmp.resolve("offline"));
    FeatureView v = view(FeatureSource.frame(driverRows()), Duration.ofDays(1));
    store.write(v);
    try (var files = Files.list(store.viewDir("driver_stats"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactly("part-00000.parquet");
    }
    DataFrame back = store.read(v);
    assertThat(back.columns()).containsExactly("driver", "ts", "rate", "city");
    assertThat(back.type("ts")).isEqualTo(ColumnType.DATETIME);
    assertThat(back.numeric("ts")).containsExactly(at(0), at(2), at(4), at(1));
    assertThat(back.numeric("rate")).containsExactly(10, 20, 40, 7);
    assertThat(back.strings("city")).containsExactly("a", "b", "c", "z");
    // the Parquet part is itself a valid source for another view
    FeatureView copy =
        v.withSource(
            FeatureSource.parquet(store.viewDir("driver_stats").resolve("part-00000.parquet")));
    OfflineStore other = new OfflineStore(tmp.resolve("other"));
    assertThat(other.write(copy)).isEqualTo(4);
    assertThat(other.read(copy).numeric("rate")).containsExactly(10, 20, 40, 7);
    // write replaces, it does not duplicate
    assertThat(store.write(v)).isEqualTo(4);
    assertThat(store.read(v).rows()).isEqualTo(4);
  }

  @Test
  void csvSourceWithTextTimestamps() throws Exception {
    Path csv = tmp.resolve("f.csv");
    Files.writeString(
        csv,
        "user,ts,score\nu1,2024-01-01 00:00:00,1.5\nu1,2024-01-02 00:00:00,2.5\n"
            + "u2,2024-01-01 12:00:00,9\n");
    FeatureView v =
        FeatureView.builder("users")
            .entity("user")
            .eventTime("ts")
            .ttl(FeatureViews.parseTtl("7d"))
            .features("score")
            .source(FeatureSource.csv(csv))
            .build();
    OfflineStore store = new OfflineStore(tmp.resolve("offline"));
    store.write(v);
    DataFrame latest = store.latest(v, Instant.parse("2024-01-03T00:00:00Z"));
    assertThat(latest.strings("user")).containsExactly("u1", "u2");
    assertThat(latest.numeric("score")).containsExactly(2.5, 9.0);
  }

  @Test
  void inMemoryMaterializeAndIncrementalMovesOnlyNewerRows() {
    OfflineStore store = new OfflineStore(tmp.resolve("offline"));
    FeatureView v = view(FeatureSource.frame(driverRows()), Duration.ofDays(1));
    store.write(v);
    try (InMemoryOnlineStore online = new InMemoryOnlineStore()) {
      Materializer m = new Materializer(store, online);
      MaterializeReport first = m.materializeIncremental(v, T0.plus(Duration.ofHours(5)));
      assertThat(first.rowsRead()).isEqualTo(4);
      assertThat(first.entitiesWritten()).isEqualTo(2);
      assertThat(online.watermark("driver_stats")).contains(T0.plus(Duration.ofHours(5)));
      assertThat(online.read("driver_stats", "1").orElseThrow())
          .containsEntry("rate", 40.0)
          .containsEntry("city", "c")
          .containsEntry("ts", T0.plus(Duration.ofHours(4)));
      // new rows: driver 2 at hour 6; a late row for driver 1 at hour 3 (before the watermark)
      DataFrame more =
          DataFrame.empty(2)
              .with("driver", ColumnType.NUMERIC, new double[] {2, 1})
              .with("ts", ColumnType.DATETIME, new double[] {at(6), at(3)})
              .with("rate", ColumnType.NUMERIC, new double[] {8, 99})
              .with("city", ColumnType.CATEGORICAL, new String[] {"y", "late"});
      assertThat(store.append(v, more)).isEqualTo(2);
      MaterializeReport second = m.materializeIncremental(v, T0.plus(Duration.ofHours(7)));
      assertThat(second.incremental()).isTrue();
      assertThat(second.start()).isEqualTo(T0.plus(Duration.ofHours(5)));
      assertThat(second.rowsRead()).isEqualTo(1);
      assertThat(second.entitiesWritten()).isEqualTo(1);
      assertThat(online.read("driver_stats", "2").orElseThrow()).containsEntry("rate", 8.0);
      assertThat(online.read("driver_stats", "1").orElseThrow()).containsEntry("rate", 40.0);
      assertThat(online.readMany("driver_stats", List.of("1", "2", "3")))
          .containsOnlyKeys("1", "2");
      assertThatThrownBy(() -> m.materializeIncremental(v, T0))
          .isInstanceOf(FeatureStoreException.class)
          .hasMessageContaining("already materialized up to");
      ConsistencyReport r =
          new ConsistencyCheck(store, online).check(v, T0.plus(Duration.ofHours(7)), 10, 1);
      assertThat(r.passed()).as(r.toString()).isTrue();
      assertThat(r.entitiesChecked()).isEqualTo(2);
    }
  }

  @Test
  void materializeRespectsTtlAtTheEnd() {
    OfflineStore store = new OfflineStore(tmp.resolve("offline"));
    FeatureView v = view(FeatureSource.frame(driverRows()), Duration.ofHours(2));
    store.write(v);
    try (InMemoryOnlineStore online = new InMemoryOnlineStore()) {
      MaterializeReport r =
          new Materializer(store, online).materialize(v, T0, T0.plus(Duration.ofHours(5)));
      // TTL 2h at hour 5: only rows at hours >= 3 count -> driver 1's row at 4
      assertThat(r.rowsRead()).isEqualTo(1);
      assertThat(online.read("driver_stats", "1")).isPresent();
      assertThat(online.read("driver_stats", "2")).isEmpty();
    }
  }

  @Test
  void fileOnlineStorePersistsTypedValues() {
    Path dir = tmp.resolve("online");
    Map<String, Object> record = new java.util.LinkedHashMap<>();
    record.put("d", 1.25);
    record.put("l", 7L);
    record.put("b", true);
    record.put("s", "x:y");
    record.put("t", T0);
    record.put("n", null);
    try (FileOnlineStore s = new FileOnlineStore(dir)) {
      s.write("v", Map.of("k", record));
      s.setWatermark("v", T0);
    }
    try (FileOnlineStore s = new FileOnlineStore(dir)) {
      assertThat(s.read("v", "k").orElseThrow()).isEqualTo(record);
      assertThat(s.watermark("v")).contains(T0);
      assertThat(s.read("v", "missing")).isEmpty();
      assertThat(s.watermark("other")).isEmpty();
    }
  }

  @Test
  void badInputsGiveClearMessages() throws Exception {
    FeatureSource src = FeatureSource.frame(driverRows());
    assertThatThrownBy(() -> view(src, Duration.ofHours(-1)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("ttl must be positive");
    assertThatThrownBy(() -> FeatureViews.parseTtl("-3d")).hasMessageContaining("ttl");
    assertThatThrownBy(() -> FeatureViews.parseTtl("soon"))
        .hasMessageContaining("'soon' is not a duration");
    assertThat(FeatureViews.parseTtl("PT12H")).isEqualTo(Duration.ofHours(12));
    assertThatThrownBy(
            () ->
                FeatureView.builder("bad name")
                    .entity("a")
                    .eventTime("t")
                    .ttl(Duration.ofDays(1))
                    .features("f")
                    .source(src)
                    .build())
        .hasMessageContaining("feature view name 'bad name'");
    assertThatThrownBy(
            () ->
                FeatureView.builder("v")
                    .entity("a")
                    .eventTime("a")
                    .ttl(Duration.ofDays(1))
                    .features("f")
                    .source(src)
                    .build())
        .hasMessageContaining("column 'a' is listed twice");
    OfflineStore store = new OfflineStore(tmp.resolve("offline"));
    FeatureView unknown =
        FeatureView.builder("v")
            .entity("driver")
            .eventTime("ts")
            .ttl(Duration.ofDays(1))
            .features("speed")
            .source(src)
            .build();
    assertThatThrownBy(() -> store.write(unknown))
        .isInstanceOf(FeatureStoreException.class)
        .hasMessageContaining("unknown column 'speed'")
        .hasMessageContaining("[driver, ts, rate, city]");
    FeatureView missing = unknown.withSource(FeatureSource.csv(tmp.resolve("nope.csv")));
    assertThatThrownBy(() -> store.write(missing))
        .hasMessageContaining("source file")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> store.latest(unknown, T0)).hasMessageContaining("has no offline data");
    FeatureView ok = view(src, Duration.ofDays(1));
    store.write(ok);
    DataFrame labels = DataFrame.empty(1).with("driver", ColumnType.NUMERIC, new double[] {1});
    assertThatThrownBy(() -> store.pointInTimeJoin(labels, "driver", "when", ok))
        .hasMessageContaining("unknown timestamp column 'when'");
    assertThatThrownBy(() -> FeatureViews.load(tmp.resolve("missing.yaml")))
        .hasMessageContaining("does not exist");
    Path yaml = tmp.resolve("v.yaml");
    Files.writeString(
        yaml,
        "name: v\nsource: x.csv\nentity: a\nevent_time: t\nttl: 1d\nfeatures: [f]\ncolour: red\n");
    assertThatThrownBy(() -> FeatureViews.load(yaml))
        .hasMessageContaining("unknown field 'colour'");
    try (InMemoryOnlineStore online = new InMemoryOnlineStore()) {
      assertThatThrownBy(() -> new ConsistencyCheck(store, online).check(ok, T0, 0, 1))
          .hasMessageContaining("sample size must be positive");
      assertThatThrownBy(
              () -> new Materializer(store, online).materialize(ok, T0.plusSeconds(1), T0))
          .hasMessageContaining("is after its end");
    }
  }

  @Test
  void loadsAYamlDefinitionRelativeToItsFolder() throws Exception {
    Path yaml = tmp.resolve("conf/v.yaml");
    Files.createDirectories(yaml.getParent());
    Files.writeString(
        yaml,
        "name: users\nsource: data/u.csv\nentity: [user, region]\nevent_time: ts\nttl: 36h\n"
            + "features: [score, level]\n");
    FeatureView v = FeatureViews.load(yaml);
    assertThat(v.entities()).containsExactly("user", "region");
    assertThat(v.ttl()).isEqualTo(Duration.ofHours(36));
    assertThat(v.features()).containsExactly("score", "level");
    assertThat(v.source()).isEqualTo(FeatureSource.csv(tmp.resolve("conf/data/u.csv")));
  }
}
