package dev.mle4j.rag.eval;

import dev.mle4j.core.MlException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kind of an evaluation question. */
public enum QuestionType {
  /** A fact stated in one place of the corpus. */
  FACTUAL,
  /** An answer that needs reasoning over what the corpus says. */
  REASONING,
  /** An answer that combines facts from several documents. */
  MULTI_HOP,
  /** A question the corpus does not answer: the right answer is a refusal. */
  NEGATIVE,
  /** A retrieval-only query with graded relevance and no reference answer (BEIR). */
  RETRIEVAL;

  /**
   * The name used in JSON files and reports, e.g. {@code multi_hop}.
   *
   * @return the lowercase name
   */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a JSON name.
   *
   * @param name e.g. {@code factual}
   * @return the type
   * @throws MlException when the name is unknown
   */
  public static QuestionType parse(String name) {
    for (QuestionType t : values()) {
      if (t.jsonName().equals(name)) {
        return t;
      }
    }
    throw new MlException(
        "unknown question type '"
            + name
            + "'; expected one of "
            + Arrays.stream(values())
                .map(QuestionType::jsonName)
                .collect(Collectors.joining(", ")));
  }
}
