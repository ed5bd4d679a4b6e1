package dev.mle4j.rag.eval;

import java.util.Locale;

/** Why a RAG answer went wrong, or {@link #OK}. */
public enum FailureCategory {
  /** Nothing wrong was detected. */
  OK,
  /** No relevant document was in the context the generator got. */
  RETRIEVAL_MISS,
  /** A relevant document was in the context but the answer's correctness is below threshold. */
  POOR_GENERATION,
  /** The answer is not supported by the context (faithfulness below threshold). */
  HALLUCINATION,
  /**
   * The generator refused although the question is answerable and a relevant document was there.
   */
  WRONG_REFUSAL,
  /** A negative (unanswerable) question was answered instead of refused. */
  MISSED_REFUSAL;

  /**
   * The snake_case name for files, e.g. {@code retrieval_miss}.
   *
   * @return the name
   */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
