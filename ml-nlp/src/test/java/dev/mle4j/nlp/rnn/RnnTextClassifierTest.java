package dev.mle4j.nlp.rnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelLoaders;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.nlp.TextTrainers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RnnTextClassifierTest {

  private static RnnTextClassifier model;
  private static final List<String> PROBES =
      List.of(
          "excellent coffee at home",
          "the train was terrible",
          "",
          "   ",
          "!!!",
          "zebra quantum excellent",
          "an unseen sentence with words nobody used before",
          "terrible ".repeat(200));

  @BeforeAll
  static void train() {
    model =
        RnnTextTrainer.builder()
            .modelName("gru-test")
            .cell(CellType.GRU)
            .bidirectional(true)
            .pooling(Pooling.MEAN)
            .embeddingSize(16)
            .hiddenSize(16)
            .maxLength(12)
            .batchSize(16)
            .learningRate(0.01f)
            .maxEpochs(3)
            .minFrequency(2)
            .seed(11)
            .build()
            .train(KeywordTexts.make(160, 1), KeywordTexts.make(40, 2));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void saveAndLoadGiveIdenticalScores(@TempDir Path dir) {
    model.save(dir);
    assertThat(dir.resolve(RnnTextClassifier.PARAMS_FILE)).exists();
    assertThat(dir.resolve("vocabulary.txt")).exists();
    assertThat(dir.resolve(ModelCardJson.FILE_NAME)).exists();
    List<Classification> before = model.classifyAll(PROBES);
    try (RnnTextClassifier loaded = RnnTextClassifier.load(dir)) {
      assertThat(loaded.card().name()).isEqualTo("gru-test");
      assertThat(loaded.labels()).isEqualTo(model.labels());
      assertThat(loaded.classifyAll(PROBES)).isEqualTo(before);
      assertThat(loaded.history()).isEmpty();
    }
    try (Classifier<?> viaLoader =
        ModelLoaders.discover().load(dir, ModelCardJson.read(dir.resolve("model-card.json")))) {
      @SuppressWarnings("unchecked")
      Classifier<String> text = (Classifier<String>) viaLoader;
      assertThat(text.classify(PROBES.get(0))).isEqualTo(before.get(0));
    }
  }

  @Test
  void classifyMatchesClassifyAllAndHandlesEdgeTexts() {
    List<Classification> all = model.classifyAll(PROBES);
    for (int i = 0; i < PROBES.size(); i++) {
      Classification one = model.classify(PROBES.get(i));
      assertThat(one.label()).isEqualTo(all.get(i).label());
      assertThat(one.scores().get("pos"))
          .isCloseTo(all.get(i).scores().get("pos"), org.assertj.core.data.Offset.offset(1e-5));
      assertThat(one.scores().values().stream().mapToDouble(Double::doubleValue).sum())
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }
    assertThat(model.classify("excellent").label()).isEqualTo("pos");
    assertThat(model.classify("terrible").label()).isEqualTo("neg");
    // blank text and punctuation only read as one unknown token: same scores
    assertThat(all.get(2)).isEqualTo(all.get(3)).isEqualTo(all.get(4));
    // texts past maxLength are truncated: only the first 12 tokens count
    assertThat(model.classify("terrible ".repeat(12)))
        .isEqualTo(model.classify("terrible ".repeat(200)));
  }

  @Test
  void rejectsNullTexts() {
    assertThatThrownBy(() -> model.classify(null))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("null");
    List<String> withNull = new ArrayList<>(List.of("a"));
    withNull.add(null);
    assertThatThrownBy(() -> model.classifyAll(withNull))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("index 1");
  }

  @Test
  void concurrentCallsGiveTheSameScores() throws Exception {
    List<Classification> expected = model.classifyAll(PROBES);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Classification>>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> model.classifyAll(PROBES)));
      }
      for (Future<List<Classification>> f : futures) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void loadReportsMissingAndBrokenFiles(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> RnnTextClassifier.load(dir.resolve("nope")))
        .isInstanceOf(MlException.class);
    Path saved = dir.resolve("m");
    model.save(saved);
    Files.delete(saved.resolve("vocabulary.txt"));
    assertThatThrownBy(() -> RnnTextClassifier.load(saved))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("vocabulary.txt");
    Path truncated = dir.resolve("t");
    model.save(truncated);
    byte[] params = Files.readAllBytes(truncated.resolve(RnnTextClassifier.PARAMS_FILE));
    Files.write(
        truncated.resolve(RnnTextClassifier.PARAMS_FILE),
        java.util.Arrays.copyOf(params, params.length / 2));
    assertThatThrownBy(() -> RnnTextClassifier.load(truncated))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("parameters");
  }

  @Test
  void closedClassifierFails(@TempDir Path dir) {
    model.save(dir);
    RnnTextClassifier loaded = RnnTextClassifier.load(dir);
    loaded.close();
    loaded.close();
    assertThatThrownBy(() -> loaded.classify("x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void providerCreatesEveryModelByName() {
    TextTrainers trainers = TextTrainers.discover();
    assertThat(trainers.names()).contains("rnn", "lstm", "gru", "bilstm", "bilstm-minilm-emb");
    assertThat(trainers.create("gru", true, 3).parameters())
        .containsEntry("cell", "gru")
        .containsEntry("hidden_size", "64")
        .containsEntry("seed", "3");
    assertThat(trainers.create("bilstm", false, 3).parameters())
        .containsEntry("bidirectional", "true")
        .containsEntry("max_epochs", "30");
    assertThat(trainers.create("bilstm-minilm-emb", true, 3).parameters())
        .containsEntry("embedding_size", "384")
        .containsEntry("freeze_embeddings", "true");
    assertThat(trainers.create("rnn", true, 1).name()).isEqualTo("rnn");
  }
}
