package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.Fold;
import dev.mle4j.core.data.KFold;
import dev.mle4j.core.data.StratifiedKFold;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Shared helpers of the feature steps: column selection and checks with clear errors, statistics
 * over values with missing entries, and the folds of out-of-fold encoders.
 */
public final class FeatureColumns {

  /** The key under which missing categorical values are counted and encoded. */
  public static final String MISSING = "__missing__";

  private FeatureColumns() {}

  /**
   * Resolves the columns a step works on: the explicit names (each checked to exist and have one of
   * the allowed types) or, when none are given, every column of the allowed types in frame order.
   *
   * @param df the frame seen at fit time
   * @param explicit the configured names (empty for "all of the allowed types")
   * @param step the step name for messages
   * @param types the allowed types
   * @return the columns
   * @throws MlException if an explicit column is missing or has another type
   */
  public static List<String> select(
      DataFrame df, List<String> explicit, String step, ColumnType... types) {
    Set<ColumnType> allowed = Set.of(types);
    List<String> out = new ArrayList<>();
    if (explicit == null || explicit.isEmpty()) {
      for (String c : df.columns()) {
        if (allowed.contains(df.type(c))) {
          out.add(c);
        }
      }
      return out;
    }
    for (String c : explicit) {
      requireColumn(df, c, step);
      ColumnType t = df.type(c);
      if (!allowed.contains(t)) {
        throw new MlException(
            step + ": column '" + c + "' is " + t + ", expected one of " + sorted(allowed));
      }
      out.add(c);
    }
    return out;
  }

  private static List<ColumnType> sorted(Set<ColumnType> types) {
    List<ColumnType> l = new ArrayList<>(types);
    l.sort(null);
    return l;
  }

  /**
   * Checks that a column exists.
   *
   * @param df the frame
   * @param column the column
   * @param step the step name for messages
   * @throws MlException naming step and column when it is absent
   */
  public static void requireColumn(DataFrame df, String column, String step) {
    if (!df.has(column)) {
      throw new MlException(
          step + ": input lacks column '" + column + "'; columns: " + df.columns());
    }
  }

  /**
   * The values of a number-stored column, with step-specific errors.
   *
   * @param df the frame
   * @param column the column
   * @param step the step name for messages
   * @return the shared values (do not modify)
   */
  public static double[] numeric(DataFrame df, String column, String step) {
    requireColumn(df, column, step);
    if (!df.type(column).isNumberStored()) {
      throw new MlException(
          step + ": column '" + column + "' is " + df.type(column) + ", expected a numeric column");
    }
    return df.numeric(column);
  }

  /**
   * The values of a string-stored column, with step-specific errors.
   *
   * @param df the frame
   * @param column the column
   * @param step the step name for messages
   * @return the shared values (do not modify)
   */
  public static String[] strings(DataFrame df, String column, String step) {
    requireColumn(df, column, step);
    if (df.type(column).isNumberStored()) {
      throw new MlException(
          step
              + ": column '"
              + column
              + "' is "
              + df.type(column)
              + ", expected a categorical column");
    }
    return df.strings(column);
  }

  /**
   * The category key of a value: the value itself, or {@link #MISSING} for null.
   *
   * @param value the cell
   * @return the key
   */
  public static String key(String value) {
    return value == null ? MISSING : value;
  }

  /**
   * The non-missing values, sorted.
   *
   * @param values values with NaN for missing
   * @return a sorted copy without NaN
   */
  public static double[] presentSorted(double[] values) {
    double[] out = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    Arrays.sort(out);
    return out;
  }

  /**
   * A quantile by linear interpolation between order statistics (numpy's default).
   *
   * @param sorted sorted values without NaN
   * @param q the quantile in [0, 1]
   * @return the quantile, NaN if there are no values
   */
  public static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  /**
   * The mean of the non-missing values.
   *
   * @param values values with NaN for missing
   * @return the mean, NaN if none is present
   */
  public static double mean(double[] values) {
    double sum = 0;
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * The population standard deviation of the non-missing values.
   *
   * @param values values with NaN for missing
   * @return the deviation, NaN if none is present
   */
  public static double std(double[] values) {
    double m = mean(values);
    double ss = 0;
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        ss += (v - m) * (v - m);
        n++;
      }
    }
    return n == 0 ? Double.NaN : Math.sqrt(ss / n);
  }

  /**
   * Counts the categories of a string column (missing as {@link #MISSING}).
   *
   * @param values the cells
   * @return category to count, in first-seen order
   */
  public static Map<String, Integer> counts(String[] values) {
    Map<String, Integer> out = new java.util.LinkedHashMap<>();
    for (String v : values) {
      out.merge(key(v), 1, Integer::sum);
    }
    return out;
  }

  /**
   * The folds used to encode training rows out-of-fold: stratified by class for classification
   * (plain shuffled folds when a class is too small to stratify), shuffled folds for regression.
   *
   * @param target the training target
   * @param context the seed and fold count
   * @return the folds; each row is in exactly one test fold
   * @throws MlException if there are fewer rows than folds
   */
  public static List<Fold> outOfFold(Target target, FitContext context) {
    int k = context.outOfFoldSplits();
    int n = target.size();
    if (n < k) {
      throw new MlException(
          "out-of-fold encoding needs at least " + k + " training rows, got " + n);
    }
    if (target.task() == TabularTask.CLASSIFICATION) {
      Map<Double, Integer> perClass = new HashMap<>();
      for (int i = 0; i < n; i++) {
        perClass.merge(target.value(i), 1, Integer::sum);
      }
      int smallest = perClass.values().stream().mapToInt(Integer::intValue).min().orElse(0);
      if (smallest >= k) {
        return StratifiedKFold.split(target.labelStrings(), k, context.seed());
      }
    }
    return KFold.split(n, k, true, context.seed());
  }

  /**
   * Formats a number as a category value: integers without a fraction, others as Java prints them.
   *
   * @param v the value
   * @return the text, null for NaN
   */
  public static String formatNumber(double v) {
    if (Double.isNaN(v)) {
      return null;
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /**
   * A lower-case name for a constant, for messages and feature names.
   *
   * @param e the constant
   * @return its lower-case name
   */
  public static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Replaces some columns of a transformed frame with out-of-fold values: for every fold a step is
   * fitted on the fold's training rows and transforms its held-out rows.
   *
   * @param transformed the full-fit transform of the training rows
   * @param input the training rows before the step
   * @param columns the target-derived output columns to replace
   * @param folds the folds
   * @param fitter fits the step on the given training row indices
   * @return the frame with those columns out-of-fold
   */
  public static DataFrame outOfFoldOverlay(
      DataFrame transformed,
      DataFrame input,
      List<String> columns,
      List<Fold> folds,
      java.util.function.IntFunction<FittedStep> fitter) {
    Map<String, double[]> out = new java.util.LinkedHashMap<>();
    for (String c : columns) {
      out.put(c, new double[input.rows()]);
    }
    for (int f = 0; f < folds.size(); f++) {
      Fold fold = folds.get(f);
      FittedStep step = fitter.apply(f);
      DataFrame held = step.transform(input.rows(fold.test()));
      for (String c : columns) {
        double[] src = held.numeric(c);
        double[] dst = out.get(c);
        int[] test = fold.test();
        for (int i = 0; i < test.length; i++) {
          dst[test[i]] = src[i];
        }
      }
    }
    DataFrame df = transformed;
    for (Map.Entry<String, double[]> e : out.entrySet()) {
      df = df.with(e.getKey(), df.type(e.getKey()), e.getValue());
    }
    return df;
  }
}
