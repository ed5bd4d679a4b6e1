package dev.mle4j.core;

import java.util.Objects;

/**
 * A retrieved chunk with its retrieval score.
 *
 * @param chunk the chunk
 * @param score the score (higher is better; scale depends on the retriever)
 */
public record ScoredChunk(Chunk chunk, double score) {
  /** Validates. */
  public ScoredChunk {
    Objects.requireNonNull(chunk, "chunk");
  }
}
