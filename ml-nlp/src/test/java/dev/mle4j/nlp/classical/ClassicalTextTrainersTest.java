package dev.mle4j.nlp.classical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.ModelLoaders;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.nlp.SavableTextClassifier;
import dev.mle4j.nlp.SyntheticTexts;
import dev.mle4j.nlp.TextClassifierTrainer;
import dev.mle4j.nlp.TextTrainers;
import dev.mle4j.nlp.data.LabeledText;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassicalTextTrainersTest {
  private static final List<LabeledText> TRAIN = SyntheticTexts.make(240, 1L);
  private static final List<LabeledText> TEST = SyntheticTexts.make(90, 2L);
  private static final List<String> TEST_TEXTS = TEST.stream().map(LabeledText::text).toList();

  @ParameterizedTest
  @ValueSource(strings = {"tfidf-logreg", "bow-logreg", "tfidf-nb", "bow-nb", "tfidf-xgboost"})
  void everyModelLearnsScoresAllLabelsAndReloadsWithIdenticalScores(String name, @TempDir Path dir)
      throws Exception {
    TextClassifierTrainer trainer =
        new ClassicalTextTrainers()
            .create(name, name.endsWith("xgboost") ? Map.of("rounds", "20") : Map.of(), true, 7L);
    assertThat(trainer.name()).isEqualTo(name);
    try (SavableTextClassifier clf = trainer.train(TRAIN, List.of())) {
      assertThat(clf.labels()).containsExactly("ham", "spam", "work");
      List<Classification> batch = clf.classifyAll(TEST_TEXTS);
      int correct = 0;
      for (int i = 0; i < TEST.size(); i++) {
        Classification c = batch.get(i);
        assertThat(c.scores()).containsOnlyKeys("ham", "spam", "work");
        assertThat(c.scores().values().stream().mapToDouble(Double::doubleValue).sum())
            .isCloseTo(1.0, Offset.offset(1e-9));
        assertThat(c).isEqualTo(clf.classify(TEST_TEXTS.get(i)));
        if (c.label().equals(TEST.get(i).label())) {
          correct++;
        }
      }
      assertThat(correct / (double) TEST.size()).as(name + " accuracy").isGreaterThan(0.8);
      clf.save(dir);
      ModelCard card = ModelCardJson.read(dir.resolve(ModelCardJson.FILE_NAME));
      assertThat(card.name()).isEqualTo(name);
      assertThat(card.parameters()).containsKey("ngram_range").containsKey("weighting");
      try (Classifier<?> raw = ModelLoaders.discover().load(dir, card)) {
        @SuppressWarnings("unchecked")
        Classifier<String> back = (Classifier<String>) raw;
        assertThat(back.classifyAll(TEST_TEXTS)).isEqualTo(batch);
      }
    }
  }

  @Test
  void providerIsDiscoveredAndOverridesParameters() {
    assertThat(TextTrainers.discover().names())
        .contains("tfidf-logreg", "bow-logreg", "tfidf-nb", "bow-nb", "tfidf-xgboost");
    ClassicalTextTrainers p = new ClassicalTextTrainers();
    assertThat(p.create("tfidf-nb", true, 1L).parameters())
        .containsEntry("alpha", "0.1")
        .containsEntry("weighting", "tfidf");
    assertThat(p.create("bow-nb", false, 1L).parameters())
        .containsEntry("alpha", "1.0")
        .containsEntry("weighting", "count");
    Map<String, String> params =
        p.create(
                "tfidf-logreg",
                Map.of("l2", "2.5", "stemming", "kstem", "char_ngram_range", "2-4"),
                false,
                1L)
            .parameters();
    assertThat(params)
        .containsEntry("l2", "2.5")
        .containsEntry("stemming", "kstem")
        .containsEntry("char_ngram_range", "2-4")
        .containsEntry("epochs", "10");
    assertThat(p.create("tfidf-logreg", true, 1L).parameters()).containsEntry("epochs", "5");
  }

  @Test
  void badNamesAndParametersAreNamedInTheError() {
    ClassicalTextTrainers p = new ClassicalTextTrainers();
    assertThatThrownBy(() -> p.create("tfidf-svm", true, 1L))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("tfidf-svm")
        .hasMessageContaining("tfidf-nb");
    assertThatThrownBy(() -> p.create("tfidf-nb", Map.of("l2", "1"), true, 1L))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("unknown parameter 'l2' for tfidf-nb");
    assertThatThrownBy(() -> p.create("tfidf-nb", Map.of("alpha", "much"), true, 1L))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("alpha='much'");
    assertThatThrownBy(() -> p.create("tfidf-nb", Map.of("alpha", "0"), true, 1L))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("alpha");
    assertThatThrownBy(() -> p.create("bow-nb", Map.of("stemming", "lemma"), true, 1L))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("stemming='lemma'");
    assertThatThrownBy(() -> p.create("bow-nb", Map.of("ngram_range", "1-x"), true, 1L))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("ngram_range");
  }

  @Test
  void textsWithoutKnownTermsGetTheTrainingLabelFrequencies() {
    try (TribuoTextClassifier clf =
        (TribuoTextClassifier)
            new ClassicalTextTrainers()
                .create("bow-nb", true, 1L)
                .train(TRAIN.subList(0, 200), List.of())) {
      Classification c = clf.classify("zzz qqq");
      assertThat(c.scores()).isEqualTo(clf.labelPriors());
      assertThat(clf.classify("").scores()).isEqualTo(clf.labelPriors());
      assertThatThrownBy(() -> clf.classify(null))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("null");
      assertThatThrownBy(() -> clf.classifyAll(java.util.Arrays.asList("ok", null)))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("index 1");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tfidf-nb", "bow-nb"})
  void naiveBayesFastPathEqualsTribuoPredict(String name) {
    try (TribuoTextClassifier clf =
        (TribuoTextClassifier)
            new ClassicalTextTrainers()
                .create(name, Map.of("alpha", "0.3"), true, 1L)
                .train(TRAIN, List.of())) {
      assertThat(clf.usesFastPath()).isTrue();
      for (String text : TEST_TEXTS) {
        double[] expected = clf.tribuoScores(text);
        Classification c = clf.classify(text);
        for (int l = 0; l < expected.length; l++) {
          assertThat(c.scores().get(clf.labels().get(l)))
              .isCloseTo(expected[l], Offset.offset(1e-9));
        }
      }
    }
  }

  @Test
  void rejectsUntrainableData(@TempDir Path dir) {
    TextClassifierTrainer t = new ClassicalTextTrainers().create("tfidf-nb", true, 1L);
    assertThatThrownBy(() -> t.train(List.of(), List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(
            () ->
                t.train(
                    List.of(new LabeledText("a b c", "x"), new LabeledText("a b", "x")), List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("two labels");
    assertThatThrownBy(() -> TribuoTextClassifier.load(dir)).isInstanceOf(MlException.class);
  }
}
