package dev.mle4j.tabular.featurestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mle4j.tabular.SharedData;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.DuckTables;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature store on real data: an hour-of-day view over UCI bike sharing (hourly counts
 * 2011-2012) with a 7-day rolling mean of the count at the same hour, computed with DuckDB window
 * SQL.
 */
class BikeSharingFeatureStoreTest {

  private static final Logger LOG = LoggerFactory.getLogger(BikeSharingFeatureStoreTest.class);
  private static final Instant MID = Instant.parse("2012-06-30T12:00:00Z");
  private static final Instant END = Instant.parse("2012-12-31T23:00:00Z");

  private static DataFrame features;

  @TempDir Path tmp;

  @BeforeAll
  static void buildFeatures() {
    Path csv = SharedData.root().resolve("tabular/bike-sharing-hour.csv");
    try (DuckTables duck = DuckTables.open()) {
      features =
          duck.query(
              "WITH b AS (SELECT CAST(hr AS BIGINT) AS hr,"
                  + " strptime(CAST(dteday AS VARCHAR), '%Y%m%d') + to_hours(CAST(hr AS BIGINT))"
                  + " AS ts, CAST(cnt AS DOUBLE) AS cnt, temp, hum FROM read_csv_auto('"
                  + csv.toAbsolutePath()
                  + "', types = {'dteday': 'VARCHAR'}))"
                  + " SELECT hr, ts, cnt, temp, hum, avg(cnt) OVER (PARTITION BY hr ORDER BY ts"
                  + " ROWS BETWEEN 7 PRECEDING AND 1 PRECEDING) AS cnt_mean_7d FROM b ORDER BY ts");
    }
  }

  private static FeatureView view() {
    return FeatureView.builder("hourly_demand")
        .entity("hr")
        .eventTime("ts")
        .ttl(Duration.ofDays(2))
        .features("cnt_mean_7d", "cnt", "temp", "hum")
        .source(FeatureSource.frame(features))
        .build();
  }

  @Test
  void onlineMatchesOfflineAfterIncrementalMaterialization() {
    assertThat(features.rows()).isEqualTo(17_379);
    assertThat(features.type("ts")).isEqualTo(ColumnType.DATETIME);
    FeatureView v = view();
    OfflineStore offline = new OfflineStore(tmp.resolve("offline"));
    assertThat(offline.write(v)).isEqualTo(17_379);
    try (InMemoryOnlineStore online = new InMemoryOnlineStore()) {
      Materializer m = new Materializer(offline, online);
      MaterializeReport first = m.materializeIncremental(v, MID);
      MaterializeReport second = m.materializeIncremental(v, END);
      LOG.info("bike-sharing materialize: {} | {}", first, second);
      assertThat(first.entitiesWritten()).isEqualTo(24);
      // second window: (MID, END] limited by the 2-day TTL at END
      assertThat(second.rowsRead()).isEqualTo(49); // 2 days of hours, both ends inclusive
      assertThat(second.entitiesWritten()).isEqualTo(24);
      ConsistencyCheck check = new ConsistencyCheck(offline, online);
      ConsistencyReport ok = check.check(v, END, 24, 42);
      LOG.info(
          "bike-sharing consistency: {} entities, {} values, {} mismatches",
          ok.entitiesChecked(),
          ok.valuesCompared(),
          ok.mismatches().size());
      assertThat(ok.passed()).as(ok.mismatches().toString()).isTrue();
      assertThat(ok.entitiesChecked()).isEqualTo(24);
      assertThat(ok.valuesCompared()).isEqualTo(24 * 5);

      // the online record for 17:00 is the last 17:00 row of 2012 (2012-12-31 17:00)
      Map<String, Object> five = online.read("hourly_demand", "17").orElseThrow();
      assertThat(five.get("ts")).isEqualTo(Instant.parse("2012-12-31T17:00:00Z"));

      // corrupt one value by 1e-6: the check must catch it
      Map<String, Object> bad = new LinkedHashMap<>(five);
      bad.put("cnt_mean_7d", (Double) five.get("cnt_mean_7d") + 1e-6);
      online.write("hourly_demand", Map.of("17", bad));
      ConsistencyReport broken = check.check(v, END, 24, 42);
      assertThat(broken.passed()).isFalse();
      assertThat(broken.mismatches()).hasSize(1);
      assertThat(broken.mismatches().get(0).key()).isEqualTo("17");
      assertThat(broken.mismatches().get(0).column()).isEqualTo("cnt_mean_7d");
    }
  }

  @Test
  void pointInTimeJoinOnBikeSharingUsesOnlyPastRows() {
    FeatureView v = view();
    OfflineStore offline = new OfflineStore(tmp.resolve("offline"));
    offline.write(v);
    // labels at 17:30 on two days: the 17:00 row of the same day is the latest at or before
    double t1 = Instant.parse("2012-03-01T17:30:00Z").getEpochSecond();
    double t2 = Instant.parse("2012-03-02T17:30:00Z").getEpochSecond();
    DataFrame labels =
        DataFrame.empty(2)
            .with("hour", ColumnType.NUMERIC, new double[] {17, 17})
            .with("at", ColumnType.DATETIME, new double[] {t1, t2});
    DataFrame out = offline.pointInTimeJoin(labels, List.of("hour"), "at", List.of(v));
    try (DuckTables duck = DuckTables.open()) {
      duck.register("f", features);
      DataFrame expected =
          duck.query(
              "SELECT cnt, cnt_mean_7d FROM f WHERE hr = 17 AND ts IN (TIMESTAMP '2012-03-01"
                  + " 17:00:00', TIMESTAMP '2012-03-02 17:00:00') ORDER BY ts");
      assertThat(out.numeric("cnt")).containsExactly(expected.numeric("cnt"));
      assertThat(out.numeric("cnt_mean_7d")).containsExactly(expected.numeric("cnt_mean_7d"));
    }
  }
}
