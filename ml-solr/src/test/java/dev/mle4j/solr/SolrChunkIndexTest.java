package dev.mle4j.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.index.IndexTestSupport;
import dev.mle4j.rag.ingest.IngestReport;
import dev.mle4j.rag.ingest.Ingestor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Indexing into SolrCloud: the ingest pipeline, bulk JSONL and Parquet, and bad input. */
@ExtendWith(SolrCluster.Extension.class)
class SolrChunkIndexTest {
  private static final int DIM = IndexTestSupport.DIM;

  @TempDir Path dir;

  private final IndexTestSupport.HashEmbedder embedder = new IndexTestSupport.HashEmbedder(DIM);

  private static List<Chunk> corpus() {
    List<Chunk> all = new ArrayList<>();
    for (int s = 0; s < IndexTestSupport.TOPICS.size(); s++) {
      all.addAll(IndexTestSupport.chunks(s));
    }
    return all;
  }

  @Test
  void ingestorWritesIncrementallyIntoSolr(SolrCluster solr) throws Exception {
    solr.createOnce(CollectionSpec.of("ingest", 2, 1, DIM));
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(
        docs.resolve("vacuum.md"), "# Vacuum\n\nVacuum reclaims storage of dead tuples.\n");
    Files.writeString(
        docs.resolve("wal.md"), "# WAL\n\nWrite ahead logging guarantees durability.\n");
    Files.writeString(docs.resolve("json.md"), "# JSON\n\nThe jsonb type stores documents.\n");
    try (SolrChunkIndex index = SolrChunkIndex.builder(solr.client(), "ingest").build()) {
      assertThat(index.dimension()).isEqualTo(DIM);
      Ingestor ingestor = Ingestor.builder().store(index).embedder(embedder).build();
      IngestReport first = ingestor.ingest(docs);
      assertThat(first.added()).isEqualTo(3);
      int chunks = index.chunkCount();
      assertThat(chunks).isEqualTo(first.chunksWritten()).isGreaterThanOrEqualTo(3);
      assertThat(index.sourceHashes()).containsOnlyKeys("vacuum.md", "wal.md", "json.md");

      IngestReport again = ingestor.ingest(docs);
      assertThat(again.unchanged()).isEqualTo(3);
      assertThat(again.added() + again.updated()).isZero();

      Files.writeString(docs.resolve("vacuum.md"), "# Vacuum\n\nAutovacuum launcher zyzzyva.\n");
      Files.delete(docs.resolve("json.md"));
      IngestReport changed = ingestor.ingest(docs);
      assertThat(changed.updated()).isEqualTo(1);
      assertThat(changed.deleted()).isEqualTo(1);
      assertThat(index.sourceHashes()).containsOnlyKeys("vacuum.md", "wal.md");

      SolrRetriever bm25 = SolrRetriever.builder(solr.client(), "ingest").build();
      List<ScoredChunk> hits = bm25.retrieve("zyzzyva", 5);
      assertThat(hits).hasSize(1);
      assertThat(hits.get(0).chunk().metadata()).containsEntry("source", "vacuum.md");
      assertThat(bm25.retrieve("dead tuples", 5)).isEmpty();
      assertThat(bm25.retrieve("jsonb", 5)).isEmpty();
    }
  }

