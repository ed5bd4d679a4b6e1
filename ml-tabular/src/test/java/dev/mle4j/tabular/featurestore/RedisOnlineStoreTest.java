package dev.mle4j.tabular.featurestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis online store against a real redis-server started by the test. */
class RedisOnlineStoreTest {

  private static RedisServer server;
  @TempDir Path tmp;

  @BeforeAll
  static void startRedis() throws Exception {
    assumeTrue(RedisServer.available(), "redis-server not installed (scripts/fetch-redis.sh)");
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private RedisOnlineStore store(String prefix) {
    return RedisOnlineStore.builder("127.0.0.1", server.port())
        .keyPrefix(prefix)
        .timeout(Duration.ofSeconds(2))
        .build();
  }

  @Test
  void roundTripsTypedValuesAndWatermarks() {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("d", 0.1 + 0.2);
    record.put("l", -3L);
    record.put("b", false);
    record.put("s", "hello|world");
    record.put("t", Instant.parse("2024-05-06T07:08:09.123456Z"));
    record.put("n", null);
    try (RedisOnlineStore s = store("t1:")) {
      assertThat(s.ping()).isTrue();
      s.write("v", Map.of("a", record, "b", Map.of("d", 2.0)));
      assertThat(s.read("v", "a").orElseThrow()).isEqualTo(record);
      assertThat(s.read("v", "zz")).isEmpty();
      assertThat(s.readMany("v", List.of("a", "zz", "b"))).containsOnlyKeys("a", "b");
      // a rewrite replaces the whole record (no stale columns)
      s.write("v", Map.of("a", Map.of("d", 5.0)));
      assertThat(s.read("v", "a").orElseThrow()).containsExactly(Map.entry("d", 5.0));
      assertThat(s.watermark("v")).isEmpty();
      s.setWatermark("v", Instant.parse("2024-01-01T00:00:00Z"));
      assertThat(s.watermark("v")).contains(Instant.parse("2024-01-01T00:00:00Z"));
    }
  }

  @Test
  void materializesAndPassesTheConsistencyCheck() {
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    DataFrame rows =
        DataFrame.empty(3)
            .with("k", ColumnType.CATEGORICAL, new String[] {"x", "y", "x"})
            .with(
                "ts",
                ColumnType.DATETIME,
                new double[] {
                  t0.getEpochSecond(), t0.getEpochSecond() + 60, t0.getEpochSecond() + 120
                })
            .with("f", ColumnType.NUMERIC, new double[] {1.5, 2.5, 3.5});
    FeatureView v =
        FeatureView.builder("kv")
            .entity("k")
            .eventTime("ts")
            .ttl(Duration.ofDays(1))
            .features("f")
            .source(FeatureSource.frame(rows))
            .build();
    OfflineStore offline = new OfflineStore(tmp.resolve("offline"));
    offline.write(v);
    try (RedisOnlineStore s = store("t2:")) {
      MaterializeReport r =
          new Materializer(offline, s).materializeIncremental(v, t0.plusSeconds(600));
      assertThat(r.entitiesWritten()).isEqualTo(2);
      assertThat(s.read("kv", "x").orElseThrow()).containsEntry("f", 3.5);
      ConsistencyReport c = new ConsistencyCheck(offline, s).check(v, t0.plusSeconds(600), 5, 3);
      assertThat(c.passed()).as(c.toString()).isTrue();
      assertThat(c.valuesCompared()).isEqualTo(4);
    }
  }

  @Test
  void redisDownIsAClearError() throws Exception {
    int port = RedisServer.freePort(); // nothing listens here
    try (RedisOnlineStore s =
        RedisOnlineStore.builder("127.0.0.1", port).timeout(Duration.ofMillis(500)).build()) {
      assertThatThrownBy(() -> s.read("v", "k"))
          .isInstanceOf(FeatureStoreException.class)
          .hasMessageStartingWith("Redis at 127.0.0.1:" + port + " unreachable: ");
      assertThatThrownBy(() -> s.write("v", Map.of("k", Map.of("f", 1.0))))
          .isInstanceOf(FeatureStoreException.class)
          .hasMessageContaining("unreachable");
      assertThat(s.ping()).isFalse();
    }
  }

  @Test
  void redisDownWithFallbackUsesTheFallbackAndWarns() throws Exception {
    int port = RedisServer.freePort();
    InMemoryOnlineStore fallback = new InMemoryOnlineStore();
    fallback.write("v", Map.of("k", Map.of("f", 42.0)));
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try (RedisOnlineStore s =
        RedisOnlineStore.builder("127.0.0.1", port)
            .timeout(Duration.ofMillis(500))
            .fallback(fallback)
            .build()) {
      assertThat(s.read("v", "k").orElseThrow()).containsEntry("f", 42.0);
      assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
          .contains("WARN")
          .contains("Redis at 127.0.0.1:" + port + " unreachable")
          .contains("fallback");
      s.write("v", Map.of("j", Map.of("f", 1.0)));
      assertThat(fallback.read("v", "j")).isPresent();
      assertThat(s.readMany("v", List.of("k", "j"))).containsOnlyKeys("k", "j");
    } finally {
      System.setErr(err);
    }
  }

  @Test
  void badAddressesAreRejected() {
    assertThatThrownBy(() -> RedisOnlineStore.builder("http://x:1"))
        .hasMessageContaining("not a redis://host:port address");
    assertThatThrownBy(() -> RedisOnlineStore.builder("localhost", 0))
        .hasMessageContaining("out of range");
  }
}
