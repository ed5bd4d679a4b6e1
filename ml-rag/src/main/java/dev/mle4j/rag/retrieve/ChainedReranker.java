package dev.mle4j.rag.retrieve;

import dev.mle4j.core.ScoredChunk;
import java.util.List;
import java.util.Objects;

/**
 * Two rerankers in sequence, for example a cross-encoder keeping 10 of 20 candidates, then MMR
 * choosing 5 diverse ones of those 10. Scores are the second reranker's.
 */
public final class ChainedReranker implements Reranker {

  private final Reranker first;
  private final int intermediate;
  private final Reranker second;

  /**
   * A chain.
   *
   * @param first the first reranker
   * @param intermediate how many the first keeps (at least the final k is used)
   * @param second the second reranker
   */
  public ChainedReranker(Reranker first, int intermediate, Reranker second) {
    this.first = Objects.requireNonNull(first, "first");
    this.second = Objects.requireNonNull(second, "second");
    if (intermediate <= 0) {
      throw new IllegalArgumentException("intermediate must be > 0, got " + intermediate);
    }
    this.intermediate = intermediate;
  }

  @Override
  public List<ScoredChunk> rerank(String query, List<ScoredChunk> candidates, int k) {
    Args.query(query);
    Args.k(k);
    Args.candidates(candidates);
    List<ScoredChunk> mid = first.rerank(query, candidates, Math.max(k, intermediate));
    return second.rerank(query, mid, k);
  }

  @Override
  public String name() {
    return first.name() + "+" + second.name();
  }
}
