package dev.mle4j.rag.generate;

import dev.mle4j.core.MlException;
import java.util.Objects;

/**
 * A failed call to an LLM or embedding endpoint. The message names the endpoint and the problem; it
 * never contains the API key. {@link #kind()} lets an HTTP layer choose a status (for example 504
 * for {@link Kind#TIMEOUT}, 502 for the others).
 */
public class GeneratorException extends MlException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The endpoint could not be connected to (refused, DNS failure, connect timeout, reset). */
    UNREACHABLE,
    /** The endpoint accepted the connection but did not answer within the request timeout. */
    TIMEOUT,
    /** The endpoint rejected the credentials (HTTP 401 or 403). */
    AUTH,
    /** The endpoint kept answering HTTP 429 until the retries ran out. */
    RATE_LIMIT,
    /** The endpoint answered 2xx with a body that is not the expected wire format. */
    BAD_RESPONSE,
    /** The endpoint kept failing with HTTP 5xx (or an error event mid-stream). */
    SERVER,
    /** The endpoint refused the request itself (HTTP 4xx other than 401, 403, 429). */
    REJECTED,
    /** The calling thread was interrupted while waiting. */
    INTERRUPTED
  }

  /** What went wrong. */
  private final Kind kind;

  /** The last HTTP status, or -1. */
  private final int httpStatus;

  /**
   * Creates the exception.
   *
   * @param kind what went wrong
   * @param httpStatus the last HTTP status, or -1 when there was no response
   * @param message the message, naming the endpoint and never the key
   */
  public GeneratorException(Kind kind, int httpStatus, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.httpStatus = httpStatus;
  }

  /**
   * What went wrong.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The last HTTP status the endpoint returned.
   *
   * @return the status, or -1 when no response arrived
   */
  public int httpStatus() {
    return httpStatus;
  }
}
