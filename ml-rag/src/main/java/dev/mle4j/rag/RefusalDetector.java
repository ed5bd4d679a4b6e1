package dev.mle4j.rag;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether an answer is a refusal ("not in the provided documents", "I don't know", ...):
 * the answer, lowercased with curly apostrophes made straight and white space collapsed, contains
 * one of the phrases.
 */
public final class RefusalDetector {

  /** The default phrases. */
  public static final List<String> DEFAULT_PHRASES =
      List.of(
          "not in the provided",
          "not found in the provided",
          "not contained in the provided",
          "provided documents do not",
          "provided context does not",
          "the documents do not",
          "the context does not",
          "documentation does not say",
          "documentation does not mention",
          "i don't know",
          "i do not know",
          "i cannot answer",
          "i can't answer",
          "unable to answer",
          "cannot be answered",
          "can't be answered",
          "not enough information",
          "insufficient information",
          "no information about",
          "no relevant information",
          "is not mentioned",
          "are not mentioned",
          "not covered in the",
          "cannot find",
          "could not find",
          "couldn't find");

  private final List<String> phrases;

  private RefusalDetector(List<String> phrases) {
    this.phrases = phrases;
  }

  /**
   * The detector with {@link #DEFAULT_PHRASES}.
   *
   * @return the detector
   */
  public static RefusalDetector defaults() {
    return new RefusalDetector(DEFAULT_PHRASES);
  }

  /**
   * A detector with the given phrases (matched case-insensitively as substrings).
   *
   * @param phrases at least one non-blank phrase
   * @return the detector
   * @throws MlException when empty or a phrase is blank
   */
  public static RefusalDetector of(List<String> phrases) {
    if (phrases == null || phrases.isEmpty()) {
      throw new MlException("refusal detector needs at least one phrase");
    }
    List<String> norm = new ArrayList<>();
    for (String p : phrases) {
      if (p == null || p.isBlank()) {
        throw new MlException("a refusal phrase is blank");
      }
      norm.add(clean(p));
    }
    return new RefusalDetector(List.copyOf(norm));
  }

  /**
   * The phrases.
   *
   * @return the phrases
   */
  public List<String> phrases() {
    return phrases;
  }

  /**
   * Whether the answer is a refusal. An empty answer counts as a refusal.
   *
   * @param answer the answer text
   * @return true when it contains a refusal phrase or is blank
   */
  public boolean isRefusal(String answer) {
    if (answer == null || answer.isBlank()) {
      return true;
    }
    String a = clean(answer);
    for (String p : phrases) {
      if (a.contains(p)) {
        return true;
      }
    }
    return false;
  }

  private static String clean(String s) {
    return s.toLowerCase(Locale.ROOT)
        .replace('\u2019', '\'')
        .replace('\u2018', '\'')
        .replaceAll("\\s+", " ")
        .trim();
  }
}
