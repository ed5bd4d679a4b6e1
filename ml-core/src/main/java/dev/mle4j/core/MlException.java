package dev.mle4j.core;

/**
 * An error caused by bad input, configuration or data, with a message meant for the user (no stack
 * trace needed to understand it).
 */
public class MlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the field, file or value
   */
  public MlException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong
   * @param cause the underlying error
   */
  public MlException(String message, Throwable cause) {
    super(message, cause);
  }
}
