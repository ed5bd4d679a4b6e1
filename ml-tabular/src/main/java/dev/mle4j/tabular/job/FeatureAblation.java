package dev.mle4j.tabular.job;

import dev.mle4j.tabular.data.ColumnSpec;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.features.AutoFeatures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The feature-set variants of an ablation study: the default {@link AutoFeatures} set, and the same
 * set with one family switched off (or an optional one switched on). Variants that cannot change
 * anything on a table (e.g. datetime expansion without datetime columns) are left out.
 */
public final class FeatureAblation {

  /** The name of the default variant. */
  public static final String BASELINE = "default";

  private FeatureAblation() {}

  /**
   * The variants for a table.
   *
   * @param frame the feature columns
   * @param task the task
   * @param base the job's feature options applied first (expressions, drops)
   * @return variant name to a function that adjusts a fresh builder
   */
  public static Map<String, UnaryOperator<AutoFeatures.Builder>> variants(
      DataFrame frame, TabularTask task, UnaryOperator<AutoFeatures.Builder> base) {
    Map<String, UnaryOperator<AutoFeatures.Builder>> v = new LinkedHashMap<>();
    boolean datetime = false;
    boolean missing = false;
    List<String> categorical = new ArrayList<>();
    for (ColumnSpec c : frame.schema().columns()) {
      if (c.type() == ColumnType.DATETIME) {
        datetime = true;
      }
      if (c.type() == ColumnType.CATEGORICAL) {
        categorical.add(c.name());
      }
      if (c.type().isNumberStored()) {
        for (double d : frame.numeric(c.name())) {
          if (Double.isNaN(d)) {
            missing = true;
            break;
          }
        }
      } else {
        for (String s : frame.strings(c.name())) {
          if (s == null) {
            missing = true;
            break;
          }
        }
      }
    }
    v.put(BASELINE, base);
    if (datetime) {
      v.put("no datetime expansion", b -> base.apply(b).datetime(false));
    }
    if (missing) {
      v.put("no missing indicators", b -> base.apply(b).imputation(true, false));
    }
    v.put("no outlier capping", b -> base.apply(b).outlierCapping(false, 1.5));
    v.put("no log1p of skewed columns", b -> base.apply(b).log1p(false, 0.75));
    if (!categorical.isEmpty()) {
      v.put("one-hot only (no target encoding)", b -> base.apply(b).encoding(1000, 10, 10));
      v.put("target encoding for every categorical", b -> base.apply(b).encoding(1, 10, 10));
      v.put("+ frequency encoding", b -> base.apply(b).frequencyEncoding(true));
      String key = groupKey(frame, categorical);
      v.put("+ group statistics by " + key, b -> base.apply(b).groupStatistics(List.of(key), true));
    }
    v.put("+ polynomial features", b -> base.apply(b).polynomial(true));
    v.put("no scaling", b -> base.apply(b).scaling(false));
    v.put("no correlation filter", b -> base.apply(b).correlationFilter(false, 0.95));
    return v;
  }

  /** The categorical column with the most distinct values, up to 50 (a usable group key). */
  private static String groupKey(DataFrame frame, List<String> categorical) {
    String best = categorical.get(0);
    int bestCount = -1;
    for (String c : categorical) {
      int n = (int) java.util.Arrays.stream(frame.strings(c)).distinct().count();
      if (n <= 50 && n > bestCount) {
        best = c;
        bestCount = n;
      }
    }
    return best;
  }
}
