package dev.mle4j.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.EmbedderProvider;
import dev.mle4j.core.Embedders;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.index.IndexTestSupport;
import dev.mle4j.rag.ingest.Chunker;
import dev.mle4j.rag.ingest.IngestReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeBaseTest {
  @TempDir Path tmp;

  /** Provides the test's hashed bag-of-words embedder under its name, counting texts embedded. */
  static Embedders embedders(AtomicInteger embedded) {
    EmbedderProvider p =
        new EmbedderProvider() {
          @Override
          public List<String> names() {
            return List.of(IndexTestSupport.EMBEDDER);
          }

          @Override
          public dev.mle4j.core.Embedder open(String name, EmbedderOptions options) {
            IndexTestSupport.HashEmbedder inner =
                new IndexTestSupport.HashEmbedder(IndexTestSupport.DIM);
            return new dev.mle4j.core.Embedder() {
              @Override
              public float[][] embed(List<String> texts) {
                embedded.addAndGet(texts.size());
                return inner.embed(texts);
              }

              @Override
              public float[][] embedQueries(List<String> texts) {
                return inner.embedQueries(texts);
              }

              @Override
              public int dimension() {
                return inner.dimension();
              }

              @Override
              public String name() {
                return inner.name();
              }
            };
          }
        };
    return Embedders.of(List.of(p));
  }

  static void writeDocs(Path docs) throws Exception {
    Files.createDirectories(docs);
    Files.writeString(
        docs.resolve("vacuum.md"),
        "# VACUUM\n\nVACUUM reclaims storage occupied by dead tuples. Plain VACUUM can run in"
            + " parallel with normal reading and writing of the table.\n");
    Files.writeString(
        docs.resolve("ports.txt"),
        "Server ports\n\nThe server listens on TCP port 5432 by default. Change the port"
            + " parameter to use another port.\n");
    Files.writeString(
        docs.resolve("index.html"),
        "<html><head><title>Indexes</title></head><body><nav>Home Next</nav><h1>Indexes</h1>"
            + "<p>A B-tree index speeds up equality and range queries on sortable data.</p>"
            + "</body></html>");
  }

  @Test
  void ingestsOpensAgainAndReembedsOnlyChangedDocuments() throws Exception {
    Path docs = tmp.resolve("docs");
    writeDocs(docs);
    AtomicInteger embedded = new AtomicInteger();
    Embedders embedders = embedders(embedded);
    Path dir = tmp.resolve("kb");
    try (KnowledgeBase kb =
        KnowledgeBase.openOrCreate(
            dir,
            "test-docs",
            embedders.open(IndexTestSupport.EMBEDDER, EmbedderOptions.defaults()))) {
      IngestReport r = kb.ingest(docs, Chunker.defaults(), null);
      assertThat(r.added()).isEqualTo(3);
      assertThat(kb.index().chunkCount()).isEqualTo(3);
    }
    int first = embedded.get();
    assertThat(first).isEqualTo(3);
    Files.writeString(
        docs.resolve("ports.txt"),
        "Server ports\n\nThe server listens on TCP port 6543 in this installation.\n");
    try (KnowledgeBase kb =
            KnowledgeBase.openOrCreate(
                dir,
                "ignored",
                embedders.open(IndexTestSupport.EMBEDDER, EmbedderOptions.defaults()));
        KnowledgeBase reader = KnowledgeBase.open(dir, embedders, EmbedderOptions.defaults())) {
      assertThat(kb.corpus()).isEqualTo("test-docs");
      assertThat(reader.retriever("bm25", null).retrieve("TCP port", 1).get(0).chunk().text())
          .contains("5432");
      IngestReport r = kb.ingest(docs, Chunker.defaults(), null);
      assertThat(r.updated()).isEqualTo(1);
      assertThat(r.unchanged()).isEqualTo(2);
      assertThat(embedded.get() - first).isEqualTo(1);
      reader.index().refresh();
      List<ScoredChunk> hits = reader.retriever("hybrid", null).retrieve("which TCP port", 2);
      assertThat(hits.get(0).chunk().metadata()).containsEntry("source", "ports.txt");
      assertThat(hits.get(0).chunk().text()).contains("6543");
      assertThat(reader.chunk(hits.get(0).chunk().id())).isPresent();
      assertThatThrownBy(() -> reader.ingest(docs, Chunker.defaults(), null))
          .hasMessageContaining("read-only");
    }
  }

  @Test
  void addChunksSkipsUnchangedSources() {
    AtomicInteger embedded = new AtomicInteger();
    Embedders embedders = embedders(embedded);
    List<Chunk> chunks = IndexTestSupport.chunks(7);
    try (KnowledgeBase kb =
        KnowledgeBase.openOrCreate(
            tmp.resolve("beir"),
            "beir",
            embedders.open(IndexTestSupport.EMBEDDER, EmbedderOptions.defaults()))) {
      assertThat(kb.addChunks(chunks, null)).isEqualTo(chunks.size());
      assertThat(kb.addChunks(chunks, null)).isZero();
      assertThat(kb.index().chunkCount()).isEqualTo(chunks.size());
    }
    assertThat(embedded.get()).isEqualTo(chunks.size());
  }

  @Test
  void openingAFolderWithoutKnowledgeBaseSaysHowToCreateOne() {
    assertThatThrownBy(
            () ->
                KnowledgeBase.open(
                    tmp.resolve("nothing"),
                    embedders(new AtomicInteger()),
                    EmbedderOptions.defaults()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no knowledge base in")
        .hasMessageContaining("mle4j rag ingest");
  }

  @Test
  void unknownEmbedderOfAnIndexIsNamed() throws Exception {
    Path dir = tmp.resolve("kb2");
    try (KnowledgeBase kb =
        KnowledgeBase.openOrCreate(
            dir,
            "x",
            embedders(new AtomicInteger())
                .open(IndexTestSupport.EMBEDDER, EmbedderOptions.defaults()))) {
      kb.addChunks(IndexTestSupport.chunks(1), null);
    }
    assertThatThrownBy(
            () -> KnowledgeBase.open(dir, Embedders.of(List.of()), EmbedderOptions.defaults()))
        .hasMessageContaining("unknown embedding model 'hash-bow-64'");
  }
}
