package dev.mle4j.rag.retrieve;

import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import java.util.List;
import java.util.Objects;

/**
 * Two-stage retrieval: a first stage fetches {@code candidates} chunks (20 by default, at least k),
 * a {@link Reranker} re-orders them and keeps {@code k}. Scores are the reranker's.
 */
public final class RerankingRetriever implements Retriever {

  /** Default number of first-stage candidates. */
  public static final int DEFAULT_CANDIDATES = 20;

  private final Retriever first;
  private final Reranker reranker;
  private final int candidates;

  /**
   * A retriever reranking 20 candidates.
   *
   * @param first the first stage
   * @param reranker the second stage
   */
  public RerankingRetriever(Retriever first, Reranker reranker) {
    this(first, reranker, DEFAULT_CANDIDATES);
  }

  /**
   * A retriever.
   *
   * @param first the first stage
   * @param reranker the second stage
   * @param candidates how many first-stage chunks to rerank, {@code > 0}
   */
  public RerankingRetriever(Retriever first, Reranker reranker, int candidates) {
    this.first = Objects.requireNonNull(first, "first");
    this.reranker = Objects.requireNonNull(reranker, "reranker");
    if (candidates <= 0) {
      throw new IllegalArgumentException("candidates must be > 0, got " + candidates);
    }
    this.candidates = candidates;
  }

  /**
   * The second stage.
   *
   * @return the reranker
   */
  public Reranker reranker() {
    return reranker;
  }

  @Override
  public List<ScoredChunk> retrieve(String query, int k) {
    Args.query(query);
    Args.k(k);
    List<ScoredChunk> pool = first.retrieve(query, Math.max(k, candidates));
    if (pool.isEmpty()) {
      return List.of();
    }
    return reranker.rerank(query, pool, k);
  }
}
