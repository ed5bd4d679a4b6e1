package dev.mle4j.tabular.drift;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each alert to the SLF4J log at WARN level (logger {@code dev.mle4j.tabular.drift}). */
public final class LogAlertSink implements AlertSink {
  private static final Logger LOG = LoggerFactory.getLogger("dev.mle4j.tabular.drift");

  /** Creates the sink. */
  public LogAlertSink() {}

  @Override
  public void send(List<DriftAlert> alerts) {
    for (DriftAlert a : alerts) {
      LOG.warn("[{}] {} {}: {}", a.dataset(), a.kind(), a.column(), a.message());
    }
  }
}
