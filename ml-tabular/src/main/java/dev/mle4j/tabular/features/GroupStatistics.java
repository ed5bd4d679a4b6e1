package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.Fold;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Statistics of numeric columns within groups of categorical key column(s), learned on training
 * rows: {@code grp_mean(v|k)}, {@code grp_std(v|k)}, {@code grp_diff(v|k)} (value minus group mean)
 * and {@code grp_count(k)}, where {@code k} joins the keys with {@code +}. Optionally the smoothed
 * target mean per group {@code grp_target_mean(k)} (one column per class for more than two
 * classes), computed out-of-fold for the training rows like {@link TargetEncoder}. A missing key
 * value is its own group {@code __missing__}; unseen groups get the global statistic (count 0,
 * target prior); groups with fewer than two values get the global standard deviation. The key
 * columns stay.
 */
public final class GroupStatistics implements FeatureStep {

  /** A per-group statistic of a value column. */
  public enum Stat {
    /** The group mean. */
    MEAN,
    /** The group standard deviation. */
    STD,
    /** The number of training rows of the group (one column per key, not per value). */
    COUNT,
    /** The value minus the group mean. */
    DIFF
  }

  private final List<String> keys;
  private final List<String> values;
  private final Set<Stat> stats;
  private final boolean targetMean;
  private final double smoothing;

  private GroupStatistics(Builder b) {
    if (b.keys.isEmpty()) {
      throw new MlException("group-stats: give at least one key column");
    }
    this.keys = List.copyOf(b.keys);
    this.values = List.copyOf(b.values);
    this.stats = b.stats.isEmpty() ? EnumSet.noneOf(Stat.class) : EnumSet.copyOf(b.stats);
    this.targetMean = b.targetMean;
    this.smoothing = b.smoothing;
  }

  /**
   * A builder for the given key columns; defaults: all numeric value columns, mean/std/count/diff,
   * no target mean, smoothing 10.
   *
   * @param keys the categorical key columns
   * @return the builder
   */
  public static Builder by(List<String> keys) {
    return new Builder(keys);
  }

  @Override
  public String name() {
    return "group-stats";
  }

  @Override
  public Fit fit(DataFrame train, Target target, FitContext context) {
    FittedGroupStats full = (FittedGroupStats) fitOnly(train, target, context);
    if (!targetMean) {
      return new Fit(full, full.transform(train));
    }
    List<Fold> folds = FeatureColumns.outOfFold(target, context);
    DataFrame out =
        FeatureColumns.outOfFoldOverlay(
            full.transform(train),
            train,
            full.targetNames(),
            folds,
            f -> fitRows(train, target, folds.get(f).train(), full.values()));
    return new Fit(full, out);
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    if (train.rows() != target.size()) {
      throw new MlException(
          name() + ": " + train.rows() + " rows but the target has " + target.size());
    }
    FeatureColumns.select(train, keys, name(), ColumnType.CATEGORICAL);
    List<String> vals;
    if (values.isEmpty()) {
      vals = new ArrayList<>();
      for (String c : FeatureColumns.select(train, List.of(), name(), ColumnType.NUMERIC)) {
        if (!keys.contains(c)) {
          vals.add(c);
        }
      }
    } else {
      vals = FeatureColumns.select(train, values, name(), ColumnType.NUMERIC, ColumnType.BOOLEAN);
    }
    return fitRows(train, target, TargetStats.all(train.rows()), vals);
  }

  private FittedGroupStats fitRows(DataFrame train, Target target, int[] rows, List<String> vals) {
    String[] k = FittedGroupStats.keysOf(train, keys);
    Map<String, Integer> counts = new TreeMap<>();
    for (int r : rows) {
      counts.merge(k[r], 1, Integer::sum);
    }
    Map<String, Moments> global = new LinkedHashMap<>();
    Map<String, Map<String, Moments>> groups = new LinkedHashMap<>();
    for (String v : vals) {
      double[] x = train.numeric(v);
      double[] sub = new double[rows.length];
      Map<String, List<Double>> byKey = new HashMap<>();
      for (int i = 0; i < rows.length; i++) {
        sub[i] = x[rows[i]];
        if (!Double.isNaN(sub[i])) {
          byKey.computeIfAbsent(k[rows[i]], q -> new ArrayList<>()).add(sub[i]);
        }
      }
      double gm = FeatureColumns.mean(sub);
      double gs = FeatureColumns.std(sub);
      Moments g = new Moments(Double.isNaN(gm) ? 0 : gm, Double.isNaN(gs) ? 0 : gs);
      global.put(v, g);
      Map<String, Moments> m = new TreeMap<>();
      byKey.forEach(
          (key, l) -> {
            double[] a = l.stream().mapToDouble(Double::doubleValue).toArray();
            m.put(
                key,
                new Moments(
                    FeatureColumns.mean(a), a.length < 2 ? g.std() : FeatureColumns.std(a)));
          });
      groups.put(v, m);
    }
    List<String> classes = List.of();
    double[] prior = new double[0];
    Map<String, double[]> targetMeans = Map.of();
    if (targetMean) {
      classes = TargetStats.classes(target);
      int width = Math.max(1, classes.size());
      prior = TargetStats.prior(target, rows, width);
      targetMeans = TargetStats.encode(k, target, rows, width, prior, smoothing);
    }
    List<Stat> st = new ArrayList<>(stats);
    return new FittedGroupStats(
        keys, vals, st, counts, global, groups, targetMean, classes, prior, targetMeans);
  }

