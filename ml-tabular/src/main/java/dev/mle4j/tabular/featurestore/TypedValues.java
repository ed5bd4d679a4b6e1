package dev.mle4j.tabular.featurestore;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes feature values as tagged strings so that string-only stores (Redis hashes, JSON files)
 * give back the same Java types: {@code d:} Double, {@code l:} Long, {@code b:} Boolean, {@code s:}
 * String, {@code t:} Instant (ISO-8601), {@code n:} null. Integers become Long, floats Double.
 */
public final class TypedValues {

  private TypedValues() {}

  /**
   * Encodes a value.
   *
   * @param value null, a Number, Boolean, String or Instant
   * @return the tagged text
   * @throws FeatureStoreException for other types
   */
  public static String encode(Object value) {
    if (value == null) {
      return "n:";
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isNaN(d) ? "n:" : "d:" + d;
    }
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return "l:" + ((Number) value).longValue();
    }
    if (value instanceof Boolean b) {
      return "b:" + b;
    }
    if (value instanceof String s) {
      return "s:" + s;
    }
    if (value instanceof Instant t) {
      return "t:" + t;
    }
    throw new FeatureStoreException(
        "cannot store a feature value of type "
            + value.getClass().getName()
            + "; use numbers, booleans, strings or Instants");
  }

  /**
   * Decodes a tagged value.
   *
   * @param text the tagged text
   * @return the value (null for {@code n:})
   * @throws FeatureStoreException if the tag is unknown or the value does not parse
   */
  public static Object decode(String text) {
    if (text == null || text.length() < 2 || text.charAt(1) != ':') {
      throw new FeatureStoreException("stored feature value '" + text + "' has no type tag");
    }
    String v = text.substring(2);
    try {
      return switch (text.charAt(0)) {
        case 'n' -> null;
        case 'd' -> Double.parseDouble(v);
        case 'l' -> Long.parseLong(v);
        case 'b' -> Boolean.parseBoolean(v);
        case 's' -> v;
        case 't' -> Instant.parse(v);
        default ->
            throw new FeatureStoreException(
                "stored feature value '" + text + "' has an unknown type tag");
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new FeatureStoreException("stored feature value '" + text + "' does not parse", e);
    }
  }

  /**
   * Encodes a record.
   *
   * @param values column to value
   * @return column to tagged text, same order
   */
  public static Map<String, String> encodeAll(Map<String, Object> values) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, encode(v)));
    return out;
  }

  /**
   * Decodes a record.
   *
   * @param values column to tagged text
   * @return column to value, same order
   */
  public static Map<String, Object> decodeAll(Map<String, String> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, decode(v)));
    return out;
  }

  /**
   * The text of an entity key: integral numbers without a fraction ({@code 5}, not {@code 5.0}),
   * other values as text; the parts of a compound key joined by {@code |}.
   *
   * @param parts the key values in entity-column order
   * @return the key
   * @throws FeatureStoreException if a part is missing
   */
  public static String entityKey(List<?> parts) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      Object p = parts.get(i);
      if (i > 0) {
        sb.append('|');
      }
      if (p == null || (p instanceof Double d && Double.isNaN(d))) {
        throw new FeatureStoreException("an entity key value is missing");
      }
      if (p instanceof Number n) {
        double d = n.doubleValue();
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
          sb.append((long) d);
        } else {
          sb.append(n);
        }
      } else {
        sb.append(p);
      }
    }
    return sb.toString();
  }
}
