package dev.mle4j.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextEdaTest {
  static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

  static final List<LabeledText> DATA =
      List.of(
          new LabeledText("Free prize now", "spam"),
          new LabeledText("see you at home", "ham"),
          new LabeledText("see you at home", "ham"),
          new LabeledText("see you at home", "spam"),
          new LabeledText("ok", "ham"),
          new LabeledText("Call me later, ok?", "ham"));

  @Test
  void computesCountsLengthsVocabularyAndDuplicates() {
    TextEda eda = TextEda.of(DATA);
    assertThat(eda.texts()).isEqualTo(6);
    assertThat(eda.classCounts()).containsExactly(Map.entry("ham", 4), Map.entry("spam", 2));
    assertThat(eda.majorityShare()).isCloseTo(4 / 6.0, within(1e-12));
    assertThat(eda.imbalanceRatio()).isEqualTo(2.0);
    // characters: 14, 15, 15, 15, 2, 18 -> sorted 2 14 15 15 15 18
    assertThat(eda.characters().mean()).isCloseTo(79 / 6.0, within(1e-12));
    assertThat(eda.characters().median()).isEqualTo(15.0);
    assertThat(eda.characters().p95()).isEqualTo(18.0);
    assertThat(eda.characters().max()).isEqualTo(18);
    // tokens (lower case, >= 2 chars): 3, 4, 4, 4, 1, 4
    assertThat(eda.tokens().mean()).isCloseTo(20 / 6.0, within(1e-12));
    assertThat(eda.tokens().median()).isEqualTo(4.0);
    assertThat(eda.tokens().max()).isEqualTo(4);
    // free prize now see you at home ok call me later
    assertThat(eda.vocabularySize()).isEqualTo(11);
    assertThat(eda.duplicates()).isEqualTo(2);
    assertThat(eda.conflictingDuplicates()).isEqualTo(1);
    assertThat(eda.toMap())
        .containsEntry("texts", 6)
        .containsEntry("class_count_ham", 4)
        .containsEntry("vocabulary_size", 11)
        .containsEntry("duplicates", 2)
        .containsKeys("chars_p95", "tokens_median", "imbalance_ratio");
  }

  @Test
  void lengthStatsOfOddAndEvenCounts() {
    assertThat(TextEda.LengthStats.of(new int[] {5}))
        .isEqualTo(new TextEda.LengthStats(5, 5, 5, 5));
    int[] hundred = new int[100];
    Arrays.setAll(hundred, i -> 100 - i); // 1..100 reversed
    TextEda.LengthStats s = TextEda.LengthStats.of(hundred);
    assertThat(s.mean()).isEqualTo(50.5);
    assertThat(s.median()).isEqualTo(50.5);
    assertThat(s.p95()).isEqualTo(95.0);
    assertThat(s.max()).isEqualTo(100);
  }

  @Test
  void writesBothChartsAndRejectsEmptyData(@TempDir Path dir) throws Exception {
    Map<String, List<LabeledText>> splits = new LinkedHashMap<>();
    splits.put("train", DATA.subList(0, 4));
    splits.put("validation", List.of());
    splits.put("test", DATA.subList(4, 6));
    TextEda.Report report = TextEda.write(dir.resolve("out"), DATA, splits);
    assertThat(report.charts())
        .containsExactly(dir.resolve("out/class-balance.png"), dir.resolve("out/text-length.png"));
    for (Path png : report.charts()) {
      assertThat(Arrays.copyOf(Files.readAllBytes(png), 4)).as(png.toString()).isEqualTo(PNG_MAGIC);
    }
    assertThat(report.keyValues()).isEqualTo(report.eda().toMap());
    assertThat(TextEda.write(dir.resolve("all"), DATA, Map.of()).classBalanceChart())
        .isRegularFile();

    assertThatThrownBy(() -> TextEda.of(List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("empty");
  }
}
