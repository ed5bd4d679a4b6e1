package dev.mle4j.nlp.tfidf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.ModelLoaders;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.nlp.SyntheticTexts;
import dev.mle4j.nlp.data.LabeledText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

class TfidfLogRegClassifierTest {

  static final List<String> QUERIES =
      List.of(
          "win a free prize now",
          "see you at lunch tomorrow",
          "urgent claim your cash reward",
          "",
          "qwerty zxcv",
          "free lunch with mum");

  static List<LabeledText> data;
  static TfidfLogRegTrainer trainer;

  @BeforeAll
  static void makeData() {
    data = SyntheticTexts.make(600, 7L);
    trainer = TfidfLogRegTrainer.builder().epochs(5).seed(3L).modelName("toy").build();
  }

  @Test
  void trainsAndScoresEveryLabel() {
    try (TfidfLogRegClassifier clf = trainer.train(data)) {
      assertThat(clf.labels()).containsExactly("ham", "spam", "work");
      assertThat(clf.card().format()).isEqualTo("tfidf-logreg/v1");
      assertThat(clf.card().task()).isEqualTo("text-classification");
      assertThat(clf.card().name()).isEqualTo("toy");
      assertThat(clf.card().labels()).containsExactly("ham", "spam", "work");
      assertThat(clf.card().parameters()).containsEntry("epochs", "5").containsEntry("seed", "3");

      Classification spam = clf.classify("win a free prize now");
      assertThat(spam.label()).isEqualTo("spam");
      assertThat(spam.scores().keySet()).containsExactly("ham", "spam", "work");
      assertThat(spam.scores().values().stream().mapToDouble(Double::doubleValue).sum())
          .isCloseTo(1.0, within(1e-12));
      assertThat(clf.classify("see you at lunch tomorrow").label()).isEqualTo("ham");
      assertThat(clf.classify("project deadline review with the client").label()).isEqualTo("work");

      List<Classification> all = clf.classifyAll(QUERIES);
      for (int i = 0; i < QUERIES.size(); i++) {
        assertThat(all.get(i)).isEqualTo(clf.classify(QUERIES.get(i)));
      }
      long correct =
          data.stream().filter(t -> clf.classify(t.text()).label().equals(t.label())).count();
      assertThat(correct / (double) data.size()).isGreaterThan(0.9);
    }
  }

  @Test
  void scoresEqualTribuoPredictions() {
    try (TfidfLogRegClassifier clf = trainer.train(data)) {
      TfidfVectorizer v = clf.vectorizer();
      for (String text : List.of("win a free prize now", "see you at lunch tomorrow", "ok now")) {
        SparseVector x = v.transform(text);
        String[] names = new String[x.size()];
        for (int i = 0; i < x.size(); i++) {
          names[i] = v.term(x.indexAt(i));
        }
        Prediction<Label> p =
            clf.tribuoModel().predict(new ArrayExample<>(new Label("ham"), names, x.values()));
        Map<String, Double> ours = clf.classify(text).scores();
        for (String label : clf.labels()) {
          assertThat(ours.get(label))
              .isCloseTo(p.getOutputScores().get(label).getScore(), within(1e-12));
        }
      }
    }
  }

  @Test
  void emptyTextIsClassifiedFromTheBiasAlone() {
    try (TfidfLogRegClassifier clf = trainer.train(data)) {
      Classification empty = clf.classify("");
      assertThat(clf.classify("   ")).isEqualTo(empty);
      assertThat(clf.classify("qwerty zxcv")).isEqualTo(empty);
      // all-zero vector: softmax of the biases, still a valid distribution
      assertThat(empty.scores().values().stream().mapToDouble(Double::doubleValue).sum())
          .isCloseTo(1.0, within(1e-12));
      assertThat(empty.scores().get("spam"))
          .isLessThan(clf.classify("free prize").scores().get("spam"));
    }
  }

  @Test
  void l2PenaltyShrinksTheWeights() {
    TfidfLogRegTrainer.Builder b = TfidfLogRegTrainer.builder().epochs(5).seed(3L);
    double free;
    double penalised;
    try (TfidfLogRegClassifier c = b.l2(0.0).build().train(data)) {
      free = featureWeightNorm(c);
    }
    try (TfidfLogRegClassifier c = b.l2(10.0).build().train(data)) {
      penalised = featureWeightNorm(c);
      assertThat(c.card().parameters()).containsEntry("l2", "10.0");
    }
    assertThat(penalised).isLessThan(free * 0.5);
  }

  private static double featureWeightNorm(TfidfLogRegClassifier c) {
    var w =
        ((org.tribuo.common.sgd.AbstractLinearSGDModel<Label>) c.tribuoModel()).getWeightsCopy();
    double sum = 0;
    for (int i = 0; i < w.getDimension1Size(); i++) {
      for (int j = 0; j < w.getDimension2Size() - 1; j++) {
        sum += w.get(i, j) * w.get(i, j);
      }
    }
    return Math.sqrt(sum);
  }

  @Test
  void trainingIsDeterministic() {
    try (TfidfLogRegClassifier a = trainer.train(data);
        TfidfLogRegClassifier b = trainer.train(data)) {
      for (String q : QUERIES) {
        assertThat(b.classify(q).scores()).isEqualTo(a.classify(q).scores());
      }
    }
  }

