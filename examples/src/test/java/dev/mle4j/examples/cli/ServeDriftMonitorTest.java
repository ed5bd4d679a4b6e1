package dev.mle4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.serving.PredictionLog;
import dev.mle4j.core.serving.PredictionRecord;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's drift gauges, computed from a real prediction log against a reference CSV. */
class ServeDriftMonitorTest {
  @TempDir Path tmp;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Path reference() throws Exception {
    Random r = new Random(1);
    StringBuilder sb = new StringBuilder("x,color\n");
    for (int i = 0; i < 300; i++) {
      sb.append(r.nextGaussian()).append(',').append(i % 2 == 0 ? "red" : "blue").append('\n');
    }
    return Files.writeString(tmp.resolve("ref.csv"), sb.toString());
  }

  private Path log(double shift) {
    Path file = tmp.resolve("predictions-" + shift + ".jsonl");
    Random r = new Random(2);
    try (PredictionLog log = PredictionLog.builder(file).build()) {
      for (int i = 0; i < 300; i++) {
        Map<String, Object> row =
            Map.of("x", r.nextGaussian() + shift, "color", i % 2 == 0 ? "red" : "blue");
        log.offer(
            new PredictionRecord(
                Instant.parse("2026-03-01T00:00:00Z").plusSeconds(i),
                "r" + i,
                "churn",
                "v1",
                JSON.valueToTree(row),
                "yes",
                0.9,
                1.0));
      }
    }
    return file;
  }

  @Test
  void gaugesFollowTheLoggedInputs() throws Exception {
    Path reference = reference();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ServeDriftMonitor quiet =
        new ServeDriftMonitor(log(0), reference, "churn", Duration.ofHours(1), registry)) {
      assertThat(quiet.checkOnce()).contains(0.0);
      assertThat(registry.scrape()).contains("mle4j_drift_share 0.0").contains("mle4j_drift_score");
    }
    PrometheusMeterRegistry shifted = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ServeDriftMonitor drifting =
        new ServeDriftMonitor(log(3), reference, null, Duration.ofHours(1), shifted)) {
      assertThat(drifting.checkOnce()).contains(0.5);
      assertThat(shifted.scrape()).contains("mle4j_drift_share 0.5");
    }
  }

  @Test
  void badSettingsAreNamed() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    assertThatThrownBy(
            () ->
                new ServeDriftMonitor(
                    tmp.resolve("log.jsonl"),
                    tmp.resolve("missing.csv"),
                    null,
                    Duration.ofMinutes(1),
                    registry))
        .hasMessageContaining("is not a file");
    ServeOptions options =
        picocli.CommandLine.populateCommand(
            new ServeOptions(), "--drift-reference", reference().toString());
    assertThatThrownBy(options::startDriftMonitor).hasMessageContaining("needs --prediction-log");
  }
}
