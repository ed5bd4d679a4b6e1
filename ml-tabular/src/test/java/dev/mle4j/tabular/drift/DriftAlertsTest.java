package dev.mle4j.tabular.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Alerts delivered to a local webhook; failures are logged, not thrown. */
class DriftAlertsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  private static DataFrame numbers(double offset) {
    double[] v = new double[60];
    for (int i = 0; i < v.length; i++) {
      v[i] = i + offset;
    }
    return DataFrame.empty(60).with("v", ColumnType.NUMERIC, v);
  }

  @Test
  void webhookReceivesDatasetDriftAlertAsJson() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            bodies.add(
                exchange.getRequestHeaders().getFirst("Content-Type")
                    + "|"
                    + new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
      DriftDetector detector =
          new DriftDetector(
              DriftConfig.defaults(),
              List.of(new LogAlertSink(), new WebhookAlertSink(uri, Duration.ofSeconds(5))),
              CLOCK);
      DriftResult result = detector.detect("hooked", numbers(0), numbers(40));
      assertThat(result.datasetDrift()).isTrue();
      assertThat(bodies).hasSize(1);
      String[] parts = bodies.get(0).split("\\|", 2);
      assertThat(parts[0]).isEqualTo("application/json");
      JsonNode alert = new ObjectMapper().readTree(parts[1]).get("alerts").get(0);
      assertThat(alert.get("kind").asText()).isEqualTo("DATASET_DRIFT");
      assertThat(alert.get("dataset").asText()).isEqualTo("hooked");
      assertThat(alert.get("value").asDouble()).isEqualTo(1.0);
      assertThat(alert.get("threshold").asDouble()).isEqualTo(0.5);
      assertThat(alert.get("created_at").asText()).isEqualTo("2026-01-02T03:04:05Z");
      assertThat(alert.get("message").asText()).contains("1 of 1 columns drifted");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void noAlertsMeansNoRequest() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          bodies.add("called");
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
      new DriftDetector(
              DriftConfig.defaults(),
              List.of(new WebhookAlertSink(uri, Duration.ofSeconds(5))),
              CLOCK)
          .detect("quiet", numbers(0), numbers(0));
      assertThat(bodies).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void webhookFailuresAreLoggedNotThrown() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    WebhookAlertSink closed =
        new WebhookAlertSink(
            URI.create("http://127.0.0.1:" + port + "/none"), Duration.ofMillis(500));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/err",
        exchange -> {
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    server.start();
    try {
      WebhookAlertSink failing =
          new WebhookAlertSink(
              URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/err"),
              Duration.ofSeconds(5));
      DriftResult result =
          new DriftDetector(DriftConfig.defaults(), List.of(closed, failing), CLOCK)
              .detect("down", numbers(0), numbers(40));
      assertThat(result.alerts()).hasSize(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void badWebhookSettingsAreRejected() {
    assertThatThrownBy(() -> new WebhookAlertSink(URI.create("ftp://x/y"), Duration.ofSeconds(1)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("must be http or https");
    assertThatThrownBy(() -> new WebhookAlertSink(URI.create("http://x/y"), Duration.ZERO))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("timeout must be positive");
  }
}
