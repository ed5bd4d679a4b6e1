package dev.mle4j.nlp.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelLoaders;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.nlp.TextTrainers;
import dev.mle4j.nlp.data.LabeledText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains a tiny random-init encoder (2 layers, hidden 32) so the test stays fast. */
class MiniLmFineTuneTrainerTest {

  private static final BertConfig TINY = new BertConfig(30522, 32, 2, 4, 64, 64, 2, 1e-12f, 0f, 0f);

  private static final String[] SPAM = {
    "free prize win cash now", "win a free holiday call now", "urgent claim your cash prize",
    "you won free tickets text win", "call now to claim free cash", "winner free prize claim now"
  };
  private static final String[] HAM = {
    "see you at lunch tomorrow", "are we still meeting tonight", "i will call you after work",
    "thanks for dinner yesterday", "can you pick up the kids", "running late see you soon"
  };

  private static List<LabeledText> data(int n, long seed) {
    Random r = new Random(seed);
    List<LabeledText> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean spam = i % 2 == 0;
      String[] pool = spam ? SPAM : HAM;
      out.add(new LabeledText(pool[r.nextInt(pool.length)], spam ? "spam" : "ham"));
    }
    return out;
  }

  private static MiniLmFineTuneTrainer tinyTrainer() {
    return MiniLmFineTuneTrainer.builder()
        .randomInit(TINY)
        .epochs(4)
        .batchSize(8)
        .learningRate(2e-3f)
        .maxLength(32)
        .seed(7)
        .build();
  }

  @Test
  void trainsSavesAndLoadsWithIdenticalScores(@TempDir Path dir) {
    List<LabeledText> train = data(96, 1);
    List<LabeledText> val = data(24, 2);
    List<String> texts = val.stream().map(LabeledText::text).toList();
    try (FineTunedTextClassifier model = tinyTrainer().train(train, val)) {
      assertThat(model.labels()).containsExactly("ham", "spam");
      assertThat(model.card().format()).isEqualTo(FineTunedTextClassifier.FORMAT);
      long expectedWeights =
          30522L * 32
              + 64 * 32
              + 2 * 32
              + 2 * 32
              + 2 * (4 * (32 * 32 + 32) + 2 * 2 * 32 + 64 * 32 + 64 + 32 * 64 + 32)
              + 32 * 2
              + 2;
      assertThat(model.card().parameters())
          .containsEntry("trainable_parameters", Long.toString(expectedWeights));
      List<Classification> before = model.classifyAll(texts);
      long correct = 0;
      for (int i = 0; i < val.size(); i++) {
        correct += before.get(i).label().equals(val.get(i).label()) ? 1 : 0;
      }
      assertThat(correct).isGreaterThanOrEqualTo(22);
      assertThat(model.classify(texts.get(0))).isEqualTo(before.get(0));

      model.save(dir);
      assertThat(dir.resolve(FineTunedTextClassifier.PARAMS_FILE)).isRegularFile();
      assertThat(dir.resolve(FineTunedTextClassifier.TOKENIZER_FILE)).isRegularFile();
      assertThat(dir.resolve(FineTunedTextClassifier.CONFIG_FILE)).isRegularFile();
      try (FineTunedTextClassifier loaded = FineTunedTextClassifier.load(dir)) {
        List<Classification> after = loaded.classifyAll(texts);
        for (int i = 0; i < texts.size(); i++) {
          assertThat(after.get(i).label()).isEqualTo(before.get(i).label());
          for (String label : model.labels()) {
            assertThat(after.get(i).scores().get(label))
                .isCloseTo(
                    before.get(i).scores().get(label), org.assertj.core.data.Offset.offset(1e-6));
          }
        }
      }
      try (Classifier<?> viaLoader =
          ModelLoaders.discover().load(dir, ModelCardJson.read(dir.resolve("model-card.json")))) {
        assertThat(viaLoader.labels()).containsExactly("ham", "spam");
      }
    }
  }

  @Test
  void rejectsBadInput(@TempDir Path dir) throws Exception {
    MiniLmFineTuneTrainer trainer = tinyTrainer();
    assertThatThrownBy(() -> trainer.train(List.of(new LabeledText("a", "x")), List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("two labels");
    assertThatThrownBy(
            () ->
                trainer.train(
                    List.of(new LabeledText("a", "x"), new LabeledText("b", "y")),
                    List.of(new LabeledText("c", "z"))))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'z'");
    assertThatThrownBy(() -> MiniLmFineTuneTrainer.builder().maxLength(1).build())
        .hasMessageContaining("maxLength");
    assertThatThrownBy(() -> MiniLmFineTuneTrainer.builder().learningRate(0).build())
        .hasMessageContaining("learningRate");
    assertThatThrownBy(() -> new BertConfig(100, 30, 1, 4, 8, 8, 2, 1e-12f, 0f, 0f))
        .hasMessageContaining("multiple");
    assertThatThrownBy(() -> FineTunedTextClassifier.load(dir.resolve("none")))
        .isInstanceOf(MlException.class);
    Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> FineTunedTextClassifier.load(dir.resolve("empty")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("model-card.json");
  }

  @Test
  void isDiscoverableByName() {
    assertThat(TextTrainers.discover().names()).contains(MiniLmFineTuneTrainer.NAME);
    assertThat(new MiniLmFineTuneProvider().create("minilm-finetuned", true, 3).parameters())
        .containsEntry("epochs", "1")
        .containsEntry("max_length", "64")
        .containsEntry("seed", "3");
    assertThatThrownBy(() -> new MiniLmFineTuneProvider().create("lstm", true, 3))
        .isInstanceOf(MlException.class);
  }
}
