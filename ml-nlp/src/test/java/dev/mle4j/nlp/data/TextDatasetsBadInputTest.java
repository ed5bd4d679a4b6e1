package dev.mle4j.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bad-input list for CSV loading and data checks. */
class TextDatasetsBadInputTest {
  @TempDir Path dir;

  @Test
  void emptyFileAndHeaderOnlyFileAreErrors() throws Exception {
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "");
    assertThatThrownBy(() -> TextDatasets.fromCsv(empty, "text", "label", ','))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("empty.csv");
    Path header = dir.resolve("header.csv");
    Files.writeString(header, "text,label\n");
    assertThatThrownBy(() -> TextDatasets.fromCsv(header, "text", "label", ','))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("header.csv has no data rows");
  }

  @Test
  void unknownColumnListsTheKnownOnes() throws Exception {
    Path csv = dir.resolve("cols.csv");
    Files.writeString(csv, "message,category\nhi,a\n");
    assertThatThrownBy(() -> TextDatasets.fromCsv(csv, "text", "category", ','))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cols.csv")
        .hasMessageContaining("Unknown column 'text'")
        .hasMessageContaining("[message, category]");
    assertThatThrownBy(() -> TextDatasets.fromCsv(csv, "message", "label", ','))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Unknown column 'label'");
  }

  @Test
  void nonUtf8BytesNameFileLineAndByteUnlessACharsetIsGiven() throws Exception {
    Path csv = dir.resolve("latin1.csv");
    Files.write(
        csv,
        "text,label\nplain line,a\ncaf\u00e9 au lait,b\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> TextDatasets.fromCsv(csv, "text", "label", ','))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("latin1.csv, line 3")
        .hasMessageContaining("byte 0xE9")
        .hasMessageContaining("column 4")
        .hasMessageContaining("not valid UTF-8");
    // the explicit lenient choice: read it as Latin-1
    List<LabeledText> rows =
        TextDatasets.fromCsv(csv, "text", "label", ',', Charset.forName("ISO-8859-1"));
    assertThat(rows)
        .containsExactly(
            new LabeledText("plain line", "a"), new LabeledText("caf\u00e9 au lait", "b"));
  }

  @Test
  void blankTextsAreSkippedAndAllBlankIsAnError() throws Exception {
    Path csv = dir.resolve("blank.csv");
    Files.writeString(csv, "text,label\nhello,a\n\"   \",b\n,a\nworld,b\n");
    assertThat(TextDatasets.fromCsv(csv, "text", "label", ','))
        .containsExactly(new LabeledText("hello", "a"), new LabeledText("world", "b"));
    Path allBlank = dir.resolve("allblank.csv");
    Files.writeString(allBlank, "text,label\n\" \",a\n,b\n");
    assertThatThrownBy(() -> TextDatasets.fromCsv(allBlank, "text", "label", ','))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("allblank.csv")
        .hasMessageContaining("all 2 rows have a blank text in column 'text'");
  }

  @Test
  void emptyAndOneClassDataSetsCannotTrain() {
    assertThatThrownBy(() -> TextDatasets.requireTrainable(List.of(), "my.csv"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("my.csv: the data set is empty");
    List<LabeledText> one = List.of(new LabeledText("a", "x"), new LabeledText("b", "x"));
    assertThatThrownBy(() -> TextDatasets.requireTrainable(one, "my.csv"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("all 2 texts have the label 'x'")
        .hasMessageContaining("at least two labels");
    assertThat(
            TextDatasets.requireTrainable(
                List.of(new LabeledText("a", "y"), new LabeledText("b", "x")), "ok"))
        .containsExactly(java.util.Map.entry("x", 1), java.util.Map.entry("y", 1));
  }

  @Test
  void labelsUnseenInTrainingAreNamed() {
    List<LabeledText> test =
        List.of(
            new LabeledText("a", "ham"),
            new LabeledText("b", "promo"),
            new LabeledText("c", "promo"),
            new LabeledText("d", "alert"));
    assertThatThrownBy(
            () -> TextDatasets.requireKnownLabels(List.of("ham", "spam"), test, "test split"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("label 'alert' of 1 text(s) in the test split was not seen")
        .hasMessageContaining("trained labels: [ham, spam]")
        .hasMessageContaining("other unseen labels: [alert, promo]");
    TextDatasets.requireKnownLabels(List.of("ham", "spam"), test.subList(0, 1), "test split");
  }
}
