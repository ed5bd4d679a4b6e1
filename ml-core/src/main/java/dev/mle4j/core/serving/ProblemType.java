package dev.mle4j.core.serving;

/**
 * The kinds of RFC 9457 problems the {@link ModelServer} answers with; type URIs are stable.
 * Endpoints added with {@link ModelServer.Builder#addEndpoint(JsonEndpoint)} throw {@link
 * ProblemException} with one of these.
 */
public enum ProblemType {
  MALFORMED_JSON("malformed-json", 400, "Malformed JSON"),
  INVALID_REQUEST("invalid-request", 400, "Invalid request"),
  EMPTY_INSTANCES("empty-instances", 400, "No instances"),
  UNAUTHORIZED("unauthorized", 401, "Unauthorized"),
  UNKNOWN_MODEL("unknown-model", 404, "Unknown model"),
  NOT_FOUND("not-found", 404, "Not found"),
  METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
  BODY_TOO_LARGE("body-too-large", 413, "Request body too large"),
  TOO_MANY_INSTANCES("too-many-instances", 413, "Too many instances"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
  INVALID_INPUT("invalid-input", 422, "Invalid input"),
  MODEL_FAILURE("model-failure", 500, "Model failure"),
  INTERNAL_ERROR("internal-error", 500, "Internal server error"),
  OVERLOADED("overloaded", 503, "Server overloaded"),
  NOT_READY("not-ready", 503, "Not ready"),
  MODEL_TIMEOUT("model-timeout", 504, "Model timed out"),
  /** A service the request depends on (an LLM endpoint) failed or is unreachable. */
  UPSTREAM_FAILURE("upstream-failure", 502, "Upstream service failed"),
  /** A service the request depends on (an LLM endpoint) did not answer in time. */
  UPSTREAM_TIMEOUT("upstream-timeout", 504, "Upstream service timed out");

  /** Prefix of every type URI. */
  static final String BASE_URI = "https://mle4j.dev/problems/";

  private final String slug;
  private final int status;
  private final String title;

  ProblemType(String slug, int status, String title) {
    this.slug = slug;
    this.status = status;
    this.title = title;
  }

  /**
   * The type URI.
   *
   * @return the URI
   */
  public String uri() {
    return BASE_URI + slug;
  }

  /**
   * The HTTP status.
   *
   * @return the status code
   */
  public int status() {
    return status;
  }

  /**
   * The problem title.
   *
   * @return the title
   */
  public String title() {
    return title;
  }
}
