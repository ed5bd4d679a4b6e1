package dev.mle4j.rag.retrieve;

import static dev.mle4j.rag.retrieve.FakeRetriever.sc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.Embedder;
import dev.mle4j.core.ScoredChunk;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RerankerTest {

  /** Maps exact texts to fixed vectors; the query text "q" maps to the query vector. */
  private static Embedder table(Map<String, float[]> vectors) {
    return new Embedder() {
      @Override
      public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
          out[i] = vectors.get(texts.get(i));
          if (out[i] == null) {
            throw new IllegalArgumentException("no vector for " + texts.get(i));
          }
        }
        return out;
      }

      @Override
      public int dimension() {
        return 3;
      }
    };
  }

  private static List<String> ids(List<ScoredChunk> r) {
    return r.stream().map(s -> s.chunk().id()).toList();
  }

  private final Embedder embedder =
      table(
          Map.of(
              "q", new float[] {1, 0, 0},
              "text of A", new float[] {0.9f, 0.43589f, 0},
              "text of B", new float[] {0.9f, 0.43589f, 0},
              "text of C", new float[] {0.8f, 0, 0.6f}));

  private final List<ScoredChunk> candidates = List.of(sc("A", 3), sc("B", 2), sc("C", 1));

  @Test
  void mmrPrefersADiverseSecondPick() {
    MmrReranker mmr = new MmrReranker(embedder, 0.5);
    List<ScoredChunk> r = mmr.rerank("q", candidates, 3);
    // A first (most relevant); B duplicates A: .5*.9 - .5*1 = -.05; C: .5*.8 - .5*.72 = .04
    assertThat(ids(r)).containsExactly("A", "C", "B");
    assertThat(r.get(0).score()).isCloseTo(0.45, within(1e-4));
    assertThat(r.get(1).score()).isCloseTo(0.04, within(1e-4));
    assertThat(r.get(2).score()).isLessThanOrEqualTo(r.get(1).score());
    // lambda 1 is pure relevance
    assertThat(ids(new MmrReranker(embedder, 1.0).rerank("q", candidates, 3)))
        .containsExactly("A", "B", "C");
    assertThat(ids(mmr.rerank("q", candidates, 1))).containsExactly("A");
    assertThat(mmr.rerank("q", List.of(), 3)).isEmpty();
    assertThatThrownBy(() -> new MmrReranker(embedder, 1.5)).hasMessageContaining("lambda");
    assertThatThrownBy(() -> mmr.rerank("q", candidates, 0)).hasMessageContaining("k must be > 0");
    assertThatThrownBy(() -> mmr.rerank("", candidates, 1)).hasMessageContaining("blank");
  }

  @Test
  void embeddingRerankerReordersByCosine() {
    Embedder second =
        table(
            Map.of(
                "q", new float[] {0, 0, 1},
                "text of A", new float[] {1, 0, 0},
                "text of B", new float[] {0, 1, 1},
                "text of C", new float[] {0, 0, 2}));
    EmbeddingReranker r = new EmbeddingReranker(second);
    List<ScoredChunk> out = r.rerank("q", candidates, 2);
    assertThat(ids(out)).containsExactly("C", "B");
    assertThat(out.get(0).score()).isCloseTo(1.0, within(1e-9));
    assertThat(out.get(1).score()).isCloseTo(Math.sqrt(0.5), within(1e-6));
    assertThat(r.rerank("q", List.of(), 2)).isEmpty();
    assertThatThrownBy(() -> r.rerank("q", candidates, -1)).hasMessageContaining("k must be > 0");
  }

  @Test
  void rerankingRetrieverAsksForCandidatesThenReranks() {
    FakeRetriever first = new FakeRetriever(candidates);
    Embedder second =
        table(
            Map.of(
                "q", new float[] {0, 0, 1},
                "text of A", new float[] {1, 0, 0},
                "text of B", new float[] {0, 1, 1},
                "text of C", new float[] {0, 0, 2}));
    RerankingRetriever rr = new RerankingRetriever(first, new EmbeddingReranker(second));
    assertThat(ids(rr.retrieve("q", 1))).containsExactly("C");
    assertThat(first.askedK).containsExactly(20);
    assertThat(
            ids(new RerankingRetriever(first, new EmbeddingReranker(second), 2).retrieve("q", 5)))
        .containsExactly("C", "B", "A");
    assertThat(first.askedK).containsExactly(20, 5);
    assertThat(
            new RerankingRetriever(new FakeRetriever(List.of()), new MmrReranker(embedder))
                .retrieve("q", 3))
        .isEmpty();
    assertThatThrownBy(() -> rr.retrieve("q", 0)).hasMessageContaining("k must be > 0");
    assertThatThrownBy(() -> new RerankingRetriever(first, new MmrReranker(embedder), 0))
        .hasMessageContaining("candidates must be > 0");
  }

  @Test
  void chainedRerankerAppliesBothStages() {
    Embedder second =
        table(
            Map.of(
                "q", new float[] {1, 0, 0},
                "text of A", new float[] {0.9f, 0.43589f, 0},
                "text of B", new float[] {0.9f, 0.43589f, 0},
                "text of C", new float[] {0.8f, 0, 0.6f}));
    ChainedReranker chain =
        new ChainedReranker(new EmbeddingReranker(second), 3, new MmrReranker(embedder, 0.5));
    assertThat(ids(chain.rerank("q", candidates, 2))).containsExactly("A", "C");
    assertThat(chain.name()).contains("+mmr(0.5)");
  }
}
