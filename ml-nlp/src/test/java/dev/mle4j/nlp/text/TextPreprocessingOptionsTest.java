package dev.mle4j.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import org.junit.jupiter.api.Test;

class TextPreprocessingOptionsTest {

  private static java.util.List<String> tokens(TextAnalyzerOptions options, String text) {
    try (TextAnalyzer a = new TextAnalyzer(options)) {
      return a.tokens(text);
    }
  }

  @Test
  void punctuationIsDroppedByDefaultAndKeptAsTokensOnRequest() {
    String text = "WIN $1,000 cash now!!! Call 0800-123, it's FREE :)";
    assertThat(tokens(TextAnalyzerOptions.defaults(), text))
        .doesNotContain("$", "!", ":", ")")
        .contains("win", "cash", "now");
    TextAnalyzerOptions keep = TextAnalyzerOptions.builder().removePunctuation(false).build();
    assertThat(tokens(keep, text))
        .containsExactly(
            "win", "$", "1,000", "cash", "now", "!", "!", "!", "call", "0800", "-", "123", ",",
            "it's", "free", ":", ")");
  }

  @Test
  void minimumLengthSparesPunctuationButDropsShortWords() {
    TextAnalyzerOptions keep =
        TextAnalyzerOptions.builder().removePunctuation(false).minTokenLength(3).build();
    assertThat(tokens(keep, "a ok yes £ 4 u!")).containsExactly("yes", "£", "!");
  }

  @Test
  void stemmersDiffer() {
    TextAnalyzerOptions porter = TextAnalyzerOptions.builder().stemmer(Stemmer.PORTER).build();
    TextAnalyzerOptions kstem = TextAnalyzerOptions.builder().stemmer(Stemmer.KSTEM).build();
    String text = "ponies running happily";
    assertThat(tokens(porter, text)).containsExactly("poni", "run", "happili");
    assertThat(tokens(kstem, text)).containsExactly("pony", "running", "happily");
    assertThat(tokens(TextAnalyzerOptions.defaults(), text))
        .containsExactly("ponies", "running", "happily");
  }

  @Test
  void stopWordsComposeWithPunctuationAndStemming() {
    TextAnalyzerOptions o =
        TextAnalyzerOptions.builder()
            .removeStopWords(true)
            .removePunctuation(false)
            .stemmer(Stemmer.KSTEM)
            .build();
    assertThat(tokens(o, "The ponies are NOT in the stables!"))
        .containsExactly("pony", "stable", "!");
  }

  @Test
  void legacyConstructorAndBuilderKeepTheirMeaning() {
    TextAnalyzerOptions legacy = new TextAnalyzerOptions(true, false, true, 2);
    assertThat(legacy.stemmer()).isEqualTo(Stemmer.PORTER);
    assertThat(legacy.stem()).isTrue();
    assertThat(legacy.removePunctuation()).isTrue();
    assertThat(TextAnalyzerOptions.builder().stem(true).build()).isEqualTo(legacy);
    assertThat(TextAnalyzerOptions.defaults().stemmer()).isEqualTo(Stemmer.NONE);
    assertThat(legacy.toBuilder().build()).isEqualTo(legacy);
    assertThatThrownBy(() -> new TextAnalyzerOptions(true, false, null, 2, true))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("stemmer");
  }
}
