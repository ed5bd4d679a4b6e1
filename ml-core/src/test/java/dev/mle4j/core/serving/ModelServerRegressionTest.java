package dev.mle4j.core.serving;

import static dev.mle4j.core.serving.ModelServerTest.assertProblem;
import static dev.mle4j.core.serving.ModelServerTest.get;
import static dev.mle4j.core.serving.ModelServerTest.metrics;
import static dev.mle4j.core.serving.ModelServerTest.post;
import static dev.mle4j.core.serving.ModelServerTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.ModelLoader;
import dev.mle4j.core.ModelLoaders;
import dev.mle4j.core.Regressor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ModelServerRegressionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Predicts 2x + 1 for instances {"x": number}; counts batch calls. */
  static final class LineRegressor implements Regressor<Double> {
    final AtomicInteger batchCalls = new AtomicInteger();
    final List<Integer> batchSizes = new ArrayList<>();

    @Override
    public double predict(Double x) {
      return x == 13.0 ? Double.NaN : 2 * x + 1;
    }

    @Override
    public double[] predictAll(List<Double> inputs) {
      batchCalls.incrementAndGet();
      synchronized (batchSizes) {
        batchSizes.add(inputs.size());
      }
      return Regressor.super.predictAll(inputs);
    }

    @Override
    public ModelCard card() {
      return new ModelCard(
          "line",
          "7",
          "tabular-regression",
          "line/v1",
          List.of(),
          Map.of("rmse", 0.5),
          "fp",
          Map.of(),
          Instant.parse("2024-01-01T00:00:00Z"));
    }
  }

  static final InputReader<Double> X_READER =
      instance -> {
        JsonNode x = instance.get("x");
        if (x == null) {
          throw new InvalidInputException("x", "field 'x' is required");
        }
        if (!x.isNumber()) {
          throw new InvalidInputException("x", "field 'x' must be a number");
        }
        return x.doubleValue();
      };

  private static ModelServer server(LineRegressor model, boolean batching, PredictionLog log) {
    ModelServer.Builder b =
        ModelServer.builder()
            .maxInstancesPerRequest(4)
            .addModel(ServedModel.ofRegressor(model, X_READER))
            .addModel(
                new ServedModel<>(
                    "spam",
                    "1",
                    new ModelServerTest.KeywordClassifier("spam"),
                    TextInput.reader()));
    if (batching) {
      b.batching(8, Duration.ofMillis(2), 64);
    } else {
      b.noBatching();
    }
    if (log != null) {
      b.predictionLog(log);
    }
    return b.build().start();
  }

  @Test
  void answersOneInstanceWithAPrediction() throws Exception {
    LineRegressor model = new LineRegressor();
    try (ModelServer s = server(model, true, null)) {
      var r = post(s, "/v1/models/line/predict", "{\"x\": 2.5}");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode body = r.json();
      assertThat(body.get("prediction").asDouble()).isEqualTo(6.0);
      assertThat(body.get("model").asText()).isEqualTo("line");
      assertThat(body.get("version").asText()).isEqualTo("7");
      assertThat(body.get("latency_ms").asDouble()).isGreaterThanOrEqualTo(0);
      assertThat(body.has("label")).isFalse();
      assertThat(model.batchCalls.get()).isEqualTo(1);
      // the classifier next to it still answers as before
      var spam = post(s, "/v1/models/spam/predict", "{\"text\": \"free\"}");
      assertThat(spam.json().get("label").asText()).isEqualTo("spam");
    }
  }

  @Test
  void answersABatchInOrderWithAndWithoutBatching() throws Exception {
    for (boolean batching : new boolean[] {true, false}) {
      LineRegressor model = new LineRegressor();
      try (ModelServer s = server(model, batching, null)) {
        var r =
            post(
                s,
                "/v1/models/line/predict",
                "{\"instances\": [{\"x\": 1}, {\"x\": -3}, {\"x\": 0.5}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode p = r.json().get("predictions");
        assertThat(p).hasSize(3);
        assertThat(p.get(0).get("prediction").asDouble()).isEqualTo(3.0);
        assertThat(p.get(1).get("prediction").asDouble()).isEqualTo(-5.0);
        assertThat(p.get(2).get("prediction").asDouble()).isEqualTo(2.0);
        assertThat(r.json().get("model").asText()).isEqualTo("line");
        String m = metrics(s);
        assertThat(sample(m, "mle4j_requests_total", "model=\"line\"", "status=\"200\""))
            .isEqualTo(1.0);
        assertThat(sample(m, "mle4j_batch_size_max", "model=\"line\"")).isGreaterThanOrEqualTo(1);
      }
    }
  }

  @Test
  void badInputIsAProblemNamingTheField() throws Exception {
    try (ModelServer s = server(new LineRegressor(), true, null)) {
      var missing = post(s, "/v1/models/line/predict", "{\"y\": 1}");
      assertProblem(missing, 422, "invalid-input", "field 'x' is required");
      assertThat(missing.json().get("field").asText()).isEqualTo("x");
      var inBatch =
          post(s, "/v1/models/line/predict", "{\"instances\": [{\"x\": 1}, {\"x\": \"two\"}]}");
      assertProblem(inBatch, 422, "invalid-input", "instances[1]: field 'x' must be a number");
      assertThat(inBatch.json().get("index").asInt()).isEqualTo(1);
      assertProblem(
          post(s, "/v1/models/line/predict", "{\"x\": "), 400, "malformed-json", "line 1");
      assertProblem(
          post(s, "/v1/models/line/predict", "{\"instances\": []}"),
          400,
          "empty-instances",
          "empty");
      assertProblem(
          post(
              s,
              "/v1/models/line/predict",
              "{\"instances\": [{\"x\": 1}, {\"x\": 1}, {\"x\": 1}, {\"x\": 1}, {\"x\": 1}]}"),
          413,
          "too-many-instances",
          "limit of 4");
    }
  }

  @Test
  void nonFinitePredictionIsAModelFailure() throws Exception {
    for (boolean batching : new boolean[] {true, false}) {
      try (ModelServer s = server(new LineRegressor(), batching, null)) {
        assertProblem(
            post(s, "/v1/models/line/predict", "{\"x\": 13}"),
            500,
            "model-failure",
            "non-finite prediction");
        assertThat(post(s, "/v1/models/line/predict", "{\"x\": 1}").status()).isEqualTo(200);
      }
    }
  }

  @Test
  void listsRegressorsWithoutLabelsAndServesTheirCard() throws Exception {
    try (ModelServer s = server(new LineRegressor(), true, null)) {
      JsonNode list = get(s, "/v1/models").json();
      assertThat(list.get(0).get("name").asText()).isEqualTo("line");
      assertThat(list.get(0).get("task").asText()).isEqualTo("tabular-regression");
      assertThat(list.get(0).get("labels")).isEmpty();
      assertThat(list.get(0).get("metrics").get("rmse").asDouble()).isEqualTo(0.5);
      assertThat(get(s, "/v1/models/line").json().get("format").asText()).isEqualTo("line/v1");
    }
  }

  @Test
  void logsRegressionPredictions(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.jsonl");
    try (PredictionLog log = PredictionLog.builder(file).build()) {
      try (ModelServer s = server(new LineRegressor(), true, log)) {
        assertThat(
                post(s, "/v1/models/line/predict", "{\"instances\": [{\"x\": 1}, {\"x\": 2}]}")
                    .status())
            .isEqualTo(200);
        assertThat(post(s, "/v1/models/spam/predict", "{\"text\": \"hi\"}").status())
            .isEqualTo(200);
      }
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.get("model").asText()).isEqualTo("line");
    assertThat(first.get("prediction").asDouble()).isEqualTo(3.0);
    assertThat(first.get("input").get("x").asInt()).isEqualTo(1);
    assertThat(first.has("label")).isFalse();
    assertThat(JSON.readTree(lines.get(1)).get("prediction").asDouble()).isEqualTo(5.0);
    JsonNode spam = JSON.readTree(lines.get(2));
    assertThat(spam.get("label").asText()).isEqualTo("ham");
    assertThat(spam.has("prediction")).isFalse();
  }

  @Test
  void servedModelAndRecordRejectBadCombinations() {
    LineRegressor model = new LineRegressor();
    ServedModel<Double> m = ServedModel.ofRegressor(model, X_READER);
    assertThat(m.isRegressor()).isTrue();
    assertThat(m.labels()).isEmpty();
    assertThat(m.card().name()).isEqualTo("line");
    assertThat(m.classifier()).isNull();
    assertThatThrownBy(() -> ServedModel.ofRegressor("bad name", "1", model, X_READER))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'bad name'");
    Classifier<Double> clf =
        new Classifier<>() {
          @Override
          public dev.mle4j.core.Classification classify(Double input) {
            return dev.mle4j.core.Classification.fromScores(List.of("a", "b"), new double[] {1, 0});
          }

          @Override
          public List<String> labels() {
            return List.of("a", "b");
          }

          @Override
          public ModelCard card() {
            return model.card();
          }
        };
    assertThatThrownBy(() -> new ServedModel<>("both", "1", clf, model, X_READER))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("either a classifier or a regressor");
    assertThatThrownBy(() -> new ServedModel<>("none", "1", null, null, X_READER))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                PredictionRecord.ofRegression(
                    Instant.now(), "r", "m", "v", JSON.createObjectNode(), Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
    PredictionRecord r =
        PredictionRecord.ofRegression(Instant.now(), "r", "m", "v", JSON.createObjectNode(), 2, 1);
    assertThat(r.isRegression()).isTrue();
    assertThat(r.label()).isNull();
  }

  /** A loader of a regression format "line/v1", served with {@link #X_READER}. */
  static final class LineLoader implements ModelLoader {
    @Override
    public Set<String> formats() {
      return Set.of("line/v1");
    }

    @Override
    public String inputKind() {
      return "x";
    }

    @Override
    public Classifier<?> load(Path dir, ModelCard card) {
      throw new MlException("model '" + card.name() + "' is a regressor");
    }

    @Override
    public boolean isRegressor(ModelCard card) {
      return true;
    }

    @Override
    public Regressor<?> loadRegressor(Path dir, ModelCard card) {
      return new LineRegressor();
    }

    @Override
    public ServedModel<?> loadServed(String name, String version, Path dir, ModelCard card) {
      return ServedModel.ofRegressor(name, version, new LineRegressor(), X_READER);
    }
  }

  /** A text classifier loader relying on the interface defaults. */
  static final class KeywordLoader implements ModelLoader {
    @Override
    public Set<String> formats() {
      return Set.of("keyword/v1");
    }

    @Override
    public String inputKind() {
      return "text";
    }

    @Override
    public Classifier<?> load(Path dir, ModelCard card) {
      return new ModelServerTest.KeywordClassifier(card.name());
    }
  }

  @Test
  void loadersServeRegressorsAndKeepTheTextDefault(@TempDir Path dir) throws Exception {
    ModelLoaders loaders = ModelLoaders.of(List.of(new KeywordLoader(), new LineLoader()));
    ModelCard line = new LineRegressor().card();
    ModelCard keyword = new ModelServerTest.KeywordClassifier("spam").card();
    assertThat(loaders.isRegressor(line)).isTrue();
    assertThat(loaders.isRegressor(keyword)).isFalse();
    @SuppressWarnings("unchecked")
    Regressor<Double> loaded = (Regressor<Double>) loaders.loadRegressor(dir, line);
    assertThat(loaded.predict(1.0)).isEqualTo(3.0);
    assertThatThrownBy(() -> loaders.loadRegressor(dir, keyword))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("is a classifier, not a regressor");
    ServedModel<?> text = loaders.loadServed("spam", "3", dir, keyword);
    ServedModel<?> reg = loaders.loadServed("line", "4", dir, line);
    assertThat(text.isRegressor()).isFalse();
    assertThat(reg.isRegressor()).isTrue();
    try (ModelServer s = ModelServer.builder().addModel(text).addModel(reg).build().start()) {
      assertThat(
              post(s, "/v1/models/spam/predict", "{\"text\": \"free\"}")
                  .json()
                  .get("label")
                  .asText())
          .isEqualTo("spam");
      assertThat(
              post(s, "/v1/models/line/predict", "{\"x\": 4}").json().get("prediction").asDouble())
          .isEqualTo(9.0);
    } finally {
      text.closeModel();
      reg.closeModel();
    }
    ModelLoader odd =
        new ModelLoader() {
          @Override
          public Set<String> formats() {
            return Set.of("odd/v1");
          }

          @Override
          public String inputKind() {
            return "image";
          }

          @Override
          public Classifier<?> load(Path d, ModelCard card) {
            throw new AssertionError("not reached");
          }
        };
    assertThatThrownBy(() -> odd.loadServed("img", "1", dir, keyword))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("input of kind 'image'");
  }
}
