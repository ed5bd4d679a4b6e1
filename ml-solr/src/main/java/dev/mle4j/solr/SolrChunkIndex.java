package dev.mle4j.solr;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import dev.mle4j.rag.index.ChunkStore;
import dev.mle4j.rag.ingest.ChunkMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.response.PivotField;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.CursorMarkParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes chunks and their vectors into an mle4j Solr collection. It is a {@link ChunkStore}, so
 * ml-rag's {@code Ingestor} indexes a document folder straight into Solr (incrementally, by content
 * hash); it also bulk-loads precomputed chunks and vectors ({@link #add}, {@link #indexFile}: JSONL
 * or the Parquet files of the Spark embedding job).
 *
 * <p>Differences from the Lucene index: a commit is per shard, so a search during a commit can see
 * one shard's new chunks and another's old ones for a moment; and SolrCloud cannot roll back, so
 * {@link #close()} leaves uncommitted changes to the next (auto) commit.
 *
 * <pre>{@code
 * try (SolrChunkIndex index = SolrChunkIndex.builder(client, "pgdoc").build()) {
 *   Ingestor.builder().store(index).embedder(embedder).build().ingest(docs);
 * }
 * }</pre>
 */
public final class SolrChunkIndex implements ChunkStore {
  private static final Logger LOG = LoggerFactory.getLogger(SolrChunkIndex.class);
  private static final int PAGE = 1000;

  private final SolrClient client;
  private final String collection;
  private final int dimension;
  private final int batchSize;
  private final boolean closeClient;
  private boolean closed;

  private SolrChunkIndex(Builder b) {
    this.client = b.client;
    this.collection = b.collection;
    this.dimension =
        b.dimension > 0 ? b.dimension : SolrCollections.vectorDimension(b.client, b.collection);
    this.batchSize = b.batchSize;
    this.closeClient = b.closeClient;
  }

  /**
   * Starts a builder.
   *
   * @param client a Solr client (a CloudSolrClient for SolrCloud)
   * @param collection the collection (created with {@link SolrCollections})
   * @return the builder
   */
  public static Builder builder(SolrClient client, String collection) {
    return new Builder(client, collection);
  }

  /**
   * The collection's vector dimension.
   *
   * @return floats per vector
   */
  public int dimension() {
    return dimension;
  }

  /**
   * The collection.
   *
   * @return its name
   */
  public String collection() {
    return collection;
  }

  @Override
  public Map<String, String> sourceHashes() {
    ensureOpen();
    SolrQuery q = new SolrQuery("*:*").setRows(0).setFacet(true).setFacetLimit(-1);
    q.setFacetMinCount(1);
    q.add("facet.pivot", SolrDocs.SOURCE + "," + SolrDocs.SOURCE_HASH);
    QueryResponse r = query(q, "list the indexed sources");
    Map<String, String> out = new LinkedHashMap<>();
    List<PivotField> pivots =
        r.getFacetPivot() == null
            ? null
            : r.getFacetPivot().get(SolrDocs.SOURCE + "," + SolrDocs.SOURCE_HASH);
    if (pivots != null) {
      for (PivotField p : pivots) {
        String hash = "";
        if (p.getPivot() != null && !p.getPivot().isEmpty()) {
          hash = String.valueOf(p.getPivot().get(0).getValue());
        }
        out.put(String.valueOf(p.getValue()), hash);
      }
    }
    return out;
  }

  @Override
  public void replaceSource(
      String source, String contentHash, List<Chunk> chunks, float[][] vectors) {
    ensureOpen();
    if (source == null || source.isBlank()) {
      throw new MlException("source must not be null or blank");
    }
    Objects.requireNonNull(chunks, "chunks");
    checkVectors(chunks, vectors);
    Set<String> ids = new HashSet<>();
    for (Chunk c : chunks) {
      String s = c.metadata().get(ChunkMetadata.SOURCE);
      if (s != null && !s.equals(source)) {
        throw new MlException(
            "chunk " + c.id() + " has metadata source '" + s + "', not '" + source + "'");
      }
      if (!ids.add(c.id())) {
        throw new MlException("duplicate chunk id " + c.id() + " in source " + source);
      }
    }
    List<String> stale = new ArrayList<>();
    for (String id : idsOf(source)) {
      if (!ids.contains(id)) {
        stale.add(id);
      }
    }
    try {
      if (!stale.isEmpty()) {
        client.deleteById(collection, stale);
      }
    } catch (SolrServerException | IOException e) {
      throw new MlException("cannot delete old chunks of " + source + ": " + e.getMessage(), e);
    }
    List<SolrInputDocument> docs = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      Map<String, String> meta = new LinkedHashMap<>(c.metadata());
      meta.putIfAbsent(ChunkMetadata.SOURCE, source);
      Chunk withSource = new Chunk(c.id(), c.text(), meta);
      docs.add(
          SolrDocs.toDocument(
              withSource, vectors == null ? null : vectors[i], dimension, contentHash));
    }
    send(docs);
  }

  @Override
  public void deleteSource(String source) {
    ensureOpen();
    List<String> ids = idsOf(source);
    if (ids.isEmpty()) {
      return;
    }
    try {
      client.deleteById(collection, ids);
    } catch (SolrServerException | IOException e) {
      throw new MlException("cannot delete source " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Adds (or overwrites by id) chunks with their vectors, without touching other chunks: the bulk
   * path for precomputed embeddings. Call {@link #commit()} to make them visible.
   *
   * @param chunks the chunks
   * @param vectors one vector per chunk, of {@link #dimension()} floats
   * @return the number added
   */
  public int add(List<Chunk> chunks, float[][] vectors) {
    ensureOpen();
    Objects.requireNonNull(chunks, "chunks");
    if (vectors == null) {
      throw new MlException("bulk add needs one vector per chunk; none given");
    }
    checkVectors(chunks, vectors);
    List<SolrInputDocument> docs = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      docs.add(SolrDocs.toDocument(chunks.get(i), vectors[i], dimension, null));
    }
    send(docs);
    return docs.size();
  }

  /**
   * Bulk-indexes a file of chunks with vectors ({@link ChunkVectorFiles}: {@code .jsonl}, {@code
   * .jsonl.gz} or {@code .parquet}) and commits.
   *
   * @param file the file
   * @return the number of chunks indexed
   */
  public long indexFile(Path file) {
    long n = ChunkVectorFiles.read(file, batchSize, this::add);
    commit();
    LOG.info("Indexed {} chunks from {} into {}", n, file, collection);
    return n;
  }

  @Override
  public void commit() {
    ensureOpen();
    try {
      client.commit(collection, true, true);
    } catch (SolrServerException | IOException e) {
      throw new MlException("cannot commit collection " + collection + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int chunkCount() {
    ensureOpen();
    return (int) query(new SolrQuery("*:*").setRows(0), "count chunks").getResults().getNumFound();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (closeClient) {
      try {
        client.close();
      } catch (IOException e) {
        LOG.warn("cannot close the Solr client", e);
      }
    }
  }

  private void checkVectors(List<Chunk> chunks, float[][] vectors) {
    if (vectors != null && vectors.length != chunks.size()) {
      throw new MlException(chunks.size() + " chunks but " + vectors.length + " vectors");
    }
  }

  private void send(List<SolrInputDocument> docs) {
    for (int from = 0; from < docs.size(); from += batchSize) {
      List<SolrInputDocument> batch = docs.subList(from, Math.min(docs.size(), from + batchSize));
      try {
        client.add(collection, batch);
      } catch (SolrServerException | IOException | RuntimeException e) {
        throw new MlException(
            "cannot index " + batch.size() + " chunks into " + collection + ": " + e.getMessage(),
            e);
      }
    }
  }

  private List<String> idsOf(String source) {
    List<String> ids = new ArrayList<>();
    String cursor = CursorMarkParams.CURSOR_MARK_START;
    while (true) {
      SolrQuery q =
          new SolrQuery("*:*")
              .addFilterQuery(SolrDocs.SOURCE + ":" + ClientUtils.escapeQueryChars(source))
              .setFields(SolrDocs.ID)
              .setRows(PAGE)
              .setSort(SolrDocs.ID, SolrQuery.ORDER.asc);
      q.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
      QueryResponse r = query(q, "list the chunks of " + source);
      for (SolrDocument d : r.getResults()) {
        ids.add(String.valueOf(d.getFirstValue(SolrDocs.ID)));
      }
      String next = r.getNextCursorMark();
      if (next == null || next.equals(cursor)) {
        return ids;
      }
      cursor = next;
    }
  }

  private QueryResponse query(SolrQuery q, String what) {
    try {
      return client.query(collection, q, SolrRequest.METHOD.POST);
    } catch (SolrServerException | IOException | RuntimeException e) {
      throw new MlException("cannot " + what + " in " + collection + ": " + e.getMessage(), e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the Solr chunk index of " + collection + " is closed");
    }
  }

  /** Options of a {@link SolrChunkIndex}. */
  public static final class Builder {
    private final SolrClient client;
    private final String collection;
    private int dimension;
    private int batchSize = 500;
    private boolean closeClient;

    private Builder(SolrClient client, String collection) {
      this.client = Objects.requireNonNull(client, "client");
      if (collection == null || collection.isBlank()) {
        throw new MlException("collection name must not be blank");
      }
      this.collection = collection;
    }

    /**
     * The vector dimension; by default read from the collection's schema.
     *
     * @param dimension floats per vector
     * @return this builder
     */
    public Builder dimension(int dimension) {
      if (dimension < 1) {
        throw new MlException("vector dimension must be >= 1, got " + dimension);
      }
      this.dimension = dimension;
      return this;
    }

    /**
     * Documents per update request (default 500).
     *
     * @param batchSize the batch size, {@code > 0}
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new MlException("batch size must be >= 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Whether {@link #close()} closes the client (default false).
     *
     * @param closeClient true to close it
     * @return this builder
     */
    public Builder closeClient(boolean closeClient) {
      this.closeClient = closeClient;
      return this;
    }

    /**
     * Builds the index (reads the vector dimension from the schema when not given).
     *
     * @return the index
     */
    public SolrChunkIndex build() {
      return new SolrChunkIndex(this);
    }
  }
}
