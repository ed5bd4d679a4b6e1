package dev.mle4j.rag.generate;

import dev.mle4j.core.Answer;
import java.util.Objects;

/**
 * The full result of one generation: the {@link Answer} plus what produced it.
 *
 * @param answer the answer (text, cited chunks, token usage, latency)
 * @param prompt the prompt that was sent (or, for the extractive generator, the context read)
 * @param model the model name
 * @param usageEstimated true when the token counts in the answer are estimates because the endpoint
 *     reported no usage
 * @param finishReason the endpoint's finish or stop reason ({@code stop}, {@code length}, {@code
 *     end_turn}, ...), or empty when unknown
 */
public record Generation(
    Answer answer, Prompt prompt, String model, boolean usageEstimated, String finishReason) {
  /** Validates. */
  public Generation {
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(model, "model");
    finishReason = finishReason == null ? "" : finishReason;
  }
}
