package dev.mle4j.spark;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** Converts Spark row values to the plain Java values mle4j readers take. */
final class RowValues {

  private RowValues() {}

  /**
   * A Spark value as {@link String}, {@link Number}, {@link Boolean} or null. Dates and timestamps
   * become ISO-8601 text (what CSV files hold), other types their string form.
   */
  static Object plain(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean) {
      return v;
    }
    if (v instanceof BigDecimal d) {
      return d.doubleValue();
    }
    if (v instanceof Number) {
      return v;
    }
    if (v instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof Instant || v instanceof LocalDate || v instanceof LocalDateTime) {
      return v.toString();
    }
    return v.toString();
  }

  /** The named fields of a row as a map (absent names are left out). */
  static Map<String, Object> map(Row row, List<String> names, int[] indices) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int k = 0; k < names.size(); k++) {
      int i = indices[k];
      if (i >= 0) {
        out.put(names.get(k), plain(row.isNullAt(i) ? null : row.get(i)));
      }
    }
    return out;
  }

  /** A row as a JSON object, one field per column. */
  static ObjectNode json(Row row, String[] fields, String textColumn, String textField) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < fields.length; i++) {
      if (textField != null && fields[i].equals(textField) && !fields[i].equals(textColumn)) {
        continue; // the model's text field comes from the chosen text column
      }
      String name = fields[i].equals(textColumn) ? textField : fields[i];
      Object v = row.isNullAt(i) ? null : plain(row.get(i));
      if (v == null) {
        o.putNull(name);
      } else if (v instanceof String s) {
        o.put(name, s);
      } else if (v instanceof Boolean b) {
        o.put(name, b);
      } else if (v instanceof Integer n) {
        o.put(name, n);
      } else if (v instanceof Long n) {
        o.put(name, n);
      } else if (v instanceof Number n) {
        o.put(name, n.doubleValue());
      } else {
        o.put(name, v.toString());
      }
    }
    return o;
  }
}
