package dev.mle4j.nlp.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelLoaders;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.nlp.TextClassifierTrainer;
import dev.mle4j.nlp.data.LabeledText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderHeadClassifierTest {

  private static final String[] SPAM = {
    "WINNER! You have won a free cash prize, call now to claim",
    "Free entry to win a brand new phone, text WIN to 80085",
    "URGENT: your mobile number has been awarded 2000 pounds, call to claim",
    "Congratulations, you are selected for a free holiday, reply YES",
    "Claim your free ringtone now, txt STOP to end, 150p per msg",
    "You have won a guaranteed cash reward, call 09061 now",
  };
  private static final String[] HAM = {
    "Are we still meeting for lunch tomorrow?",
    "I'll be home late tonight, save me some dinner",
    "Can you pick up the kids from school at four",
    "Thanks for the birthday wishes, see you on Sunday",
    "Sorry I missed your call, I was in a meeting",
    "Did you finish the report for the class?",
  };

  private static List<LabeledText> rows(int from, int to) {
    List<LabeledText> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(new LabeledText(SPAM[i], "spam"));
      out.add(new LabeledText(HAM[i], "ham"));
    }
    return out;
  }

  private static EncoderHeadTrainer trainer() {
    return EncoderHeadTrainer.builder(EncoderModel.ALL_MINILM_L6_V2_Q)
        .modelName("minilm-head")
        .iterations(100)
        .build();
  }

  @Test
  void trainsSavesAndLoadsWithIdenticalScores(@TempDir Path dir) {
    List<String> unseen =
        List.of("Text CLAIM to receive your free prize today", "See you at the station at six", "");
    try (EncoderHeadClassifier model = trainer().train(rows(0, 5), rows(5, 6))) {
      assertThat(model.labels()).containsExactly("ham", "spam");
      assertThat(model.card().format()).isEqualTo(EncoderHeadClassifier.FORMAT);
      assertThat(model.card().parameters()).containsEntry("encoder", "all-minilm-l6-v2-q");
      assertThat(model.classify(unseen.get(0)).label()).isEqualTo("spam");
      assertThat(model.classify(unseen.get(1)).label()).isEqualTo("ham");
      List<Classification> before = model.classifyAll(unseen);
      model.save(dir);
      assertThat(dir.resolve(EncoderHeadClassifier.HEAD_FILE)).exists();
      assertThat(dir.resolve(ModelCardJson.FILE_NAME)).exists();
      try (EncoderHeadClassifier loaded = EncoderHeadClassifier.load(dir)) {
        assertThat(loaded.classifyAll(unseen)).isEqualTo(before);
        assertThat(loaded.card().parameters()).isEqualTo(model.card().parameters());
      }
      try (var viaLoader =
          ModelLoaders.of(List.of(new EncoderHeadLoader()))
              .load(dir, ModelCardJson.read(dir.resolve(ModelCardJson.FILE_NAME)))) {
        assertThat(viaLoader.labels()).containsExactly("ham", "spam");
      }
      assertThat(model.classifyAll(List.of())).isEmpty();
      assertThatThrownBy(() -> model.classify(null))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("null");
      List<String> withNull = new ArrayList<>(List.of("x"));
      withNull.add(null);
      assertThatThrownBy(() -> model.classifyAll(withNull))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("index 1");
    }
  }

  @Test
  void badTrainingInputsAreRejected() {
    EncoderHeadTrainer t = trainer();
    assertThatThrownBy(() -> t.train(List.of(), List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(
            () -> t.train(List.of(new LabeledText("a", "x"), new LabeledText("b", "x")), List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("two labels");
    assertThatThrownBy(
            () ->
                EncoderHeadTrainer.builder(EncoderModel.E5_SMALL_V2_Q)
                    .l2Grid(List.of(-1.0))
                    .build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("l2Grid");
  }

  @Test
  void loadingBrokenFoldersFailsClearly(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> EncoderHeadClassifier.load(dir.resolve("missing")))
        .isInstanceOf(MlException.class);
    try (EncoderHeadClassifier model = trainer().train(rows(0, 3), List.of())) {
      model.save(dir);
    }
    Files.writeString(
        dir.resolve(EncoderHeadClassifier.HEAD_FILE), "{\"format\": \"encoder-head/v1\"");
    assertThatThrownBy(() -> EncoderHeadClassifier.load(dir))
        .isInstanceOf(MlException.class)
        .hasMessageContaining(EncoderHeadClassifier.HEAD_FILE);
    Files.delete(dir.resolve(EncoderHeadClassifier.HEAD_FILE));
    assertThatThrownBy(() -> EncoderHeadClassifier.load(dir))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not found");
  }

  @Test
  void providerMakesTheThreeNamedTrainers() {
    EncoderHeadTrainerProvider p = new EncoderHeadTrainerProvider();
    assertThat(p.names()).containsExactlyInAnyOrder("minilm-head", "bge-head", "e5-head");
    TextClassifierTrainer e5 = p.create("e5-head", true, 7);
    assertThat(e5.name()).isEqualTo("e5-head");
    assertThat(e5.parameters())
        .containsEntry("encoder", "e5-small-v2-q")
        .containsEntry("prefix", "query: ");
    assertThat(p.create("bge-head", false, 1).parameters()).containsEntry("pooling", "cls");
    assertThatThrownBy(() -> p.create("lstm", true, 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("lstm");
  }
}
