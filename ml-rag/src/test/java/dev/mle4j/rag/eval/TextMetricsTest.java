package dev.mle4j.rag.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.rag.RefusalDetector;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TextMetricsTest {

  @Test
  void squadNormalisationAndTokenF1() {
    assertThat(TextMetrics.normalize("The  Cat, sat on a MAT!")).isEqualTo("cat sat on mat");
    assertThat(TextMetrics.tokenF1("The cat sat on the mat", "A cat sat on a mat.")).isEqualTo(1.0);
    // prediction 2 tokens, reference 4 tokens, 2 shared: P = 1, R = 0.5, F1 = 2/3
    assertThat(TextMetrics.tokenF1("cat sat", "cat sat on mat")).isCloseTo(2.0 / 3, within(1e-12));
    // repeated tokens count once per occurrence: P = 1/3, R = 1, F1 = 0.5
    assertThat(TextMetrics.tokenF1("port port port", "port")).isCloseTo(0.5, within(1e-12));
    assertThat(TextMetrics.tokenF1("dog", "cat")).isEqualTo(0.0);
    assertThat(TextMetrics.tokenF1("", "")).isEqualTo(1.0);
    assertThat(TextMetrics.tokenF1("the", "cat")).isEqualTo(0.0);
  }

  @Test
  void sentencesCoverageAndCosine() {
    assertThat(TextMetrics.sentences("One. Two!\nThree? four"))
        .containsExactly("One.", "Two!", "Three?", "four");
    assertThat(TextMetrics.contentTokens("The port is 5432")).containsExactly("port", "5432");
    assertThat(TextMetrics.coverage("The port is 5432 today", Set.of("port", "5432")))
        .isCloseTo(2.0 / 3, within(1e-12));
    assertThat(TextMetrics.coverage("the is a", Set.of())).isNaN();
    assertThat(TextMetrics.cosine(new float[] {1, 0}, new float[] {1, 0})).isEqualTo(1.0);
    assertThat(TextMetrics.cosine(new float[] {1, 0}, new float[] {0, 0})).isEqualTo(0.0);
    assertThatThrownBy(() -> TextMetrics.cosine(new float[1], new float[2]))
        .hasMessageContaining("differ in length");
  }

  @Test
  void refusalDetection() {
    RefusalDetector d = RefusalDetector.defaults();
    assertThat(d.isRefusal("The answer is not in the provided documents.")).isTrue();
    assertThat(d.isRefusal("I don\u2019t know.")).isTrue();
    assertThat(d.isRefusal("I  do not know")).isTrue();
    assertThat(d.isRefusal("")).isTrue();
    assertThat(d.isRefusal("The default port is 5432 [1].")).isFalse();
    assertThat(d.isRefusal("Use DROP TABLE IF EXISTS so a missing table is not an error."))
        .isFalse();
    RefusalDetector custom = RefusalDetector.of(List.of("NO ANSWER"));
    assertThat(custom.isRefusal("no answer here")).isTrue();
    assertThat(custom.isRefusal("I don't know")).isFalse();
    assertThatThrownBy(() -> RefusalDetector.of(List.of())).hasMessageContaining("at least one");
    assertThatThrownBy(() -> RefusalDetector.of(List.of(" "))).hasMessageContaining("blank");
  }
}
