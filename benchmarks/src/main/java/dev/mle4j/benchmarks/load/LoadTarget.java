package dev.mle4j.benchmarks.load;

import dev.mle4j.core.MlException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP endpoint to put under load.
 *
 * <p>The request bodies are sent in rotation (request {@code i} of a level sends body {@code i mod
 * bodies.size()}), so the server sees varied inputs. A target without a body (e.g. {@code GET})
 * passes a single empty body, see {@link #get(String, URI)}.
 *
 * @param name unique name of the target, used as the series name in reports (e.g. {@code batched})
 * @param url absolute {@code http} or {@code https} URL
 * @param method HTTP method, e.g. {@code POST}
 * @param contentType value of the {@code Content-Type} header, or {@code null} to send none
 * @param bodies request bodies, at least one; copied
 * @param headers extra request headers (may be {@code null} for none); copied
 */
public record LoadTarget(
    String name,
    URI url,
    String method,
    String contentType,
    List<byte[]> bodies,
    Map<String, String> headers) {

  /** Validates and copies the components. */
  public LoadTarget {
    if (name == null || name.isBlank()) {
      throw new MlException("LoadTarget: name must not be blank");
    }
    String where = "LoadTarget '" + name + "': ";
    if (url == null) {
      throw new MlException(where + "url must not be null");
    }
    String scheme = url.getScheme() == null ? null : url.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new MlException(where + "url '" + url + "' must be an absolute http or https URL");
    }
    if (url.getHost() == null || url.getHost().isBlank()) {
      throw new MlException(where + "url '" + url + "' has no host");
    }
    if (method == null || method.isBlank()) {
      throw new MlException(where + "method must not be blank");
    }
    if (contentType != null && contentType.isBlank()) {
      throw new MlException(where + "contentType must be null (no header) or non-blank");
    }
    if (bodies == null || bodies.isEmpty()) {
      throw new MlException(
          where + "bodies must hold at least one request body (use an empty byte[] for none)");
    }
    List<byte[]> copies = new ArrayList<>(bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      byte[] body = bodies.get(i);
      if (body == null) {
        throw new MlException(where + "bodies[" + i + "] is null");
      }
      copies.add(body.clone());
    }
    bodies = Collections.unmodifiableList(copies);
    Map<String, String> headerCopy = new LinkedHashMap<>();
    if (headers != null) {
      for (Map.Entry<String, String> e : headers.entrySet()) {
        if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
          throw new MlException(where + "header names and values must not be null or blank");
        }
        headerCopy.put(e.getKey(), e.getValue());
      }
    }
    headers = Collections.unmodifiableMap(headerCopy);
    // Let the HTTP client check what it will accept (method token, restricted headers, URI).
    try {
      HttpRequest.Builder probe =
          HttpRequest.newBuilder(url).method(method, HttpRequest.BodyPublishers.noBody());
      if (contentType != null) {
        probe.header("Content-Type", contentType);
      }
      headers.forEach(probe::header);
    } catch (IllegalArgumentException e) {
      throw new MlException(where + "invalid request: " + e.getMessage(), e);
    }
  }

  /**
   * Returns copies of the request bodies, so the target stays unchanged.
   *
   * @return the bodies, in rotation order
   */
  @Override
  public List<byte[]> bodies() {
    return bodies.stream().map(byte[]::clone).toList();
  }

  /**
   * A {@code GET} target without body or extra headers.
   *
   * @param name unique target name
   * @param url absolute http(s) URL
   * @return the target
   */
  public static LoadTarget get(String name, URI url) {
    return new LoadTarget(name, url, "GET", null, List.of(new byte[0]), Map.of());
  }

  /** Builds the reusable request for each body (one per body, same order). */
  List<HttpRequest> requests(Duration timeout) {
    List<HttpRequest> out = new ArrayList<>(bodies.size());
    for (byte[] body : bodies) {
      HttpRequest.BodyPublisher publisher =
          body.length == 0
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body);
      HttpRequest.Builder b =
          HttpRequest.newBuilder(url).timeout(timeout).method(method, publisher);
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      headers.forEach(b::header);
      out.add(b.build());
    }
    return out;
  }
}