  @Test
  void saveAndLoadGiveIdenticalScores(@TempDir Path dir) {
    try (TfidfLogRegClassifier trained = trainer.train(data)) {
      ModelCard c = trained.card();
      TfidfLogRegClassifier clf =
          trained.withCard(
              new ModelCard(
                  c.name(),
                  c.version(),
                  c.task(),
                  c.format(),
                  c.labels(),
                  Map.of("accuracy", 0.9),
                  "abc123",
                  c.parameters(),
                  c.createdAt()));
      Path modelDir = dir.resolve("model");
      clf.save(modelDir);
      assertThat(modelDir.resolve("vectorizer.json")).isRegularFile();
      assertThat(modelDir.resolve("model.tribuo")).isRegularFile();
      assertThat(modelDir.resolve("model-card.json")).isRegularFile();
      try (TfidfLogRegClassifier back = TfidfLogRegClassifier.load(modelDir)) {
        assertThat(back.labels()).isEqualTo(clf.labels());
        assertThat(back.card()).isEqualTo(clf.card());
        assertThat(back.card().metrics()).containsEntry("accuracy", 0.9);
        assertThat(back.classifyAll(QUERIES)).isEqualTo(clf.classifyAll(QUERIES));
        for (LabeledText t : data.subList(0, 50)) {
          assertThat(back.classify(t.text())).isEqualTo(clf.classify(t.text()));
        }
      }
      // the service-loaded loader reads the same folder
      try (Classifier<?> viaLoader = ModelLoaders.discover().load(modelDir, clf.card())) {
        assertThat(viaLoader).isInstanceOf(TfidfLogRegClassifier.class);
        assertThat(((TfidfLogRegClassifier) viaLoader).classify("win cash"))
            .isEqualTo(clf.classify("win cash"));
      }
    }
  }

  @Test
  void rejectsBadInput(@TempDir Path dir) throws Exception {
    try (TfidfLogRegClassifier clf = trainer.train(data)) {
      assertThatThrownBy(() -> clf.classify(null))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("text is null");
      assertThatThrownBy(() -> clf.classifyAll(Arrays.asList("win", null)))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("index 1 is null");
      ModelCard c = clf.card();
      assertThatThrownBy(
              () ->
                  clf.withCard(
                      new ModelCard(
                          "x",
                          "",
                          c.task(),
                          "other/v1",
                          c.labels(),
                          null,
                          null,
                          null,
                          c.createdAt())))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("format 'other/v1'");
      assertThatThrownBy(
              () ->
                  clf.withCard(
                      new ModelCard(
                          "x",
                          "",
                          c.task(),
                          c.format(),
                          List.of("a", "b"),
                          null,
                          null,
                          null,
                          c.createdAt())))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("labels [a, b]");
      clf.save(dir.resolve("m"));
    }
    assertThatThrownBy(() -> TfidfLogRegClassifier.load(dir.resolve("nothing")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("model-card.json");

    // a vectorizer from other data does not fit the model
    Path mixed = dir.resolve("mixed");
    Files.createDirectories(mixed);
    Files.copy(dir.resolve("m/model.tribuo"), mixed.resolve("model.tribuo"));
    Files.copy(dir.resolve("m/model-card.json"), mixed.resolve("model-card.json"));
    try (TfidfVectorizer other =
        TfidfVectorizer.fit(TfidfVectorizerTest.DOCS, TfidfOptions.defaults())) {
      other.save(mixed.resolve("vectorizer.json"));
    }
    assertThatThrownBy(() -> TfidfLogRegClassifier.load(mixed))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("do not belong together");

    Files.delete(mixed.resolve("model.tribuo"));
    assertThatThrownBy(() -> TfidfLogRegClassifier.load(mixed))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("model.tribuo");
    Files.writeString(mixed.resolve("model.tribuo"), "not a protobuf");
    assertThatThrownBy(() -> TfidfLogRegClassifier.load(mixed))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cannot read Tribuo model");

    ModelCard card = ModelCardJson.read(dir.resolve("m/model-card.json"));
    ModelCard wrongFormat =
        new ModelCard(
            card.name(),
            "",
            card.task(),
            "onnx/v1",
            card.labels(),
            null,
            null,
            null,
            card.createdAt());
    assertThatThrownBy(() -> TfidfLogRegClassifier.load(dir.resolve("m"), wrongFormat))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("format 'onnx/v1'");
  }

  @Test
  void trainerRejectsBadSettingsAndData() {
    assertThatThrownBy(() -> TfidfLogRegTrainer.builder().epochs(0).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("epochs");
    assertThatThrownBy(() -> TfidfLogRegTrainer.builder().l2(-1).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("l2");
    assertThatThrownBy(() -> TfidfLogRegTrainer.builder().learningRate(Double.NaN).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("learningRate");
    assertThatThrownBy(() -> trainer.train(List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("empty training set");
    List<LabeledText> oneLabel =
        List.of(new LabeledText("hello there", "ham"), new LabeledText("hello you", "ham"));
    assertThatThrownBy(() -> trainer.train(oneLabel))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least two labels");
    assertThatThrownBy(() -> new LabeledText("text", " "))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("label is empty");
  }
}
