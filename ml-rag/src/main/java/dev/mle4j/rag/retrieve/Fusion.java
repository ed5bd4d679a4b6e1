package dev.mle4j.rag.retrieve;

/** How {@link HybridRetriever} combines ranked lists. */
public enum Fusion {
  /**
   * Reciprocal rank fusion: {@code score(d) = sum over lists of weight / (rrfK + rank(d))}, rank
   * from 1, absent lists add nothing. Ignores the lists' score scales.
   */
  RRF,
  /**
   * Weighted sum of min-max normalised scores: in each list {@code (s - min) / (max - min)} (1 when
   * all scores are equal), absent lists add 0, then {@code sum of weight * normalised}.
   */
  WEIGHTED
}
