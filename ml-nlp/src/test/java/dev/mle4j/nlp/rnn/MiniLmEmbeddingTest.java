package dev.mle4j.nlp.rnn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mle4j.nlp.data.LabeledText;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniLmEmbeddingTest {

  @Test
  void bilstmOverFrozenMiniLmEmbeddingsSavesAndLoads(@TempDir Path dir) {
    float[] expected = MiniLmEmbeddings.table();
    assertThat(expected).hasSize(MiniLmEmbeddings.VOCABULARY * MiniLmEmbeddings.DIMENSION);
    List<LabeledText> train = KeywordTexts.make(80, 1);
    List<String> probes = List.of("excellent coffee", "terrible train", "", "unbelievably");
    try (RnnTextClassifier model =
        RnnTextTrainer.builder()
            .modelName("bilstm-minilm-emb")
            .bidirectional(true)
            .miniLmEmbeddings()
            .freezeEmbeddings(true)
            .hiddenSize(8)
            .maxLength(16)
            .learningRate(0.01f)
            .maxEpochs(1)
            .build()
            .train(train, List.of())) {
      int[] ids = model.encode("excellent coffee");
      assertThat(ids).hasSize(2); // no [CLS]/[SEP]
      assertThat(model.encode("unbelievably").length).isGreaterThan(1); // WordPiece pieces
      int d = MiniLmEmbeddings.DIMENSION;
      float[] table = model.embeddingTable();
      assertThat(Arrays.copyOfRange(table, ids[0] * d, ids[0] * d + d))
          .containsExactly(Arrays.copyOfRange(expected, ids[0] * d, ids[0] * d + d));
      model.save(dir);
      assertThat(dir.resolve("tokenizer.json")).exists();
      try (RnnTextClassifier loaded = RnnTextClassifier.load(dir)) {
        assertThat(loaded.classifyAll(probes)).isEqualTo(model.classifyAll(probes));
      }
    }
  }
}
