package dev.mle4j.nlp.rnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.nlp.text.TextAnalyzer;
import dev.mle4j.nlp.text.TextAnalyzerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {

  private static final List<List<String>> DOCS =
      List.of(List.of("b", "a", "c", "a"), List.of("a", "b", "d"), List.of("e", "b", "a", "<unk>"));

  @Test
  void mostFrequentFirstWithPadAndUnk() {
    Vocabulary v = Vocabulary.build(DOCS, 1, 100);
    assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "a", "b", "c", "d", "e");
    assertThat(v.id("a")).isEqualTo(2);
    assertThat(v.id(Vocabulary.PAD)).isEqualTo(Vocabulary.PAD_ID);
    assertThat(v.token(3)).isEqualTo("b");
  }

  @Test
  void minFrequencyAndMaxSizeMapTheRestToUnk() {
    Vocabulary v = Vocabulary.build(DOCS, 2, 100);
    assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "a", "b");
    assertThat(v.id("c")).isEqualTo(Vocabulary.UNK_ID);
    assertThat(v.id("never-seen")).isEqualTo(Vocabulary.UNK_ID);
    assertThat(v.contains("c")).isFalse();
    assertThat(Vocabulary.build(DOCS, 1, 3).tokens()).containsExactly("<pad>", "<unk>", "a");
  }

  @Test
  void encoderMapsOovToUnkAndTruncates() {
    Vocabulary v = Vocabulary.build(DOCS, 1, 100);
    TextAnalyzer analyzer =
        new TextAnalyzer(TextAnalyzerOptions.builder().minTokenLength(1).build());
    try (WordSequenceEncoder encoder = new WordSequenceEncoder(analyzer, v)) {
      assertThat(encoder.encode("A b zzz", 10)).containsExactly(2, 3, 1);
      assertThat(encoder.encode("a b c d e", 3)).containsExactly(2, 3, 4);
      assertThat(encoder.encode("", 3)).containsExactly(Vocabulary.UNK_ID);
      assertThat(encoder.encode("?!", 3)).containsExactly(Vocabulary.UNK_ID);
    }
  }

  @Test
  void saveLoadRoundTripAndErrors(@TempDir Path dir) throws Exception {
    Vocabulary v = Vocabulary.build(DOCS, 1, 100);
    Path file = dir.resolve("vocab.txt");
    v.save(file);
    assertThat(Vocabulary.load(file).tokens()).isEqualTo(v.tokens());
    assertThatThrownBy(() -> Vocabulary.load(dir.resolve("missing.txt")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not found");
    Path bad = dir.resolve("bad.txt");
    Files.writeString(bad, "a\nb\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Vocabulary.load(bad))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("bad.txt")
        .hasMessageContaining("<pad>");
    Files.writeString(bad, "<pad>\n<unk>\nx\nx\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Vocabulary.load(bad))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'x' appears twice");
    assertThatThrownBy(() -> Vocabulary.build(DOCS, 0, 10)).isInstanceOf(MlException.class);
    assertThatThrownBy(() -> Vocabulary.build(DOCS, 1, 1)).isInstanceOf(MlException.class);
  }
}
