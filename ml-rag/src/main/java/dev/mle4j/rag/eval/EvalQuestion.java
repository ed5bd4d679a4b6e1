package dev.mle4j.rag.eval;

import dev.mle4j.core.MlException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One evaluation question with its reference answer and judged relevant documents.
 *
 * <p>Relevance is judged at document level (a chunk's {@code source} metadata). {@link #graded()}
 * holds the grade of every judged document; each of {@link #relevantSources()} has a grade {@code >
 * 0} (grade 1 when only listed as relevant).
 *
 * @param id unique question id
 * @param type question type
 * @param question the question text, not blank
 * @param answer the reference answer (may be empty for retrieval-only queries)
 * @param relevantSources ids of the relevant documents, empty for negative questions
 * @param graded grade ({@code >= 0}) of each judged document
 * @param evidence the passage the answer comes from (may be empty)
 */
public record EvalQuestion(
    String id,
    QuestionType type,
    String question,
    String answer,
    List<String> relevantSources,
    Map<String, Integer> graded,
    String evidence) {

  /** Validates and completes the grades: every relevant source has a grade of at least 1. */
  public EvalQuestion {
    if (id == null || id.isBlank()) {
      throw new MlException("question id must not be blank");
    }
    Objects.requireNonNull(type, "type");
    if (question == null || question.isBlank()) {
      throw new MlException("question '" + id + "': question text must not be blank");
    }
    answer = answer == null ? "" : answer;
    evidence = evidence == null ? "" : evidence;
    Set<String> sources =
        new LinkedHashSet<>(relevantSources == null ? List.of() : relevantSources);
    Map<String, Integer> grades = new LinkedHashMap<>();
    if (graded != null) {
      graded.forEach(
          (doc, grade) -> {
            if (doc == null || doc.isBlank()) {
              throw new MlException("question '" + id + "': a graded document id is blank");
            }
            if (grade == null || grade < 0) {
              throw new MlException(
                  "question '" + id + "': grade of '" + doc + "' is " + grade + "; must be >= 0");
            }
            grades.put(doc, grade);
          });
    }
    for (String s : sources) {
      if (s == null || s.isBlank()) {
        throw new MlException("question '" + id + "': a relevant source is blank");
      }
      grades.merge(s, 1, Math::max);
    }
    grades.forEach(
        (doc, grade) -> {
          if (grade > 0) {
            sources.add(doc);
          }
        });
    if (type == QuestionType.NEGATIVE && !sources.isEmpty()) {
      throw new MlException(
          "question '" + id + "' is negative but lists relevant sources " + sources);
    }
    if (type != QuestionType.NEGATIVE && sources.isEmpty()) {
      throw new MlException(
          "question '"
              + id
              + "' ("
              + type.jsonName()
              + ") has no relevant source; only negative questions may have none");
    }
    relevantSources = List.copyOf(sources);
    graded = Collections.unmodifiableMap(grades);
  }

  /**
   * Whether the corpus answers the question (it is not negative).
   *
   * @return true for answerable questions
   */
  public boolean answerable() {
    return type != QuestionType.NEGATIVE;
  }

  /**
   * The relevant document ids as a set.
   *
   * @return the relevant sources
   */
  public Set<String> relevantSet() {
    return Set.copyOf(relevantSources);
  }
}
