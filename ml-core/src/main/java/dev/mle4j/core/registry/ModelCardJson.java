package dev.mle4j.core.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes a {@link ModelCard} as pretty-printed JSON with snake_case keys ({@code
 * data_fingerprint}, {@code created_at}) and the creation time as an ISO-8601 string:
 *
 * <pre>{@code
 * {
 *   "name" : "sms-spam",
 *   "version" : "3f2a9c01b7de",
 *   "task" : "text-classification",
 *   "format" : "tfidf-logreg/v1",
 *   "labels" : [ "ham", "spam" ],
 *   "metrics" : { "accuracy" : 0.98 },
 *   "data_fingerprint" : "9b1c...",
 *   "parameters" : { "c" : "1.0" },
 *   "created_at" : "2025-01-31T12:00:00Z"
 * }
 * }</pre>
 *
 * Metric values must be finite numbers, so the file is standard JSON. Unknown keys are ignored when
 * reading (newer writers may add fields); missing required keys, wrong types and broken JSON are
 * reported with the file and the key.
 */
public final class ModelCardJson {
  /** The file name a model card is stored under. */
  public static final String FILE_NAME = "model-card.json";

  private static final List<String> REQUIRED = List.of("name", "task", "format", "created_at");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ModelCardJson() {}

  /**
   * Serializes a card.
   *
   * @param card the card
   * @return pretty-printed JSON
   * @throws MlException when a metric is NaN or infinite
   */
  public static String toJson(ModelCard card) {
    Objects.requireNonNull(card, "card");
    card.metrics()
        .forEach(
            (metric, value) -> {
              if (value == null || !Double.isFinite(value)) {
                throw new MlException(
                    "model card '"
                        + card.name()
                        + "': metric '"
                        + metric
                        + "' is "
                        + value
                        + "; only finite numbers can be saved");
              }
            });
    try {
      return MAPPER.writeValueAsString(card) + "\n";
    } catch (JsonProcessingException e) {
      throw new MlException("cannot serialize model card '" + card.name() + "': " + e, e);
    }
  }

  /**
   * Parses a card.
   *
   * @param json the JSON text
   * @return the card
   * @throws MlException when the text is not a valid model card
   */
  public static ModelCard fromJson(String json) {
    Objects.requireNonNull(json, "json");
    return parse(json, "model card JSON");
  }

  /**
   * Writes a card to a file atomically (temporary file + rename), creating parent folders.
   *
   * @param card the card
   * @param file the target file, usually {@code .../model-card.json}
   * @throws MlException when the card has a non-finite metric or the file cannot be written
   */
  public static void write(ModelCard card, Path file) {
    AtomicFiles.writeString(file, toJson(card));
  }

  /**
   * Reads a card from a file.
   *
   * @param file the card file
   * @return the card
   * @throws MlException when the file is missing, unreadable or not a valid model card
   */
  public static ModelCard read(Path file) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new MlException("model card file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new MlException("cannot read model card file " + file + ": " + e, e);
    }
    return parse(text, "model card file " + file);
  }

  private static ModelCard parse(String text, String source) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MlException(
          source + " is not valid JSON (" + where(e.getLocation()) + e.getOriginalMessage() + ")",
          e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new MlException(source + " is empty");
    }
    if (!tree.isObject()) {
      throw new MlException(source + " must hold a JSON object, found " + tree.getNodeType());
    }
    List<String> missing = REQUIRED.stream().filter(key -> !tree.hasNonNull(key)).toList();
    if (!missing.isEmpty()) {
      throw new MlException(source + " lacks required field(s) " + missing);
    }
    ModelCard card;
    try {
      card = MAPPER.treeToValue(tree, ModelCard.class);
    } catch (JsonMappingException e) {
      throw new MlException(
          source + ": field '" + path(e.getPath()) + "' is invalid: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new MlException(source + " is not a valid model card: " + e.getOriginalMessage(), e);
    }
    card.metrics()
        .forEach(
            (metric, value) -> {
              if (value == null || !Double.isFinite(value)) {
                throw new MlException(
                    source + ": metric '" + metric + "' is " + value + ", not a finite number");
              }
            });
    return card;
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : references) {
      if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? "?" : sb.toString();
  }

  /**
   * The configured mapper (snake_case, ISO-8601 instants, pretty output); shared by the package.
   */
  static ObjectMapper mapper() {
    return MAPPER;
  }
}
