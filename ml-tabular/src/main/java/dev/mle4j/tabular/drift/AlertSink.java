package dev.mle4j.tabular.drift;

import java.util.List;

/** A destination for drift alerts. Implementations log delivery failures instead of throwing. */
public interface AlertSink {
  /**
   * Delivers alerts.
   *
   * @param alerts the alerts of one check, not empty
   */
  void send(List<DriftAlert> alerts);
}
