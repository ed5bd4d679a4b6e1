package dev.mle4j.rag;

import dev.mle4j.core.MlException;

/** A question that cannot be asked: empty, or longer than the configured limit. */
public final class InvalidQuestionException extends MlException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong
   */
  public InvalidQuestionException(String message) {
    super(message);
  }
}
