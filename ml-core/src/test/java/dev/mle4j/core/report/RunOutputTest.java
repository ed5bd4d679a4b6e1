package dev.mle4j.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.ModelCardJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunOutputTest {
  @TempDir Path tmp;

  private static MetricsFile sample() {
    Map<String, Map<String, Double>> models = new LinkedHashMap<>();
    Map<String, Double> lr = new LinkedHashMap<>();
    lr.put("accuracy", 0.981);
    lr.put("macro_f1", 0.95);
    lr.put("ndcg_at_10", 0.5);
    models.put("tfidf-logreg", lr);
    models.put("naive-bayes", Map.of("accuracy", 0.97));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("train_rows", 4457);
    extra.put("seed", 42);
    extra.put("labels", List.of("ham", "spam"));
    extra.put("machine", Map.of("cores", 2, "os", "linux"));
    return new MetricsFile("sms-spam", "text-classification", models, extra);
  }

  @Test
  void createsFolderAndDefaultDir() {
    Path dir = tmp.resolve("a/b/c");
    RunOutput out = RunOutput.create(dir);
    assertThat(dir).isDirectory();
    assertThat(out.dir()).isEqualTo(dir);
    assertThat(out.file("roc.png")).isEqualTo(dir.resolve("roc.png"));

    Clock clock = Clock.fixed(Instant.parse("2025-01-31T08:09:10Z"), ZoneOffset.UTC);
    assertThat(RunOutput.defaultDir("text", clock))
        .isEqualTo(Path.of("outputs", "text", "20250131-080910"));
    assertThat(RunOutput.defaultDir("tabular").toString().replace('\\', '/'))
        .matches("outputs/tabular/\\d{8}-\\d{6}");
    assertThatThrownBy(() -> RunOutput.defaultDir("../x"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'../x'");
    for (String bad : List.of("../x.png", "a/b.png", ".hidden", " ")) {
      assertThatThrownBy(() -> out.file(bad))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("invalid output file name");
    }
  }

  @Test
  void metricsJsonIsFlatStableAndRoundTrips() throws Exception {
    RunOutput out = RunOutput.create(tmp.resolve("run"));
    Path file = out.writeMetrics(sample());

    assertThat(file).isEqualTo(tmp.resolve("run/metrics.json"));
    assertThat(RunOutput.readMetrics(file)).isEqualTo(sample());
    JsonNode tree = new ObjectMapper().readTree(file.toFile());
    assertThat(tree.fieldNames())
        .toIterable()
        .containsExactly("dataset", "task", "models", "train_rows", "seed", "labels", "machine");
    assertThat(tree.get("models").get("tfidf-logreg").get("macro_f1").isNumber()).isTrue();
    assertThat(tree.get("models").get("tfidf-logreg").get("macro_f1").asDouble()).isEqualTo(0.95);
    // Unordered maps are written sorted, so two writes give identical bytes.
    Map<String, Map<String, Double>> hashed = new HashMap<>();
    hashed.put("b", Map.of("z_score", 1.0, "accuracy", 0.5));
    hashed.put("a", Map.of("rmse", 2.0));
    String json = RunOutput.metricsJson(MetricsFile.of("d", "t", hashed));
    assertThat(json.indexOf("\"a\"")).isLessThan(json.indexOf("\"b\""));
    assertThat(json.indexOf("accuracy")).isLessThan(json.indexOf("z_score"));
    try (Stream<Path> files = Files.list(out.dir())) {
      assertThat(files).containsExactly(file); // no temp files left
    }
  }

  @Test
  void metricsRejectNanInfinityAndBadNames() throws Exception {
    assertThatThrownBy(() -> MetricsFile.of("d", "t", Map.of("lr", Map.of("roc_auc", Double.NaN))))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'lr'")
        .hasMessageContaining("'roc_auc'")
        .hasMessageContaining("NaN");
    assertThatThrownBy(
            () -> MetricsFile.of("d", "t", Map.of("lr", Map.of("rmse", Double.POSITIVE_INFINITY))))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Infinity");
    assertThatThrownBy(() -> MetricsFile.of("d", "t", Map.of("lr", Map.of("macroF1", 0.5))))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'macroF1' is not snake_case");
    assertThatThrownBy(
            () ->
                new MetricsFile(
                    "d",
                    "t",
                    Map.of("lr", Map.of("f1", 0.5)),
                    Map.of("x", List.of(1.0, Double.NaN))))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'x[1]'");
    assertThatThrownBy(
            () -> new MetricsFile("d", "t", Map.of("lr", Map.of("f1", 0.5)), Map.of("task", "x")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("clashes");
    assertThatThrownBy(() -> MetricsFile.of("d", "t", Map.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least one model");

    Path bad =
        Files.writeString(
            tmp.resolve("metrics.json"),
            "{\"dataset\":\"d\",\"task\":\"t\",\"models\":{\"lr\":{\"acc\":NaN}}}");
    assertThatThrownBy(() -> RunOutput.readMetrics(bad))
        .isInstanceOf(MlException.class)
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("not valid JSON");
    Files.writeString(
        bad, "{\"dataset\":\"d\",\"task\":\"t\",\"models\":{\"lr\":{\"acc\":\"x\"}}}");
    assertThatThrownBy(() -> RunOutput.readMetrics(bad))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'acc'")
        .hasMessageContaining("not a number");
    Files.writeString(bad, "{\"task\":\"t\",\"models\":{}}");
    assertThatThrownBy(() -> RunOutput.readMetrics(bad))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'dataset'");
  }

  @Test
  void modelCardRoundTrips() {
    ModelCard card =
        new ModelCard(
            "sms-spam",
            "0123456789ab",
            "text-classification",
            "tfidf-logreg/v1",
            List.of("ham", "spam"),
            Map.of("accuracy", 0.98),
            "abc",
            Map.of("c", "1.0"),
            Instant.parse("2025-02-01T10:00:00Z"));
    RunOutput out = RunOutput.create(tmp.resolve("run"));
    Path file = out.writeModelCard(card);
    assertThat(file.getFileName().toString()).isEqualTo("model-card.json");
    assertThat(ModelCardJson.read(file)).isEqualTo(card);
  }
}
