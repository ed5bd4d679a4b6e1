package dev.mle4j.tabular.clean;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.eda.Statistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans training rows: drops rows with a missing target, exact duplicate rows and outlier rows, or
 * caps outlier values. Only for training data: a served row is never dropped or changed by this
 * class.
 *
 * <p>Steps run in this order: missing target, duplicates, outliers. Outlier bounds are computed on
 * the rows left after the first two steps, for every listed column on the same rows.
 */
public final class RowCleaner {

  private static final Logger LOG = LoggerFactory.getLogger(RowCleaner.class);

  private final CleaningOptions options;

  /**
   * A cleaner with some options.
   *
   * @param options the options
   */
  public RowCleaner(CleaningOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * The options.
   *
   * @return the options
   */
  public CleaningOptions options() {
    return options;
  }

  /**
   * Cleans the rows of a frame.
   *
   * @param frame the training rows
   * @param targetColumn the target column for the missing-target step, or null to skip it
   * @return the cleaned rows and what was done
   * @throws MlException on an unknown target or outlier column or a non-numeric outlier column
   */
  public CleaningResult clean(DataFrame frame, String targetColumn) {
    Objects.requireNonNull(frame, "frame");
    for (String c : options.outlierColumns()) {
      ColumnType t = frame.type(c);
      if (t != ColumnType.NUMERIC) {
        throw new MlException("outlier handling needs a NUMERIC column; '" + c + "' is " + t);
      }
    }
    int n = frame.rows();
    boolean[] keep = new boolean[n];
    Arrays.fill(keep, true);
    int missingTarget = 0;
    if (targetColumn != null) {
      ColumnType tt = frame.type(targetColumn);
      if (options.dropMissingTarget()) {
        for (int i = 0; i < n; i++) {
          Object v = frame.value(i, targetColumn);
          boolean missing = tt.isNumberStored() ? Double.isNaN((Double) v) : v == null;
          if (missing) {
            keep[i] = false;
            missingTarget++;
          }
        }
      }
    }
    int duplicates = 0;
    if (options.dropDuplicates()) {
      Set<List<Object>> seen = new HashSet<>();
      List<String> cols = frame.columns();
      for (int i = 0; i < n; i++) {
        if (!keep[i]) {
          continue;
        }
        List<Object> key = new ArrayList<>(cols.size());
        for (String c : cols) {
          key.add(frame.value(i, c));
        }
        if (!seen.add(key)) {
          keep[i] = false;
          duplicates++;
        }
      }
    }
    DataFrame current = frame;
    List<OutlierAction> actions = new ArrayList<>();
    if (!options.outlierColumns().isEmpty()) {
      int[] base = indices(keep);
      double[][] bounds = new double[options.outlierColumns().size()][];
      for (int j = 0; j < bounds.length; j++) {
        double[] all = frame.numeric(options.outlierColumns().get(j));
        double[] values = new double[base.length];
        for (int i = 0; i < base.length; i++) {
          values[i] = all[base[i]];
        }
        bounds[j] = bounds(values);
      }
      for (int j = 0; j < bounds.length; j++) {
        String c = options.outlierColumns().get(j);
        double lo = bounds[j][0];
        double hi = bounds[j][1];
        double[] values = current.numeric(c);
        double[] capped = null;
        int outliers = 0;
        int removed = 0;
        int cappedCount = 0;
        for (int i : base) {
          double v = values[i];
          if (Double.isNaN(v) || !(v < lo || v > hi)) {
            continue;
          }
          outliers++;
          switch (options.outlierPolicy()) {
            case REMOVE -> {
              if (keep[i]) {
                keep[i] = false;
                removed++;
              }
            }
            case CAP -> {
              if (capped == null) {
                capped = values.clone();
              }
              capped[i] = Math.min(Math.max(v, lo), hi);
              cappedCount++;
            }
            default -> {
              // KEEP: report only
            }
          }
        }
        if (capped != null) {
          current = current.with(c, ColumnType.NUMERIC, capped);
        }
        actions.add(
            new OutlierAction(c, options.outlierMethod(), lo, hi, outliers, removed, cappedCount));
      }
    }
    int[] kept = indices(keep);
    DataFrame out = kept.length == n ? current : current.rows(kept);
    CleaningResult result = new CleaningResult(out, kept, n, duplicates, missingTarget, actions);
    LOG.info("row cleaning: {}", result.summary());
    return result;
  }

  private double[] bounds(double[] values) {
    double[] sorted = Statistics.sortedFinite(values);
    if (sorted.length < 2) {
      return new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
    }
    if (options.outlierMethod() == OutlierMethod.IQR) {
      double q1 = Statistics.quantile(sorted, 0.25);
      double q3 = Statistics.quantile(sorted, 0.75);
      double iqr = q3 - q1;
      return new double[] {q1 - options.iqrK() * iqr, q3 + options.iqrK() * iqr};
    }
    double mean = Statistics.mean(sorted);
    double sd = Statistics.std(sorted);
    return new double[] {mean - options.zThreshold() * sd, mean + options.zThreshold() * sd};
  }

  private static int[] indices(boolean[] keep) {
    int count = 0;
    for (boolean k : keep) {
      if (k) {
        count++;
      }
    }
    int[] out = new int[count];
    int j = 0;
    for (int i = 0; i < keep.length; i++) {
      if (keep[i]) {
        out[j++] = i;
      }
    }
    return out;
  }
}
