package dev.mle4j.rag.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.ingest.ChunkMetadata;
import dev.mle4j.rag.ingest.IngestReport;
import dev.mle4j.rag.ingest.Ingestor;
import dev.mle4j.rag.ingest.PostgresManual;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index on real pages: SQL command reference pages of the PostgreSQL manual (skipped if
 * absent).
 */
class PostgresManualIndexTest {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresManualIndexTest.class);

  /** The CREATE pages plus these keep the test at a few seconds. */
  private static final Set<String> EXTRA_PAGES =
      Set.of(
          "sql-altertable.html",
          "sql-vacuum.html",
          "sql-copy.html",
          "sql-explain.html",
          "sql-grant.html",
          "sql-dropschema.html");

  @TempDir Path tmp;

  private static List<String> sources(List<ScoredChunk> hits) {
    return hits.stream().map(h -> h.chunk().metadata().get(ChunkMetadata.SOURCE)).toList();
  }

  @Test
  void sqlReferencePagesAreFoundByBm25AndHnswMatchesExactSearch() throws IOException {
    Optional<Path> manual = PostgresManual.find();
    assumeTrue(manual.isPresent(), "PostgreSQL manual not available");
    Path pages = Files.createDirectories(tmp.resolve("pages"));
    for (Path p : PostgresManual.pages(manual.get())) {
      String name = p.getFileName().toString();
      if (name.startsWith("sql-create") || EXTRA_PAGES.contains(name)) {
        Files.copy(p, pages.resolve(p.getFileName()));
      }
    }
    IndexTestSupport.HashEmbedder embedder =
        new IndexTestSupport.HashEmbedder(IndexTestSupport.DIM);
    try (LuceneIndex index =
        LuceneIndex.builder(tmp.resolve("index"))
            .dimension(embedder.dimension())
            .embedderName(embedder.name())
            .build()) {
      long start = System.nanoTime();
      IngestReport report =
          Ingestor.builder().embedder(embedder).store(index).build().ingest(pages);
      LOG.info(
          "indexed {} in {} ms: {} chunks",
          report.summary(),
          (System.nanoTime() - start) / 1_000_000,
          index.chunkCount());
      assertThat(index.sourceHashes()).hasSize(48);
      assertThat(index.chunkCount()).isGreaterThan(index.sourceHashes().size());

      assertThat(sources(index.bm25("CREATE TABLE", 3))).contains("sql-createtable.html");
      assertThat(sources(index.bm25("vacuum garbage-collect a database", 5)))
          .contains("sql-vacuum.html");
      assertThat(sources(index.bm25("ALTER TABLE ... ADD COLUMN (syntax)", 5)))
          .contains("sql-altertable.html");

      List<float[]> queries = new ArrayList<>();
      for (String q :
          List.of(
              "create index concurrently",
              "drop a schema and its objects",
              "grant privileges on a table",
              "copy data between a file and a table",
              "explain the execution plan of a statement")) {
        queries.add(embedder.embedQueries(List.of(q))[0]);
      }
      HnswRecall.Result recall = HnswRecall.measure(index, queries, 10);
      LOG.info("HNSW recall@10 on {} real chunks: {}", index.chunkCount(), recall.mean());
      assertThat(recall.mean()).isGreaterThanOrEqualTo(0.9);
    }
  }
}
