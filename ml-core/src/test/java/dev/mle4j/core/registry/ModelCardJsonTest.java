package dev.mle4j.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardJsonTest {
  @TempDir Path tmp;

  static ModelCard card() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", 0.975);
    metrics.put("macro_f1", 0.9312);
    return new ModelCard(
        "sms-spam",
        "abc123def456",
        "text-classification",
        "tfidf-logreg/v1",
        List.of("ham", "spam"),
        metrics,
        "f00d",
        Map.of("c", "1.0"),
        Instant.parse("2025-01-31T12:34:56.789Z"));
  }

  @Test
  void roundTripsThroughFileWithSnakeCaseKeysAndIsoInstant() throws Exception {
    Path file = tmp.resolve("sub/model-card.json");
    ModelCardJson.write(card(), file);

    assertThat(ModelCardJson.read(file)).isEqualTo(card());
    String text = Files.readString(file);
    assertThat(text).contains("\n  \""); // pretty-printed
    JsonNode tree = new ObjectMapper().readTree(text);
    assertThat(tree.get("data_fingerprint").asText()).isEqualTo("f00d");
    assertThat(tree.get("created_at").asText()).isEqualTo("2025-01-31T12:34:56.789Z");
    assertThat(tree.has("createdAt")).isFalse();
    assertThat(tree.get("metrics").get("macro_f1").asDouble()).isEqualTo(0.9312);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // no temp file left behind
    }
  }

  @Test
  void ignoresUnknownKeysAndDefaultsOptionalOnes() {
    ModelCard parsed =
        ModelCardJson.fromJson(
            """
            {"name":"m","task":"t","format":"f/v1","created_at":"2024-01-01T00:00:00Z",
             "future_field":{"x":1}}
            """);
    assertThat(parsed.version()).isEmpty();
    assertThat(parsed.labels()).isEmpty();
    assertThat(parsed.createdAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
  }

  @Test
  void brokenJsonNamesFileAndLine() throws Exception {
    Path file = tmp.resolve("model-card.json");
    Files.writeString(file, "{\n  \"name\": \"m\",\n  \"task\": }\n");
    assertThatThrownBy(() -> ModelCardJson.read(file))
        .isInstanceOf(MlException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("line 3");
  }

  @Test
  void missingRequiredFieldIsNamed() {
    assertThatThrownBy(
            () -> ModelCardJson.fromJson("{\"name\":\"m\",\"task\":\"t\",\"format\":\"f\"}"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("created_at");
  }

  @Test
  void wrongTypeNamesTheField() {
    assertThatThrownBy(
            () ->
                ModelCardJson.fromJson(
                    "{\"name\":\"m\",\"task\":\"t\",\"format\":\"f\","
                        + "\"created_at\":\"2024-01-01T00:00:00Z\",\"metrics\":{\"acc\":[1]}}"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("metrics");
    assertThatThrownBy(
            () ->
                ModelCardJson.fromJson(
                    "{\"name\":\"m\",\"task\":\"t\",\"format\":\"f\","
                        + "\"created_at\":\"yesterday\"}"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("created_at");
  }

  @Test
  void rejectsNonObjectsTrailingGarbageAndMissingFiles() {
    assertThatThrownBy(() -> ModelCardJson.fromJson("[1,2]"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> ModelCardJson.fromJson(ModelCardJson.toJson(card()) + "}"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> ModelCardJson.fromJson("  "))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("empty");
    Path missing = tmp.resolve("nope.json");
    assertThatThrownBy(() -> ModelCardJson.read(missing))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void rejectsNonFiniteMetricsBothWays() {
    ModelCard nan =
        new ModelCard(
            "m",
            "",
            "t",
            "f",
            List.of(),
            Map.of("roc_auc", Double.NaN),
            "",
            Map.of(),
            Instant.EPOCH);
    assertThatThrownBy(() -> ModelCardJson.toJson(nan))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("roc_auc")
        .hasMessageContaining("NaN");
    assertThatThrownBy(
            () ->
                ModelCardJson.fromJson(
                    "{\"name\":\"m\",\"task\":\"t\",\"format\":\"f\","
                        + "\"created_at\":\"2024-01-01T00:00:00Z\",\"metrics\":{\"acc\":\"NaN\"}}"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("acc");
  }
}
