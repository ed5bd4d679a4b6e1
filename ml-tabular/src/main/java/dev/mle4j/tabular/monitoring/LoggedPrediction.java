package dev.mle4j.tabular.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of a prediction log ({@link dev.mle4j.core.serving.PredictionLog}) as read back.
 *
 * @param timestamp when the prediction was answered
 * @param requestId the request id
 * @param model model name
 * @param version model version
 * @param input the logged request instance (a JSON object)
 * @param label predicted label; {@code null} for a regression record
 * @param confidence score of the predicted label; NaN for a regression record or when not logged
 * @param prediction predicted value; NaN for a classification record
 * @param latencyMs request latency in milliseconds (NaN when not logged)
 * @param line 1-based line number in the log file (0 when not read from a file)
 */
public record LoggedPrediction(
    Instant timestamp,
    String requestId,
    String model,
    String version,
    JsonNode input,
    String label,
    double confidence,
    double prediction,
    double latencyMs,
    long line) {

  /** Checks the required fields. */
  public LoggedPrediction {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(input, "input");
  }

  /**
   * Whether this is a regression record (a value, no label).
   *
   * @return true for a regression record
   */
  public boolean isRegression() {
    return label == null;
  }

  /**
   * The model and version, as {@code model@version}.
   *
   * @return the key
   */
  public String modelKey() {
    return model + "@" + version;
  }
}
