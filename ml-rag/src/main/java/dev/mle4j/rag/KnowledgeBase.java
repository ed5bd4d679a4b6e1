package dev.mle4j.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.Chunk;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Retriever;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.rag.index.LuceneIndex;
import dev.mle4j.rag.ingest.ChunkMetadata;
import dev.mle4j.rag.ingest.Chunker;
import dev.mle4j.rag.ingest.DocumentLoaders;
import dev.mle4j.rag.ingest.IngestListener;
import dev.mle4j.rag.ingest.IngestReport;
import dev.mle4j.rag.ingest.Ingestor;
import dev.mle4j.rag.retrieve.Reranker;
import dev.mle4j.rag.retrieve.Retrievers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * A persistent knowledge base: a {@link LuceneIndex} (BM25 text and HNSW vectors) in a folder, the
 * embedding model its vectors came from, and a small {@code knowledge-base.json} naming the corpus.
 * Ingesting again only re-embeds documents whose content changed; searches running meanwhile see
 * the previous commit.
 */
public final class KnowledgeBase implements AutoCloseable {
  /** The descriptor file in the index folder. */
  public static final String DESCRIPTOR = "knowledge-base.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final LuceneIndex index;
  private final Embedder embedder;
  private final String corpus;

  private KnowledgeBase(Path dir, LuceneIndex index, Embedder embedder, String corpus) {
    this.dir = dir;
    this.index = index;
    this.embedder = embedder;
    this.corpus = corpus;
  }

  /**
   * Opens a knowledge base, creating it when the folder holds none.
   *
   * @param dir the index folder
   * @param corpus a name for the corpus (kept from the first creation)
   * @param embedder the embedding model; it must be the one an existing index was built with. The
   *     knowledge base closes it.
   * @return the knowledge base
   */
  public static KnowledgeBase openOrCreate(Path dir, String corpus, Embedder embedder) {
    LuceneIndex index = null;
    try {
      index =
          LuceneIndex.builder(dir)
              .dimension(embedder.dimension())
              .embedderName(embedder.name())
              .build();
      String name = readCorpus(dir).orElse(corpus);
      writeDescriptor(dir, name, embedder.name());
      return new KnowledgeBase(dir, index, embedder, name);
    } catch (RuntimeException e) {
      if (index != null) {
        index.close();
      }
      embedder.close();
      throw e;
    }
  }

