package dev.mle4j.rag.retrieve;

import dev.mle4j.core.ScoredChunk;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the retrievers and rerankers. */
final class Args {
  private Args() {}

  static void query(String query) {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("query must not be null or blank");
    }
  }

  static void k(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be > 0, got " + k);
    }
  }

  static void candidates(List<ScoredChunk> candidates) {
    Objects.requireNonNull(candidates, "candidates");
    for (int i = 0; i < candidates.size(); i++) {
      if (candidates.get(i) == null) {
        throw new IllegalArgumentException("candidate " + i + " is null");
      }
    }
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      return 0;
    }
    return dot / Math.sqrt(na * nb);
  }
}