  @Test
  void jsonlBulkIndexRoundTripsChunksAndVectors(SolrCluster solr) {
    solr.createOnce(CollectionSpec.of("bulk-jsonl", 2, 1, DIM));
    List<Chunk> chunks = corpus();
    float[][] vectors = IndexTestSupport.vectors(embedder, chunks);
    Path file = dir.resolve("chunks.jsonl.gz");
    ChunkVectorFiles.writeJsonl(file, chunks, vectors);
    List<ChunkVectorFiles.ChunkVector> back = ChunkVectorFiles.readAll(file);
    assertThat(back).hasSize(30);
    assertThat(back.get(4).chunk()).isEqualTo(chunks.get(4));
    assertThat(back.get(4).vector()).containsExactly(vectors[4]);
    try (SolrChunkIndex index =
        SolrChunkIndex.builder(solr.client(), "bulk-jsonl").batchSize(7).build()) {
      assertThat(index.indexFile(file)).isEqualTo(30);
      assertThat(index.chunkCount()).isEqualTo(30);
      // metadata keys beyond the schema's fields survive (metadata_json)
      Chunk extra =
          new Chunk(
              "x.html#0", "zyzzyva extra", Map.of("source", "x.html", "lang", "en", "tokens", "2"));
      index.add(List.of(extra), embedder.embed(List.of(extra.text())));
      index.commit();
      SolrRetriever dense =
          SolrRetriever.builder(solr.client(), "bulk-jsonl")
              .mode(SolrRetriever.Mode.DENSE)
              .embedder(embedder)
              .build();
      List<ScoredChunk> hits = dense.retrieve(chunks.get(7).text(), 1);
      assertThat(hits.get(0).chunk()).isEqualTo(chunks.get(7));
      assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-4));
      assertThat(dense.retrieve("zyzzyva extra", 1).get(0).chunk()).isEqualTo(extra);
    }
  }

  @Test
  void parquetFromTheSparkJobIsIndexed(SolrCluster solr) throws Exception {
    solr.createOnce(CollectionSpec.of("bulk-parquet", 2, 1, DIM));
    List<Chunk> chunks = corpus();
    float[][] vectors = IndexTestSupport.vectors(embedder, chunks);
    Path file = dir.resolve("part-00000.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE t (chunk_id VARCHAR, doc_id VARCHAR, text VARCHAR, title VARCHAR,"
              + " section VARCHAR, chunk_index VARCHAR, vector FLOAT[])");
      for (int i = 0; i < chunks.size(); i++) {
        Chunk ch = chunks.get(i);
        Map<String, String> m = ch.metadata();
        st.execute(
            "INSERT INTO t VALUES ('"
                + ch.id()
                + "', '"
                + m.get("source")
                + "', '"
                + ch.text().replace("'", "''")
                + "', '"
                + m.get("title")
                + "', '"
                + m.get("section")
                + "', '"
                + m.get("chunk_index")
                + "', '"
                + SolrDocs.vectorLiteral(vectors[i])
                + "'::FLOAT[])");
      }
      st.execute("COPY t TO '" + file + "' (FORMAT PARQUET)");
    }
    List<ChunkVectorFiles.ChunkVector> back = ChunkVectorFiles.readAll(file);
    assertThat(back).hasSize(30);
    for (int i = 0; i < 30; i++) {
      assertThat(back.get(i).chunk()).isEqualTo(chunks.get(i));
      assertThat(back.get(i).vector()).containsExactly(vectors[i]);
    }
    try (SolrChunkIndex index = SolrChunkIndex.builder(solr.client(), "bulk-parquet").build()) {
      assertThat(index.indexFile(file)).isEqualTo(30);
      assertThat(index.chunkCount()).isEqualTo(30);
    }
    // a folder of part files reads the same
    assertThat(ChunkVectorFiles.readAll(dir)).hasSize(30);
  }

  @Test
  void badInputGetsClearErrors(SolrCluster solr) throws Exception {
    solr.createOnce(CollectionSpec.of("bad-input", 1, 1, DIM));
    assertThatThrownBy(() -> ChunkVectorFiles.readAll(dir.resolve("none.jsonl")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no chunk file at");
    Path csv = Files.writeString(dir.resolve("chunks.csv"), "a,b\n");
    assertThatThrownBy(() -> ChunkVectorFiles.readAll(csv))
        .hasMessageContaining("expected .jsonl, .jsonl.gz or .parquet");
    Path bad =
        Files.writeString(
            dir.resolve("bad.jsonl"), "{\"id\":\"a#0\",\"text\":\"t\",\"vector\":[1]}\nnot json\n");
    assertThatThrownBy(() -> ChunkVectorFiles.readAll(bad))
        .hasMessageContaining("line 2 is not JSON");
    Path noVector =
        Files.writeString(dir.resolve("nov.jsonl"), "{\"id\":\"a#0\",\"text\":\"t\"}\n");
    assertThatThrownBy(() -> ChunkVectorFiles.readAll(noVector))
        .hasMessageContaining("line 1 needs a non-empty number array 'vector'");
    try (SolrChunkIndex index = SolrChunkIndex.builder(solr.client(), "bad-input").build()) {
      List<Chunk> c = IndexTestSupport.chunks(0);
      assertThatThrownBy(() -> index.add(c, new float[][] {{1f, 2f, 3f}, {1f}, {1f}}))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("has dim 3; the collection holds vectors of dim 64");
      assertThatThrownBy(() -> index.add(c, new float[3][DIM])).hasMessageContaining("all zeros");
      assertThatThrownBy(() -> index.add(c, new float[2][DIM]))
          .hasMessageContaining("3 chunks but 2 vectors");
      float[][] v = IndexTestSupport.vectors(embedder, c);
      assertThatThrownBy(() -> index.replaceSource("doc1.html", "h", c, v))
          .hasMessageContaining("metadata source 'doc0.html'");
      assertThatThrownBy(
              () ->
                  index.replaceSource(
                      "doc0.html", "h", List.of(c.get(0), c.get(0)), new float[][] {v[0], v[0]}))
          .hasMessageContaining("duplicate chunk id");
      index.commit();
      assertThat(index.chunkCount()).isZero();
    }
    assertThatThrownBy(
            () ->
                SolrRetriever.builder(solr.client(), "bad-input")
                    .mode(SolrRetriever.Mode.DENSE)
                    .build())
        .hasMessageContaining("dense needs an embedder");
    assertThatThrownBy(
            () ->
                SolrRetriever.builder(solr.client(), "bad-input")
                    .mode(SolrRetriever.Mode.HYBRID)
                    .embedder(new IndexTestSupport.HashEmbedder(32))
                    .build())
        .hasMessageContaining("holds vectors of dim 64; embedder hash-bow-64 has dim 32");
    assertThatThrownBy(() -> SolrRetriever.Mode.of("sparse"))
        .hasMessageContaining("unknown Solr retrieval mode 'sparse'")
        .hasMessageContaining("bm25, dense, hybrid, hybrid-solr-rerank");
    assertThatThrownBy(() -> SolrChunkIndex.builder(solr.client(), "no-such-collection").build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no-such-collection");
  }
}
