package dev.mle4j.rag.retrieve;

import static dev.mle4j.rag.index.IndexTestSupport.DIM;
import static dev.mle4j.rag.index.IndexTestSupport.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.index.IndexTestSupport;
import dev.mle4j.rag.ingest.ChunkMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Retriever} backend must show over the same corpus: the 30-chunk corpus
 * of {@link IndexTestSupport} with its hashed bag-of-words embedder. A backend (the in-process
 * Lucene index in ml-rag, SolrCloud in ml-solr) extends this class and implements {@link #open};
 * the assertions are those of {@code RetrieversTest} and {@code LuceneIndexTest} that hold for any
 * retriever (ranking, stemming, field boosts, query safety, cosine scores, exact global top-K).
 *
 * <p>Packaged in ml-rag's test-jar so that backends on another classpath (Solr's Lucene 9) run the
 * identical suite.
 */
public abstract class RetrieverContractTest {

  /** The hashed bag-of-words embedder of the test corpus. */
  protected final IndexTestSupport.HashEmbedder embedder = new IndexTestSupport.HashEmbedder(DIM);

  /** The retrievers of one backend over one corpus. */
  public interface Backend extends AutoCloseable {

    /**
     * BM25 over text, title and section (boosts 1, 0.3, 0.3; k1 1.2, b 0.75; English analysis).
     *
     * @return the retriever
     */
    Retriever bm25();

    /**
     * Dense retrieval with the corpus embedder; scores are cosine similarities.
     *
     * @return the retriever
     */
    Retriever dense();

    /**
     * Hybrid retrieval: reciprocal rank fusion of BM25 and dense.
     *
     * @return the retriever
     */
    Retriever hybrid();

    @Override
    void close();
  }

  /**
   * Opens a backend holding exactly these chunks. A backend may reuse an earlier one opened with
   * the same name (the content for a name never changes).
   *
   * @param name a name for the corpus ({@code "corpus"}, {@code "random"}, {@code "empty"})
   * @param chunks the chunks, with metadata source, title, section and chunk_index
   * @param vectors one vector per chunk
   * @param embedder the embedder of queries
   * @return the backend
   */
  protected abstract Backend open(
      String name, List<Chunk> chunks, float[][] vectors, Embedder embedder);

  /**
   * The 30-chunk corpus.
   *
   * @return chunks of sources 0..9
   */
  protected static List<Chunk> corpus() {
    List<Chunk> all = new ArrayList<>();
    for (int s = 0; s < IndexTestSupport.TOPICS.size(); s++) {
      all.addAll(IndexTestSupport.chunks(s));
    }
    return all;
  }

  private Backend corpusBackend() {
    List<Chunk> chunks = corpus();
    return open("corpus", chunks, IndexTestSupport.vectors(embedder, chunks), embedder);
  }

  private static List<String> ids(List<ScoredChunk> results) {
    return results.stream().map(sc -> sc.chunk().id()).toList();
  }

