package dev.mle4j.tabular.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.drift.DriftConfig;
import dev.mle4j.tabular.drift.DriftDetector;
import dev.mle4j.tabular.drift.DriftResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DriftMetricsTest {

  private static DriftResult drift(double shift, boolean withColor) {
    int n = 300;
    double[] x = new double[n];
    double[] xs = new double[n];
    String[] c = new String[n];
    for (int i = 0; i < n; i++) {
      x[i] = i % 100;
      xs[i] = i % 100 + shift;
      c[i] = i % 3 == 0 ? "a" : "b";
    }
    DataFrame ref = DataFrame.empty(n).with("x", ColumnType.NUMERIC, x);
    DataFrame cur = DataFrame.empty(n).with("x", ColumnType.NUMERIC, xs);
    if (withColor) {
      ref = ref.with("color", ColumnType.CATEGORICAL, c);
      cur = cur.with("color", ColumnType.CATEGORICAL, c);
    }
    return new DriftDetector(DriftConfig.defaults()).detect("test", ref, cur);
  }

  @Test
  void exposesDriftGaugesInPrometheusScrape() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    DriftMetrics metrics = DriftMetrics.register(registry);
    assertThat(registry.scrape()).contains("mle4j_drift_share NaN");
    DriftResult result = drift(50, true);
    metrics.update(result);
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("# TYPE mle4j_drift_score gauge")
        .containsPattern("mle4j_drift_score\\{column=\"x\",test=\"[a-z]+\"} ")
        .containsPattern("mle4j_drift_score\\{column=\"color\",test=\"[a-z]+\"} ")
        .contains("mle4j_drift_share 0.5")
        .contains("mle4j_dataset_drift 1.0");
    assertThat(value(scrape, "mle4j_drift_score{column=\"x\""))
        .isEqualTo(result.feature("x").orElseThrow().score());

    metrics.update(drift(0, false));
    String later = registry.scrape();
    assertThat(later).doesNotContain("column=\"color\"").contains("mle4j_drift_share 0.0");
    assertThat(later).contains("mle4j_dataset_drift 0.0");
    assertThatThrownBy(() -> metrics.update((DriftResult) null)).isInstanceOf(MlException.class);
  }

  @Test
  void exportsLatestLabelledWindowMetric() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    DriftMetrics metrics = DriftMetrics.register(registry);
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    PerformanceMonitor.Result r =
        new PerformanceMonitor.Result(
            false,
            "accuracy",
            List.of(
                new PerformanceMonitor.WindowMetrics(
                    "churn", "v1", t0, t0.plus(Duration.ofDays(1)), 4, 4, Map.of("accuracy", 0.75)),
                new PerformanceMonitor.WindowMetrics(
                    "churn",
                    "v1",
                    t0.plus(Duration.ofDays(1)),
                    t0.plus(Duration.ofDays(2)),
                    4,
                    2,
                    Map.of("accuracy", 0.5)),
                new PerformanceMonitor.WindowMetrics(
                    "churn",
                    "v1",
                    t0.plus(Duration.ofDays(2)),
                    t0.plus(Duration.ofDays(3)),
                    4,
                    0,
                    Map.of("accuracy", Double.NaN))),
            Map.of());
    metrics.update(r);
    assertThat(registry.scrape())
        .contains("mle4j_model_metric{metric=\"accuracy\",model=\"churn\",version=\"v1\"} 0.5");
  }

  @Test
  void grafanaDashboardQueriesKnownMetrics() throws IOException {
    Path file = Path.of("..", "docs", "grafana", "mle4j-tabular.json");
    JsonNode dash = new ObjectMapper().readTree(Files.readString(file));
    assertThat(dash.path("schemaVersion").asInt()).isBetween(36, 39); // Grafana 10.x
    assertThat(dash.path("uid").asText()).isEqualTo("mle4j-tabular");

    // the metric names a server and the monitors expose, as Prometheus spells them
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("mle4j.requests")
        .tag("model", "m")
        .tag("status", "200")
        .register(registry)
        .increment();
    Timer.builder("mle4j.request.latency")
        .tag("model", "m")
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.ofMillis(3));
    DriftMetrics metrics = DriftMetrics.register(registry);
    metrics.update(drift(50, true));
    metrics.update(
        new PerformanceMonitor.Result(
            false,
            "accuracy",
            List.of(
                new PerformanceMonitor.WindowMetrics(
                    "m",
                    "v",
                    Instant.EPOCH,
                    Instant.EPOCH.plusSeconds(60),
                    1,
                    1,
                    Map.of("accuracy", 1.0))),
            Map.of()));
    Set<String> exposed = new HashSet<>();
    Matcher names = Pattern.compile("(?m)^(mle4j_[a-z_]+)").matcher(registry.scrape());
    while (names.find()) {
      exposed.add(names.group(1));
    }

    Set<String> queried = new HashSet<>();
    Pattern metric = Pattern.compile("mle4j_[a-z_]+");
    assertThat(dash.path("panels").size()).isGreaterThanOrEqualTo(5);
    for (JsonNode panel : dash.path("panels")) {
      assertThat(panel.path("title").asText()).isNotBlank();
      assertThat(panel.path("gridPos").has("w")).isTrue();
      assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      for (JsonNode target : panel.path("targets")) {
        Matcher m = metric.matcher(target.path("expr").asText());
        boolean any = false;
        while (m.find()) {
          queried.add(m.group());
          any = true;
        }
        assertThat(any).as("panel %s queries an mle4j metric", panel.path("title")).isTrue();
      }
    }
    assertThat(exposed).containsAll(queried);
    assertThat(queried)
        .contains(
            "mle4j_requests_total",
            "mle4j_request_latency_seconds_bucket",
            "mle4j_drift_share",
            "mle4j_dataset_drift",
            "mle4j_drift_score",
            "mle4j_model_metric");
  }

  private static double value(String scrape, String prefix) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no line starting with " + prefix);
  }
}
