package dev.mle4j.core.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Objects;

/** {@link InputReader}s for text models: instances like {@code {"text": "..."}}. */
public final class TextInput {

  private TextInput() {}

  /**
   * Reads the string field {@code text}.
   *
   * @return the reader
   */
  public static InputReader<String> reader() {
    return reader("text");
  }

  /**
   * Reads a required, non-blank string field.
   *
   * @param field the field name
   * @return the reader; it fails with "field 'F' is required", "field 'F' must be a string" or
   *     "field 'F' must not be empty"
   */
  public static InputReader<String> reader(String field) {
    Objects.requireNonNull(field, "field");
    return instance -> {
      JsonNode value = instance.get(field);
      if (value == null || value.isMissingNode()) {
        throw new InvalidInputException(field, "field '" + field + "' is required");
      }
      if (!value.isTextual()) {
        throw new InvalidInputException(
            field,
            "field '"
                + field
                + "' must be a string, got "
                + value.getNodeType().name().toLowerCase(Locale.ROOT));
      }
      String text = value.textValue();
      if (text.isBlank()) {
        throw new InvalidInputException(field, "field '" + field + "' must not be empty");
      }
      return text;
    };
  }
}
