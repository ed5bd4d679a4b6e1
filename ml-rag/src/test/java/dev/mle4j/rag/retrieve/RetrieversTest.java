package dev.mle4j.rag.retrieve;

import static dev.mle4j.rag.index.IndexTestSupport.DIM;
import static dev.mle4j.rag.index.IndexTestSupport.corpusIndex;
import static dev.mle4j.rag.index.IndexTestSupport.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.index.IndexTestSupport;
import dev.mle4j.rag.index.LuceneIndex;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrieversTest {

  @TempDir Path dir;

  private final IndexTestSupport.HashEmbedder embedder = new IndexTestSupport.HashEmbedder(DIM);

  @Test
  void everyStrategyFindsTheRelevantSource() {
    try (LuceneIndex index = corpusIndex(dir)) {
      Retrievers factory =
          Retrievers.builder(index)
              .embedder(embedder)
              .reranker(new EmbeddingReranker(embedder))
              .bm25(1.2f, 0.75f)
              .candidates(20)
              .build();
      for (RetrievalStrategy s : RetrievalStrategy.values()) {
        Retriever r = factory.create(s.id());
        List<ScoredChunk> hits = r.retrieve("pg_dump backup snapshot of a database", 3);
        assertThat(hits).as(s.id()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat(hits.get(0).chunk().id()).as(s.id()).startsWith(source(6));
        assertThatThrownBy(() -> r.retrieve("x", 0))
            .as(s.id())
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.retrieve("  ", 3))
            .as(s.id())
            .isInstanceOf(IllegalArgumentException.class);
      }
      assertThat(factory.create(RetrievalStrategy.HYBRID)).isInstanceOf(HybridRetriever.class);
      assertThat(factory.create("hybrid-mmr")).isInstanceOf(RerankingRetriever.class);
    }
  }

  @Test
  void denseRetrieverScoresAreCosines() {
    try (LuceneIndex index = corpusIndex(dir)) {
      DenseRetriever dense = new DenseRetriever(index, embedder);
      List<ScoredChunk> hits =
          dense.retrieve("triggers run a function when rows are inserted updated or deleted.", 2);
      assertThat(hits.get(0).chunk().id()).isEqualTo(source(8) + "#0");
      assertThat(hits.get(0).score()).isBetween(0.99, 1.0001);
      Bm25Retriever bm25 = new Bm25Retriever(index, 0.9f, 0.4f);
      assertThat(bm25.params().k1()).isEqualTo(0.9f);
      assertThat(bm25.retrieve("json", 1).get(0).chunk().id()).startsWith(source(9));
    }
  }

  @Test
  void missingPiecesAndMismatchesFailClearly() {
    try (LuceneIndex index = corpusIndex(dir)) {
      Retrievers bm25Only = Retrievers.builder(index).build();
      assertThat(bm25Only.create("bm25").retrieve("vacuum", 1)).hasSize(1);
      assertThatThrownBy(() -> bm25Only.create("dense"))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("dense needs an embedder");
      Retrievers noReranker = Retrievers.builder(index).embedder(embedder).build();
      assertThatThrownBy(() -> noReranker.create("hybrid-rerank"))
          .hasMessageContaining("needs a reranker");
      assertThatThrownBy(() -> noReranker.create("sparse"))
          .hasMessageContaining("unknown retrieval strategy 'sparse'")
          .hasMessageContaining("bm25, dense, hybrid, hybrid-weighted, hybrid-rerank, hybrid-mmr");
      assertThatThrownBy(() -> new DenseRetriever(index, new IndexTestSupport.HashEmbedder(32)))
          .isInstanceOf(MlException.class)
          .hasMessageContaining(
              "built with model hash-bow-64 (dim 64); asked for hash-bow-64 (dim 32)");
    }
  }
}
