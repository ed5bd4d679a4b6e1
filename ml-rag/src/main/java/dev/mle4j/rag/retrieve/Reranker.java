package dev.mle4j.rag.retrieve;

import dev.mle4j.core.ScoredChunk;
import java.util.List;

/**
 * Second retrieval stage: re-orders a first stage's candidates (for example 20) and keeps the best
 * {@code k} (for example 5). Implementations: a cross-encoder, MMR diversity.
 */
public interface Reranker {

  /**
   * Re-orders candidates for a query.
   *
   * @param query the query
   * @param candidates the first stage's results, best first
   * @param k how many to keep
   * @return at most {@code k} chunks, best first, with this stage's scores
   */
  List<ScoredChunk> rerank(String query, List<ScoredChunk> candidates, int k);

  /**
   * A short name for reports.
   *
   * @return the name
   */
  default String name() {
    return getClass().getSimpleName();
  }
}
