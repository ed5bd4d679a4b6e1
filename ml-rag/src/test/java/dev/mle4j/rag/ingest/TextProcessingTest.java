package dev.mle4j.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextProcessingTest {

  @Test
  void cleanerNormalisesWhitespaceControlCharsAndUnicode() {
    String raw =
        "\r\n  \n\uFB01ne   caf\u0065\u0301\u0000 text\t\r\nnext\u00a0line   \n\n\n\n  code  x\n\n";
    assertThat(TextCleaner.clean(raw)).isEqualTo("fine caf\u00e9 text\nnext line\n\n  code x");
  }

  @Test
  void cleanerDehyphenatesPdfLineBreaks() {
    assertThat(TextCleaner.cleanPdf("data-\nbase systems\nwell-\nKnown"))
        .isEqualTo("database systems\nwell-\nKnown");
    assertThat(TextCleaner.oneLine("  a\n b\t\tc ")).isEqualTo("a b c");
  }

  @Test
  void counterCountsWordsNumbersAndPunctuation() {
    TokenCounter c = TokenCounter.defaults();
    assertThat(c.count("")).isZero();
    assertThat(c.count("   ")).isZero();
    assertThat(c.count("Hello, world!")).isEqualTo(4);
    assertThat(c.count("x1 = 3.14;")).isEqualTo(7); // x 1 = 3 . 14 ;
    assertThat(c.count("na\u00efve \u65e5\u672c")).isEqualTo(2);
    assertThat(c.count("a b")).isEqualTo(c.count("a") + c.count("b"));
  }

  @Test
  void sentenceSplitterKeepsAbbreviationsDecimalsAndCode() {
    assertThat(
            SentenceSplitter.split(
                "Use an index, e.g. a B-tree. It costs 3.5 ms, i.e. little. See Sec. 5 and"
                    + " Fig. 2 for details, etc. Then run pg_catalog.pg_class queries! Done?"
                    + " Yes. J. Smith wrote it in the U.S. Army manual."))
        .containsExactly(
            "Use an index, e.g. a B-tree.",
            "It costs 3.5 ms, i.e. little.",
            "See Sec. 5 and Fig. 2 for details, etc. Then run pg_catalog.pg_class queries!",
            "Done?",
            "Yes.",
            "J. Smith wrote it in the U.S. Army manual.");
  }

  @Test
  void sentenceSplitterHandlesQuotesAndEdgeCases() {
    assertThat(SentenceSplitter.split("")).isEmpty();
    assertThat(SentenceSplitter.split("No end punctuation")).containsExactly("No end punctuation");
    assertThat(SentenceSplitter.split("He said \"stop.\" Then left... (Later) more."))
        .containsExactly("He said \"stop.\"", "Then left...", "(Later) more.");
    assertThat(SentenceSplitter.split("lower case after dot. continues here."))
        .containsExactly("lower case after dot. continues here.");
  }
}
