package dev.mle4j.tabular.data;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The column a model learns to predict, as numbers: the value for regression, the label index (into
 * {@link #labels()}) for classification.
 *
 * @param name the target column name
 * @param task regression or classification
 * @param values one value per row; never NaN
 * @param labels the class labels in index order (empty for regression); for two classes the second
 *     is the positive class
 */
public record Target(String name, TabularTask task, double[] values, List<String> labels) {

  /** Validates the parts. */
  public Target {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    values = values.clone();
    labels = List.copyOf(labels);
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new MlException(
            "target '" + name + "' is missing or not finite at data row " + (i + 1));
      }
    }
    if (task == TabularTask.CLASSIFICATION) {
      if (labels.size() < 2) {
        throw new MlException("target '" + name + "' needs at least two classes, found " + labels);
      }
      for (double v : values) {
        if (v != Math.rint(v) || v < 0 || v >= labels.size()) {
          throw new MlException("target '" + name + "': label index " + v + " out of range");
        }
      }
    } else if (!labels.isEmpty()) {
      throw new MlException("a regression target has no labels");
    }
  }

  /**
   * A regression target.
   *
   * @param name the column name
   * @param values the values
   * @return the target
   */
  public static Target regression(String name, double[] values) {
    return new Target(name, TabularTask.REGRESSION, values, List.of());
  }

  /**
   * A classification target from label texts; labels are sorted (numerically when all are numbers,
   * else as text, with false/no before true/yes), so {@code 0/1}, {@code No/Yes} and {@code
   * False/True} put the positive class second.
   *
   * @param name the column name
   * @param raw one label per row
   * @return the target
   * @throws MlException if a label is missing or there are fewer than two classes
   */
  public static Target classification(String name, String[] raw) {
    TreeSet<String> set = new TreeSet<>(labelOrder(raw));
    for (int i = 0; i < raw.length; i++) {
      if (Values.isMissing(raw[i])) {
        throw new MlException("target '" + name + "' is missing at data row " + (i + 1));
      }
      set.add(raw[i].strip());
    }
    List<String> labels = new ArrayList<>(set);
    Map<String, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i), i);
    }
    double[] v = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      v[i] = index.get(raw[i].strip());
    }
    return new Target(name, TabularTask.CLASSIFICATION, v, labels);
  }

  private static Comparator<String> labelOrder(String[] raw) {
    boolean numbers = true;
    boolean words = true;
    for (String s : raw) {
      if (Values.isMissing(s)) {
        continue;
      }
      numbers &= Values.isNumber(s);
      words &= Values.isBooleanWord(s);
    }
    if (numbers) {
      return Comparator.comparingDouble(Values::parseNumber)
          .thenComparing(Comparator.naturalOrder());
    }
    if (words) {
      return Comparator.comparingDouble(Values::parseBoolean)
          .thenComparing(Comparator.naturalOrder());
    }
    return Comparator.naturalOrder();
  }

  /**
   * The number of rows.
   *
   * @return rows
   */
  public int size() {
    return values.length;
  }

  /**
   * The values (a copy).
   *
   * @return the values
   */
  @Override
  public double[] values() {
    return values.clone();
  }

  /**
   * One value without copying.
   *
   * @param row the row
   * @return its value
   */
  public double value(int row) {
    return values[row];
  }

  /**
   * The target restricted to some rows, in that order.
   *
   * @param rows row indices
   * @return the subset
   */
  public Target rows(int[] rows) {
    double[] v = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      v[i] = values[rows[i]];
    }
    return new Target(name, task, v, labels);
  }

  /**
   * The label of each row as text (classification only).
   *
   * @return the labels per row
   */
  public List<String> labelStrings() {
    if (task != TabularTask.CLASSIFICATION) {
      throw new MlException("target '" + name + "' is a regression target");
    }
    List<String> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(labels.get((int) v));
    }
    return out;
  }
}
