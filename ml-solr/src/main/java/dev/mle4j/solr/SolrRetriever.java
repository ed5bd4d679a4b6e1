package dev.mle4j.solr;

import dev.mle4j.core.Embedder;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.retrieve.HybridRetriever;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;

/**
 * A {@link Retriever} over an mle4j SolrCloud collection, with the modes of the Lucene backend:
 *
 * <ul>
 *   <li>{@link Mode#BM25}: edismax over {@code text}, {@code title^0.3}, {@code section^0.3} with
 *       {@code tie=1} (field scores add up, as in the Lucene index); user text is escaped word by
 *       word, so no query syntax is ever parsed;
 *   <li>{@link Mode#DENSE}: {@code {!knn f=vector topK=T}} with {@code T = max(k, numCandidates)};
 *       Solr runs knn on every shard with that topK and merges the shard lists by score, so the
 *       first {@code k} of the merged list are the global top K; scores are cosine similarities;
 *   <li>{@link Mode#HYBRID}: reciprocal rank fusion done client-side (ml-rag's {@link
 *       HybridRetriever}, rrfK 60) over the BM25 and dense lists;
 *   <li>{@link Mode#HYBRID_RERANK}: Solr's own combination (Solr 9 has no RRF; it arrives in Solr
 *       10): the dense top candidates re-ranked with {@code {!rerank}} by the BM25 query, both
 *       scores min-max scaled to 0..1 ({@code mainScale}/{@code reRankScale}) and added.
 * </ul>
 *
 * <pre>{@code
 * Retriever r = SolrRetriever.builder(client, "pgdoc").mode(Mode.HYBRID).embedder(e).build();
 * }</pre>
 */
public final class SolrRetriever implements Retriever {

  /** Retrieval modes. */
  public enum Mode {
    /** BM25 over text, title and section. */
    BM25("bm25"),
    /** HNSW nearest neighbours by cosine. */
    DENSE("dense"),
    /** Client-side reciprocal rank fusion of BM25 and dense. */
    HYBRID("hybrid"),
    /** Solr-side: dense candidates re-ranked by scaled BM25. */
    HYBRID_RERANK("hybrid-solr-rerank");

    private final String id;

    Mode(String id) {
      this.id = id;
    }

    /**
     * The mode's name, as used on command lines.
     *
     * @return the id
     */
    public String id() {
      return id;
    }

    /**
     * Parses a mode name.
     *
     * @param id a name from {@link #id()}
     * @return the mode
     * @throws MlException naming the known modes
     */
    public static Mode of(String id) {
      for (Mode m : values()) {
        if (m.id.equals(id)) {
          return m;
        }
      }
      List<String> ids = new ArrayList<>();
      for (Mode m : values()) {
        ids.add(m.id);
      }
      throw new MlException(
          "unknown Solr retrieval mode '" + id + "'; known: " + String.join(", ", ids));
    }
  }

  private final SolrClient client;
  private final String collection;
  private final Mode mode;
  private final Embedder embedder;
  private final int numCandidates;
  private final int hybridCandidates;
  private final float titleBoost;
  private final float sectionBoost;
  private final double rerankWeight;
  private final int dimension;
  private final HybridRetriever hybrid;

  private SolrRetriever(Builder b) {
    this.client = b.client;
    this.collection = b.collection;
    this.mode = b.mode;
    this.embedder = b.embedder;
    this.numCandidates = b.numCandidates;
    this.hybridCandidates = b.hybridCandidates;
    this.titleBoost = b.titleBoost;
    this.sectionBoost = b.sectionBoost;
    this.rerankWeight = b.rerankWeight;
    if (mode != Mode.BM25) {
      if (embedder == null) {
        throw new MlException("Solr retrieval mode " + mode.id() + " needs an embedder");
      }
      this.dimension = SolrCollections.vectorDimension(client, collection);
      if (dimension != embedder.dimension()) {
        throw new MlException(
            "collection '"
                + collection
                + "' holds vectors of dim "
                + dimension
                + "; embedder "
                + embedder.name()
                + " has dim "
                + embedder.dimension());
      }
    } else {
      this.dimension = 0;
    }
    if (mode == Mode.HYBRID) {
      Builder sub = b.copy();
      this.hybrid =
          HybridRetriever.builder()
              .add(sub.mode(Mode.BM25).build())
              .add(sub.mode(Mode.DENSE).build())
              .rrfK(b.rrfK)
              .candidates(hybridCandidates)
              .build();
    } else {
      this.hybrid = null;
    }
  }

