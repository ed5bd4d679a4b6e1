package dev.mle4j.rag.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.ScoredChunk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class HnswRecallTest {

  private static final int DIM = 64;

  @TempDir Path dir;

  private static float[] randomUnit(Random rnd) {
    float[] v = new float[DIM];
    double n = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) rnd.nextGaussian();
      n += v[i] * v[i];
    }
    for (int i = 0; i < DIM; i++) {
      v[i] /= (float) Math.sqrt(n);
    }
    return v;
  }

  private static LuceneIndex randomIndex(Path dir, int n, Random rnd, List<float[]> keep) {
    LuceneIndex index = LuceneIndex.builder(dir).dimension(DIM).embedderName("random").build();
    // 20 sources of n/20 vectors, so the index has several segments' worth of updates
    int per = n / 20;
    for (int s = 0; s < 20; s++) {
      List<Chunk> chunks = new ArrayList<>();
      float[][] vectors = new float[per][];
      for (int i = 0; i < per; i++) {
        chunks.add(
            new Chunk("s" + s + "#" + i, "vector " + s + " " + i, Map.of("source", "s" + s)));
        vectors[i] = randomUnit(rnd);
        keep.add(vectors[i]);
      }
      index.replaceSource("s" + s, "h", chunks, vectors);
    }
    index.commit();
    return index;
  }

  @Test
  void hnswRecallAgainstExactSearchIsHigh() {
    Random rnd = new Random(42);
    List<float[]> stored = new ArrayList<>();
    try (LuceneIndex index = randomIndex(dir, 2000, rnd, stored)) {
      assertThat(index.chunkCount()).isEqualTo(2000);
      List<float[]> queries = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        queries.add(randomUnit(rnd));
      }
      HnswRecall.Result r = HnswRecall.measure(index, queries, 10);
      assertThat(r.perQuery()).hasSize(50);
      assertThat(r.k()).isEqualTo(10);
      assertThat(r.numCandidates()).isEqualTo(100);
      LoggerFactory.getLogger(HnswRecallTest.class)
          .info("HNSW recall@10 (2000 x 64, efSearch 100) = {}", r.mean());
      assertThat(r.mean()).isGreaterThanOrEqualTo(0.95);
      HnswRecall.Result narrow = HnswRecall.measure(index, queries, 10, 10);
      LoggerFactory.getLogger(HnswRecallTest.class)
          .info("HNSW recall@10 (2000 x 64, efSearch 10) = {}", narrow.mean());
      assertThat(narrow.mean()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void exactSearchMatchesBruteForce() {
    Random rnd = new Random(7);
    List<float[]> stored = new ArrayList<>();
    try (LuceneIndex index = randomIndex(dir, 200, rnd, stored)) {
      float[] q = randomUnit(rnd);
      List<ScoredChunk> exact = new ExactVectorSearch(index).search(q, 5);
      List<double[]> all = new ArrayList<>();
      for (int i = 0; i < stored.size(); i++) {
        double dot = 0;
        for (int d = 0; d < DIM; d++) {
          dot += q[d] * stored.get(i)[d];
        }
        all.add(new double[] {i, dot});
      }
      all.sort(Comparator.comparingDouble((double[] a) -> a[1]).reversed());
      assertThat(exact).hasSize(5);
      for (int i = 0; i < 5; i++) {
        int idx = (int) all.get(i)[0];
        assertThat(exact.get(i).chunk().id()).isEqualTo("s" + (idx / 10) + "#" + (idx % 10));
        assertThat(exact.get(i).score()).isCloseTo(all.get(i)[1], within(1e-4));
      }
      assertThat(new ExactVectorSearch(index).searchIds(q, 5))
          .containsExactlyElementsOf(exact.stream().map(sc -> sc.chunk().id()).toList());
      assertThatThrownBy(() -> HnswRecall.measure(index, List.of(), 5))
          .hasMessageContaining("at least one query");
      assertThatThrownBy(() -> new ExactVectorSearch(index).search(q, 0))
          .hasMessageContaining("k must be > 0");
    }
  }
}
