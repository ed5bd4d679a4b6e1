package dev.mle4j.rag.index;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.ingest.ChunkMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent Lucene index of chunks: BM25 over the chunk text (plus lightly boosted title and
 * section heading) and HNSW k-nearest-neighbour search over the chunk vectors.
 *
 * <p><b>Layout.</b> Every chunk is one Lucene document with the fields {@code id} and {@code
 * source} (exact-match keys, stored), {@code text} (analysed, stored), {@code title} and {@code
 * section} (analysed, searched with boosts {@link Builder#fieldBoosts(float, float)}, 0.3 by
 * default, so that a query naming a page's title lifts all of that page's chunks without
 * outweighing the text), every metadata entry as a stored field, and {@code vector} (an
 * L2-normalised {@link KnnFloatVectorField} compared by dot product, i.e. cosine similarity). Each
 * source also has one marker document holding its content hash, so {@link #sourceHashes()} reads a
 * few stored fields instead of every chunk.
 *
 * <p><b>Settings stored in the index.</b> The vector dimension, the embedder name and the analyzer
 * are written into the commit user data when the index is created. Opening it again with another
 * dimension, embedder or analyzer fails with a message naming both, because vectors (or terms) from
 * two different models cannot be compared.
 *
 * <p><b>Updates without downtime.</b> {@link #replaceSource} atomically swaps a source's documents
 * (Lucene {@code updateDocuments} by the source term). Searches use a {@link SearcherManager} that
 * is refreshed only by {@link #commit()}: until then they see the previous commit, afterwards the
 * new one, never a mix. All read methods are thread-safe; writes are serialised.
 *
 * <p>Scores: {@link #bm25} returns BM25 scores; {@link #knn} returns cosine similarity in {@code
 * [-1, 1]}.
 */
public final class LuceneIndex implements ChunkStore {

  private static final Logger LOG = LoggerFactory.getLogger(LuceneIndex.class);

  static final String F_TYPE = "type";
  static final String F_ID = "id";
  static final String F_SOURCE = "source";
  static final String F_TEXT = "text";
  static final String F_TITLE = "title";
  static final String F_SECTION = "section";
  static final String F_HASH = "hash";
  static final String F_VECTOR = "vector";
  static final String META_PREFIX = "meta.";
  static final String TYPE_CHUNK = "chunk";
  static final String TYPE_SOURCE = "source";

  static final String KEY_FORMAT = "mle4j.format";
  static final String KEY_DIMENSION = "mle4j.dimension";
  static final String KEY_EMBEDDER = "mle4j.embedder";
  static final String KEY_ANALYZER = "mle4j.analyzer";

  /** Default number of HNSW candidates ({@code efSearch}) a k-NN search explores. */
  public static final int DEFAULT_NUM_CANDIDATES = 100;

  private final Path path;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Analyzer analyzer;
  private final TextAnalyzer textAnalyzer;
  private final int dimension;
  private final String embedderName;
  private final Bm25Params bm25;
  private final float titleBoost;
  private final float sectionBoost;
  private final Object writeLock = new Object();
  private final boolean readOnly;
  private volatile long lastRefreshCheck;
  private volatile boolean closed;

  /** How often a read-only index looks for commits made by a writer in another process. */
  private static final long REFRESH_INTERVAL_NANOS = 1_000_000_000L;

  private LuceneIndex(Builder b) {
    this.path = b.path;
    this.bm25 = b.bm25;
    this.titleBoost = b.titleBoost;
    this.sectionBoost = b.sectionBoost;
    this.readOnly = b.readOnly;
    Directory dir = null;
    Analyzer an = null;
    IndexWriter w = null;
    try {
      if ((!b.create || b.readOnly) && !Files.isDirectory(b.path)) {
        throw new MlException("no index at " + b.path + " (no such folder)");
      }
      Files.createDirectories(b.path);
      dir = FSDirectory.open(b.path);
      boolean exists = DirectoryReader.indexExists(dir);
      Map<String, String> stored = exists ? SegmentInfos.readLatestCommit(dir).getUserData() : null;
      if (exists && !stored.containsKey(KEY_DIMENSION)) {
        throw new MlException(
            "the Lucene index at " + b.path + " was not written by mle4j (no dimension recorded)");
      }
      if (!exists && (!b.create || b.readOnly)) {
        throw new MlException("no index at " + b.path);
      }
      int dim;
      String name;
      TextAnalyzer ta;
      if (exists) {
        dim = Integer.parseInt(stored.get(KEY_DIMENSION));
        name = stored.getOrDefault(KEY_EMBEDDER, "");
        ta = TextAnalyzer.valueOf(stored.getOrDefault(KEY_ANALYZER, TextAnalyzer.ENGLISH.name()));
        boolean dimMismatch = b.dimension != null && b.dimension != dim;
        boolean nameMismatch = b.embedderName != null && !b.embedderName.equals(name);
        if (dimMismatch || nameMismatch) {
          throw new MlException(
              "index at "
                  + b.path
                  + " built with model "
                  + describe(name)
                  + " (dim "
                  + dim
                  + "); asked for "
                  + describe(b.embedderName == null ? name : b.embedderName)
                  + " (dim "
                  + (b.dimension == null ? dim : b.dimension)
                  + "); rebuild the index or open it with the model it was built with");
        }
        if (b.analyzer != null && b.analyzer != ta) {
          throw new MlException(
              "index at "
                  + b.path
                  + " built with analyzer "
                  + ta
                  + "; asked for "
                  + b.analyzer
                  + "; rebuild the index to change the analyzer");
        }
      } else {
        if (b.dimension == null) {
          throw new MlException(
              "a new index at "
                  + b.path
                  + " needs a vector dimension (dimension(384), or dimension(0) for text only)");
        }
        dim = b.dimension;
        name = b.embedderName == null ? "" : b.embedderName;
        ta = b.analyzer == null ? TextAnalyzer.ENGLISH : b.analyzer;
      }
      an = ta.create();
      if (b.readOnly) {
        this.searchers = new SearcherManager(dir, null);
        this.dimension = dim;
        this.embedderName = name;
        this.textAnalyzer = ta;
        this.analyzer = an;
        this.writer = null;
        this.directory = dir;
        LOG.debug("opened index {} read-only (dim {}, embedder '{}')", b.path, dim, name);
        return;
      }
      IndexWriterConfig config = new IndexWriterConfig(an);
      config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
      config.setSimilarity(new BM25Similarity());
      config.setCommitOnClose(false);
      final int m = b.hnswM;
      final int beam = b.beamWidth;
      config.setCodec(
          new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
              return new Lucene99HnswVectorsFormat(m, beam);
            }
          });
      try {
        w = new IndexWriter(dir, config);
      } catch (LockObtainFailedException e) {
        throw new MlException(
            "the index at " + b.path + " is already open for writing (another LuceneIndex)", e);
      }
      Map<String, String> userData = new TreeMap<>();
      userData.put(KEY_FORMAT, "1");
      userData.put(KEY_DIMENSION, Integer.toString(dim));
      userData.put(KEY_EMBEDDER, name);
      userData.put(KEY_ANALYZER, ta.name());
      w.setLiveCommitData(userData.entrySet());
      if (!exists) {
        w.commit();
      }
      this.searchers = new SearcherManager(w, true, false, null);
      this.dimension = dim;
      this.embedderName = name;
      this.textAnalyzer = ta;
      this.analyzer = an;
      this.writer = w;
      this.directory = dir;
      LOG.debug(
          "opened index {} (dim {}, embedder '{}', analyzer {})", b.path, dim, name, ta.name());
    } catch (IOException e) {
      closeQuietly(w, an, dir);
      throw new MlException("cannot open the index at " + b.path + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(w, an, dir);
      throw e;
    }
  }

  private static String describe(String name) {
    return name == null || name.isEmpty() ? "(unnamed)" : name;
  }

  private static void closeQuietly(IndexWriter w, Analyzer an, Directory dir) {
    try {
      if (w != null) {
        w.rollback();
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("rollback after a failed open", e);
    }
    if (an != null) {
      an.close();
    }
    try {
      if (dir != null) {
        dir.close();
      }
    } catch (IOException e) {
      LOG.debug("close after a failed open", e);
    }
  }

  /**
   * Starts configuring an index in a directory (created when missing).
   *
   * @param path the index directory
   * @return a builder
   */
  public static Builder builder(Path path) {
    return new Builder(path);
  }

  /**
   * Opens an existing index with the settings stored in it.
   *
   * @param path the index directory
   * @return the index
   * @throws MlException when there is no index there
   */
  public static LuceneIndex open(Path path) {
    return builder(path).createIfMissing(false).build();
  }

  /**
   * Opens an existing index for searching only: no write lock is taken, so any number of readers (a
   * server, {@code mle4j rag ask}) can use it while one writer ingests; they see each commit within
   * a second ({@link #refresh()}).
   *
   * @param path the index directory
   * @return the index
   * @throws MlException when there is no index there
   */
  public static LuceneIndex openReadOnly(Path path) {
    return builder(path).createIfMissing(false).readOnly(true).build();
  }

  /**
   * The index directory.
   *
   * @return the path
   */
  public Path path() {
    return path;
  }

  /**
   * Vector dimension fixed when the index was created; 0 for a text-only index.
   *
   * @return the dimension
   */
  public int dimension() {
    return dimension;
  }

  /**
   * Name of the embedder the vectors came from, or empty when none was given.
   *
   * @return the name
   */
  public String embedderName() {
    return embedderName;
  }

  /**
   * The text analysis used for the text fields and BM25 queries.
   *
   * @return the analyzer choice
   */
  public TextAnalyzer analyzer() {
    return textAnalyzer;
  }

  /**
   * The BM25 parameters {@link #bm25(String, int)} uses.
   *
   * @return the defaults of this index
   */
  public Bm25Params bm25Params() {
    return bm25;
  }

  // ---------------------------------------------------------------- ChunkStore

  @Override
  public Map<String, String> sourceHashes() {
    return withSearcher(
        searcher -> {
          Query q = new TermQuery(new Term(F_TYPE, TYPE_SOURCE));
          int n = searcher.count(q);
          Map<String, String> out = new TreeMap<>();
          if (n == 0) {
            return out;
          }
          TopDocs top = searcher.search(q, n);
          StoredFields fields = searcher.storedFields();
          for (ScoreDoc sd : top.scoreDocs) {
            Document d = fields.document(sd.doc);
            out.put(d.get(F_SOURCE), d.get(F_HASH));
          }
          return out;
        });
  }

  @Override
  public void replaceSource(
      String source, String contentHash, List<Chunk> chunks, float[][] vectors) {
    requireText(source, "source");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(chunks, "chunks");
    checkVectors(source, chunks, vectors);
    List<Document> docs = new ArrayList<>(chunks.size() + 1);
    Document marker = new Document();
    marker.add(new StringField(F_TYPE, TYPE_SOURCE, Field.Store.NO));
    marker.add(new StringField(F_SOURCE, source, Field.Store.YES));
    marker.add(new StoredField(F_HASH, contentHash));
    docs.add(marker);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      Objects.requireNonNull(c, "chunk " + i + " of " + source);
      String metaSource = c.metadata().get(ChunkMetadata.SOURCE);
      if (metaSource != null && !metaSource.equals(source)) {
        throw new MlException(
            "chunk "
                + c.id()
                + " has metadata source '"
                + metaSource
                + "' but is being indexed under source '"
                + source
                + "'");
      }
      if (!ids.add(c.id())) {
        throw new MlException("duplicate chunk id " + c.id() + " in source " + source);
      }
      docs.add(chunkDocument(source, c, vectors == null ? null : vectors[i]));
    }
    synchronized (writeLock) {
      ensureWritable();
      try {
        writer.updateDocuments(new Term(F_SOURCE, source), docs);
      } catch (IOException e) {
        throw new MlException("cannot index source " + source + ": " + e.getMessage(), e);
      }
    }
  }

  private void checkVectors(String source, List<Chunk> chunks, float[][] vectors) {
    if (dimension == 0) {
      if (vectors != null) {
        throw new MlException(
            "index at "
                + path
                + " is text-only (dimension 0) but vectors were given for "
                + source);
      }
      return;
    }
    if (vectors == null) {
      throw new MlException(
          "index at "
              + path
              + " stores vectors of dim "
              + dimension
              + "; none given for "
              + source);
    }
    if (vectors.length != chunks.size()) {
      throw new MlException(
          source + ": " + chunks.size() + " chunks but " + vectors.length + " vectors");
    }
    for (int i = 0; i < vectors.length; i++) {
      checkVector(vectors[i], "vector " + i + " of " + source);
    }
  }

  private void checkVector(float[] v, String what) {
    if (v == null) {
      throw new MlException(what + " is null");
    }
    if (v.length != dimension) {
      throw new MlException(
          what
              + " has dim "
              + v.length
              + " but the index was built with model "
              + describe(embedderName)
              + " (dim "
              + dimension
              + ")");
    }
  }

  private Document chunkDocument(String source, Chunk c, float[] vector) {
    Document d = new Document();
    d.add(new StringField(F_TYPE, TYPE_CHUNK, Field.Store.NO));
    d.add(new StringField(F_ID, c.id(), Field.Store.YES));
    d.add(new StringField(F_SOURCE, source, Field.Store.YES));
    d.add(new TextField(F_TEXT, c.text(), Field.Store.YES));
    String title = c.metadata().get(ChunkMetadata.TITLE);
    if (title != null && !title.isBlank()) {
      d.add(new TextField(F_TITLE, title, Field.Store.NO));
    }
    String section = c.metadata().get(ChunkMetadata.SECTION);
    if (section != null && !section.isBlank()) {
      d.add(new TextField(F_SECTION, section, Field.Store.NO));
    }
    for (Map.Entry<String, String> e : new TreeMap<>(c.metadata()).entrySet()) {
      d.add(new StoredField(META_PREFIX + e.getKey(), e.getValue()));
    }
    if (vector != null) {
      d.add(
          new KnnFloatVectorField(
              F_VECTOR,
              normalized(vector, "vector of chunk " + c.id()),
              VectorSimilarityFunction.DOT_PRODUCT));
    }
    return d;
  }

  /**
   * An L2-normalised copy of a vector.
   *
   * @param v the vector
   * @param what what it is, for error messages
   * @return the unit-length copy
   * @throws MlException when the vector has a non-finite value or is all zeros
   */
  static float[] normalized(float[] v, String what) {
    double sum = 0;
    for (float x : v) {
      if (!Float.isFinite(x)) {
        throw new MlException(what + " has a non-finite value (" + x + ")");
      }
      sum += (double) x * x;
    }
    if (sum == 0) {
      throw new MlException(what + " is all zeros and has no direction");
    }
    float inv = (float) (1.0 / Math.sqrt(sum));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  @Override
  public void deleteSource(String source) {
    requireText(source, "source");
    synchronized (writeLock) {
      ensureWritable();
      try {
        writer.deleteDocuments(new Term(F_SOURCE, source));
      } catch (IOException e) {
        throw new MlException("cannot delete source " + source + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void commit() {
    synchronized (writeLock) {
      ensureWritable();
      try {
        writer.commit();
        searchers.maybeRefreshBlocking();
      } catch (IOException e) {
        throw new MlException("cannot commit the index at " + path + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public int chunkCount() {
    return withSearcher(s -> s.count(new TermQuery(new Term(F_TYPE, TYPE_CHUNK))));
  }

  @Override
  public void close() {
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      closed = true;
      IOException failure = null;
      try {
        searchers.close();
      } catch (IOException e) {
        failure = e;
      }
      try {
        if (writer != null) {
          writer.rollback();
        }
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
      analyzer.close();
      try {
        directory.close();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
      if (failure != null) {
        throw new MlException("error closing the index at " + path, failure);
      }
    }
  }

  /**
   * Whether this instance was opened read-only ({@link #openReadOnly(Path)}).
   *
   * @return true when it cannot write
   */
  public boolean isReadOnly() {
    return readOnly;
  }

  /**
   * Makes commits by a writer (possibly in another process) visible now; read-only instances also
   * do it by themselves at most once a second before a search.
   */
  public void refresh() {
    ensureOpen();
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new MlException("cannot refresh the index at " + path + ": " + e.getMessage(), e);
    }
  }

  private void refreshIfDue() {
    long now = System.nanoTime();
    if (now - lastRefreshCheck < REFRESH_INTERVAL_NANOS) {
      return;
    }
    lastRefreshCheck = now;
    try {
      searchers.maybeRefresh();
    } catch (IOException e) {
      LOG.warn("cannot refresh the index at {}: {}", path, e.getMessage());
    }
  }

  private void ensureWritable() {
    ensureOpen();
    if (readOnly) {
      throw new MlException(
          "the index at " + path + " is open read-only; open it with LuceneIndex.builder to write");
    }
  }

  // ---------------------------------------------------------------- search

  /**
   * BM25 search with this index's default parameters.
   *
   * @param query free text; any characters are allowed (no query syntax is parsed)
   * @param k how many chunks at most
   * @return chunks, best first, with BM25 scores; empty when nothing matches
   */
  public List<ScoredChunk> bm25(String query, int k) {
    return bm25(query, k, bm25);
  }

  /**
   * BM25 search with given parameters.
   *
   * @param query free text; any characters are allowed (no query syntax is parsed)
   * @param k how many chunks at most
   * @param params k1 and b
   * @return chunks, best first, with BM25 scores; empty when nothing matches or the query has only
   *     stop words
   */
  public List<ScoredChunk> bm25(String query, int k, Bm25Params params) {
    requireQuery(query);
    requireK(k);
    Objects.requireNonNull(params, "params");
    Query q = bm25Query(query);
    if (q == null) {
      return List.of();
    }
    return withSearcher(
        shared -> {
          IndexSearcher searcher = new IndexSearcher(shared.getIndexReader());
          searcher.setSimilarity(new BM25Similarity(params.k1(), params.b()));
          TopDocs top;
          try {
            top = searcher.search(q, k);
          } catch (IndexSearcher.TooManyClauses e) {
            throw new MlException(
                "query too long for BM25 ("
                    + IndexSearcher.getMaxClauseCount()
                    + " terms at most): "
                    + abbreviate(query),
                e);
          }
          return toScored(searcher, top, false);
        });
  }

  /**
   * The BM25 query: the analysed query terms (each once, boosted by how often it occurs, which
   * scores like repeating it) against the text, and with the title and section boosts against those
   * fields. No query syntax is parsed, so any user text is safe.
   */
  private Query bm25Query(String text) {
    Map<String, Integer> terms = analyze(text);
    if (terms.isEmpty()) {
      return null;
    }
    int fields = 1 + (titleBoost > 0 ? 1 : 0) + (sectionBoost > 0 ? 1 : 0);
    int maxTerms = (IndexSearcher.getMaxClauseCount() - fields - 1) / fields;
    if (terms.size() > maxTerms) {
      throw new MlException(
          "query too long for BM25: "
              + terms.size()
              + " distinct terms, at most "
              + maxTerms
              + ": "
              + abbreviate(text));
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(fieldQuery(F_TEXT, terms), BooleanClause.Occur.SHOULD);
    if (titleBoost > 0) {
      b.add(new BoostQuery(fieldQuery(F_TITLE, terms), titleBoost), BooleanClause.Occur.SHOULD);
    }
    if (sectionBoost > 0) {
      b.add(new BoostQuery(fieldQuery(F_SECTION, terms), sectionBoost), BooleanClause.Occur.SHOULD);
    }
    return b.build();
  }

  private static Query fieldQuery(String field, Map<String, Integer> terms) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (Map.Entry<String, Integer> t : terms.entrySet()) {
      Query q = new TermQuery(new Term(field, t.getKey()));
      b.add(t.getValue() == 1 ? q : new BoostQuery(q, t.getValue()), BooleanClause.Occur.SHOULD);
    }
    return b.build();
  }

  /** The analysed terms of a text with their counts, in first-occurrence order. */
  private Map<String, Integer> analyze(String text) {
    Map<String, Integer> terms = new LinkedHashMap<>();
    try (TokenStream ts = analyzer.tokenStream(F_TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        terms.merge(term.toString(), 1, Integer::sum);
      }
      ts.end();
    } catch (IOException e) {
      throw new MlException("cannot analyse the query: " + e.getMessage(), e);
    }
    return terms;
  }

  /**
   * Approximate (HNSW) nearest neighbours, exploring {@code max(k, 100)} candidates.
   *
   * @param query a query vector of {@link #dimension()} floats (normalised here)
   * @param k how many chunks at most
   * @return chunks, best first, scored by cosine similarity
   */
  public List<ScoredChunk> knn(float[] query, int k) {
    return knn(query, k, DEFAULT_NUM_CANDIDATES);
  }

  /**
   * Approximate (HNSW) nearest neighbours.
   *
   * @param query a query vector of {@link #dimension()} floats (normalised here)
   * @param k how many chunks at most
   * @param numCandidates HNSW search breadth ({@code efSearch}); {@code max(k, numCandidates)} are
   *     explored per segment, higher is more accurate and slower
   * @return chunks, best first, scored by cosine similarity
   */
  public List<ScoredChunk> knn(float[] query, int k, int numCandidates) {
    requireK(k);
    if (numCandidates <= 0) {
      throw new IllegalArgumentException("numCandidates must be > 0, got " + numCandidates);
    }
    float[] q = queryVector(query);
    Query knn = new KnnFloatVectorQuery(F_VECTOR, q, Math.max(k, numCandidates));
    return withSearcher(searcher -> toScored(searcher, searcher.search(knn, k), true));
  }

  float[] queryVector(float[] query) {
    Objects.requireNonNull(query, "query vector");
    if (dimension == 0) {
      throw new MlException("index at " + path + " is text-only (dimension 0): no vector search");
    }
    checkVector(query, "query vector");
    return normalized(query, "query vector");
  }

  /**
   * The chunk with an id.
   *
   * @param id the chunk id
   * @return the chunk, or empty when it is not in the (committed) index
   */
  public Optional<Chunk> get(String id) {
    Objects.requireNonNull(id, "id");
    return withSearcher(
        searcher -> {
          TopDocs top = searcher.search(new TermQuery(new Term(F_ID, id)), 1);
          if (top.scoreDocs.length == 0) {
            return Optional.<Chunk>empty();
          }
          return Optional.of(chunk(searcher.storedFields().document(top.scoreDocs[0].doc)));
        });
  }

  /**
   * The stored (normalised) vector of a chunk.
   *
   * @param id the chunk id
   * @return the vector, or empty when the chunk is absent or has no vector
   */
  public Optional<float[]> vector(String id) {
    Objects.requireNonNull(id, "id");
    return withSearcher(
        searcher -> {
          TopDocs top = searcher.search(new TermQuery(new Term(F_ID, id)), 1);
          if (top.scoreDocs.length == 0) {
            return Optional.<float[]>empty();
          }
          int doc = top.scoreDocs[0].doc;
          List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
          LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
          FloatVectorValues values = leaf.reader().getFloatVectorValues(F_VECTOR);
          if (values == null) {
            return Optional.<float[]>empty();
          }
          KnnVectorValues.DocIndexIterator it = values.iterator();
          int local = doc - leaf.docBase;
          if (it.advance(local) != local) {
            return Optional.<float[]>empty();
          }
          return Optional.of(values.vectorValue(it.index()).clone());
        });
  }

  /**
   * Every stored vector with its chunk id (for exact search and diagnostics); loads them all into
   * memory.
   *
   * @return the vectors, in index order
   */
  public List<StoredVector> vectors() {
    List<StoredVector> out = new ArrayList<>();
    forEachVector(
        (id, v) -> {
          out.add(new StoredVector(id, v.clone()));
        });
    return out;
  }

  /** Receives stored vectors. */
  @FunctionalInterface
  interface VectorVisitor {
    void visit(String chunkId, float[] vector) throws IOException;
  }

  /** Visits every live vector; the array passed may be reused by Lucene. */
  void forEachVector(VectorVisitor visitor) {
    withSearcher(
        searcher -> {
          for (LeafReaderContext ctx : searcher.getIndexReader().leaves()) {
            LeafReader reader = ctx.reader();
            FloatVectorValues values = reader.getFloatVectorValues(F_VECTOR);
            if (values == null) {
              continue;
            }
            Bits live = reader.getLiveDocs();
            StoredFields fields = reader.storedFields();
            KnnVectorValues.DocIndexIterator it = values.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
              if (live != null && !live.get(doc)) {
                continue;
              }
              String id = fields.document(doc, Set.of(F_ID)).get(F_ID);
              visitor.visit(id, values.vectorValue(it.index()));
            }
          }
          return null;
        });
  }

  /** Work done with a searcher. */
  @FunctionalInterface
  interface SearcherFunction<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  /** Runs work on the current committed searcher, releasing it afterwards. */
  <T> T withSearcher(SearcherFunction<T> work) {
    ensureOpen();
    if (readOnly) {
      refreshIfDue();
    }
    IndexSearcher searcher;
    try {
      searcher = searchers.acquire();
    } catch (IOException e) {
      throw new MlException("cannot read the index at " + path + ": " + e.getMessage(), e);
    }
    try {
      return work.apply(searcher);
    } catch (IOException e) {
      throw new MlException("cannot read the index at " + path + ": " + e.getMessage(), e);
    } finally {
      try {
        searchers.release(searcher);
      } catch (IOException e) {
        LOG.warn("cannot release a searcher of {}", path, e);
      }
    }
  }

  List<ScoredChunk> toScored(IndexSearcher searcher, TopDocs top, boolean cosine)
      throws IOException {
    List<ScoredChunk> out = new ArrayList<>(top.scoreDocs.length);
    StoredFields fields = searcher.storedFields();
    for (ScoreDoc sd : top.scoreDocs) {
      // Lucene's DOT_PRODUCT score is (1 + cos) / 2; report the cosine.
      double score = cosine ? 2.0 * sd.score - 1.0 : sd.score;
      out.add(new ScoredChunk(chunk(fields.document(sd.doc)), score));
    }
    return out;
  }

  static Chunk chunk(Document d) {
    Map<String, String> meta = new LinkedHashMap<>();
    for (IndexableField f : d.getFields()) {
      if (f.name().startsWith(META_PREFIX)) {
        meta.put(f.name().substring(META_PREFIX.length()), f.stringValue());
      }
    }
    return new Chunk(d.get(F_ID), d.get(F_TEXT), meta);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the index at " + path + " is closed");
    }
  }

  static void requireK(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be > 0, got " + k);
    }
  }

  static void requireQuery(String query) {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("query must not be null or blank");
    }
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be null or blank");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /** Options for {@link LuceneIndex}; settings not given are read from an existing index. */
  public static final class Builder {
    private final Path path;
    private Integer dimension;
    private String embedderName;
    private TextAnalyzer analyzer;
    private Bm25Params bm25 = Bm25Params.DEFAULTS;
    private int hnswM = Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN;
    private int beamWidth = Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH;
    private float titleBoost = 0.3f;
    private float sectionBoost = 0.3f;
    private boolean create = true;
    private boolean readOnly;

    private Builder(Path path) {
      this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * The vector dimension: required for a new index (0 for text only), checked against an existing
     * one.
     *
     * @param dimension floats per vector, 0 to 1024
     * @return this builder
     */
    public Builder dimension(int dimension) {
      if (dimension < 0 || dimension > 1024) {
        throw new IllegalArgumentException("dimension must be in [0, 1024], got " + dimension);
      }
      this.dimension = dimension;
      return this;
    }

    /**
     * The embedder the vectors come from: recorded in a new index, checked against an existing one.
     *
     * @param name the embedder name (for example {@code all-minilm-l6-v2-q})
     * @return this builder
     */
    public Builder embedderName(String name) {
      this.embedderName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The text analysis ({@link TextAnalyzer#ENGLISH} by default): recorded in a new index, checked
     * against an existing one.
     *
     * @param analyzer the analyzer
     * @return this builder
     */
    public Builder analyzer(TextAnalyzer analyzer) {
      this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
      return this;
    }

    /**
     * Default BM25 parameters for {@link LuceneIndex#bm25(String, int)}.
     *
     * @param k1 term-frequency saturation (1.2)
     * @param b length normalisation (0.75)
     * @return this builder
     */
    public Builder bm25(float k1, float b) {
      this.bm25 = new Bm25Params(k1, b);
      return this;
    }

    /**
     * HNSW graph parameters for vectors written from now on.
     *
     * @param m neighbours per node (16)
     * @param beamWidth candidates while building (100)
     * @return this builder
     */
    public Builder hnsw(int m, int beamWidth) {
      if (m < 2 || m > Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN) {
        throw new IllegalArgumentException(
            "HNSW M must be in [2, " + Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN + "], got " + m);
      }
      if (beamWidth < 1 || beamWidth > Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH) {
        throw new IllegalArgumentException(
            "HNSW beamWidth must be in [1, "
                + Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH
                + "], got "
                + beamWidth);
      }
      this.hnswM = m;
      this.beamWidth = beamWidth;
      return this;
    }

    /**
     * BM25 boosts of the title and section-heading fields relative to the text (1.0); 0 turns a
     * field off. Defaults 0.3 and 0.3.
     *
     * @param title the title boost
     * @param section the section boost
     * @return this builder
     */
    public Builder fieldBoosts(float title, float section) {
      if (!(title >= 0) || !(section >= 0) || Float.isInfinite(title + section)) {
        throw new IllegalArgumentException(
            "field boosts must be finite and >= 0, got " + title + ", " + section);
      }
      this.titleBoost = title;
      this.sectionBoost = section;
      return this;
    }

    /**
     * Opens without a writer (default false): no write lock, writes fail, searches see new commits
     * within a second. The index must exist.
     *
     * @param value true for read-only
     * @return this builder
     */
    public Builder readOnly(boolean value) {
      this.readOnly = value;
      return this;
    }

    /**
     * Whether to create the index when the directory has none (true).
     *
     * @param create false to fail instead
     * @return this builder
     */
    public Builder createIfMissing(boolean create) {
      this.create = create;
      return this;
    }

    /**
     * Opens or creates the index.
     *
     * @return the index (close it)
     * @throws MlException on a settings mismatch or an unreadable directory
     */
    public LuceneIndex build() {
      return new LuceneIndex(this);
    }
  }
}
