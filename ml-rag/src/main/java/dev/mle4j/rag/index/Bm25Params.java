package dev.mle4j.rag.index;

/**
 * BM25 parameters, applied at search time (Lucene's norms do not depend on them, so one index
 * serves any setting).
 *
 * @param k1 term-frequency saturation, {@code >= 0} (1.2 by default)
 * @param b length normalisation, in {@code [0, 1]} (0.75 by default)
 */
public record Bm25Params(float k1, float b) {

  /** Lucene's and the literature's defaults: k1 = 1.2, b = 0.75. */
  public static final Bm25Params DEFAULTS = new Bm25Params(1.2f, 0.75f);

  /** Validates. */
  public Bm25Params {
    if (!Float.isFinite(k1) || k1 < 0) {
      throw new IllegalArgumentException("BM25 k1 must be a finite number >= 0, got " + k1);
    }
    if (!Float.isFinite(b) || b < 0 || b > 1) {
      throw new IllegalArgumentException("BM25 b must be in [0, 1], got " + b);
    }
  }
}
