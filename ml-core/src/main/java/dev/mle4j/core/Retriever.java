package dev.mle4j.core;

import java.util.List;

/** Finds the chunks most relevant to a query. */
public interface Retriever {

  /**
   * Retrieves the top chunks.
   *
   * @param query the query text
   * @param k how many chunks to return at most
   * @return chunks, best first
   */
  List<ScoredChunk> retrieve(String query, int k);
}
