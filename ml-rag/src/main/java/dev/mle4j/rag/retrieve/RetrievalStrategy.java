package dev.mle4j.rag.retrieve;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The named retrieval set-ups {@link Retrievers} creates. */
public enum RetrievalStrategy {
  /** BM25 only. */
  BM25("bm25"),
  /** Dense (embedding k-NN) only. */
  DENSE("dense"),
  /** BM25 + dense fused by reciprocal rank fusion. */
  HYBRID("hybrid"),
  /** BM25 + dense fused by weighted min-max normalised scores. */
  HYBRID_WEIGHTED("hybrid-weighted"),
  /** Hybrid (RRF), then the configured reranker. */
  HYBRID_RERANK("hybrid-rerank"),
  /** Hybrid (RRF), then maximal marginal relevance. */
  HYBRID_MMR("hybrid-mmr");

  private final String id;

  RetrievalStrategy(String id) {
    this.id = id;
  }

  /**
   * The name used on command lines and in reports.
   *
   * @return for example {@code hybrid-rerank}
   */
  public String id() {
    return id;
  }

  /**
   * Looks a strategy up by name.
   *
   * @param id a name such as {@code bm25} (case-insensitive)
   * @return the strategy
   * @throws IllegalArgumentException naming the valid choices when unknown
   */
  public static RetrievalStrategy fromId(String id) {
    for (RetrievalStrategy s : values()) {
      if (s.id.equalsIgnoreCase(id == null ? "" : id.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown retrieval strategy '"
            + id
            + "'; choose one of "
            + Arrays.stream(values()).map(RetrievalStrategy::id).collect(Collectors.joining(", ")));
  }
}
