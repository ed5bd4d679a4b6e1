package dev.mle4j.rag;

import java.util.List;

/**
 * The result of one question.
 *
 * @param question the question
 * @param answer the answer text
 * @param citations the sources the answer cites
 * @param retrievedIds ids of every retrieved chunk, best first
 * @param latencyMs total time
 * @param retrieveMs retrieval time (including reranking)
 * @param generateMs generation time
 * @param promptTokens tokens sent to the generator
 * @param completionTokens tokens generated
 * @param costUsd cost from the configured price table (0 when unpriced)
 * @param generator the generator's name
 */
public record RagResponse(
    String question,
    String answer,
    List<Citation> citations,
    List<String> retrievedIds,
    double latencyMs,
    double retrieveMs,
    double generateMs,
    int promptTokens,
    int completionTokens,
    double costUsd,
    String generator) {

  /** Copies the lists. */
  public RagResponse {
    citations = List.copyOf(citations);
    retrievedIds = List.copyOf(retrievedIds);
  }
}
