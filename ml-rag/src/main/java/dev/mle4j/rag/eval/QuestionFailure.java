package dev.mle4j.rag.eval;

import java.util.List;

/**
 * The failure category of one answered question.
 *
 * @param questionId the question id
 * @param type the question type
 * @param category the category
 * @param reason a short human-readable reason
 * @param question the question text
 * @param answer the generated answer
 * @param contextSources the documents the generator got
 */
public record QuestionFailure(
    String questionId,
    QuestionType type,
    FailureCategory category,
    String reason,
    String question,
    String answer,
    List<String> contextSources) {

  /** Copies. */
  public QuestionFailure {
    contextSources = List.copyOf(contextSources);
  }
}
