package dev.mle4j.nlp.rnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.nlp.data.LabeledText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RnnTextTrainerTest {

  private static RnnTextTrainer.Builder small() {
    return RnnTextTrainer.builder()
        .embeddingSize(16)
        .hiddenSize(16)
        .maxLength(16)
        .batchSize(16)
        .learningRate(0.01f)
        .maxEpochs(5)
        .patience(2)
        .minFrequency(1)
        .seed(7);
  }

  private static double accuracy(RnnTextClassifier model, List<LabeledText> rows) {
    List<Classification> out = model.classifyAll(rows.stream().map(LabeledText::text).toList());
    int correct = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (out.get(i).label().equals(rows.get(i).label())) {
        correct++;
      }
    }
    return correct / (double) rows.size();
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void learnsKeywordTask(CellType cell) {
    List<LabeledText> train = KeywordTexts.make(200, 1);
    List<LabeledText> val = KeywordTexts.make(60, 2);
    List<LabeledText> test = KeywordTexts.make(100, 3);
    try (RnnTextClassifier model = small().cell(cell).build().train(train, val)) {
      assertThat(accuracy(model, test)).isGreaterThanOrEqualTo(0.95);
      assertThat(model.labels()).containsExactly("neg", "pos");
      assertThat(model.card().format()).isEqualTo(RnnTextClassifier.FORMAT);
    }
  }

  @Test
  void bidirectionalScoresDoNotDependOnBatchPadding() {
    List<LabeledText> train = KeywordTexts.make(200, 1);
    try (RnnTextClassifier model =
        small()
            .bidirectional(true)
            .pooling(Pooling.LAST)
            .maxEpochs(2)
            .build()
            .train(train, List.of())) {
      String shortText = "excellent coffee";
      String longText = "the car by the river was terrible and the train later was blue green";
      Classification alone = model.classify(shortText);
      Classification batched = model.classifyAll(List.of(longText, shortText)).get(1);
      assertThat(batched.scores().get("pos")).isCloseTo(alone.scores().get("pos"), within());
      assertThat(model.history().orElseThrow().epochsRun()).isEqualTo(2);
    }
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-5);
  }

  @Test
  void sameSeedSameScores() {
    List<LabeledText> train = KeywordTexts.make(120, 4);
    List<LabeledText> val = KeywordTexts.make(40, 5);
    RnnTextTrainer trainer = small().maxEpochs(2).build();
    try (RnnTextClassifier a = trainer.train(train, val);
        RnnTextClassifier b = trainer.train(train, val)) {
      List<String> texts = val.stream().map(LabeledText::text).toList();
      List<Classification> sa = a.classifyAll(texts);
      List<Classification> sb = b.classifyAll(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertThat(sb.get(i).scores().get("pos"))
            .isCloseTo(sa.get(i).scores().get("pos"), within());
      }
    }
  }

  @Test
  void earlyStoppingKeepsTheBestEpoch(@TempDir Path dir) {
    // labels are noise: validation loss soon rises while the model memorises the training rows
    List<LabeledText> train = new ArrayList<>();
    List<LabeledText> noisy = KeywordTexts.make(200, 8);
    java.util.Random rnd = new java.util.Random(3);
    for (LabeledText t : noisy) {
      train.add(new LabeledText(t.text(), rnd.nextBoolean() ? "pos" : "neg"));
    }
    List<LabeledText> val = new ArrayList<>();
    for (LabeledText t : KeywordTexts.make(80, 9)) {
      val.add(new LabeledText(t.text(), rnd.nextBoolean() ? "pos" : "neg"));
    }
    RnnTextTrainer trainer =
        small()
            .learningRate(0.05f)
            .dropout(0f)
            .maxEpochs(30)
            .patience(2)
            .checkpointDir(dir)
            .build();
    try (RnnTextClassifier model = trainer.train(train, val)) {
      TrainingHistory h = model.history().orElseThrow();
      assertThat(h.stoppedEarly()).isTrue();
      assertThat(h.epochsRun()).isEqualTo(h.bestEpoch() + 2);
      double bestLoss =
          h.epochs().stream().mapToDouble(EpochStats::validationLoss).min().orElseThrow();
      assertThat(h.epochs().get(h.bestEpoch() - 1).validationLoss()).isEqualTo(bestLoss);
      // the returned model holds the best epoch's weights: its validation loss is the best one
      List<Classification> out = model.classifyAll(val.stream().map(LabeledText::text).toList());
      double loss = 0;
      for (int i = 0; i < val.size(); i++) {
        loss -= Math.log(out.get(i).scores().get(val.get(i).label()));
      }
      assertThat(loss / val.size()).isCloseTo(bestLoss, org.assertj.core.data.Offset.offset(1e-4));
      assertThat(dir.resolve(RnnTextClassifier.PARAMS_FILE)).exists();
      assertThat(model.card().parameters()).containsEntry("best_epoch", "" + h.bestEpoch());
    }
  }

  @Test
  void rejectsBadInput() {
    RnnTextTrainer trainer = small().build();
    assertThatThrownBy(() -> trainer.train(List.of(), List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("empty");
    List<LabeledText> oneClass = List.of(new LabeledText("a b", "x"), new LabeledText("c", "x"));
    assertThatThrownBy(() -> trainer.train(oneClass, List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("two labels");
    List<LabeledText> train = KeywordTexts.make(20, 1);
    assertThatThrownBy(() -> trainer.train(train, List.of(new LabeledText("x", "other"))))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'other'");
    assertThatThrownBy(() -> RnnTextTrainer.builder().hiddenSize(0).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("hiddenSize");
    assertThatThrownBy(() -> RnnTextTrainer.builder().dropout(1f).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("dropout");
  }
}