  /**
   * Starts a builder (mode BM25 by default).
   *
   * @param client a Solr client (not closed by the retriever)
   * @param collection the collection
   * @return the builder
   */
  public static Builder builder(SolrClient client, String collection) {
    return new Builder(client, collection);
  }

  /**
   * The mode.
   *
   * @return the mode
   */
  public Mode mode() {
    return mode;
  }

  @Override
  public List<ScoredChunk> retrieve(String query, int k) {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("query must not be null or blank");
    }
    if (k <= 0) {
      throw new IllegalArgumentException("k must be > 0, got " + k);
    }
    return switch (mode) {
      case BM25 -> bm25(query, k);
      case DENSE -> dense(query, k);
      case HYBRID -> hybrid.retrieve(query, k);
      case HYBRID_RERANK -> rerank(query, k);
      default -> throw new IllegalStateException("unknown mode " + mode);
    };
  }

  private List<ScoredChunk> bm25(String query, int k) {
    SolrQuery q = new SolrQuery(escape(query));
    q.set("defType", "edismax");
    lexicalParams(q);
    q.setRows(k).setFields(SolrDocs.FIELDS);
    return run(q, false, query);
  }

  private List<ScoredChunk> dense(String query, int k) {
    float[] v = queryVector(query);
    int topK = Math.max(k, numCandidates);
    SolrQuery q =
        new SolrQuery(
            "{!knn f=" + SolrDocs.VECTOR + " topK=" + topK + "}" + SolrDocs.vectorLiteral(v));
    q.setRows(k).setFields(SolrDocs.FIELDS);
    return run(q, true, query);
  }

  private List<ScoredChunk> rerank(String query, int k) {
    float[] v = queryVector(query);
    int n = Math.max(k, hybridCandidates);
    SolrQuery q =
        new SolrQuery(
            "{!knn f=" + SolrDocs.VECTOR + " topK=" + n + "}" + SolrDocs.vectorLiteral(v));
    q.set("lexq", escape(query));
    q.set("lex", "{!edismax qf=$qf tie=$tie mm=$mm q.op=OR v=$lexq}");
    lexicalParams(q);
    q.set(
        "rq",
        "{!rerank reRankQuery=$lex reRankDocs="
            + n
            + " reRankWeight="
            + rerankWeight
            + " mainScale=0-1 reRankScale=0-1}");
    q.setRows(k).setFields(SolrDocs.FIELDS);
    return run(q, false, query);
  }

  private void lexicalParams(SolrQuery q) {
    StringBuilder qf = new StringBuilder(SolrDocs.TEXT);
    if (titleBoost > 0) {
      qf.append(' ').append(SolrDocs.TITLE).append('^').append(titleBoost);
    }
    if (sectionBoost > 0) {
      qf.append(' ').append(SolrDocs.SECTION).append('^').append(sectionBoost);
    }
    q.set("qf", qf.toString());
    q.set("tie", "1.0");
    q.set("mm", "0");
    q.set("q.op", "OR");
  }

  private float[] queryVector(String query) {
    float[][] vs = embedder.embedQueries(List.of(query));
    if (vs == null || vs.length != 1 || vs[0] == null) {
      throw new MlException(embedder.name() + " returned no vector for the query");
    }
    SolrDocs.checkVector(vs[0], dimension, "query vector");
    return vs[0];
  }

  private List<ScoredChunk> run(SolrQuery q, boolean cosine, String query) {
    SolrDocumentList docs;
    try {
      docs = client.query(collection, q, SolrRequest.METHOD.POST).getResults();
    } catch (SolrServerException | IOException | RuntimeException e) {
      throw new MlException(
          "Solr "
              + mode.id()
              + " query on "
              + collection
              + " failed for '"
              + abbreviate(query)
              + "': "
              + e.getMessage(),
          e);
    }
    List<ScoredChunk> out = new ArrayList<>(docs.size());
    for (SolrDocument d : docs) {
      double s = ((Number) d.getFirstValue("score")).doubleValue();
      // Lucene's cosine score is (1 + cos) / 2; report the cosine
      out.add(new ScoredChunk(SolrDocs.toChunk(d), cosine ? 2.0 * s - 1.0 : s));
    }
    return out;
  }

  /**
   * Escapes user text for edismax word by word (lower-cased, so AND/OR/NOT are plain words; the
   * analyzer lower-cases anyway).
   */
  static String escape(String text) {
    StringBuilder b = new StringBuilder();
    for (String w : text.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
      if (w.isEmpty()) {
        continue;
      }
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(ClientUtils.escapeQueryChars(w));
    }
    return b.toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /** Options of a {@link SolrRetriever}. */
  public static final class Builder {
    private final SolrClient client;
    private final String collection;
    private Mode mode = Mode.BM25;
    private Embedder embedder;
    private int numCandidates = 100;
    private int hybridCandidates = HybridRetriever.DEFAULT_CANDIDATES;
    private int rrfK = HybridRetriever.DEFAULT_RRF_K;
    private float titleBoost = 0.3f;
    private float sectionBoost = 0.3f;
    private double rerankWeight = 1.0;

    private Builder(SolrClient client, String collection) {
      this.client = Objects.requireNonNull(client, "client");
      if (collection == null || collection.isBlank()) {
        throw new MlException("collection name must not be blank");
      }
      this.collection = collection;
    }

    private Builder copy() {
      Builder b = new Builder(client, collection);
      b.mode = mode;
      b.embedder = embedder;
      b.numCandidates = numCandidates;
      b.hybridCandidates = hybridCandidates;
      b.rrfK = rrfK;
      b.titleBoost = titleBoost;
      b.sectionBoost = sectionBoost;
      b.rerankWeight = rerankWeight;
      return b;
    }

    /**
     * The retrieval mode (default BM25).
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * The query embedder (needed by every mode but BM25); its dimension must equal the
     * collection's.
     *
     * @param embedder the embedder
     * @return this builder
     */
    public Builder embedder(Embedder embedder) {
      this.embedder = embedder;
      return this;
    }

    /**
     * HNSW candidates per shard for dense retrieval: {@code topK = max(k, n)} (default 100, as the
     * Lucene index).
     *
     * @param n candidates, {@code > 0}
     * @return this builder
     */
    public Builder numCandidates(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("numCandidates must be > 0, got " + n);
      }
      this.numCandidates = n;
      return this;
    }

    /**
     * Candidates per list for the hybrid modes (default 50).
     *
     * @param n candidates, {@code > 0}
     * @return this builder
     */
    public Builder hybridCandidates(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("candidates must be > 0, got " + n);
      }
      this.hybridCandidates = n;
      return this;
    }

    /**
     * The RRF constant of {@link Mode#HYBRID} (default 60).
     *
     * @param rrfK the constant, {@code > 0}
     * @return this builder
     */
    public Builder rrfK(int rrfK) {
      if (rrfK <= 0) {
        throw new IllegalArgumentException("rrfK must be > 0, got " + rrfK);
      }
      this.rrfK = rrfK;
      return this;
    }

    /**
     * BM25 boosts of title and section relative to text (defaults 0.3, 0.3; 0 turns one off).
     *
     * @param title title boost
     * @param section section boost
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
     * The weight of the scaled BM25 score in {@link Mode#HYBRID_RERANK} (default 1).
     *
     * @param weight the weight, {@code >= 0}
     * @return this builder
     */
    public Builder rerankWeight(double weight) {
      if (!(weight >= 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("rerank weight must be finite and >= 0, got " + weight);
      }
      this.rerankWeight = weight;
      return this;
    }

    /**
     * Builds the retriever (checks the embedder's dimension against the collection's schema).
     *
     * @return the retriever
     */
    public SolrRetriever build() {
      return new SolrRetriever(this);
    }
  }
}
