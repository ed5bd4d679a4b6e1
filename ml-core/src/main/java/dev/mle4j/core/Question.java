package dev.mle4j.core;

import java.util.Objects;

/**
 * A question for a {@link Generator}.
 *
 * @param text the question text
 */
public record Question(String text) {
  /** Validates. */
  public Question {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("question text is empty");
    }
  }
}
