package dev.mle4j.tabular.drift;

import java.time.Instant;

/**
 * An alert raised by a drift check.
 *
 * @param kind what triggered it
 * @param dataset dataset or monitor name
 * @param column the column, or "*" for the whole data set
 * @param method test or statistic name
 * @param value measured score, share or change
 * @param threshold the threshold it crossed
 * @param message a one-line human-readable description
 * @param createdAt when the alert was raised
 */
public record DriftAlert(
    Kind kind,
    String dataset,
    String column,
    String method,
    double value,
    double threshold,
    String message,
    Instant createdAt) {

  /** The kind of alert. */
  public enum Kind {
    /** The share of drifted feature columns reached the dataset drift threshold. */
    DATASET_DRIFT,
    /** The target column drifted. */
    TARGET_DRIFT,
    /** The prediction column drifted. */
    PREDICTION_DRIFT,
    /** A custom statistic shift rule was violated. */
    RULE
  }
}
