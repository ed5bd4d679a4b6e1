package dev.mle4j.core.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * An extra JSON route of a {@link ModelServer}, for capabilities that are not a single model's
 * predict call (for example retrieval-augmented question answering). The handler turns the parsed
 * request into a JSON response; it reports bad input by throwing {@link ProblemException}, which
 * the server writes as problem+json.
 *
 * @param method HTTP method
 * @param path route path, may hold Javalin path parameters such as {@code {id}}
 * @param name name used as the {@code model} tag of request metrics
 * @param handler request to response
 */
public record JsonEndpoint(
    Method method, String path, String name, Function<Request, JsonNode> handler) {

  /** HTTP methods an endpoint can use. */
  public enum Method {
    /** A JSON body is required. */
    POST,
    /** No body. */
    GET
  }

  /**
   * A parsed request.
   *
   * @param body the JSON body (null for GET)
   * @param pathParams path parameters
   * @param queryParams query parameters
   */
  public record Request(
      JsonNode body, Map<String, String> pathParams, Map<String, List<String>> queryParams) {

    /** Copies the maps. */
    public Request {
      pathParams = pathParams == null ? Map.of() : Map.copyOf(pathParams);
      queryParams = queryParams == null ? Map.of() : Map.copyOf(queryParams);
    }
  }

  /** Validates the endpoint. */
  public JsonEndpoint {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(handler, "handler");
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("endpoint path must start with '/', got " + path);
    }
    name = name == null || name.isBlank() ? path : name;
  }
}
