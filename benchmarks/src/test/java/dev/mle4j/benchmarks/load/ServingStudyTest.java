package dev.mle4j.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.core.serving.InputReader;
import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.core.serving.TextInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The serving study end to end on a tiny in-test text classifier (no registry, no files). */
@Timeout(120)
class ServingStudyTest {

  private static final List<String> TEXTS =
      List.of(
          "WINNER!! claim your free prize now",
          "are we still meeting for lunch?",
          "free entry to win a cash prize, text WIN",
          "sorry, I'll call you later");

  /** Spam when the text mentions a prize; each model call takes about a millisecond. */
  static final class PrizeClassifier implements Classifier<String> {
    final AtomicLong calls = new AtomicLong();
    final AtomicLong items = new AtomicLong();

    @Override
    public Classification classify(String text) {
      boolean spam = text.toLowerCase(Locale.ROOT).contains("prize");
      return new Classification(
          spam ? "spam" : "ham", 1.0, Map.of("ham", spam ? 0.0 : 1.0, "spam", spam ? 1.0 : 0.0));
    }

    @Override
    public List<Classification> classifyAll(List<String> texts) {
      calls.incrementAndGet();
      items.addAndGet(texts.size());
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<Classification> out = new ArrayList<>();
      for (String t : texts) {
        out.add(classify(t));
      }
      return out;
    }

    @Override
    public List<String> labels() {
      return List.of("ham", "spam");
    }

    @Override
    public ModelCard card() {
      return new ModelCard(
          "tiny",
          "1",
          "text-classification",
          "test/v1",
          labels(),
          Map.of(),
          "fp",
          Map.of(),
          Instant.parse("2024-01-01T00:00:00Z"));
    }
  }

  private static ServingStudy.Builder quick() {
    return ServingStudy.builder()
        .texts(TEXTS)
        .concurrencyLevels(List.of(2))
        .duration(Duration.ofMillis(1200))
        .warmUp(Duration.ofMillis(300))
        .requestTimeout(Duration.ofSeconds(5))
        .batchWorkers(1)
        .maxBatchSize(8);
  }

