package dev.mle4j.core.serving;

import dev.mle4j.core.MlException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Aborts request handling with an RFC 9457 problem response. */
public final class ProblemException extends MlException {
  private static final long serialVersionUID = 1L;

  private final ProblemType type;
  private final transient Map<String, Object> extensions = new LinkedHashMap<>();
  private final transient Map<String, String> headers = new LinkedHashMap<>();

  /**
   * Creates the problem.
   *
   * @param type the kind
   * @param detail the human-readable detail
   */
  public ProblemException(ProblemType type, String detail) {
    super(detail);
    this.type = type;
  }

  /**
   * Creates the problem with a cause.
   *
   * @param type the kind
   * @param detail the human-readable detail
   * @param cause the cause (logged for 5xx, never sent)
   */
  public ProblemException(ProblemType type, String detail, Throwable cause) {
    super(detail, cause);
    this.type = type;
  }

  /**
   * The kind.
   *
   * @return the problem type
   */
  public ProblemType type() {
    return type;
  }

  /**
   * Adds an extension member to the problem body.
   *
   * @param member the member name
   * @param value its value
   * @return this exception
   */
  public ProblemException with(String member, Object value) {
    extensions.put(member, value);
    return this;
  }

  /**
   * Adds a response header.
   *
   * @param name header name
   * @param value header value
   * @return this exception
   */
  public ProblemException header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  Map<String, Object> extensions() {
    return extensions;
  }

  Map<String, String> headers() {
    return headers;
  }
}