  /**
   * Opens an existing knowledge base for questions only, with the embedding model recorded in it.
   * It takes no write lock: servers and {@code mle4j rag ask} can share it while {@code mle4j rag
   * ingest} updates it, and they see each committed update within a second.
   *
   * @param dir the index folder
   * @param embedders where to find the model
   * @param options model options
   * @return the knowledge base
   * @throws MlException when the folder holds no knowledge base
   */
  public static KnowledgeBase open(Path dir, Embedders embedders, EmbedderOptions options) {
    if (!Files.isRegularFile(dir.resolve(DESCRIPTOR))) {
      throw new MlException(
          "no knowledge base in "
              + dir
              + " (missing "
              + DESCRIPTOR
              + "); create one with: mle4j rag ingest --index "
              + dir);
    }
    LuceneIndex index = LuceneIndex.openReadOnly(dir);
    Embedder embedder;
    try {
      embedder = embedders.open(index.embedderName(), options);
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
    return new KnowledgeBase(dir, index, embedder, readCorpus(dir).orElse(dir.getFileName() + ""));
  }

  private static Optional<String> readCorpus(Path dir) {
    Path file = dir.resolve(DESCRIPTOR);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      return Optional.ofNullable(node.path("corpus").textValue());
    } catch (IOException e) {
      throw new MlException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void writeDescriptor(Path dir, String corpus, String embedderName) {
    Path file = dir.resolve(DESCRIPTOR);
    if (Files.isRegularFile(file)) {
      return;
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("corpus", corpus);
    node.put("embedder", embedderName);
    node.put("created_at", Instant.now().toString());
    try {
      AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new MlException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Ingests a folder (or one file) incrementally.
   *
   * @param docs the documents
   * @param chunker how to chunk
   * @param listener progress, or null
   * @return what changed
   */
  public IngestReport ingest(Path docs, Chunker chunker, IngestListener listener) {
    Ingestor.Builder b =
        Ingestor.builder()
            .loaders(DocumentLoaders.defaults())
            .chunker(chunker)
            .embedder(embedder)
            .store(index);
    if (listener != null) {
      b.listener(listener);
    }
    return b.build().ingest(docs);
  }

  /**
   * Indexes ready-made chunks (for example a BEIR corpus: one chunk per document), grouped by their
   * {@code source} metadata (the chunk id when missing). Sources whose text hash is unchanged are
   * skipped, so running it again embeds nothing; the rest are embedded in batches of 64.
   *
   * @param chunks the chunks
   * @param progress called with the number of chunks done so far, or null
   * @return the number of chunks embedded and written
   */
  public int addChunks(List<Chunk> chunks, IntConsumer progress) {
    Map<String, List<Chunk>> bySource = new LinkedHashMap<>();
    for (Chunk c : chunks) {
      String source = c.metadata().getOrDefault(ChunkMetadata.SOURCE, c.id());
      bySource.computeIfAbsent(source, k -> new ArrayList<>()).add(c);
    }
    Map<String, String> known = index.sourceHashes();
    List<String> pendingSources = new ArrayList<>();
    List<String> pendingHashes = new ArrayList<>();
    List<List<Chunk>> pendingChunks = new ArrayList<>();
    int pendingCount = 0;
    int written = 0;
    int done = 0;
    for (Map.Entry<String, List<Chunk>> e : bySource.entrySet()) {
      String hash = Hashes.sha256(e.getValue());
      done += e.getValue().size();
      if (hash.equals(known.get(e.getKey()))) {
        continue;
      }
      pendingSources.add(e.getKey());
      pendingHashes.add(hash);
      pendingChunks.add(e.getValue());
      pendingCount += e.getValue().size();
      if (pendingCount >= 64) {
        written += flush(pendingSources, pendingHashes, pendingChunks);
        pendingCount = 0;
        if (progress != null) {
          progress.accept(done);
        }
      }
    }
    written += flush(pendingSources, pendingHashes, pendingChunks);
    index.commit();
    if (progress != null) {
      progress.accept(done);
    }
    return written;
  }

  private int flush(List<String> sources, List<String> hashes, List<List<Chunk>> groups) {
    List<String> texts = new ArrayList<>();
    groups.forEach(g -> g.forEach(c -> texts.add(c.text())));
    if (texts.isEmpty()) {
      return 0;
    }
    float[][] vectors = embedder.embed(texts);
    int at = 0;
    for (int i = 0; i < sources.size(); i++) {
      List<Chunk> g = groups.get(i);
      float[][] v = new float[g.size()][];
      for (int j = 0; j < g.size(); j++) {
        v[j] = vectors[at++];
      }
      index.replaceSource(sources.get(i), hashes.get(i), g, v);
    }
    sources.clear();
    hashes.clear();
    groups.clear();
    return texts.size();
  }

  /** SHA-256 of chunk texts. */
  private static final class Hashes {
    private Hashes() {}

    static String sha256(List<Chunk> chunks) {
      try {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        for (Chunk c : chunks) {
          md.update(c.id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          md.update((byte) 0);
          md.update(c.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          md.update((byte) 0);
        }
        return java.util.HexFormat.of().formatHex(md.digest());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is not available", e);
      }
    }
  }

  /**
   * A retriever by strategy name ({@code bm25}, {@code dense}, {@code hybrid}, {@code
   * hybrid-weighted}, {@code hybrid-rerank}, {@code hybrid-mmr}).
   *
   * @param strategy the strategy
   * @param reranker the reranker for {@code hybrid-rerank}, or null
   * @return the retriever
   */
  public Retriever retriever(String strategy, Reranker reranker) {
    Retrievers.Builder b = Retrievers.builder(index).embedder(embedder);
    if (reranker != null) {
      b.reranker(reranker);
    }
    return b.build().create(strategy);
  }

  /**
   * Every indexed chunk, in index order (for exports and peer comparisons).
   *
   * @return the chunks
   */
  public List<Chunk> allChunks() {
    List<Chunk> out = new ArrayList<>();
    for (var v : index.vectors()) {
      index.get(v.chunkId()).ifPresent(out::add);
    }
    return out;
  }

  /**
   * A chunk by id.
   *
   * @param id the chunk id
   * @return the chunk, if indexed
   */
  public Optional<Chunk> chunk(String id) {
    return index.get(id);
  }

  /**
   * The index folder.
   *
   * @return the folder
   */
  public Path dir() {
    return dir;
  }

  /**
   * The index.
   *
   * @return the Lucene index
   */
  public LuceneIndex index() {
    return index;
  }

  /**
   * The embedding model.
   *
   * @return the embedder
   */
  public Embedder embedder() {
    return embedder;
  }

  /**
   * The corpus name.
   *
   * @return for example {@code postgresql-15-manual}
   */
  public String corpus() {
    return corpus;
  }

  @Override
  public void close() {
    try {
      index.close();
    } finally {
      embedder.close();
    }
  }
}
