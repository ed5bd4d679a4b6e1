package dev.mle4j.examples.cli;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Small text formatting helpers for command output. */
final class Formats {
  private static final List<String> HEADLINE =
      List.of("accuracy", "macro_f1", "roc_auc", "rmse", "ndcg_at_10");

  private Formats() {}

  static String headline(Map<String, Double> metrics) {
    StringJoiner j = new StringJoiner(" ");
    for (String key : HEADLINE) {
      Double v = metrics.get(key);
      if (v != null) {
        j.add(key + "=" + String.format(java.util.Locale.ROOT, "%.4f", v));
      }
    }
    return j.toString();
  }

  static String fixed(double v, int digits) {
    return String.format(java.util.Locale.ROOT, "%." + digits + "f", v);
  }
}
