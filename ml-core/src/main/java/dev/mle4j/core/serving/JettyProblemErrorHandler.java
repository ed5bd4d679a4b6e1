package dev.mle4j.core.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers errors that Jetty raises before a request reaches the router (unparseable request line,
 * header fields too large, bad URI encoding...) with RFC 9457 problem bodies instead of HTML pages.
 */
final class JettyProblemErrorHandler extends ErrorHandler {

  private static final String PROBLEM_JSON = "application/problem+json";

  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  protected void generateResponse(
      Request request, Response response, int code, String message, Throwable cause, Callback cb) {
    String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
    byte[] body = problem(code, message, path);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), cb);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
    return ByteBuffer.wrap(problem(status, reason, null));
  }

  private byte[] problem(int status, String message, String path) {
    String title = HttpStatus.getMessage(status);
    ObjectNode body = mapper.createObjectNode();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", message == null || message.isBlank() ? title : message);
    if (path != null && !path.equals("/badMessage")) {
      body.put("instance", path);
    }
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a problem body", e);
    }
  }
}
