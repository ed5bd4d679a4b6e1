package dev.mle4j.core;

import java.util.List;

/** Writes an answer to a question grounded in retrieved context. */
public interface Generator {

  /**
   * Generates an answer.
   *
   * @param question the question
   * @param context retrieved chunks to ground the answer in
   * @return the answer with citations, token usage and latency
   */
  Answer generate(Question question, List<ScoredChunk> context);
}
