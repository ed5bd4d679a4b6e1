package dev.mle4j.rag.generate;

import java.util.Objects;

/**
 * The reply of a raw chat completion ({@link ChatModel#complete(String, String)}).
 *
 * @param text the reply text, stripped
 * @param promptTokens input tokens as reported by the endpoint, or estimated
 * @param completionTokens output tokens as reported by the endpoint, or estimated
 * @param usageEstimated true when the endpoint reported no usage and the counts are estimates
 * @param latencyMs wall time of the call in milliseconds
 */
public record Completion(
    String text, int promptTokens, int completionTokens, boolean usageEstimated, double latencyMs) {

  /** Validates. */
  public Completion {
    Objects.requireNonNull(text, "text");
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0, got " + promptTokens + " and " + completionTokens);
    }
  }
}
