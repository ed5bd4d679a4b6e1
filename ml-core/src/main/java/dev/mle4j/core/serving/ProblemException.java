package dev.mle4j.core.serving;

import dev.mle4j.core.MlException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Aborts request handling with an RFC 9457 problem response. */
final class ProblemException extends MlException {
  private static final long serialVersionUID = 1L;

  private final ProblemType type;
  private final transient Map<String, Object> extensions = new LinkedHashMap<>();
  private final transient Map<String, String> headers = new LinkedHashMap<>();

  ProblemException(ProblemType type, String detail) {
    super(detail);
    this.type = type;
  }

  ProblemException(ProblemType type, String detail, Throwable cause) {
    super(detail, cause);
    this.type = type;
  }

  ProblemType type() {
    return type;
  }

  /** Adds an extension member to the problem body. */
  ProblemException with(String member, Object value) {
    extensions.put(member, value);
    return this;
  }

  /** Adds a response header. */
  ProblemException header(String name, String value) {
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
