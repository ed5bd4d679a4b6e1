package dev.mle4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
  static final Path SHARED = SharedData.root();
  static final Path SMS = SHARED.resolve("text/sms-spam/SMSSpamCollection");
  static final Path TITANIC = SHARED.resolve("tabular/titanic.csv");

  @Test
  void readsSmsSpamCollectionWithQuotingOff() {
    CsvTable table =
        CsvReader.builder()
            .separator('\t')
            .header(false)
            .columns(List.of("label", "text"))
            .quoting(false)
            .build()
            .read(SMS);

    assertThat(table.size()).isEqualTo(5574);
    assertThat(table.columns()).containsExactly("label", "text");
    assertThat(table.column("label")).containsOnly("ham", "spam");
    assertThat(table.column("label").stream().filter("spam"::equals).count()).isEqualTo(747);
    assertThat(table.value(0, "text")).startsWith("Go until jurong point");
    // CRLF line ends are not part of the text
    assertThat(table.column("text")).noneMatch(t -> t.endsWith("\r"));
    // stray quote characters survive as text
    assertThat(table.column("text")).anyMatch(t -> t.contains("\""));
  }

  @Test
  void smsSpamCollectionWithQuotingOnFailsWithLineNumber() {
    CsvReader quoted =
        CsvReader.builder().separator('\t').header(false).columns(List.of("label", "text")).build();
    assertThatThrownBy(() -> quoted.read(SMS))
        .isInstanceOf(MlException.class)
        .hasMessageContaining(SMS.toString())
        .hasMessageContaining("line ");
  }

  @Test
  void readsTitanicWithHeader() {
    CsvTable table = CsvReader.builder().build().read(TITANIC);

    assertThat(table.size()).isEqualTo(891);
    assertThat(table.columns()).startsWith("survived", "pclass", "sex", "age").hasSize(15);
    assertThat(table.columnIndex("fare")).isEqualTo(6);
    assertThat(table.column("survived").stream().filter("1"::equals).count()).isEqualTo(342);
    assertThat(table.value(0, "age")).isEqualTo("22.0");
    assertThat(table.value(0, "deck")).isEmpty();
  }

  @Test
  void unknownColumnListsKnownColumns() {
    CsvTable table = CsvReader.builder().build().read("a,b\n1,2\n", "mem.csv");
    assertThatThrownBy(() -> table.column("c"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("Unknown column 'c'")
        .hasMessageContaining("[a, b]");
  }

  @Test
  void wrongFieldCountNamesFileLineAndCounts(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "a,b,c\n1,2,3\n4,5\n6,7,8\n");
    assertThatThrownBy(() -> CsvReader.builder().build().read(file))
        .isInstanceOf(MlException.class)
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("line 3")
        .hasMessageContaining("expected 3 fields but found 2");
  }

  @Test
  void unterminatedQuoteNamesFileAndLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("quote.csv");
    Files.writeString(file, "a,b\n1,2\n3,\"never closed\n5,6\n");
    assertThatThrownBy(() -> CsvReader.builder().build().read(file))
        .isInstanceOf(MlException.class)
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("line 3")
        .hasMessageContaining("unterminated quote");
  }

  @Test
  void quotedFieldsMayHoldSeparatorsQuotesAndNewlines() {
    CsvTable table =
        CsvReader.builder()
            .build()
            .read("id,text\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n", "mem.csv");
    assertThat(table.column("text")).containsExactly("a, b", "say \"hi\"", "two\nlines");
  }

  @Test
  void customQuoteCharacter() {
    CsvTable table = CsvReader.builder().quoteChar('\'').build().read("a,b\n'x,y',z\n", "m");
    assertThat(table.rows().get(0)).containsExactly("x,y", "z");
  }

  @Test
  void trimAndBlankLines() {
    String text = "a ; b\n 1 ; 2 \n\n  \n3;4\n";
    CsvTable trimmed =
        CsvReader.builder().separator(';').trim(true).build().read(text, "semicolons");
    assertThat(trimmed.columns()).containsExactly("a", "b");
    assertThat(trimmed.rows()).hasSize(2);
    assertThat(trimmed.rows().get(0)).containsExactly("1", "2");

    CsvTable raw = CsvReader.builder().separator(';').build().read("a;b\n 1 ; 2 \n", "m");
    assertThat(raw.rows().get(0)).containsExactly(" 1 ", " 2 ");

    assertThatThrownBy(
            () -> CsvReader.builder().separator(';').skipBlankLines(false).build().read(text, "m"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("expected 2 fields but found 1");
  }

  @Test
  void headerlessWithoutNamesGetsPositionalNames() {
    CsvTable table = CsvReader.builder().header(false).build().read("1,2\n3,4\n", "m");
    assertThat(table.columns()).containsExactly("c0", "c1");
    assertThat(table.column("c1")).containsExactly("2", "4");
  }

  @Test
  void explicitNamesReplaceHeaderAndMustMatchItsWidth() {
    CsvTable table = CsvReader.builder().columns(List.of("x", "y")).build().read("a,b\n1,2\n", "m");
    assertThat(table.columns()).containsExactly("x", "y");
    assertThat(table.size()).isEqualTo(1);
    assertThatThrownBy(
            () -> CsvReader.builder().columns(List.of("x")).build().read("a,b\n1,2\n", "m"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("header has 2 fields but 1 column names were given");
  }

  @Test
  void byteOrderMarkIsStrippedFromFirstHeader() {
    CsvTable table = CsvReader.builder().build().read("\uFEFFa,b\n1,2\n", "bom.csv");
    assertThat(table.columns()).containsExactly("a", "b");
  }

  @Test
  void charsetIsHonouredAndInvalidBytesAreReported(@TempDir Path dir) throws Exception {
    Path latin = dir.resolve("latin1.csv");
    Files.write(latin, "name\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    CsvTable table = CsvReader.builder().charset(StandardCharsets.ISO_8859_1).build().read(latin);
    assertThat(table.column("name")).containsExactly("caf\u00e9");
    assertThatThrownBy(() -> CsvReader.builder().build().read(latin))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void emptyFileWithHeaderAndMissingFileAreErrors(@TempDir Path dir) throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.csv"));
    assertThatThrownBy(() -> CsvReader.builder().build().read(empty))
        .hasMessageContaining("file is empty");
    assertThatThrownBy(() -> CsvReader.builder().build().read(dir.resolve("nope.csv")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("file not found");
  }

  @Test
  void duplicateHeaderNamesAreRejected() {
    assertThatThrownBy(() -> CsvReader.builder().build().read("a,a\n1,2\n", "dup.csv"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("duplicate column name 'a'");
  }
}
