package dev.mle4j.rag.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mle4j.core.MlException;
import java.util.Locale;

/**
 * Robust parsing of an LLM judge's JSON verdicts: code fences and text around the first JSON object
 * are ignored; single quotes, unquoted field names and trailing commas are accepted. Every failure
 * is an {@link MlException} whose message says what was wrong, so the caller can record the metric
 * as missing.
 */
final class JudgeVerdicts {

  private static final ObjectMapper LENIENT =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private JudgeVerdicts() {}

  /** The first JSON object in the text. */
  static JsonNode object(String text) {
    if (text == null || text.isBlank()) {
      throw new MlException("judge returned an empty reply");
    }
    int start = text.indexOf('{');
    int end = text.lastIndexOf('}');
    if (start < 0 || end <= start) {
      throw new MlException("judge reply has no JSON object: " + snippet(text));
    }
    try {
      JsonNode n = LENIENT.readTree(text.substring(start, end + 1));
      if (n == null || !n.isObject()) {
        throw new MlException("judge reply is not a JSON object: " + snippet(text));
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new MlException(
          "judge reply is not valid JSON (" + e.getOriginalMessage() + "): " + snippet(text), e);
    }
  }

  /**
   * The fraction of items of array {@code arrayField} whose {@code flagField} is true.
   *
   * @throws MlException when the array is missing or empty or a flag is not a yes/no value
   */
  static double fraction(JsonNode root, String arrayField, String flagField) {
    JsonNode arr = root.get(arrayField);
    if (arr == null || !arr.isArray()) {
      throw new MlException("judge reply has no '" + arrayField + "' array");
    }
    if (arr.isEmpty()) {
      throw new MlException("judge reply has an empty '" + arrayField + "' array");
    }
    int yes = 0;
    for (int i = 0; i < arr.size(); i++) {
      JsonNode item = arr.get(i);
      JsonNode flag = item.isObject() ? item.get(flagField) : item;
      if (flag(flag, arrayField + "[" + i + "]." + flagField)) {
        yes++;
      }
    }
    return (double) yes / arr.size();
  }

  /** A number field within [lo, hi]. */
  static double number(JsonNode root, String field, double lo, double hi) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      throw new MlException("judge reply has no '" + field + "'");
    }
    double d;
    if (v.isNumber()) {
      d = v.asDouble();
    } else if (v.isTextual()) {
      try {
        d = Double.parseDouble(v.asText().trim());
      } catch (NumberFormatException e) {
        throw new MlException("judge '" + field + "' is not a number: " + v, e);
      }
    } else {
      throw new MlException("judge '" + field + "' is not a number: " + v);
    }
    if (!Double.isFinite(d) || d < lo || d > hi) {
      throw new MlException(
          "judge '" + field + "' = " + d + " is outside [" + lo + ", " + hi + "]");
    }
    return d;
  }

  private static boolean flag(JsonNode v, String where) {
    if (v == null || v.isNull()) {
      throw new MlException("judge reply has no verdict at " + where);
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isNumber() && (v.asInt() == 0 || v.asInt() == 1)) {
      return v.asInt() == 1;
    }
    if (v.isTextual()) {
      String s = v.asText().trim().toLowerCase(Locale.ROOT);
      switch (s) {
        case "yes", "true", "supported", "attributed", "1" -> {
          return true;
        }
        case "no", "false", "unsupported", "not_supported", "not attributed", "0" -> {
          return false;
        }
        default -> throw new MlException("judge verdict at " + where + " is not yes/no: " + v);
      }
    }
    throw new MlException("judge verdict at " + where + " is not yes/no: " + v);
  }

  static String snippet(String text) {
    String s = text.replaceAll("\\s+", " ").trim();
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
