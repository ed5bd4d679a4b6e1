package dev.mle4j.core;

import java.util.List;
import java.util.Objects;

/**
 * A generated answer with its evidence and costs.
 *
 * @param text the answer text
 * @param citations the chunks the answer cites
 * @param promptTokens tokens sent to the generator
 * @param completionTokens tokens generated
 * @param latencyMs wall time of the generation in milliseconds
 */
public record Answer(
    String text,
    List<ScoredChunk> citations,
    int promptTokens,
    int completionTokens,
    double latencyMs) {
  /** Validates and copies. */
  public Answer {
    Objects.requireNonNull(text, "text");
    citations = citations == null ? List.of() : List.copyOf(citations);
  }
}
