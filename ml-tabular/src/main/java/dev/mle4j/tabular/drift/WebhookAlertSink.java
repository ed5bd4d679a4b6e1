package dev.mle4j.tabular.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs alerts as JSON ({@code {"alerts":[{...}]}}) to a webhook URL. Timeouts, connection errors
 * and non-2xx answers are logged at WARN and never thrown, so monitoring cannot break the caller.
 */
public final class WebhookAlertSink implements AlertSink {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookAlertSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI uri;
  private final Duration timeout;
  private final HttpClient client;

  /**
   * A sink with the given URL and timeout (used for connecting and for the whole request).
   *
   * @param uri http or https URL
   * @param timeout connect and request timeout
   * @throws MlException on a non-http URL or a non-positive timeout
   */
  public WebhookAlertSink(URI uri, Duration timeout) {
    this.uri = Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new MlException("webhook: URL must be http or https, got '" + uri + "'");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new MlException("webhook: timeout must be positive, got " + timeout);
    }
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * The JSON body sent for a list of alerts.
   *
   * @param alerts alerts
   * @return JSON text
   */
  public static String toJson(List<DriftAlert> alerts) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (DriftAlert a : alerts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", a.kind().name());
      m.put("dataset", a.dataset());
      m.put("column", a.column());
      m.put("method", a.method());
      m.put("value", Double.isFinite(a.value()) ? a.value() : null);
      m.put("threshold", a.threshold());
      m.put("message", a.message());
      m.put("created_at", a.createdAt().toString());
      items.add(m);
    }
    try {
      return JSON.writeValueAsString(Map.of("alerts", items));
    } catch (JsonProcessingException e) {
      throw new MlException("webhook: cannot serialise alerts: " + e.getMessage(), e);
    }
  }

  /**
   * Posts the alerts; returns normally whatever happens.
   *
   * @param alerts alerts
   */
  @Override
  public void send(List<DriftAlert> alerts) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(toJson(alerts)))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        LOG.warn("drift webhook {} answered HTTP {}", uri, response.statusCode());
      } else {
        LOG.debug("drift webhook {} accepted {} alert(s)", uri, alerts.size());
      }
    } catch (IOException e) {
      LOG.warn("drift webhook {} failed: {}", uri, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("drift webhook {} interrupted", uri);
    }
  }
}
