package dev.mle4j.core.metrics;

import dev.mle4j.core.MlException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns labels into the snake_case fragments used in flat metric names. */
final class MetricNames {

  private MetricNames() {}

  /**
   * The snake_case form of a label: a word boundary inside camelCase becomes {@code _}, letters are
   * lower-cased, every run of characters other than letters and digits becomes one {@code _}, and
   * leading or trailing {@code _} are dropped ({@code "Not Spam"} and {@code "notSpam"} both give
   * {@code not_spam}). A label with no letter or digit gives {@code class_<index>}.
   *
   * @param label the label
   * @param index its position in the label list, for the fallback name
   * @return the sanitised name
   */
  static String snakeCase(String label, int index) {
    StringBuilder out = new StringBuilder(label.length() + 4);
    boolean pendingSeparator = false;
    int previous = 0;
    for (int i = 0; i < label.length(); ) {
      int cp = label.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) {
        boolean camelBoundary =
            Character.isUpperCase(cp)
                && (Character.isLowerCase(previous) || Character.isDigit(previous));
        if (out.length() > 0 && (pendingSeparator || camelBoundary)) {
          out.append('_');
        }
        pendingSeparator = false;
        out.append(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT));
      } else {
        pendingSeparator = true;
      }
      previous = cp;
    }
    return out.length() == 0 ? "class_" + index : out.toString();
  }

  /**
   * The snake_case names of all labels, refusing two labels that would share a name.
   *
   * @param labels the labels, in order
   * @return one name per label, in the same order
   * @throws MlException when two labels sanitise to the same name
   */
  static List<String> snakeCaseAll(List<String> labels) {
    Map<String, String> seen = new HashMap<>();
    String[] names = new String[labels.size()];
    for (int i = 0; i < names.length; i++) {
      String name = snakeCase(labels.get(i), i);
      String other = seen.putIfAbsent(name, labels.get(i));
      if (other != null) {
        throw new MlException(
            "labels '"
                + other
                + "' and '"
                + labels.get(i)
                + "' both become '"
                + name
                + "' in metric names; rename one of them");
      }
      names[i] = name;
    }
    return List.of(names);
  }
}
