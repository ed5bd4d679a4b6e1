package dev.mle4j.core.config;

import java.util.Objects;

/**
 * One failed check of a {@link Validated} configuration object.
 *
 * @param field the field path relative to the object that reports it, e.g. {@code train} or {@code
 *     layers[0].size}; empty when the problem concerns the whole object
 * @param message what is wrong, with the offending value, e.g. {@code must be in (0,1), got 1.5}
 */
public record Violation(String field, String message) {

  /** Rejects null parts. */
  public Violation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /**
   * Creates a violation.
   *
   * @param field the field path relative to the reporting object
   * @param message what is wrong
   * @return the violation
   */
  public static Violation of(String field, String message) {
    return new Violation(field, message);
  }
}