  @Test
  void everyModeFindsTheRelevantSourceAndRejectsBadArguments() {
    try (Backend b = corpusBackend()) {
      Map<String, Retriever> modes =
          Map.of("bm25", b.bm25(), "dense", b.dense(), "hybrid", b.hybrid());
      for (Map.Entry<String, Retriever> e : modes.entrySet()) {
        Retriever r = e.getValue();
        List<ScoredChunk> hits = r.retrieve("pg_dump backup snapshot of a database", 3);
        assertThat(hits).as(e.getKey()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat(hits.get(0).chunk().id()).as(e.getKey()).startsWith(source(6));
        for (int i = 1; i < hits.size(); i++) {
          assertThat(hits.get(i).score()).isLessThanOrEqualTo(hits.get(i - 1).score());
        }
        assertThatThrownBy(() -> r.retrieve("x", 0))
            .as(e.getKey())
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.retrieve("  ", 3))
            .as(e.getKey())
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void denseScoresAreCosinesAndBm25FindsTheTerm() {
    try (Backend b = corpusBackend()) {
      List<ScoredChunk> hits =
          b.dense()
              .retrieve("triggers run a function when rows are inserted updated or deleted.", 2);
      assertThat(hits.get(0).chunk().id()).isEqualTo(source(8) + "#0");
      assertThat(hits.get(0).score()).isBetween(0.99, 1.0001);
      assertThat(b.bm25().retrieve("json", 1).get(0).chunk().id()).startsWith(source(9));
    }
  }

  @Test
  void bm25RanksTheChunkWithTheExactTermFirstAndReturnsMetadata() {
    try (Backend b = corpusBackend()) {
      List<ScoredChunk> hits = b.bm25().retrieve("vacuum", 5);
      assertThat(hits).isNotEmpty();
      assertThat(hits.get(0).chunk().metadata()).containsEntry(ChunkMetadata.SOURCE, source(0));
      assertThat(hits.get(0).chunk().text()).contains("vacuum");
      assertThat(hits.get(0).score()).isPositive();
      // stemming: "replicating" finds "replication"
      assertThat(b.bm25().retrieve("replicating standby", 1).get(0).chunk().id())
          .startsWith(source(7));
      Chunk c = hits.get(0).chunk();
      Chunk expected =
          corpus().stream().filter(x -> x.id().equals(c.id())).findFirst().orElseThrow();
      assertThat(c.text()).isEqualTo(expected.text());
      assertThat(c.metadata())
          .containsEntry(ChunkMetadata.TITLE, "Title 0")
          .containsEntry(ChunkMetadata.SECTION, expected.metadata().get(ChunkMetadata.SECTION))
          .containsEntry(ChunkMetadata.INDEX, c.id().substring(c.id().indexOf('#') + 1));
    }
  }

  @Test
  void titleAndSectionAreSearchedWithALowerBoost() {
    try (Backend b = corpusBackend()) {
      // "Examples" chunks share no topic words; the title field finds them
      assertThat(b.bm25().retrieve("title 4 examples", 3).get(0).chunk().id())
          .isEqualTo(source(4) + "#2");
    }
  }

  @Test
  void specialCharactersInQueriesNeverThrow() {
    try (Backend b = corpusBackend()) {
      List<String> queries =
          List.of(
              "title:(vacuum",
              "\"unbalanced quote vacuum",
              "vacuum AND OR NOT",
              "a:b:c [1 TO 5] {x} ~2 ^3 * ? \\ / ! && ||",
              "pg_dump --format=custom",
              "SELECT * FROM t WHERE a = 'x';",
              "/regex.*/",
              "{!knn f=vector topK=3}[1,2]",
              "+-!():^[]\"{}~*?|&/\\");
      for (String q : queries) {
        assertThat(b.bm25().retrieve(q, 3)).as(q).isNotNull();
        assertThat(b.hybrid().retrieve(q, 3)).as(q).isNotNull();
      }
      assertThat(b.bm25().retrieve("vacuum:", 1).get(0).chunk().id()).startsWith(source(0));
      assertThat(b.bm25().retrieve("(pg_dump)", 1).get(0).chunk().id()).startsWith(source(6));
    }
  }

  @Test
  void stopWordOnlyQueryReturnsNothingFromBm25() {
    try (Backend b = corpusBackend()) {
      assertThat(b.bm25().retrieve("the of and", 5)).isEmpty();
    }
  }

  @Test
  void repeatedQueryTermsCountLikeRepetition() {
    try (Backend b = corpusBackend()) {
      double once = b.bm25().retrieve("vacuum", 1).get(0).score();
      double twice = b.bm25().retrieve("vacuum VACUUM vacuums", 1).get(0).score();
      assertThat(twice).isCloseTo(3 * once, within(1e-4));
    }
  }

  @Test
  void denseFindsTheChunkWithTheSameWordsAndKBoundsTheResult() {
    try (Backend b = corpusBackend()) {
      Chunk target = IndexTestSupport.chunks(5).get(0);
      List<ScoredChunk> hits = b.dense().retrieve(target.text(), 3);
      assertThat(hits).hasSize(3);
      assertThat(hits.get(0).chunk().id()).isEqualTo(target.id());
      assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-4));
      assertThat(b.dense().retrieve(target.text(), 100)).hasSize(30);
      assertThat(ids(b.dense().retrieve(target.text(), 100))).doesNotHaveDuplicates();
    }
  }

  @Test
  void hybridFusesBothListsWithReciprocalRanks() {
    try (Backend b = corpusBackend()) {
      String q = "create index on columns";
      List<ScoredChunk> hits = b.hybrid().retrieve(q, 5);
      assertThat(hits).hasSize(5);
      assertThat(ids(hits)).doesNotHaveDuplicates();
      // every fused score is a sum of 1 / (60 + rank) over at most two lists
      for (ScoredChunk sc : hits) {
        assertThat(sc.score()).isPositive().isLessThanOrEqualTo(2.0 / 61 + 1e-9);
      }
      // the chunk first in both lists is first after fusion
      String bm25First = b.bm25().retrieve(q, 1).get(0).chunk().id();
      String denseFirst = b.dense().retrieve(q, 1).get(0).chunk().id();
      if (bm25First.equals(denseFirst)) {
        assertThat(hits.get(0).chunk().id()).isEqualTo(bm25First);
        assertThat(hits.get(0).score()).isCloseTo(2.0 / 61, within(1e-9));
      }
      assertThat(ids(hits)).contains(bm25First, denseFirst);
    }
  }

  /**
   * Dense top-K equals exact (brute-force) cosine ranking over every chunk: on a sharded backend
   * this fails if per-shard candidate lists are cut below K before the merge.
   */
  @Test
  void denseTopKEqualsExactSearchOverAllChunks() {
    Random rnd = new Random(42);
    int n = 240;
    List<Chunk> chunks = new ArrayList<>();
    float[][] vectors = new float[n][DIM];
    for (int i = 0; i < n; i++) {
      String src = "rand" + (i / 4) + ".html";
      chunks.add(IndexTestSupport.chunk(src, i % 4, "random chunk " + i, "Random", "R"));
      for (int d = 0; d < DIM; d++) {
        vectors[i][d] = (float) rnd.nextGaussian();
      }
    }
    Map<String, float[]> byId = new HashMap<>();
    for (int i = 0; i < n; i++) {
      byId.put(chunks.get(i).id(), vectors[i]);
    }
    try (Backend b = open("random", chunks, vectors, embedder)) {
      List<String> queries =
          List.of("vacuum dead tuples", "replication standby", "json operators", "table columns");
      for (String q : queries) {
        float[] qv = embedder.embedQueries(List.of(q))[0];
        List<double[]> exact = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          exact.add(new double[] {i, cosine(qv, vectors[i])});
        }
        exact.sort(Comparator.comparingDouble((double[] x) -> -x[1]));
        for (int k : new int[] {1, 10, 25}) {
          List<ScoredChunk> hits = b.dense().retrieve(q, k);
          assertThat(hits).as(q + " k=" + k).hasSize(k);
          for (int r = 0; r < k; r++) {
            ScoredChunk hit = hits.get(r);
            assertThat(hit.score())
                .as(q + " k=" + k + " rank " + r)
                .isCloseTo(exact.get(r)[1], within(1e-4));
            assertThat(cosine(qv, byId.get(hit.chunk().id())))
                .as("reported score of " + hit.chunk().id())
                .isCloseTo(hit.score(), within(1e-4));
          }
        }
      }
    }
  }

  @Test
  void emptyCorpusGivesEmptyResults() {
    try (Backend b = open("empty", List.of(), new float[0][], embedder)) {
      assertThat(b.bm25().retrieve("vacuum", 5)).isEmpty();
      assertThat(b.dense().retrieve("vacuum", 5)).isEmpty();
      assertThat(b.hybrid().retrieve("vacuum", 5)).isEmpty();
    }
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
