package dev.mle4j.rag.generate;

import dev.mle4j.core.ScoredChunk;
import java.util.List;
import java.util.Objects;

/**
 * A chat prompt built from a question and retrieved chunks.
 *
 * @param system the system message
 * @param user the user message: the numbered sources, then the question
 * @param chunks the chunks actually included, in source-number order ({@code [1]} is element 0);
 *     the last one may have been truncated to fit the budget (its text here is what was sent)
 * @param estimatedTokens estimated tokens of the system and user messages together
 */
public record Prompt(String system, String user, List<ScoredChunk> chunks, int estimatedTokens) {
  /** Validates and copies. */
  public Prompt {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(user, "user");
    chunks = List.copyOf(chunks);
    if (estimatedTokens < 0) {
      throw new IllegalArgumentException("estimatedTokens is negative: " + estimatedTokens);
    }
  }
}
