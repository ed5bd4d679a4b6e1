package dev.mle4j.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow deployment in the server: mirrored requests, both versions logged, responses unchanged.
 */
class ModelServerShadowTest {
  @TempDir Path tmp;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A candidate that calls everything spam, and fails on "boom". */
  private static final class EagerClassifier extends ModelServerTest.KeywordClassifier {
    EagerClassifier() {
      super("eager");
    }

    @Override
    public Classification classify(String text) {
      if (text.contains("boom")) {
        throw new IllegalStateException("candidate cannot read boom");
      }
      return new Classification("spam", 0.7, Map.of("ham", 0.3, "spam", 0.7));
    }
  }

  @Test
  void candidateGetsMirroredTrafficAndBothVersionsAreLogged() throws Exception {
    Path file = tmp.resolve("predictions.jsonl");
    HttpClient http = HttpClient.newHttpClient();
    List<String> bodies = new ArrayList<>();
    ModelServer server;
    try (PredictionLog log = PredictionLog.builder(file).build()) {
      server =
          ModelServer.builder()
              .noBatching()
              .predictionLog(log)
              .addModel(
                  new ServedModel<>(
                      "spam",
                      "1",
                      new ModelServerTest.KeywordClassifier("spam"),
                      TextInput.reader()))
              .shadow(
                  "spam", new ServedModel<>("spam", "2", new EagerClassifier(), TextInput.reader()))
              .build()
              .start();
      try {
        for (String text : List.of("hello there", "free money", "boom")) {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(server.baseUri().resolve("/v1/models/spam/predict"))
                      .header("Content-Type", "application/json")
                      .header(ModelServer.REQUEST_ID_HEADER, "req-" + text.charAt(0))
                      .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
          bodies.add(r.body());
        }
      } finally {
        server.close();
      }
      String metrics = server.meterRegistry().scrape();
      assertThat(metrics)
          .contains("mle4j_shadow_requests_total{model=\"spam\",outcome=\"ok\"} 2.0")
          .contains("mle4j_shadow_requests_total{model=\"spam\",outcome=\"error\"} 1.0");
    }
    // the primary answered; the candidate's opinion never reached the client
    assertThat(JSON.readTree(bodies.get(0)).get("label").asText()).isEqualTo("ham");
    assertThat(JSON.readTree(bodies.get(0)).get("version").asText()).isEqualTo("1");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines.stream().filter(l -> l.get("version").asText().equals("1"))).hasSize(3);
    List<JsonNode> candidate =
        lines.stream().filter(l -> l.get("version").asText().equals("2")).toList();
    assertThat(candidate).hasSize(2);
    assertThat(candidate).allSatisfy(l -> assertThat(l.get("model").asText()).isEqualTo("spam"));
    assertThat(candidate.stream().map(l -> l.get("request_id").asText()))
        .containsExactlyInAnyOrder("req-h", "req-f");
  }

  @Test
  void shadowOfAnUnknownModelIsRejected() {
    assertThatThrownBy(
            () ->
                ModelServer.builder()
                    .addModel(
                        new ServedModel<>(
                            "spam",
                            "1",
                            new ModelServerTest.KeywordClassifier("spam"),
                            TextInput.reader()))
                    .shadow(
                        "ham",
                        new ServedModel<>(
                            "ham",
                            "2",
                            new ModelServerTest.KeywordClassifier("x"),
                            TextInput.reader()))
                    .build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("shadow candidate for unknown model 'ham'");
  }
}
