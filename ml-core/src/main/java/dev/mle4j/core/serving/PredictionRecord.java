package dev.mle4j.core.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One served prediction, as written to a {@link PredictionLog}: a classification (label and
 * confidence) or a regression value (prediction).
 *
 * @param timestamp when the prediction was answered
 * @param requestId the request's id ({@code X-Request-Id})
 * @param model model name
 * @param version model version
 * @param input the request instance as received
 * @param label predicted label; {@code null} for a regression record
 * @param confidence score of the predicted label; NaN for a regression record
 * @param prediction the predicted value of a regressor; NaN for a classification record
 * @param latencyMs request latency in milliseconds
 */
public record PredictionRecord(
    Instant timestamp,
    String requestId,
    String model,
    String version,
    JsonNode input,
    String label,
    double confidence,
    double prediction,
    double latencyMs) {

  /** Checks that every reference is present and that the record is one of the two kinds. */
  public PredictionRecord {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(input, "input");
    if (label == null && Double.isNaN(prediction)) {
      throw new NullPointerException("label");
    }
    if (label != null && !Double.isNaN(prediction)) {
      throw new IllegalArgumentException(
          "a prediction record has either a label or a regression value, not both");
    }
  }

  /**
   * A classification record.
   *
   * @param timestamp when the prediction was answered
   * @param requestId the request's id
   * @param model model name
   * @param version model version
   * @param input the request instance as received
   * @param label predicted label
   * @param confidence score of the predicted label
   * @param latencyMs request latency in milliseconds
   */
  public PredictionRecord(
      Instant timestamp,
      String requestId,
      String model,
      String version,
      JsonNode input,
      String label,
      double confidence,
      double latencyMs) {
    this(
        timestamp,
        requestId,
        model,
        version,
        input,
        Objects.requireNonNull(label, "label"),
        confidence,
        Double.NaN,
        latencyMs);
  }

  /**
   * A regression record.
   *
   * @param timestamp when the prediction was answered
   * @param requestId the request's id
   * @param model model name
   * @param version model version
   * @param input the request instance as received
   * @param prediction the predicted value (not NaN)
   * @param latencyMs request latency in milliseconds
   * @return the record
   */
  public static PredictionRecord ofRegression(
      Instant timestamp,
      String requestId,
      String model,
      String version,
      JsonNode input,
      double prediction,
      double latencyMs) {
    if (Double.isNaN(prediction)) {
      throw new IllegalArgumentException("a regression prediction must not be NaN");
    }
    return new PredictionRecord(
        timestamp, requestId, model, version, input, null, Double.NaN, prediction, latencyMs);
  }

  /**
   * Whether this records a regression value rather than a classification.
   *
   * @return true for a regression record
   */
  public boolean isRegression() {
    return label == null;
  }
}
