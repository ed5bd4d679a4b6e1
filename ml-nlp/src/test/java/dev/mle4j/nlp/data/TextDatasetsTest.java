package dev.mle4j.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.nlp.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextDatasetsTest {

  @Test
  void readsTheSmsSpamCollection(@TempDir Path state) {
    List<LabeledText> sms = TextDatasets.smsSpam(SharedData.catalog(state));
    assertThat(sms).hasSize(5574);
    Map<String, Long> counts =
        sms.stream().collect(Collectors.groupingBy(LabeledText::label, Collectors.counting()));
    assertThat(counts).containsOnly(Map.entry("ham", 4827L), Map.entry("spam", 747L));
    assertThat(sms.get(0).text()).startsWith("Go until jurong point, crazy..");
    assertThat(sms.get(2).label()).isEqualTo("spam");
    // quotes are kept as text, line endings are not
    assertThat(sms).allSatisfy(t -> assertThat(t.text()).doesNotContain("\r", "\t"));
    assertThat(sms.stream().anyMatch(t -> t.text().contains("\""))).isTrue();
  }

  @Test
  void readsUserCsvFiles(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("reviews.csv");
    Files.writeString(
        csv,
        """
        id,review,sentiment
        1,"Great, really great",pos
        2,Awful film,neg
        3,,neg
        """);
    List<LabeledText> rows = TextDatasets.fromCsv(csv, "review", "sentiment", ',');
    assertThat(rows)
        .containsExactly(
            new LabeledText("Great, really great", "pos"),
            new LabeledText("Awful film", "neg")); // the blank text of row 3 is skipped
  }

  @Test
  void rejectsBadFiles(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "text,label\nhello,ham\nworld,\n");
    assertThatThrownBy(() -> TextDatasets.fromCsv(csv, "text", "label", ','))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("bad.csv")
        .hasMessageContaining("empty label in column 'label' at data row 2");
    assertThatThrownBy(() -> TextDatasets.fromCsv(csv, "body", "label", ','))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Unknown column 'body'")
        .hasMessageContaining("[text, label]");
    Path headerOnly = dir.resolve("empty.csv");
    Files.writeString(headerOnly, "text,label\n");
    assertThatThrownBy(() -> TextDatasets.fromCsv(headerOnly, "text", "label", ','))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no data rows");
    assertThatThrownBy(() -> TextDatasets.fromCsv(dir.resolve("nope.csv"), "text", "label", ','))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("nope.csv");
    Path sms = dir.resolve("sms.tsv");
    Files.writeString(sms, "ham\tfine\nspam\n");
    assertThatThrownBy(() -> TextDatasets.smsSpam(sms))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("sms.tsv");
  }
}
