package dev.mle4j.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Level arithmetic and the writers on hand-made levels (no server). */
class StudyResultTest {

  private static final BatchingConfig ON = BatchingConfig.on(32, 2, List.of(), 2, 1024);
  private static final BatchingConfig OFF = BatchingConfig.off(4);

  private static LevelResult client(int users, long requests, long errors503, double qps) {
    Map<String, Long> errors = errors503 == 0 ? Map.of() : Map.of("http_503", errors503);
    return new LevelResult(
        "m/x", users, requests, errors503, errors, 10.0, qps, 1.0, 2.0, 3.0, 4.0, 1.5);
  }

  private static StudyLevel level(BatchingConfig config, int users, double qps, int... sizes) {
    List<BatchRecorder.Batch> batches =
        java.util.Arrays.stream(sizes)
            .mapToObj(s -> new BatchRecorder.Batch(100, s, 10_000_000L))
            .toList();
    return StudyLevel.of("m", config, false, client(users, 100, 0, qps), batches, 0.5, 7, 7);
  }

  @Test
  void predictsCapacityFromBatchSizeAndInferenceTime() {
    // 2 workers, batches of 2 and 4 (mean 3) taking 10 ms each: 2 * 3 / 0.010 = 600 QPS
    StudyLevel busy = level(ON, 10, 540, 2, 4);
    assertThat(busy.batches()).isEqualTo(2);
    assertThat(busy.batchItems()).isEqualTo(6);
    assertThat(busy.sizeHistogram()).containsExactly(Map.entry(2, 1L), Map.entry(4, 1L));
    assertThat(busy.meanBatchSize()).isEqualTo(3.0);
    assertThat(busy.meanInferMs()).isCloseTo(10.0, offset(1e-9));
    assertThat(busy.predictedQps()).isCloseTo(600.0, offset(1e-6));
    assertThat(busy.measuredToPredicted()).isCloseTo(0.9, offset(1e-9));
    assertThat(busy.saturated()).isTrue();
    assertThat(busy.meanCollectMs()).isEqualTo(0.5);

    StudyLevel idle = level(ON, 1, 100, 1, 1);
    assertThat(idle.predictedQps()).isCloseTo(200.0, offset(1e-6));
    assertThat(idle.saturated()).isFalse();

    // without batching there is no collect phase; the workers are the cores
    StudyLevel off = level(OFF, 1, 100, 1);
    assertThat(off.meanCollectMs()).isZero();
    assertThat(off.predictedQps()).isCloseTo(400.0, offset(1e-6));

    StudyLevel none = level(ON, 1, 0);
    assertThat(none.batches()).isZero();
    assertThat(none.meanBatchSize()).isNaN();
    assertThat(none.predictedQps()).isNaN();
    assertThat(none.saturated()).isFalse();
  }

  @Test
  void countsRejectedAndTimedOutRequestsByStatus() {
    LevelResult r =
        new LevelResult(
            "m/x",
            50,
            100,
            30,
            Map.of("http_503", 25L, "timeout", 5L),
            10.0,
            7.0,
            1.0,
            2.0,
            3.0,
            4.0,
            1.5);
    StudyLevel l = StudyLevel.of("m", ON, true, r, List.of(), Double.NaN, 0, 0);
    assertThat(l.ok()).isEqualTo(70);
    assertThat(l.rejected()).isEqualTo(25);
    assertThat(l.timeouts()).isEqualTo(5);
    assertThat(l.statusCounts())
        .containsExactly(
            Map.entry("http_2xx", 70L), Map.entry("http_503", 25L), Map.entry("timeout", 5L));
    assertThat(l.key()).isEqualTo("m/on-2ms@c50-overload");
  }

  @Test
  void refusesInconsistentLevels() {
    assertThatThrownBy(
            () ->
                new StudyLevel(
                    "m",
                    "on",
                    1,
                    false,
                    10,
                    10,
                    Map.of("http_2xx", 10L),
                    1,
                    10,
                    1,
                    1,
                    1,
                    1,
                    3,
                    4,
                    Map.of(1, 3L),
                    0,
                    1,
                    4,
                    4,
                    1,
                    100))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("size histogram holds 3 batches of 3 items");
    assertThatThrownBy(
            () ->
                new StudyLevel(
                    "m",
                    "on",
                    1,
                    false,
                    10,
                    10,
                    Map.of("http_2xx", 9L),
                    1,
                    10,
                    1,
                    1,
                    1,
                    1,
                    0,
                    0,
                    Map.of(),
                    0,
                    1,
                    0,
                    0,
                    1,
                    100))
        .hasMessageContaining("statusCounts add up to 9 but requests=10");
  }

  @Test
  void writesJsonCsvMarkdownAndCharts(@TempDir Path dir) throws Exception {
    StudyConfig config =
        new StudyConfig(
            List.of("m"),
            List.of(OFF, ON),
            List.of(1, 10),
            10,
            3,
            10,
            StudyEndpoint.PREDICT,
            "sample-texts",
            10,
            0,
            0,
            4,
            "25");
    StudyResult result =
        new StudyResult(
            config,
            List.of(
                level(OFF, 1, 100, 1), level(OFF, 10, 300, 1),
                level(ON, 1, 90, 1), level(ON, 10, 500, 2, 4)));
    assertThatThrownBy(() -> new StudyResult(config, List.of(level(ON, 1, 1, 1), level(ON, 1, 2))))
        .hasMessageContaining("duplicate level m/on-2ms@c1");

    result.writeJson(dir.resolve("study.json"));
    JsonNode json = new ObjectMapper().readTree(dir.resolve("study.json").toFile());
    assertThat(json.at("/config/endpoint").asText()).isEqualTo("predict");
    assertThat(json.at("/levels/3/size_histogram/4").asLong()).isEqualTo(1);
    assertThat(json.at("/levels/3/predicted_qps").asDouble()).isCloseTo(600.0, offset(1e-6));
    assertThat(json.at("/levels/3/saturated").asBoolean()).isTrue(); // 500 / 600 >= 0.8
    assertThat(json.at("/levels/2/saturated").asBoolean()).isFalse(); // 90 / 200

    List<String> csv = Files.readAllLines(result.writeCsv(dir.resolve("study.csv")));
    assertThat(csv).hasSize(5);
    assertThat(csv.get(4)).startsWith("m,on-2ms,10,false,100,100,0,0,0,http_2xx=100,");
    assertThat(csv.get(4)).contains(",2=1;4=1,");

    String md = result.toMarkdownTable();
    assertThat(md.lines().toList().get(0)).startsWith("| model | config | users |");
    assertThat(md).contains("| m | on-2ms | 10 | 100 | 0 (0) | 500.0 |");

    List<Path> charts = result.writeCharts(dir);
    assertThat(charts)
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "qps-latency-m.png",
            "batch-size-vs-users.png",
            "qps-vs-batch-size.png",
            "measured-vs-predicted.png");
    for (Path chart : charts) {
      assertThat(javax.imageio.ImageIO.read(chart.toFile())).isNotNull();
    }
  }
}
