package dev.mle4j.vision.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.core.metrics.ClassificationReport;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.data.ImageDataset;
import dev.mle4j.vision.data.LabeledImage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EvaluationTest {

  private static ImageClassifier classifier;

  @BeforeAll
  static void model() {
    classifier = TestModels.randomCnn(11);
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  @Test
  void predictsEveryImageAndAccuracyIsTheShareOfCorrectPredictions() {
    ImageDataset ds = TestModels.bars(5, 1);
    EvaluationResult result = Evaluation.evaluate(classifier, ds, 4);

    assertThat(result.dataset()).isEqualTo("bars");
    assertThat(result.labels()).isEqualTo(TestModels.LABELS);
    assertThat(result.predictions()).hasSize(15);
    assertThat(result.predictions())
        .extracting(Prediction::id)
        .containsExactlyElementsOf(ds.images().stream().map(LabeledImage::id).toList());
    List<PixelImage> pixels = ds.images().stream().map(i -> i.source().load()).toList();
    float[][] expected = classifier.probabilities(pixels);
    for (int i = 0; i < 15; i++) {
      Prediction p = result.predictions().get(i);
      assertThat(p.trueIndex()).isEqualTo(ds.images().get(i).label());
      assertThat(p.trueLabel()).isEqualTo(TestModels.LABELS.get(p.trueIndex()));
      assertThat(p.probabilities()).containsExactly(expected[i], within(1e-5f));
      for (float q : p.probabilities()) {
        assertThat((double) q).isLessThanOrEqualTo(p.confidence());
      }
      assertThat(p.confidence()).isEqualTo(p.probabilities()[p.predictedIndex()]);
    }

    List<Prediction> correct = result.correct();
    List<Prediction> wrong = result.misclassified();
    assertThat(correct.size() + wrong.size()).isEqualTo(15);
    assertThat(correct).allMatch(Prediction::correct);
    assertThat(wrong).noneMatch(Prediction::correct);
    assertThat(wrong)
        .extracting(Prediction::confidence)
        .isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(correct)
        .extracting(Prediction::confidence)
        .isSortedAccordingTo((a, b) -> b.compareTo(a));

    ClassificationReport report = result.report();
    assertThat(report.accuracy()).isCloseTo(correct.size() / 15.0, within(1e-12));
    assertThat(report.confusionMatrix().total()).isEqualTo(15);
    assertThat(report.confusionMatrix().correct()).isEqualTo(correct.size());
    assertThat(report.perClass()).extracting(c -> c.support()).containsExactly(5L, 5L, 5L);
    assertThat(report.rocAuc()).isPresent();
    assertThat(report.rocAuc().getAsDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void batchSizeDoesNotChangeTheResult() {
    ImageDataset ds = TestModels.bars(3, 2);
    EvaluationResult one = Evaluation.evaluate(classifier, ds, 1);
    EvaluationResult all = Evaluation.evaluate(classifier, ds);
    assertThat(one.predictions())
        .extracting(Prediction::predictedIndex)
        .isEqualTo(all.predictions().stream().map(Prediction::predictedIndex).toList());
    assertThat(one.report().confusionMatrix()).isEqualTo(all.report().confusionMatrix());
  }

  @Test
  void rocAucIsLeftOutWhenAClassHasNoExample() {
    ImageDataset full = TestModels.bars(3, 3);
    ImageDataset twoClasses =
        full.with("two", full.images().stream().filter(i -> i.label() < 2).toList());
    EvaluationResult result = Evaluation.evaluate(classifier, twoClasses, 8);
    assertThat(result.predictions()).hasSize(6);
    assertThat(result.report().rocAuc()).isEmpty();
    assertThat(result.report().forLabel("right").support()).isZero();
  }

  @Test
  void sampleMixesMistakesAndCorrectPredictions() {
    EvaluationResult result = Evaluation.evaluate(classifier, TestModels.bars(4, 4));
    int wrong = result.misclassified().size();
    int right = result.correct().size();
    List<Prediction> sample = result.sample(6);
    assertThat(sample).hasSize(Math.min(6, wrong + right));
    long mistakes = sample.stream().filter(p -> !p.correct()).count();
    assertThat(mistakes).isEqualTo(Math.min(wrong, Math.max(3, 6 - right)));
    assertThat(result.sample(0)).isEmpty();
  }

  @Test
  void rejectsBadInput() {
    ImageDataset ds = TestModels.bars(1, 5);
    assertThatThrownBy(() -> Evaluation.evaluate(classifier, ds.with("empty", List.of())))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("empty data set empty");
    assertThatThrownBy(() -> Evaluation.evaluate(classifier, ds, 0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("batch size");
    ImageDataset other = new ImageDataset("other", List.of("left", "up"), List.of());
    assertThatThrownBy(
            () ->
                Evaluation.evaluate(
                    classifier,
                    other.with(
                        "other", List.of(new LabeledImage("a", 1, ds.images().get(0).source())))))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("class 'up'");
  }
}
