package dev.mle4j.core.serving;

import dev.mle4j.core.MlException;
import java.util.Objects;

/**
 * One request instance cannot be turned into a model input: a field is missing, has the wrong type
 * or an invalid value. The server answers it with a 422 problem naming the field.
 */
public class InvalidInputException extends MlException {
  private static final long serialVersionUID = 1L;

  /** The offending field. */
  private final String field;

  /**
   * Creates the exception.
   *
   * @param field name of the offending field, e.g. {@code text}
   * @param message what is wrong, naming the field, e.g. {@code field 'text' is required}
   */
  public InvalidInputException(String field, String message) {
    super(message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /**
   * The offending field.
   *
   * @return the field name
   */
  public String field() {
    return field;
  }
}
