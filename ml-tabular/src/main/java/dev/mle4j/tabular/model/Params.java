package dev.mle4j.tabular.model;

import dev.mle4j.core.MlException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads typed hyper-parameters from a name-to-value map and rejects unknown names. */
final class Params {

  private final String learner;
  private final Map<String, Object> values;
  private final Set<String> known = new LinkedHashSet<>();

  Params(String learner, Map<String, Object> values) {
    this.learner = learner;
    this.values = values == null ? Map.of() : values;
  }

  int intValue(String key, int fallback) {
    known.add(key);
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    double d = number(key, v);
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new MlException(learner + ": parameter '" + key + "' must be an integer, got " + v);
    }
    return (int) d;
  }

  double doubleValue(String key, double fallback) {
    known.add(key);
    Object v = values.get(key);
    return v == null ? fallback : number(key, v);
  }

  private double number(String key, Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(v.toString().strip());
    } catch (NumberFormatException e) {
      throw new MlException(
          learner + ": parameter '" + key + "' must be a number, got '" + v + "'");
    }
  }

  /** Throws if the map held names that were never read. */
  void finish() {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new MlException(
          "unknown parameter(s) "
              + unknown
              + " for learner '"
              + learner
              + "'; valid parameters: "
              + new TreeSet<>(known));
    }
  }

  static void check(String learner, String key, boolean ok, Object value, String rule) {
    if (!ok) {
      throw new MlException(
          String.format(
              Locale.ROOT, "%s: parameter '%s' must be %s, got %s", learner, key, rule, value));
    }
  }
}
