package dev.mle4j.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TextAnalyzerTest {

  @Test
  void defaultsLowercaseAndDropOneCharacterTokens() {
    try (TextAnalyzer a = new TextAnalyzer(TextAnalyzerOptions.defaults())) {
      assertThat(a.tokens("Call NOW: a FREE prize is waiting 4 U!"))
          .containsExactly("call", "now", "free", "prize", "is", "waiting");
      assertThat(a.tokens("")).isEmpty();
      assertThat(a.tokens("  ... !!! ")).isEmpty();
    }
  }

  @Test
  void stopWordsAndStemming() {
    TextAnalyzerOptions options =
        TextAnalyzerOptions.builder().removeStopWords(true).stem(true).build();
    try (TextAnalyzer a = new TextAnalyzer(options)) {
      assertThat(a.tokens("The cats are running to the winning prizes"))
          .containsExactly("cat", "run", "win", "prize");
    }
  }

  @Test
  void stopWordsAreCaseInsensitiveWhenNotLowercasing() {
    TextAnalyzerOptions options =
        TextAnalyzerOptions.builder().lowercase(false).removeStopWords(true).build();
    try (TextAnalyzer a = new TextAnalyzer(options)) {
      assertThat(a.tokens("The Cat AND the Dog")).containsExactly("Cat", "Dog");
    }
  }

  @Test
  void minTokenLengthAppliesToRawTokens() {
    TextAnalyzerOptions three = TextAnalyzerOptions.builder().minTokenLength(3).build();
    try (TextAnalyzer a = new TextAnalyzer(three)) {
      assertThat(a.tokens("go to the big market")).containsExactly("the", "big", "market");
    }
    TextAnalyzerOptions one = TextAnalyzerOptions.builder().minTokenLength(1).build();
    try (TextAnalyzer a = new TextAnalyzer(one)) {
      assertThat(a.tokens("a b cd")).containsExactly("a", "b", "cd");
    }
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> TextAnalyzerOptions.builder().minTokenLength(0).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("minTokenLength");
    TextAnalyzer a = new TextAnalyzer(TextAnalyzerOptions.defaults());
    assertThatThrownBy(() -> a.tokens(null))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("text is null");
    a.close();
    assertThatThrownBy(() -> a.tokens("hello")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void isSafeToShareAcrossThreads() throws Exception {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      texts.add("Message number " + i + " says hello world and winner prize " + (i * 7));
    }
    try (TextAnalyzer a = new TextAnalyzer(TextAnalyzerOptions.defaults())) {
      List<List<String>> expected = texts.stream().map(a::tokens).toList();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<List<String>>>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          futures.add(pool.submit(() -> texts.stream().map(a::tokens).toList()));
        }
        for (Future<List<List<String>>> f : futures) {
          assertThat(f.get()).isEqualTo(expected);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
