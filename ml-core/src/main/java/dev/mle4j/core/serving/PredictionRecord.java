package dev.mle4j.core.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One served prediction, as written to a {@link PredictionLog}.
 *
 * @param timestamp when the prediction was answered
 * @param requestId the request's id ({@code X-Request-Id})
 * @param model model name
 * @param version model version
 * @param input the request instance as received
 * @param label predicted label
 * @param confidence score of the predicted label
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
    double latencyMs) {

  /** Checks that every reference is present. */
  public PredictionRecord {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(label, "label");
  }
}
