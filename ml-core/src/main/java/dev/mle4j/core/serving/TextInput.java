package dev.mle4j.core.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Objects;

/**
 * {@link InputReader}s for text models: instances like {@code {"text": "..."}}. A {@link
 * ServedModel} whose reader comes from here is a text model: the server also answers {@code POST
 * /v1/models/{name}/classify} for it.
 */
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
    return new TextReader(field);
  }

  /**
   * The reader of a text field. Its type tells the server that a model takes text, so that it
   * serves {@code POST /v1/models/{name}/classify} for it (see {@link ServedModel#textField()}).
   *
   * @param field the field name
   */
  record TextReader(String field) implements InputReader<String> {

    @Override
    public String read(JsonNode instance) {
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
    }
  }
}
