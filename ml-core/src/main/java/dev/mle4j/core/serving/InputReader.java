package dev.mle4j.core.serving;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one JSON request instance (an object such as {@code {"text": "..."}}) into a model input.
 *
 * @param <I> the model's input type
 */
@FunctionalInterface
public interface InputReader<I> {

  /**
   * Reads one instance.
   *
   * @param instance a JSON object
   * @return the model input, never {@code null}
   * @throws InvalidInputException if a field is missing, has the wrong type or an invalid value
   */
  I read(JsonNode instance);
}