  @Test
  void measuresEveryLevelOnBothSidesAndWritesTheFiles(@TempDir Path dir) throws Exception {
    PrizeClassifier model = new PrizeClassifier();
    ServedModel<String> served = new ServedModel<>("tiny", "1", model, TextInput.reader());
    StudyResult result =
        quick()
            .delaysMs(List.of(0L, 2L))
            .preferredBatchSizes(List.of(2))
            .overload(24, 2)
            .build()
            .run(List.of(served));

    assertThat(result.configs()).containsExactly("off", "on-0ms", "on-2ms");
    assertThat(result.levels()).hasSize(4);
    for (String config : result.configs()) {
      List<StudyLevel> levels = result.levelsFor("tiny", config);
      assertThat(levels).as(config).hasSize(1);
      StudyLevel l = levels.get(0);
      assertThat(l.users()).isEqualTo(2);
      assertThat(l.requests()).as(config).isPositive();
      assertThat(l.errors()).as(config + " " + l.statusCounts()).isZero();
      assertThat(l.qps()).isPositive();
      assertThat(l.p50Ms()).isPositive().isLessThanOrEqualTo(l.p99Ms());
      // the batches of the window: every measured request, plus at most one in flight per user
      assertThat(l.batchItems()).isBetween(l.ok(), l.ok() + l.users());
      assertThat(l.sizeHistogram().values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(l.batches());
      assertThat(
              l.sizeHistogram().entrySet().stream().mapToLong(e -> e.getKey() * e.getValue()).sum())
          .isEqualTo(l.batchItems());
      // over the whole level, the model saw exactly the requests the server counted as 2xx
      assertThat(l.levelItems()).as(config).isEqualTo(l.levelServerOk());
      assertThat(l.levelItems()).isGreaterThanOrEqualTo(l.batchItems());
      assertThat(l.meanInferMs()).isPositive();
      assertThat(l.predictedQps()).isPositive();
      assertThat(l.measuredToPredicted()).isEqualTo(l.qps() / l.predictedQps());
      assertThat(l.sizeHistogram().keySet()).allMatch(size -> size >= 1 && size <= 8);
    }
    StudyLevel off = result.levelsFor("tiny", "off").get(0);
    assertThat(off.sizeHistogram().keySet()).containsExactly(1);
    assertThat(off.meanCollectMs()).isZero();
    assertThat(off.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
    StudyLevel on = result.levelsFor("tiny", "on-2ms").get(0);
    assertThat(on.meanCollectMs()).isNotNaN().isGreaterThanOrEqualTo(0.0);
    assertThat(on.workers()).isEqualTo(1);

    // the overload level: 24 users against a queue of 2 get 503 at once, nobody times out
    assertThat(result.overloadLevels()).hasSize(1);
    StudyLevel overload = result.overloadLevels().get(0);
    assertThat(overload.users()).isEqualTo(24);
    assertThat(overload.config()).isEqualTo("on-0ms");
    assertThat(overload.rejected()).isPositive();
    assertThat(overload.timeouts()).isZero();
    assertThat(overload.ok() + overload.rejected()).isEqualTo(overload.requests());
    assertThat(overload.statusCounts()).containsKeys(StudyLevel.OK_KEY, "http_503");
    assertThat(overload.levelItems()).isEqualTo(overload.levelServerOk());

    // every model call the servers made went through the instrumentation
    long recorded =
        result.levels().stream().mapToLong(StudyLevel::levelItems).sum()
            + result.levels().stream().map(StudyLevel::config).distinct().count();
    assertThat(model.items.get()).isGreaterThanOrEqualTo(recorded);

    List<Path> files = result.writeAll(dir);
    assertThat(files)
        .contains(
            dir.resolve("study.json"),
            dir.resolve("study.csv"),
            dir.resolve("metrics.json"),
            dir.resolve("report.html"),
            dir.resolve("qps-latency-tiny.png"),
            dir.resolve("batch-size-vs-users.png"),
            dir.resolve("qps-vs-batch-size.png"),
            dir.resolve("measured-vs-predicted.png"));
    for (Path f : files) {
      assertThat(Files.size(f)).as(f.toString()).isPositive();
    }
    JsonNode json = new ObjectMapper().readTree(dir.resolve("study.json").toFile());
    assertThat(json.at("/config/endpoint").asText()).isEqualTo("classify");
    assertThat(json.at("/config/batching")).hasSize(3);
    assertThat(json.at("/config/batching/1/preferred_batch_sizes/0").asInt()).isEqualTo(2);
    assertThat(json.get("levels")).hasSize(4);
    assertThat(json.at("/levels/3/overload").asBoolean()).isTrue();
    assertThat(json.at("/levels/0/requests").asLong()).isEqualTo(off.requests());
    List<String> csv = Files.readAllLines(dir.resolve("study.csv"));
    assertThat(csv).hasSize(5);
    assertThat(csv.get(0)).startsWith("model,config,users,");
    MetricsFile metrics = RunOutput.readMetrics(dir.resolve("metrics.json"));
    assertThat(metrics.task()).isEqualTo("loadtest-study");
    assertThat(metrics.dataset()).isEqualTo("sample-texts");
    assertThat(metrics.models())
        .containsKeys(
            "tiny/off@c2", "tiny/on-0ms@c2", "tiny/on-2ms@c2", "tiny/on-0ms@c24-overload");
    assertThat(metrics.models().get("tiny/off@c2").get("requests"))
        .isEqualTo((double) off.requests());
    assertThat(Files.readString(dir.resolve("report.html")))
        .contains("Serving study", "on-2ms", "Overload", "data:image/png;base64,");
    assertThat(result.toMarkdownTable().lines()).hasSize(2 + 4);
  }

  @Test
  void theProbeStopsAStudyWhoseEndpointRejectsTheBodies() {
    // a classifier reading numbers is not a text model: the classify route answers 400
    InputReader<String> notText = instance -> instance.path("x").asText("?");
    ServedModel<String> served = new ServedModel<>("numbers", "1", new PrizeClassifier(), notText);
    ServingStudy study = quick().delaysMs(List.of()).build();
    assertThatThrownBy(() -> study.run(List.of(served)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'numbers' answered 400")
        .hasMessageContaining("/v1/models/numbers/classify");
  }

  @Test
  void rejectsBadOptionsNamingThem() {
    assertThatThrownBy(() -> quick().delaysMs(List.of(-1L)).build())
        .hasMessageContaining("max queue delay -1 ms is negative");
    assertThatThrownBy(() -> quick().delaysMs(List.of(2L, 2L)).build())
        .hasMessageContaining("repeat");
    assertThatThrownBy(() -> quick().concurrencyLevels(List.of(0)).build())
        .hasMessageContaining("concurrency level 0 is out of range");
    assertThatThrownBy(() -> quick().concurrencyLevels(List.of()).build())
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> quick().preferredBatchSizes(List.of(9)).build())
        .hasMessageContaining("preferred batch size 9 is out of range 1..8");
    assertThatThrownBy(() -> quick().delaysMs(List.of()).overload(10, 2).build())
        .hasMessageContaining("overload level needs a batching configuration");
    assertThatThrownBy(() -> quick().overload(20_000, 2).build())
        .hasMessageContaining("overload users 20000 is out of range");
    assertThatThrownBy(() -> quick().unbatched(false).delaysMs(List.of()).build())
        .hasMessageContaining("no batching configuration");
    assertThatThrownBy(() -> ServingStudy.builder().build()).hasMessageContaining("request bodies");
    assertThatThrownBy(() -> quick().texts(List.of(" ")))
        .hasMessageContaining("must not be null or blank");
    assertThatThrownBy(() -> quick().build().run(List.of())).hasMessageContaining("no model");
    ServedModel<String> a = new ServedModel<>("a", "1", new PrizeClassifier(), TextInput.reader());
    assertThatThrownBy(() -> quick().build().run(List.of(a, a))).hasMessageContaining("twice");
    ServedModel<String> regressor =
        ServedModel.ofRegressor("len", "1", new LengthRegressor(), TextInput.reader());
    assertThatThrownBy(() -> quick().build().run(List.of(regressor)))
        .hasMessageContaining("'len' is a regressor");
  }

  @Test
  void theBatchingConfigurationsFollowTheOptions() {
    ServingStudy study =
        quick().delaysMs(List.of(0L, 5L)).preferredBatchSizes(List.of(4, 2, 4)).build();
    assertThat(study.batchings())
        .extracting(BatchingConfig::name)
        .containsExactly("off", "on-0ms", "on-5ms");
    BatchingConfig on = study.batchings().get(2);
    assertThat(on.batching()).isTrue();
    assertThat(on.maxQueueDelayMs()).isEqualTo(5);
    assertThat(on.preferredBatchSizes()).containsExactly(2, 4);
    assertThat(on.workers()).isEqualTo(1);
    assertThat(on.maxBatchSize()).isEqualTo(8);
    assertThat(study.batchings().get(0).batching()).isFalse();
    assertThat(quick().unbatched(false).build().batchings())
        .extracting(BatchingConfig::name)
        .containsExactly("on-0ms", "on-2ms", "on-5ms");
  }

  /** A regressor, which the study refuses. */
  static final class LengthRegressor implements dev.mle4j.core.Regressor<String> {
    @Override
    public double predict(String input) {
      return input.length();
    }

    @Override
    public ModelCard card() {
      return new PrizeClassifier().card();
    }
  }
}
