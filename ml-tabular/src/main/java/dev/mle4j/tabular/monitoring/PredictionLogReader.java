package dev.mle4j.tabular.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON-lines files written by {@link dev.mle4j.core.serving.PredictionLog}: one object
 * per line with {@code timestamp, request_id, model, version, input}, then either {@code label} and
 * {@code confidence} (classification) or {@code prediction} (regression), and {@code latency_ms}.
 * Blank lines are skipped; unknown fields are ignored.
 */
public final class PredictionLogReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PredictionLogReader() {}

  /**
   * Reads every record of a log file.
   *
   * @param file the JSONL file
   * @return the records in file order
   * @throws MlException when the file is missing or unreadable, or naming {@code file:line} of the
   *     first malformed line
   */
  public static List<LoggedPrediction> read(Path file) {
    if (file == null) {
      throw new MlException("prediction log path is null");
    }
    List<LoggedPrediction> out = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      long line = 0;
      while ((text = reader.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        out.add(parse(text, file + ":" + line, line));
      }
    } catch (NoSuchFileException e) {
      throw new MlException("prediction log " + file + " does not exist", e);
    } catch (IOException e) {
      throw new MlException("cannot read prediction log " + file + ": " + e, e);
    }
    return List.copyOf(out);
  }

  /**
   * Parses one log line.
   *
   * @param text the JSON object text
   * @param where how messages name the line, e.g. {@code log.jsonl:12}
   * @param line the line number stored in the record
   * @return the record
   * @throws MlException naming {@code where} when the line is not a valid record
   */
  public static LoggedPrediction parse(String text, String where, long line) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MlException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new MlException(where + ": expected a JSON object");
    }
    Instant timestamp;
    String ts = text(node, "timestamp", where);
    try {
      timestamp = Instant.parse(ts);
    } catch (DateTimeParseException e) {
      throw new MlException(where + ": timestamp '" + ts + "' is not an ISO-8601 instant", e);
    }
    String requestId = text(node, "request_id", where);
    String model = text(node, "model", where);
    String version = text(node, "version", where);
    JsonNode input = node.get("input");
    if (input == null || !input.isObject()) {
      throw new MlException(where + ": field 'input' is missing or not a JSON object");
    }
    JsonNode label = node.get("label");
    JsonNode prediction = node.get("prediction");
    boolean hasLabel = label != null && !label.isNull();
    boolean hasPrediction = prediction != null && !prediction.isNull();
    if (hasLabel == hasPrediction) {
      throw new MlException(
          where + ": a record needs exactly one of 'label' (classification) or 'prediction'");
    }
    double latency = number(node, "latency_ms", where);
    if (hasLabel) {
      if (!label.isValueNode()) {
        throw new MlException(where + ": field 'label' must be a string");
      }
      double confidence = number(node, "confidence", where);
      return new LoggedPrediction(
          timestamp,
          requestId,
          model,
          version,
          input,
          label.asText(),
          confidence,
          Double.NaN,
          latency,
          line);
    }
    double value = number(node, "prediction", where);
    if (!Double.isFinite(value)) {
      throw new MlException(where + ": field 'prediction' must be a finite number");
    }
    return new LoggedPrediction(
        timestamp, requestId, model, version, input, null, Double.NaN, value, latency, line);
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || !v.isValueNode() || v.asText().isEmpty()) {
      throw new MlException(where + ": field '" + field + "' is missing or empty");
    }
    return v.asText();
  }

  private static double number(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Double.NaN;
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      try {
        return Double.parseDouble(v.asText());
      } catch (NumberFormatException e) {
        throw new MlException(where + ": field '" + field + "' is not a number: " + v, e);
      }
    }
    throw new MlException(where + ": field '" + field + "' is not a number: " + v);
  }
}
