package dev.mle4j.rag.index;

import java.util.Objects;

/**
 * A chunk's vector as stored in a {@link LuceneIndex} (L2-normalised).
 *
 * @param chunkId the chunk id
 * @param vector the unit-length vector (do not modify)
 */
public record StoredVector(String chunkId, float[] vector) {
  /** Validates. */
  public StoredVector {
    Objects.requireNonNull(chunkId, "chunkId");
    Objects.requireNonNull(vector, "vector");
  }
}
