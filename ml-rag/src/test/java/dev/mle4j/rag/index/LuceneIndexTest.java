package dev.mle4j.rag.index;

import static dev.mle4j.rag.index.IndexTestSupport.DIM;
import static dev.mle4j.rag.index.IndexTestSupport.EMBEDDER;
import static dev.mle4j.rag.index.IndexTestSupport.chunk;
import static dev.mle4j.rag.index.IndexTestSupport.chunks;
import static dev.mle4j.rag.index.IndexTestSupport.corpusIndex;
import static dev.mle4j.rag.index.IndexTestSupport.source;
import static dev.mle4j.rag.index.IndexTestSupport.vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.ingest.ChunkMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneIndexTest {

  private final IndexTestSupport.HashEmbedder embedder = new IndexTestSupport.HashEmbedder(DIM);

  @TempDir Path dir;

  private static List<String> ids(List<ScoredChunk> results) {
    return results.stream().map(sc -> sc.chunk().id()).toList();
  }

  @Test
  void bm25RanksTheChunkWithTheExactTermFirst() {
    try (LuceneIndex index = corpusIndex(dir)) {
      assertThat(index.chunkCount()).isEqualTo(30);
      List<ScoredChunk> hits = index.bm25("vacuum", 5);
      assertThat(hits).isNotEmpty();
      assertThat(hits.get(0).chunk().metadata()).containsEntry(ChunkMetadata.SOURCE, source(0));
      assertThat(hits.get(0).chunk().text()).contains("vacuum");
      assertThat(hits.get(0).score()).isPositive();
      // stemming: "replicating" finds "replication"
      assertThat(index.bm25("replicating standby", 1).get(0).chunk().id()).startsWith(source(7));
      // the chunk comes back with its metadata
      Chunk c = hits.get(0).chunk();
      assertThat(c.metadata())
          .containsEntry(ChunkMetadata.TITLE, "Title 0")
          .containsEntry(ChunkMetadata.INDEX, c.id().substring(c.id().indexOf('#') + 1));
    }
  }

  @Test
  void titleAndSectionAreSearchedWithALowerBoost() {
    try (LuceneIndex index = corpusIndex(dir)) {
      // "Examples" chunks share no topic words; the title field finds them
      List<ScoredChunk> hits = index.bm25("title 4 examples", 3);
      assertThat(hits.get(0).chunk().id()).isEqualTo(source(4) + "#2");
    }
  }

  @Test
  void specialCharactersInQueriesNeverThrow() {
    try (LuceneIndex index = corpusIndex(dir)) {
      List<String> queries =
          List.of(
              "title:(vacuum",
              "\"unbalanced quote vacuum",
              "vacuum AND OR NOT",
              "a:b:c [1 TO 5] {x} ~2 ^3 * ? \\ / ! && ||",
              "pg_dump --format=custom",
              "SELECT * FROM t WHERE a = 'x';",
              "/regex.*/",
              "+-!():^[]\"{}~*?|&/\\");
      for (String q : queries) {
        assertThat(index.bm25(q, 3)).as(q).isNotNull();
      }
      assertThat(index.bm25("vacuum:", 1).get(0).chunk().id()).startsWith(source(0));
      assertThat(index.bm25("(pg_dump)", 1).get(0).chunk().id()).startsWith(source(6));
    }
  }

  @Test
  void veryLongQueriesFailClearlyOrWork() {
    try (LuceneIndex index = corpusIndex(dir)) {
      StringBuilder medium = new StringBuilder("vacuum");
      for (int i = 0; i < 330; i++) {
        medium.append(" word").append(i).append(" the word").append(i);
      }
      assertThat(index.bm25(medium.toString(), 1).get(0).chunk().id()).startsWith(source(0));
      StringBuilder huge = new StringBuilder("vacuum");
      for (int i = 0; i < 5000; i++) {
        huge.append(" word").append(i);
      }
      assertThatThrownBy(() -> index.bm25(huge.toString(), 1))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("query too long for BM25: 5001 distinct terms, at most 340");
    }
  }

  @Test
  void stopWordOnlyQueryReturnsNothing() {
    try (LuceneIndex index = corpusIndex(dir)) {
      assertThat(index.bm25("the of and", 5)).isEmpty();
    }
  }

  @Test
  void repeatedQueryTermsCountLikeRepetition() {
    try (LuceneIndex index = corpusIndex(dir)) {
      double once = index.bm25("vacuum", 1).get(0).score();
      double twice = index.bm25("vacuum VACUUM vacuums", 1).get(0).score();
      assertThat(twice).isCloseTo(3 * once, within(1e-4));
    }
  }

  @Test
  void bm25ParametersChangeScores() {
    try (LuceneIndex index = corpusIndex(dir)) {
      double defaults = index.bm25("table", 1).get(0).score();
      double noLengthNorm = index.bm25("table", 1, new Bm25Params(1.2f, 0f)).get(0).score();
      double lowK1 = index.bm25("table", 1, new Bm25Params(0.3f, 0.75f)).get(0).score();
      assertThat(noLengthNorm).isNotCloseTo(defaults, within(1e-6));
      assertThat(lowK1).isNotCloseTo(defaults, within(1e-6));
      assertThat(index.bm25Params()).isEqualTo(Bm25Params.DEFAULTS);
    }
    assertThatThrownBy(() -> new Bm25Params(-1f, 0.5f)).hasMessageContaining("k1");
    assertThatThrownBy(() -> new Bm25Params(1f, 1.5f)).hasMessageContaining("b must be in [0, 1]");
  }

  @Test
  void knnFindsTheChunkWithTheSameWords() {
    try (LuceneIndex index = corpusIndex(dir)) {
      Chunk target = chunks(5).get(0);
      float[] q = embedder.embedQueries(List.of(target.text()))[0];
      List<ScoredChunk> hits = index.knn(q, 3);
      assertThat(hits).hasSize(3);
      assertThat(hits.get(0).chunk().id()).isEqualTo(target.id());
      assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-4));
      assertThat(hits.get(1).score()).isLessThanOrEqualTo(hits.get(0).score());
      // un-normalised query vectors are normalised first
      float[] scaled = q.clone();
      for (int i = 0; i < scaled.length; i++) {
        scaled[i] *= 7f;
      }
      assertThat(ids(index.knn(scaled, 3))).isEqualTo(ids(hits));
      assertThat(ids(index.knn(q, 3, 10))).containsExactlyElementsOf(ids(hits));
    }
  }

  @Test
  void getAndVectorReturnStoredChunks() {
    try (LuceneIndex index = corpusIndex(dir)) {
      Chunk expected = chunks(2).get(1);
      assertThat(index.get(expected.id())).contains(expected);
      assertThat(index.get("missing#0")).isEmpty();
      float[] v = index.vector(expected.id()).orElseThrow();
      float[] e = embedder.embed(List.of(expected.text()))[0];
      for (int i = 0; i < DIM; i++) {
        assertThat(v[i]).isCloseTo(e[i], within(1e-5f));
      }
      assertThat(index.vector("missing#0")).isEmpty();
      assertThat(index.vectors()).hasSize(30);
      assertThat(index.dimension()).isEqualTo(DIM);
      assertThat(index.embedderName()).isEqualTo(EMBEDDER);
      assertThat(index.analyzer()).isEqualTo(TextAnalyzer.ENGLISH);
    }
  }

  @Test
  void replaceSourceLeavesNoStaleChunks() {
    try (LuceneIndex index = corpusIndex(dir)) {
      List<Chunk> fresh =
          List.of(
              chunk(source(0), 0, "autovacuum launcher settings", "Title 0", "New"),
              chunk(source(0), 1, "freeze horizon and wraparound", "Title 0", "New"));
      index.replaceSource(source(0), "hash0-v2", fresh, vectors(embedder, fresh));
      index.commit();
      assertThat(index.chunkCount()).isEqualTo(29);
      assertThat(index.get(source(0) + "#2")).isEmpty();
      assertThat(index.get(source(0) + "#0").orElseThrow().text()).contains("autovacuum");
      assertThat(index.bm25("dead tuples", 5))
          .noneMatch(sc -> sc.chunk().id().startsWith(source(0)));
      assertThat(index.sourceHashes()).containsEntry(source(0), "hash0-v2").hasSize(10);
      assertThat(index.vectors()).hasSize(29);
    }
  }

  @Test
  void deleteSourceRemovesChunksAndHash() {
    try (LuceneIndex index = corpusIndex(dir)) {
      index.deleteSource(source(3));
      index.commit();
      assertThat(index.chunkCount()).isEqualTo(27);
      assertThat(index.sourceHashes()).doesNotContainKey(source(3)).hasSize(9);
      assertThat(index.bm25("referential integrity", 5))
          .noneMatch(sc -> sc.chunk().id().startsWith(source(3)));
      index.deleteSource("never-indexed.html");
      index.commit();
      assertThat(index.chunkCount()).isEqualTo(27);
    }
  }

  @Test
  void sourceHashesAndSettingsSurviveReopening() {
    try (LuceneIndex index = corpusIndex(dir)) {
      assertThat(index.sourceHashes()).hasSize(10).containsEntry(source(9), "hash9");
    }
    try (LuceneIndex index = LuceneIndex.open(dir)) {
      assertThat(index.sourceHashes()).hasSize(10).containsEntry(source(9), "hash9");
      assertThat(index.chunkCount()).isEqualTo(30);
      assertThat(index.dimension()).isEqualTo(DIM);
      assertThat(index.embedderName()).isEqualTo(EMBEDDER);
      assertThat(index.bm25("vacuum", 1)).hasSize(1);
    }
    try (LuceneIndex index =
        LuceneIndex.builder(dir).dimension(DIM).embedderName(EMBEDDER).build()) {
      assertThat(index.chunkCount()).isEqualTo(30);
    }
  }

  @Test
  void searchesSeeOldContentUntilCommitAndCloseRollsBack() {
    try (LuceneIndex index = corpusIndex(dir)) {
      List<Chunk> fresh = List.of(chunk(source(1), 0, "zyzzyva text", "T", "S"));
      index.replaceSource(source(1), "new", fresh, vectors(embedder, fresh));
      index.deleteSource(source(2));
      // not committed: readers still see the old content
      assertThat(index.chunkCount()).isEqualTo(30);
      assertThat(index.get(source(1) + "#2")).isPresent();
      assertThat(index.bm25("zyzzyva", 5)).isEmpty();
      assertThat(index.sourceHashes()).containsEntry(source(1), "hash1");
      assertThat(index.bm25("create index relation", 1).get(0).chunk().id()).startsWith(source(2));
    }
    // closed without commit: rolled back
    try (LuceneIndex index = LuceneIndex.open(dir)) {
      assertThat(index.chunkCount()).isEqualTo(30);
      assertThat(index.sourceHashes()).containsEntry(source(1), "hash1");
    }
  }

  @Test
  void concurrentSearchesDuringIngestSeeWholeSources() throws Exception {
    try (LuceneIndex index = corpusIndex(dir)) {
      replaceVersion(index, -1);
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<Integer>> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          readers.add(
              pool.submit(
                  () -> {
                    int checks = 0;
                    while (!stop.get() || checks == 0) {
                      // source 4 always has exactly 3 chunks, old or new version
                      long n =
                          index.bm25("planner costs plan query version", 30).stream()
                              .filter(sc -> sc.chunk().id().startsWith(source(4)))
                              .count();
                      if (n != 3) {
                        throw new AssertionError("saw " + n + " chunks of a source");
                      }
                      assertThat(index.chunkCount()).isEqualTo(30);
                      checks++;
                    }
                    return checks;
                  }));
        }
        for (int round = 0; round < 20; round++) {
          replaceVersion(index, round);
        }
        stop.set(true);
        for (Future<Integer> f : readers) {
          assertThat(f.get()).isPositive();
        }
      } finally {
        stop.set(true);
        pool.shutdown();
      }
      assertThat(index.sourceHashes()).containsEntry(source(4), "v19");
    }
  }

  private void replaceVersion(LuceneIndex index, int round) {
    List<Chunk> c = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      c.add(chunk(source(4), i, "query plan version " + round + " part " + i, "Title 4", "S"));
    }
    index.replaceSource(source(4), "v" + round, c, vectors(embedder, c));
    index.commit();
  }

  @Test
  void reopeningWithAnotherModelOrDimensionFailsClearly() {
    corpusIndex(dir).close();
    assertThatThrownBy(() -> LuceneIndex.builder(dir).dimension(384).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining(
            "built with model hash-bow-64 (dim 64); asked for hash-bow-64 (dim 384)");
    assertThatThrownBy(
            () -> LuceneIndex.builder(dir).dimension(DIM).embedderName("all-minilm-l6-v2").build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("built with model hash-bow-64 (dim 64); asked for all-minilm-l6-v2");
    assertThatThrownBy(() -> LuceneIndex.builder(dir).analyzer(TextAnalyzer.STANDARD).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("analyzer ENGLISH");
    // the failed opens released the directory
    try (LuceneIndex index = LuceneIndex.open(dir)) {
      assertThat(index.chunkCount()).isEqualTo(30);
    }
  }

  @Test
  void emptyIndexGivesEmptyResults() {
    try (LuceneIndex index = LuceneIndex.builder(dir).dimension(DIM).build()) {
      assertThat(index.chunkCount()).isZero();
      assertThat(index.sourceHashes()).isEmpty();
      assertThat(index.bm25("vacuum", 5)).isEmpty();
      assertThat(index.knn(embedder.embed(List.of("vacuum"))[0], 5)).isEmpty();
      assertThat(index.vectors()).isEmpty();
      assertThat(new ExactVectorSearch(index).search(embedder.embed(List.of("x"))[0], 3)).isEmpty();
      assertThat(index.embedderName()).isEmpty();
    }
  }

  @Test
  void badInputsGetClearErrors() {
    assertThatThrownBy(() -> LuceneIndex.open(dir.resolve("nothing")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no index at");
    assertThat(dir.resolve("nothing")).doesNotExist();
    assertThatThrownBy(() -> LuceneIndex.builder(dir.resolve("new")).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("needs a vector dimension");
    try (LuceneIndex index = corpusIndex(dir)) {
      float[] q = embedder.embed(List.of("vacuum"))[0];
      assertThatThrownBy(() -> index.bm25("vacuum", 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("k must be > 0");
      assertThatThrownBy(() -> index.bm25("  ", 3)).hasMessageContaining("blank");
      assertThatThrownBy(() -> index.knn(q, -1)).hasMessageContaining("k must be > 0");
      assertThatThrownBy(() -> index.knn(new float[3], 1))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("has dim 3")
          .hasMessageContaining("(dim 64)");
      assertThatThrownBy(() -> index.knn(new float[DIM], 1)).hasMessageContaining("all zeros");
      float[] nan = q.clone();
      nan[0] = Float.NaN;
      assertThatThrownBy(() -> index.knn(nan, 1)).hasMessageContaining("non-finite");
      List<Chunk> c = chunks(0);
      assertThatThrownBy(() -> index.replaceSource(source(0), "h", c, null))
          .hasMessageContaining("none given");
      assertThatThrownBy(() -> index.replaceSource(source(0), "h", c, new float[2][DIM]))
          .hasMessageContaining("3 chunks but 2 vectors");
      assertThatThrownBy(() -> index.replaceSource(source(1), "h", c, vectors(embedder, c)))
          .hasMessageContaining("metadata source 'doc0.html'");
      List<Chunk> dup = List.of(c.get(0), c.get(0));
      assertThatThrownBy(() -> index.replaceSource(source(0), "h", dup, vectors(embedder, dup)))
          .hasMessageContaining("duplicate chunk id");
      assertThatThrownBy(() -> index.replaceSource(" ", "h", c, vectors(embedder, c)))
          .hasMessageContaining("source must not be null or blank");
      // a second writer on the same directory
      assertThatThrownBy(() -> LuceneIndex.open(dir))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("already open");
      // nothing above changed the index
      index.commit();
      assertThat(index.chunkCount()).isEqualTo(30);
    }
  }

  @Test
  void closedIndexRefusesWork() {
    LuceneIndex index = corpusIndex(dir);
    index.close();
    index.close();
    assertThatThrownBy(() -> index.bm25("vacuum", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void textOnlyIndexAndStandardAnalyzer() {
    try (LuceneIndex index =
        LuceneIndex.builder(dir).dimension(0).analyzer(TextAnalyzer.STANDARD).build()) {
      List<Chunk> c = List.of(chunk("a.html", 0, "Running the servers", "A", "S"));
      index.replaceSource("a.html", "h", c, null);
      index.commit();
      assertThat(index.bm25("running", 1)).hasSize(1);
      // no stemming with the standard analyzer
      assertThat(index.bm25("run", 1)).isEmpty();
      // no stop words either
      assertThat(index.bm25("the", 1)).hasSize(1);
      assertThatThrownBy(() -> index.knn(new float[] {1f}, 1)).hasMessageContaining("text-only");
      assertThatThrownBy(() -> index.replaceSource("a.html", "h", c, new float[][] {{1f}}))
          .hasMessageContaining("text-only");
    }
    try (LuceneIndex english = LuceneIndex.builder(dir.resolve("en")).dimension(0).build()) {
      english.replaceSource(
          "a.html", "h", List.of(chunk("a.html", 0, "Running the servers", "A", "S")), null);
      english.commit();
      assertThat(english.bm25("run", 1)).hasSize(1);
      assertThat(english.sourceHashes()).isEqualTo(Map.of("a.html", "h"));
    }
  }

  @Test
  void readOnlyInstancesShareTheIndexWithAWriterAndSeeItsCommits() {
    Path shared = dir.resolve("shared");
    IndexTestSupport.HashEmbedder e = new IndexTestSupport.HashEmbedder(IndexTestSupport.DIM);
    try (LuceneIndex writer =
        LuceneIndex.builder(shared)
            .dimension(IndexTestSupport.DIM)
            .embedderName(IndexTestSupport.EMBEDDER)
            .build()) {
      List<Chunk> first = IndexTestSupport.chunks(0);
      writer.replaceSource(IndexTestSupport.source(0), "h0", first, e.embed(texts(first)));
      writer.commit();
      try (LuceneIndex reader = LuceneIndex.openReadOnly(shared);
          LuceneIndex second = LuceneIndex.openReadOnly(shared)) {
        assertThat(reader.isReadOnly()).isTrue();
        assertThat(reader.chunkCount()).isEqualTo(3);
        assertThat(second.embedderName()).isEqualTo(IndexTestSupport.EMBEDDER);
        List<Chunk> more = IndexTestSupport.chunks(1);
        writer.replaceSource(IndexTestSupport.source(1), "h1", more, e.embed(texts(more)));
        writer.commit();
        reader.refresh();
        assertThat(reader.chunkCount()).isEqualTo(6);
        assertThatThrownBy(() -> reader.deleteSource(IndexTestSupport.source(0)))
            .hasMessageContaining("read-only");
        assertThatThrownBy(() -> reader.commit()).hasMessageContaining("read-only");
      }
    }
    assertThatThrownBy(() -> LuceneIndex.openReadOnly(dir.resolve("missing")))
        .hasMessageContaining("no index at");
  }

  private static List<String> texts(List<Chunk> chunks) {
    return chunks.stream().map(Chunk::text).toList();
  }
}
