package dev.mle4j.nlp.rnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.nlp.data.LabeledText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordVectorsTest {

  private static Path write(Path dir, String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void readsGloveFormat(@TempDir Path dir) throws Exception {
    Path file =
        write(
            dir, "glove.txt", "the 0.1 0.2 0.3\nexcellent 1 0 -1\n\nterrible -1 0 1\nthe 9 9 9\n");
    WordVectors v = WordVectors.readGlove(file);
    assertThat(v.dimension()).isEqualTo(3);
    assertThat(v.size()).isEqualTo(3);
    assertThat(v.vector("excellent"))
        .hasValueSatisfying(a -> assertThat(a).containsExactly(1f, 0f, -1f));
    assertThat(v.vector("the"))
        .hasValueSatisfying(a -> assertThat(a).containsExactly(0.1f, 0.2f, 0.3f));
    assertThat(v.vector("missing")).isEmpty();
    WordVectors kept = WordVectors.readGlove(file, Set.of("terrible")::contains);
    assertThat(kept.size()).isEqualTo(1);
    assertThat(kept.contains("the")).isFalse();
  }

  @Test
  void readsWord2VecHeaderAndWordsWithSpaces(@TempDir Path dir) throws Exception {
    Path file = write(dir, "w2v.txt", "2 2\nnew york 0.5 0.5\ncity 1 2\n");
    WordVectors v = WordVectors.readGlove(file);
    assertThat(v.dimension()).isEqualTo(2);
    assertThat(v.contains("new york")).isTrue();
  }

  @Test
  void reportsBadFilesWithLineNumbers(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> WordVectors.readGlove(dir.resolve("none.txt")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not found");
    Path empty = write(dir, "empty.txt", "\n\n");
    assertThatThrownBy(() -> WordVectors.readGlove(empty))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no vectors");
    Path shortLine = write(dir, "short.txt", "a 1 2 3\nb 1 2\n");
    assertThatThrownBy(() -> WordVectors.readGlove(shortLine))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("3 values");
    Path notNumber = write(dir, "nan.txt", "a 1 2\nb 1 x2\n");
    assertThatThrownBy(() -> WordVectors.readGlove(notNumber))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("'x2'");
    Path infinite = write(dir, "inf.txt", "a 1 Infinity\n");
    assertThatThrownBy(() -> WordVectors.readGlove(infinite))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not finite");
    Path noValues = write(dir, "novalues.txt", "lonely\n");
    assertThatThrownBy(() -> WordVectors.readGlove(noValues))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("line 1");
    Path latin1 = dir.resolve("latin1.txt");
    Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', '1', '\n'});
    assertThatThrownBy(() -> WordVectors.readGlove(latin1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("UTF-8");
    Path ok = write(dir, "ok.txt", "a 1\n");
    assertThatThrownBy(() -> WordVectors.readGlove(ok, w -> false))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no vector for the words");
  }

  @Test
  void initialisesAndFreezesEmbeddings(@TempDir Path dir) throws Exception {
    Path file = write(dir, "glove.txt", "excellent 2 0 0 0\nterrible -2 0 0 0\ncoffee 0 0 0.5 0\n");
    WordVectors vectors = WordVectors.readGlove(file);
    List<LabeledText> train = KeywordTexts.make(120, 1);
    try (RnnTextClassifier model =
        RnnTextTrainer.builder()
            .embeddingSize(50)
            .wordVectors(vectors)
            .freezeEmbeddings(true)
            .hiddenSize(8)
            .maxLength(12)
            .minFrequency(1)
            .learningRate(0.02f)
            .maxEpochs(2)
            .build()
            .train(train, List.of())) {
      assertThat(model.card().parameters()).containsEntry("embedding_size", "4");
      float[] table = model.embeddingTable();
      int excellent = model.encode("excellent")[0];
      int coffee = model.encode("coffee")[0];
      assertThat(Arrays.copyOfRange(table, excellent * 4, excellent * 4 + 4))
          .containsExactly(2f, 0f, 0f, 0f);
      assertThat(Arrays.copyOfRange(table, coffee * 4, coffee * 4 + 4))
          .containsExactly(0f, 0f, 0.5f, 0f);
      assertThat(Arrays.copyOfRange(table, 0, 4)).containsOnly(0f); // <pad>
    }
  }
}
