package dev.mle4j.examples.cli;

import dev.mle4j.tabular.monitoring.DriftMetrics;
import dev.mle4j.tabular.monitoring.PredictionLogAnalysis;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's drift gauges ({@code mle4j_drift_score}, {@code mle4j_drift_share}, {@code
 * mle4j_dataset_drift} on {@code /metrics}): every interval it reads the prediction log, tests the
 * logged inputs of one model against a reference CSV ({@link PredictionLogAnalysis}) and updates
 * {@link DriftMetrics}. A check that fails (for example a line still being written) is logged and
 * retried at the next interval.
 */
final class ServeDriftMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServeDriftMonitor.class);

  private final Path log;
  private final String model;
  private final PredictionLogAnalysis analysis;
  private final DriftMetrics metrics;
  private final ScheduledExecutorService executor;

  ServeDriftMonitor(
      Path log, Path reference, String model, Duration interval, MeterRegistry registry) {
    if (!Files.isRegularFile(reference)) {
      throw new IllegalArgumentException("--drift-reference " + reference + " is not a file");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("--drift-interval must be positive, got " + interval);
    }
    this.log = log;
    this.model = model;
    this.analysis = PredictionLogAnalysis.builder().reference(reference).build();
    this.metrics = DriftMetrics.register(registry);
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mle4j-drift-monitor");
              t.setDaemon(true);
              return t;
            });
    long ms = interval.toMillis();
    executor.scheduleWithFixedDelay(this::checkQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void checkQuietly() {
    try {
      checkOnce();
    } catch (RuntimeException e) {
      LOG.warn("drift check of {} skipped: {}", log, e.getMessage());
    }
  }

  /**
   * Runs one check now.
   *
   * @return the drift share set on the gauges, if the log had rows of the model
   */
  Optional<Double> checkOnce() {
    if (!Files.isRegularFile(log)) {
      return Optional.empty();
    }
    PredictionLogAnalysis.Summary summary = analysis.analyze(log);
    for (PredictionLogAnalysis.ModelSummary m : summary.models()) {
      if ((model == null || m.model().equals(model)) && m.drift() != null) {
        metrics.update(m.drift());
        LOG.info(
            "drift of {} v{} over {} logged rows: share {}",
            m.model(),
            m.version(),
            m.count(),
            m.drift().driftShare());
        return Optional.of(m.drift().driftShare());
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
