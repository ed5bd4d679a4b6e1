package dev.mle4j.rag.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.rag.generate.GeneratorException.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON to an HTTP endpoint with timeouts and retries, shared by the chat and embedding
 * clients. Retries (exponential backoff with jitter) connect errors, timeouts, HTTP 429 (waiting
 * {@code Retry-After} when given) and 5xx; fails at once on other 4xx. Never puts the API key in a
 * message: error bodies are scrubbed of it.
 */
final class HttpCaller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpCaller.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final Object EOF = new Object();

  /** Waits between attempts; tests substitute a recorder. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** Receives server-sent events; returns false to stop reading. */
  @FunctionalInterface
  interface SseListener {
    boolean onEvent(String event, String data);
  }

  /** Settings shared by every client. */
  record Settings(
      String label,
      String baseUrl,
      Duration connectTimeout,
      Duration requestTimeout,
      int maxRetries,
      Duration retryBaseDelay,
      String secret,
      String authHint,
      Sleeper sleeper) {
    Settings {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(baseUrl, "baseUrl");
      requirePositive("connectTimeout", connectTimeout);
      requirePositive("requestTimeout", requestTimeout);
      if (maxRetries < 0) {
        throw new MlException("maxRetries must be 0 or more, got " + maxRetries);
      }
      Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
      if (retryBaseDelay.isNegative()) {
        throw new MlException("retryBaseDelay is negative: " + retryBaseDelay);
      }
      secret = secret == null || secret.isEmpty() ? null : secret;
      authHint = authHint == null ? "" : authHint;
      sleeper = sleeper == null ? Thread::sleep : sleeper;
    }

    /** Leaves the secret out. */
    @Override
    public String toString() {
      return "Settings["
          + label
          + " "
          + baseUrl
          + ", secret="
          + (secret == null ? "unset" : "set")
          + "]";
    }
  }

  private final Settings s;
  private final HttpClient client;
  private final ObjectMapper json = new ObjectMapper();

  HttpCaller(Settings settings) {
    this.s = settings;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  ObjectMapper json() {
    return json;
  }

  String baseUrl() {
    return s.baseUrl();
  }

  /** POSTs and returns the body of the 2xx response. */
  String post(URI uri, Map<String, String> headers, String body) {
    return exchange(uri, headers, body, BodyHandlers.ofString(StandardCharsets.UTF_8), b -> b)
        .body();
  }

  /** POSTs and parses the 2xx response body as JSON. */
  JsonNode postJson(URI uri, Map<String, String> headers, String body) {
    String text = post(uri, headers, body);
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw badResponse("body is not JSON: " + snippet(text));
    }
  }

  /**
   * POSTs and feeds the server-sent events of the 2xx response to the listener. The request timeout
   * applies to the wait for the response and then to every gap between lines; a stream that stalls
   * longer fails with {@link Kind#TIMEOUT} (not retried: text may have been emitted).
   */
  void postSse(URI uri, Map<String, String> headers, String body, SseListener listener) {
    HttpResponse<InputStream> response =
        exchange(uri, headers, body, BodyHandlers.ofInputStream(), this::readLimited);
    InputStream in = response.body();
    BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    Thread reader =
        Thread.ofVirtual()
            .name("sse-reader")
            .start(
                () -> {
                  try (BufferedReader r =
                      new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                      lines.add(line);
                    }
                    lines.add(EOF);
                  } catch (IOException e) {
                    lines.add(e);
                  }
                });
    try {
      StringBuilder data = new StringBuilder();
      String event = "";
      boolean hasData = false;
      while (true) {
        Object item = lines.poll(s.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
          throw new GeneratorException(
              Kind.TIMEOUT,
              200,
              s.label()
                  + " "
                  + s.baseUrl()
                  + " timed out after "
                  + format(s.requestTimeout())
                  + " waiting for more of the streamed response");
        }
        if (item instanceof IOException e) {
          throw new GeneratorException(
              Kind.UNREACHABLE,
              200,
              s.label() + " " + s.baseUrl() + " broke off the streamed response: " + detail(e));
        }
        if (item == EOF) {
          if (hasData) {
            listener.onEvent(event, data.toString());
          }
          return;
        }
        String line = (String) item;
        if (line.isEmpty()) {
          if (hasData && !listener.onEvent(event, data.toString())) {
            return;
          }
          data.setLength(0);
          event = "";
          hasData = false;
        } else if (line.startsWith("data:")) {
          if (hasData) {
            data.append('\n');
          }
          data.append(fieldValue(line, 5));
          hasData = true;
        } else if (line.startsWith("event:")) {
          event = fieldValue(line, 6);
        } else if (!line.startsWith(":") && line.startsWith("{")) {
          // some servers send bare JSON lines (NDJSON) instead of SSE
          if (!listener.onEvent("", line)) {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted();
    } finally {
      reader.interrupt();
      try {
        in.close();
      } catch (IOException e) {
        LOG.debug("closing the response stream of {} failed: {}", s.baseUrl(), e.toString());
      }
    }
  }

  private static String fieldValue(String line, int prefix) {
    String v = line.substring(prefix);
    return v.startsWith(" ") ? v.substring(1) : v;
  }

  /** A {@link Kind#BAD_RESPONSE} error naming the endpoint. */
  GeneratorException badResponse(String detail) {
    return new GeneratorException(
        Kind.BAD_RESPONSE,
        200,
        s.label() + " " + s.baseUrl() + " returned a malformed response: " + scrub(detail));
  }

  /** An error event inside a 2xx stream. */
  GeneratorException streamError(String body) {
    return new GeneratorException(
        Kind.SERVER,
        200,
        s.label() + " " + s.baseUrl() + " reported an error mid-stream: " + errorDetail(body));
  }

  private <B> HttpResponse<B> exchange(
      URI uri,
      Map<String, String> headers,
      String body,
      BodyHandler<B> handler,
      Function<B, String> errorText) {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(uri)
            .timeout(s.requestTimeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(rb::header);
    HttpRequest request = rb.build();
    int attempts = s.maxRetries() + 1;
    Kind lastKind = Kind.UNREACHABLE;
    String lastDetail = "";
    int lastStatus = -1;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      Duration wait = null;
      CompletableFuture<HttpResponse<B>> future = client.sendAsync(request, handler);
      try {
        HttpResponse<B> response =
            future.get(s.requestTimeout().toMillis() + 50, TimeUnit.MILLISECONDS);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return response;
        }
        String err = errorDetail(errorText.apply(response.body()));
        lastStatus = status;
        if (status == 401 || status == 403) {
          throw new GeneratorException(
              Kind.AUTH,
              status,
              s.label()
                  + " "
                  + s.baseUrl()
                  + " rejected the API key (HTTP "
                  + status
                  + ")"
                  + (s.authHint().isEmpty() ? "" : "; " + s.authHint()));
        }
        if (status == 429) {
          lastKind = Kind.RATE_LIMIT;
          lastDetail = err;
          wait = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
        } else if (status >= 500) {
          lastKind = Kind.SERVER;
          lastDetail = err;
        } else {
          throw new GeneratorException(
              Kind.REJECTED,
              status,
              s.label()
                  + " "
                  + s.baseUrl()
                  + " rejected the request (HTTP "
                  + status
                  + ")"
                  + (err.isEmpty() ? "" : ": " + err));
        }
      } catch (TimeoutException e) {
        future.cancel(true);
        lastKind = Kind.TIMEOUT;
        lastStatus = -1;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        lastStatus = -1;
        if (cause instanceof HttpConnectTimeoutException) {
          lastKind = Kind.UNREACHABLE;
          lastDetail = "connect timed out after " + format(s.connectTimeout());
        } else if (cause instanceof HttpTimeoutException) {
          lastKind = Kind.TIMEOUT;
        } else if (cause instanceof IOException) {
          lastKind = Kind.UNREACHABLE;
          lastDetail = detail(cause);
        } else {
          throw new GeneratorException(
              Kind.UNREACHABLE,
              -1,
              s.label() + " " + s.baseUrl() + " call failed: " + detail(cause));
        }
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw interrupted();
      }
      if (attempt < attempts) {
        Duration delay = wait != null ? wait : backoff(attempt);
        LOG.warn(
            "{} {} attempt {}/{} failed ({}{}); retrying in {} ms",
            s.label(),
            s.baseUrl(),
            attempt,
            attempts,
            lastKind,
            lastStatus > 0 ? " HTTP " + lastStatus : "",
            delay.toMillis());
        try {
          s.sleeper().sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw interrupted();
        }
      }
    }
    throw exhausted(lastKind, lastStatus, lastDetail, attempts);
  }

  private GeneratorException exhausted(Kind kind, int status, String detail, int attempts) {
    String where = s.label() + " " + s.baseUrl();
    String tries = attempts == 1 ? "1 attempt" : attempts + " attempts";
    String tail = detail.isEmpty() ? "" : ": " + detail;
    String message =
        switch (kind) {
          case TIMEOUT ->
              where + " timed out after " + format(s.requestTimeout()) + " (" + tries + ")";
          case RATE_LIMIT -> where + " rate-limited the request (HTTP 429) after " + tries + tail;
          case SERVER -> where + " failed with HTTP " + status + " after " + tries + tail;
          default -> where + " unreachable after " + tries + tail;
        };
    return new GeneratorException(kind, status, message);
  }

  private GeneratorException interrupted() {
    return new GeneratorException(
        Kind.INTERRUPTED, -1, "call to " + s.label() + " " + s.baseUrl() + " was interrupted");
  }

  /** Exponential backoff with equal jitter: half the step fixed, half random. */
  private Duration backoff(int attempt) {
    long base = s.retryBaseDelay().toMillis();
    long step = Math.min(MAX_BACKOFF.toMillis(), base << Math.min(attempt - 1, 20));
    long half = step / 2;
    return Duration.ofMillis(
        half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
  }

  /** Parses {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    Duration d;
    try {
      d = Duration.ofMillis((long) (Double.parseDouble(header.strip()) * 1000));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime when =
            ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
        d = Duration.between(ZonedDateTime.now(when.getZone()), when);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
    if (d.isNegative()) {
      return Duration.ZERO;
    }
    return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
  }

  private String readLimited(InputStream in) {
    try (in) {
      return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The provider's error message from an error body (OpenAI, Anthropic, Ollama shapes). */
  String errorDetail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String detail = null;
    try {
      JsonNode node = json.readTree(body);
      JsonNode error = node.path("error");
      if (error.isTextual()) {
        detail = error.asText();
      } else if (error.path("message").isTextual()) {
        detail = error.path("message").asText();
      } else if (node.path("message").isTextual()) {
        detail = node.path("message").asText();
      } else if (node.path("detail").isTextual()) {
        detail = node.path("detail").asText();
      }
    } catch (IOException | RuntimeException e) {
      detail = null;
    }
    return scrub(snippet(detail == null ? body : detail));
  }

  /** Removes the API key from text. */
  String scrub(String text) {
    if (text == null) {
      return "";
    }
    return s.secret() == null ? text : text.replace(s.secret(), "***");
  }

  static String snippet(String text) {
    String t = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    return t.length() <= 300 ? t : t.substring(0, 300) + "\u2026";
  }

  private String detail(Throwable t) {
    boolean connect = false;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
        return "unknown host " + URI.create(s.baseUrl()).getHost();
      }
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        return scrub(c.getMessage());
      }
      connect |= c instanceof ConnectException;
    }
    // the JDK client's ConnectException for a refused connection carries no message
    return connect ? "Connection refused" : t.getClass().getSimpleName();
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new MlException(name + " must be positive, got " + d);
    }
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
