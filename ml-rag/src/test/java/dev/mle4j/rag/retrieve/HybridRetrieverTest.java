package dev.mle4j.rag.retrieve;

import static dev.mle4j.rag.retrieve.FakeRetriever.sc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.ScoredChunk;
import java.util.List;
import org.junit.jupiter.api.Test;

class HybridRetrieverTest {

  private final FakeRetriever sparse =
      new FakeRetriever(List.of(sc("a", 10), sc("b", 5), sc("c", 0)));
  private final FakeRetriever dense =
      new FakeRetriever(List.of(sc("c", 0.9), sc("a", 0.5), sc("d", 0.1)));

  private static List<String> ids(List<ScoredChunk> r) {
    return r.stream().map(s -> s.chunk().id()).toList();
  }

  @Test
  void rrfFusesByReciprocalRanks() {
    HybridRetriever h = HybridRetriever.builder().add(sparse).add(dense).build();
    List<ScoredChunk> r = h.retrieve("q", 10);
    // a: 1/61 + 1/62, c: 1/63 + 1/61, b: 1/62, d: 1/63
    assertThat(ids(r)).containsExactly("a", "c", "b", "d");
    assertThat(r.get(0).score()).isCloseTo(1.0 / 61 + 1.0 / 62, within(1e-12));
    assertThat(r.get(1).score()).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-12));
    assertThat(r.get(2).score()).isCloseTo(1.0 / 62, within(1e-12));
    assertThat(r.get(3).score()).isCloseTo(1.0 / 63, within(1e-12));
    assertThat(h.fusion()).isEqualTo(Fusion.RRF);
    // each retriever was asked for the default 50 candidates
    assertThat(sparse.askedK).containsExactly(50);
    assertThat(ids(h.retrieve("q", 2))).containsExactly("a", "c");
  }

  @Test
  void rrfConstantAndWeightsAndCandidates() {
    HybridRetriever h =
        HybridRetriever.builder().add(sparse, 2.0).add(dense).rrfK(0).candidates(3).build();
    List<ScoredChunk> r = h.retrieve("q", 4);
    // a: 2/1 + 1/2 = 2.5, b: 2/2 = 1, c: 2/3 + 1/1 = 1.667, d: 1/3
    assertThat(ids(r)).containsExactly("a", "c", "b", "d");
    assertThat(r.get(1).score()).isCloseTo(2.0 / 3 + 1.0, within(1e-12));
    assertThat(sparse.askedK).containsExactly(4);
  }

  @Test
  void weightedFusionUsesMinMaxNormalisedScores() {
    HybridRetriever h =
        HybridRetriever.builder().add(sparse).add(dense).fusion(Fusion.WEIGHTED).build();
    List<ScoredChunk> r = h.retrieve("q", 10);
    // normalised sparse: a 1, b .5, c 0; dense: c 1, a .5, d 0; weights .5/.5
    assertThat(ids(r)).containsExactly("a", "c", "b", "d");
    assertThat(r.get(0).score()).isCloseTo(0.75, within(1e-12));
    assertThat(r.get(1).score()).isCloseTo(0.5, within(1e-12));
    assertThat(r.get(2).score()).isCloseTo(0.25, within(1e-12));
    assertThat(r.get(3).score()).isCloseTo(0.0, within(1e-12));

    HybridRetriever skewed =
        HybridRetriever.builder().add(sparse, 0.8).add(dense, 0.2).fusion(Fusion.WEIGHTED).build();
    List<ScoredChunk> s = skewed.retrieve("q", 10);
    // a .8 + .1 = .9, b .4, c .2, d 0
    assertThat(ids(s)).containsExactly("a", "b", "c", "d");
    assertThat(s.get(0).score()).isCloseTo(0.9, within(1e-12));
    assertThat(s.get(2).score()).isCloseTo(0.2, within(1e-12));
  }

  @Test
  void equalScoresNormaliseToOneAndTiesAreDeterministic() {
    FakeRetriever flat = new FakeRetriever(List.of(sc("x", 3), sc("y", 3)));
    FakeRetriever empty = new FakeRetriever(List.of());
    HybridRetriever h =
        HybridRetriever.builder().add(flat).add(empty).fusion(Fusion.WEIGHTED).build();
    List<ScoredChunk> r = h.retrieve("q", 5);
    assertThat(ids(r)).containsExactly("x", "y");
    assertThat(r.get(0).score()).isCloseTo(0.5, within(1e-12));
    assertThat(r.get(1).score()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void badInput() {
    assertThatThrownBy(() -> HybridRetriever.builder().add(sparse).build())
        .hasMessageContaining("at least two retrievers");
    HybridRetriever h = HybridRetriever.builder().add(sparse).add(dense).build();
    assertThatThrownBy(() -> h.retrieve("q", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be > 0");
    assertThatThrownBy(() -> h.retrieve(" ", 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> HybridRetriever.builder().add(sparse, -1))
        .hasMessageContaining("weight must be finite and > 0");
    assertThatThrownBy(() -> HybridRetriever.builder().candidates(0))
        .hasMessageContaining("candidates must be > 0");
    assertThatThrownBy(() -> h.fuse(List.of(List.of()), 3)).hasMessageContaining("expected 2");
  }
}
