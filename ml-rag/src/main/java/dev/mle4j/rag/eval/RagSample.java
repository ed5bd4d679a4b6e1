package dev.mle4j.rag.eval;

import dev.mle4j.core.Answer;
import dev.mle4j.core.ScoredChunk;
import java.util.List;
import java.util.Objects;

/**
 * One question run through a RAG pipeline: what was retrieved, what the generator saw, its answer
 * and the time of each stage.
 *
 * @param question the question
 * @param retrieved the retriever's chunks, best first
 * @param context the chunks given to the generator (after reranking, if any)
 * @param answer the generated answer
 * @param retrieveMs retrieval wall time
 * @param rerankMs reranking wall time (0 without a reranker)
 * @param generateMs generation wall time
 */
public record RagSample(
    EvalQuestion question,
    List<ScoredChunk> retrieved,
    List<ScoredChunk> context,
    Answer answer,
    double retrieveMs,
    double rerankMs,
    double generateMs) {

  /** Validates and copies. */
  public RagSample {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(answer, "answer");
    retrieved = List.copyOf(retrieved);
    context = List.copyOf(context);
  }

  /**
   * The document ids of the context, first occurrence of each.
   *
   * @return the context sources
   */
  public List<String> contextSources() {
    return RetrievalEvaluator.documentIds(context);
  }
}