  @Override
  public String toString() {
    return "GroupStatistics[keys="
        + keys
        + ", stats="
        + stats
        + ", targetMean="
        + targetMean
        + (values.isEmpty() ? "" : ", values=" + values)
        + "]";
  }

  /** Options of {@link GroupStatistics}. */
  public static final class Builder {
    private final List<String> keys;
    private List<String> values = List.of();
    private Set<Stat> stats = EnumSet.allOf(Stat.class);
    private boolean targetMean;
    private double smoothing = 10;

    private Builder(List<String> keys) {
      this.keys = List.copyOf(keys);
    }

    /**
     * The numeric value columns (default: all numeric columns).
     *
     * @param columns the names
     * @return this builder
     */
    public Builder values(List<String> columns) {
      this.values = List.copyOf(columns);
      return this;
    }

    /**
     * The statistics to produce.
     *
     * @param stats the statistics
     * @return this builder
     */
    public Builder stats(Set<Stat> stats) {
      this.stats = Objects.requireNonNull(stats, "stats");
      return this;
    }

    /**
     * Adds the out-of-fold smoothed target mean per group.
     *
     * @param on true to add it
     * @param smoothing the smoothing weight m of the prior
     * @return this builder
     */
    public Builder targetMean(boolean on, double smoothing) {
      if (!(smoothing >= 0)) {
        throw new MlException("group-stats: smoothing must be >= 0, got " + smoothing);
      }
      this.targetMean = on;
      this.smoothing = smoothing;
      return this;
    }

    /**
     * Builds the step.
     *
     * @return the step
     */
    public GroupStatistics build() {
      return new GroupStatistics(this);
    }
  }

  /**
   * A mean and standard deviation.
   *
   * @param mean the mean
   * @param std the standard deviation
   */
  public record Moments(double mean, double std) {}

  /**
   * A fitted {@link GroupStatistics}.
   *
   * @param keys the key columns
   * @param values the value columns
   * @param stats the statistics produced
   * @param counts training rows per group
   * @param global per value column: the global moments
   * @param groups per value column: group to moments
   * @param targetMean whether target means are produced
   * @param classes class labels of the target-mean outputs (empty: one output)
   * @param prior the target prior per output
   * @param targetMeans group to smoothed target means
   */
  public record FittedGroupStats(
      List<String> keys,
      List<String> values,
      List<Stat> stats,
      Map<String, Integer> counts,
      Map<String, Moments> global,
      Map<String, Map<String, Moments>> groups,
      boolean targetMean,
      List<String> classes,
      double[] prior,
      Map<String, double[]> targetMeans)
      implements FittedStep {

    /** Copies the parts. */
    public FittedGroupStats {
      keys = List.copyOf(keys);
      values = List.copyOf(values);
      stats = List.copyOf(stats);
      counts = new TreeMap<>(counts);
      global = new LinkedHashMap<>(global);
      groups = new LinkedHashMap<>(groups);
      classes = List.copyOf(classes);
      prior = prior == null ? new double[0] : prior.clone();
      targetMeans = targetMeans == null ? Map.of() : new TreeMap<>(targetMeans);
    }

    static String[] keysOf(DataFrame df, List<String> keys) {
      String[][] cols = new String[keys.size()][];
      for (int j = 0; j < cols.length; j++) {
        cols[j] = FeatureColumns.strings(df, keys.get(j), "group-stats");
      }
      String[] out = new String[df.rows()];
      for (int i = 0; i < out.length; i++) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < cols.length; j++) {
          if (j > 0) {
            sb.append('|');
          }
          sb.append(FeatureColumns.key(cols[j][i]));
        }
        out[i] = sb.toString();
      }
      return out;
    }

    private String keyName() {
      return String.join("+", keys);
    }

    /**
     * The names of the target-mean outputs.
     *
     * @return the names (empty without target means)
     */
    public List<String> targetNames() {
      return targetMean
          ? TargetStats.names("grp_target_mean(" + keyName() + ")", classes)
          : List.of();
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      String[] k = keysOf(frame, keys);
      int n = frame.rows();
      DataFrame df = frame;
      for (String v : values) {
        double[] x = FeatureColumns.numeric(frame, v, "group-stats");
        Moments g = global.get(v);
        Map<String, Moments> m = groups.getOrDefault(v, Map.of());
        double[] mean = new double[n];
        double[] std = new double[n];
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
          Moments gm = m.getOrDefault(k[i], g);
          mean[i] = gm.mean();
          std[i] = gm.std();
          diff[i] = x[i] - gm.mean();
        }
        String suffix = "(" + v + "|" + keyName() + ")";
        if (stats.contains(Stat.MEAN)) {
          df = df.with("grp_mean" + suffix, ColumnType.NUMERIC, mean);
        }
        if (stats.contains(Stat.STD)) {
          df = df.with("grp_std" + suffix, ColumnType.NUMERIC, std);
        }
        if (stats.contains(Stat.DIFF)) {
          df = df.with("grp_diff" + suffix, ColumnType.NUMERIC, diff);
        }
      }
      if (stats.contains(Stat.COUNT)) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
          c[i] = counts.getOrDefault(k[i], 0);
        }
        df = df.with("grp_count(" + keyName() + ")", ColumnType.NUMERIC, c);
      }
      if (targetMean) {
        List<String> names = targetNames();
        for (int j = 0; j < names.size(); j++) {
          double[] t = new double[n];
          for (int i = 0; i < n; i++) {
            t[i] = targetMeans.getOrDefault(k[i], prior)[j];
          }
          df = df.with(names.get(j), ColumnType.NUMERIC, t);
        }
      }
      return df;
    }
  }
}
