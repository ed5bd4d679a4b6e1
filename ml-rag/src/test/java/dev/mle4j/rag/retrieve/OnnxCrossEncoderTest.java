package dev.mle4j.rag.retrieve;

import static dev.mle4j.rag.retrieve.FakeRetriever.sc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ScoredChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the tiny synthetic cross-encoder that {@link TinyCrossEncoder} writes for each test. */
class OnnxCrossEncoderTest {

  private static final int PAD = 0;
  private static final int UNK = 1;
  private static final int CLS = 2;
  private static final int SEP = 3;

  @TempDir Path tmp;

  private Path fixture(String name) throws IOException {
    Path dir = tmp.resolve("fixtures").resolve(name);
    if (Files.isRegularFile(dir.resolve("model.onnx"))) {
      return dir;
    }
    return TinyCrossEncoder.write(dir, name.endsWith("2class") ? 2 : 1);
  }

  /** The model's score computed in Java from weights.json and the vocabulary. */
  private static final class Reference {
    final JsonNode vocab;
    final JsonNode w;

    Reference(Path dir) throws IOException {
      ObjectMapper m = new ObjectMapper();
      vocab = m.readTree(dir.resolve("tokenizer.json").toFile()).get("model").get("vocab");
      w = m.readTree(dir.resolve("weights.json").toFile());
    }

    List<Integer> words(String text) {
      List<Integer> ids = new ArrayList<>();
      // the Whitespace pre-tokenizer: runs of word characters or of other non-space characters
      java.util.regex.Matcher mt =
          java.util.regex.Pattern.compile("\\w+|[^\\w\\s]+").matcher(text.toLowerCase(Locale.ROOT));
      while (mt.find()) {
        JsonNode id = vocab.get(mt.group());
        ids.add(id == null ? UNK : id.asInt());
      }
      return ids;
    }

    double[] logits(String query, String passage, int maxPassageTokens) {
      List<int[]> tokens = new ArrayList<>(); // {id, type}
      tokens.add(new int[] {CLS, 0});
      for (int id : words(query)) {
        tokens.add(new int[] {id, 0});
      }
      tokens.add(new int[] {SEP, 0});
      List<Integer> p = words(passage);
      for (int id : p.subList(0, Math.min(p.size(), maxPassageTokens))) {
        tokens.add(new int[] {id, 1});
      }
      tokens.add(new int[] {SEP, 1});
      int dim = w.get("emb").get(0).size();
      double[] pooled = new double[dim];
      for (int[] t : tokens) {
        for (int d = 0; d < dim; d++) {
          pooled[d] +=
              w.get("emb").get(t[0]).get(d).asDouble() + w.get("types").get(t[1]).get(d).asDouble();
        }
      }
      int classes = w.get("bias").size();
      double[] out = new double[classes];
      for (int c = 0; c < classes; c++) {
        double s = w.get("bias").get(c).asDouble();
        for (int d = 0; d < dim; d++) {
          s += pooled[d] / tokens.size() * w.get("head").get(d).get(c).asDouble();
        }
        out[c] = s;
      }
      return out;
    }
  }

  private final String query = "how do I create a table";
  private final List<String> passages =
      List.of(
          "create table",
          "vacuum the database server",
          "drop schema",
          "backup and restore of a database with triggers on every row",
          "select from a view");

