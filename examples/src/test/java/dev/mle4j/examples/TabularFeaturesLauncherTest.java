package dev.mle4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.examples.LauncherTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mle4j tabular features materialize|get} on a small CSV made in the test. */
class TabularFeaturesLauncherTest {

  @TempDir Path tmp;

  @Test
  void materializesThenGetsFeaturesIncrementally() throws Exception {
    Path csv = tmp.resolve("drivers.csv");
    Files.writeString(
        csv,
        "driver,ts,rate,city\n"
            + "1,2024-01-01 00:00:00,10.5,a\n"
            + "1,2024-01-01 02:00:00,20.5,b\n"
            + "2,2024-01-01 01:00:00,7,z\n"
            + "1,2024-01-01 09:00:00,99,future\n");
    Path config = tmp.resolve("drivers.yaml");
    Files.writeString(
        config,
        "name: drivers\nsource: drivers.csv\nentity: driver\nevent_time: ts\nttl: 1d\n"
            + "features: [rate, city]\n");
    String offline = tmp.resolve("offline").toString();
    String online = "file:" + tmp.resolve("online");
    Run m =
        LauncherTest.run(
            "tabular",
            "features",
            "materialize",
            "--view-config",
            config.toString(),
            "--offline",
            offline,
            "--online",
            online,
            "--end",
            "2024-01-01T03:00:00Z",
            "--incremental");
    assertThat(m.code()).as(m.toString()).isZero();
    assertThat(m.out()).contains("4 rows offline").contains("3 rows read").contains("2 entities");

    Run g =
        LauncherTest.run(
            "tabular", "features", "get", "--view", "drivers", "--key", "1", "--online", online);
    assertThat(g.code()).as(g.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(g.out());
    assertThat(json.path("key").asText()).isEqualTo("1");
    assertThat(json.path("features").path("rate").asDouble()).isEqualTo(20.5);
    assertThat(json.path("features").path("city").asText()).isEqualTo("b");
    assertThat(json.path("features").path("ts").asText()).isEqualTo("2024-01-01T02:00:00Z");

    // later: only the row after the watermark moves
    Run m2 =
        LauncherTest.run(
            "tabular",
            "features",
            "materialize",
            "--view-config",
            config.toString(),
            "--offline",
            offline,
            "--online",
            online,
            "--end",
            "2024-01-01T10:00:00Z",
            "--incremental");
    assertThat(m2.code()).as(m2.toString()).isZero();
    assertThat(m2.out()).contains("1 rows read").contains("1 entities");
    Run g2 =
        LauncherTest.run(
            "tabular", "features", "get", "--view", "drivers", "--key", "1", "--online", online);
    assertThat(new ObjectMapper().readTree(g2.out()).path("features").path("city").asText())
        .isEqualTo("future");
  }

  @Test
  void badInputsAreOneLineUsageErrors() throws Exception {
    Run missing =
        LauncherTest.run(
            "tabular",
            "features",
            "materialize",
            "--view-config",
            tmp.resolve("nope.yaml").toString(),
            "--offline",
            tmp.resolve("o").toString(),
            "--online",
            "file:" + tmp.resolve("on"));
    LauncherTest.assertOneLineUsageError(missing, "does not exist");

    Path config = tmp.resolve("bad.yaml");
    Files.writeString(
        config, "name: v\nsource: v.csv\nentity: a\nevent_time: t\nttl: -2d\nfeatures: [f]\n");
    Run ttl =
        LauncherTest.run(
            "tabular",
            "features",
            "materialize",
            "--view-config",
            config.toString(),
            "--offline",
            tmp.resolve("o").toString(),
            "--online",
            "file:" + tmp.resolve("on"));
    LauncherTest.assertOneLineUsageError(ttl, "ttl must be positive");

    Run unknownKey =
        LauncherTest.run(
            "tabular",
            "features",
            "get",
            "--view",
            "v",
            "--key",
            "9",
            "--online",
            "file:" + tmp.resolve("on"));
    LauncherTest.assertOneLineUsageError(unknownKey, "no online features for key '9'");
  }
}
