package dev.mle4j.rag.ingest;

import dev.mle4j.core.MlException;

/**
 * A file could not be turned into a {@link Document}: unsupported type, unreadable, malformed text
 * encoding, corrupt or encrypted PDF. The message names the file and the reason.
 */
public class DocumentLoadException extends MlException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the file
   */
  public DocumentLoadException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong, naming the file
   * @param cause the underlying error
   */
  public DocumentLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