  @Test
  void scoresMatchTheReferenceAndRerankOrdersByThem() throws Exception {
    Path dir = fixture("cross-encoder-tiny");
    Reference ref = new Reference(dir);
    assertThat(ref.vocab.get("[PAD]").asInt()).isEqualTo(PAD);
    try (OnnxCrossEncoder ce = OnnxCrossEncoder.builder(dir).batchSize(2).threads(1).build()) {
      double[] scores = ce.score(query, passages);
      for (int i = 0; i < passages.size(); i++) {
        double expected = ref.logits(query, passages.get(i), Integer.MAX_VALUE)[0];
        assertThat(scores[i]).as(passages.get(i)).isCloseTo(expected, within(1e-4));
      }
      List<ScoredChunk> candidates = new ArrayList<>();
      for (int i = 0; i < passages.size(); i++) {
        candidates.add(
            new ScoredChunk(
                new dev.mle4j.core.Chunk("p" + i, passages.get(i), java.util.Map.of()), 0));
      }
      List<ScoredChunk> ranked = ce.rerank(query, candidates, 3);
      assertThat(ranked).hasSize(3);
      double[] sorted = scores.clone();
      java.util.Arrays.sort(sorted);
      assertThat(ranked.get(0).score()).isCloseTo(sorted[sorted.length - 1], within(1e-9));
      assertThat(ranked.get(1).score()).isCloseTo(sorted[sorted.length - 2], within(1e-9));
      assertThat(ranked.get(2).score()).isCloseTo(sorted[sorted.length - 3], within(1e-9));
      assertThat(ce.name()).isEqualTo("cross-encoder(cross-encoder-tiny)");
      // batch size does not change scores
      try (OnnxCrossEncoder one =
          OnnxCrossEncoder.builder(dir.resolve("model.onnx")).batchSize(16).name("x").build()) {
        double[] again = one.score(query, passages);
        for (int i = 0; i < scores.length; i++) {
          assertThat(again[i]).isCloseTo(scores[i], within(1e-5));
        }
        assertThat(one.name()).isEqualTo("x");
      }
    }
  }

  @Test
  void twoClassModelsScoreWithTheProbabilityOfClassOne() throws Exception {
    Path dir = fixture("cross-encoder-tiny-2class");
    Reference ref = new Reference(dir);
    try (OnnxCrossEncoder ce = OnnxCrossEncoder.open(dir)) {
      double[] scores = ce.score(query, passages);
      for (int i = 0; i < passages.size(); i++) {
        double[] l = ref.logits(query, passages.get(i), Integer.MAX_VALUE);
        double p1 = 1 / (1 + Math.exp(l[0] - l[1]));
        assertThat(scores[i]).isCloseTo(p1, within(1e-5)).isBetween(0.0, 1.0);
      }
    }
  }

  @Test
  void longPairsAreTruncatedToMaxLength() throws Exception {
    Path dir = fixture("cross-encoder-tiny");
    Reference ref = new Reference(dir);
    String longPassage =
        "create table index vacuum database query select insert update delete join";
    try (OnnxCrossEncoder ce = OnnxCrossEncoder.builder(dir).maxLength(9).build()) {
      double s = ce.score("create table", List.of(longPassage))[0];
      // 9 tokens: [CLS] 2 query tokens [SEP] 4 passage tokens [SEP]
      assertThat(s).isCloseTo(ref.logits("create table", longPassage, 4)[0], within(1e-4));
    }
  }

  @Test
  void missingFilesAndClosedUseFailClearly() throws Exception {
    assertThatThrownBy(() -> OnnxCrossEncoder.open(tmp))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("model not found")
        .hasMessageContaining("model.onnx");
    Path onlyModel = tmp.resolve("m");
    Files.createDirectories(onlyModel);
    Files.copy(
        fixture("cross-encoder-tiny").resolve("model.onnx"), onlyModel.resolve("model.onnx"));
    assertThatThrownBy(() -> OnnxCrossEncoder.open(onlyModel))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("tokenizer not found");
    Path broken = tmp.resolve("broken");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve("model.onnx"), "not a model");
    Files.copy(
        fixture("cross-encoder-tiny").resolve("tokenizer.json"), broken.resolve("tokenizer.json"));
    assertThatThrownBy(() -> OnnxCrossEncoder.open(broken))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cannot load the cross-encoder");
    assertThatThrownBy(() -> OnnxCrossEncoder.builder(tmp).maxLength(0))
        .hasMessageContaining("maxLength must be > 0");

    OnnxCrossEncoder ce = OnnxCrossEncoder.open(fixture("cross-encoder-tiny"));
    assertThatThrownBy(() -> ce.rerank("q", List.of(sc("a", 1)), 0))
        .hasMessageContaining("k must be > 0");
    assertThatThrownBy(() -> ce.rerank(" ", List.of(sc("a", 1)), 1)).hasMessageContaining("blank");
    assertThat(ce.rerank("q", List.of(), 3)).isEmpty();
    ce.close();
    ce.close();
    assertThatThrownBy(() -> ce.score("q", List.of("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
