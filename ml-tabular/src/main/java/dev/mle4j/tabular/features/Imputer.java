package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fills missing values: numeric columns (numeric, boolean, datetime) with the training mean, median
 * or a constant, categorical columns with the training mode or a constant (default {@code
 * "__missing__"}). Optionally adds a 0/1 indicator column {@code <col>__missing} for every column
 * that had missing values in training, and optionally imputes numeric columns with the median
 * within groups of a categorical column (unseen or missing groups fall back to the global value). A
 * numeric column without any training value is filled with 0.
 */
public final class Imputer implements FeatureStep {

  /** How numeric columns are filled. */
  public enum NumericStrategy {
    /** The training mean. */
    MEAN,
    /** The training median. */
    MEDIAN,
    /** A fixed value. */
    CONSTANT
  }

  /** How categorical columns are filled. */
  public enum CategoricalStrategy {
    /** The most frequent training category (ties: the smallest name). */
    MODE,
    /** A fixed category. */
    CONSTANT
  }

  private final List<String> numericColumns;
  private final List<String> categoricalColumns;
  private final NumericStrategy numeric;
  private final double numericConstant;
  private final CategoricalStrategy categorical;
  private final String categoricalConstant;
  private final boolean indicators;
  private final String groupBy;

  private Imputer(Builder b) {
    this.numericColumns = List.copyOf(b.numericColumns);
    this.categoricalColumns = List.copyOf(b.categoricalColumns);
    this.numeric = b.numeric;
    this.numericConstant = b.numericConstant;
    this.categorical = b.categorical;
    this.categoricalConstant = b.categoricalConstant;
    this.indicators = b.indicators;
    this.groupBy = b.groupBy;
  }

  /**
   * A builder; defaults: median for numeric columns, constant {@code "__missing__"} for categorical
   * columns, all columns of those types, no indicators, no groups.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default imputer (median / {@code "__missing__"}, no indicators).
   *
   * @return the step
   */
  public static Imputer defaults() {
    return builder().build();
  }

  @Override
  public String name() {
    return "imputer";
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    List<String> num =
        FeatureColumns.select(
            train,
            numericColumns,
            name(),
            ColumnType.NUMERIC,
            ColumnType.BOOLEAN,
            ColumnType.DATETIME);
    List<String> cat =
        FeatureColumns.select(train, categoricalColumns, name(), ColumnType.CATEGORICAL);
    String[] groups = null;
    if (groupBy != null) {
      FeatureColumns.requireColumn(train, groupBy, name());
      if (train.type(groupBy) != ColumnType.CATEGORICAL) {
        throw new MlException(
            name()
                + ": group column '"
                + groupBy
                + "' is "
                + train.type(groupBy)
                + ", expected CATEGORICAL");
      }
      groups = train.strings(groupBy);
    }
    Map<String, Double> numFill = new LinkedHashMap<>();
    Map<String, Map<String, Double>> groupFill = new LinkedHashMap<>();
    List<String> ind = new ArrayList<>();
    for (String c : num) {
      double[] v = train.numeric(c);
      double[] sorted = FeatureColumns.presentSorted(v);
      double fill =
          switch (numeric) {
            case MEAN -> FeatureColumns.mean(v);
            case MEDIAN -> FeatureColumns.quantile(sorted, 0.5);
            case CONSTANT -> numericConstant;
            default -> throw new IllegalStateException(numeric.name());
          };
      numFill.put(c, Double.isNaN(fill) ? 0.0 : fill);
      if (sorted.length < v.length && indicators) {
        ind.add(c);
      }
      if (groups != null) {
        Map<String, List<Double>> byGroup = new HashMap<>();
        for (int i = 0; i < v.length; i++) {
          if (groups[i] != null && !Double.isNaN(v[i])) {
            byGroup.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(v[i]);
          }
        }
        Map<String, Double> med = new java.util.TreeMap<>();
        byGroup.forEach(
            (g, l) -> {
              double[] s = l.stream().mapToDouble(Double::doubleValue).sorted().toArray();
              med.put(g, FeatureColumns.quantile(s, 0.5));
            });
        groupFill.put(c, med);
      }
    }
    Map<String, String> catFill = new LinkedHashMap<>();
    for (String c : cat) {
      String[] v = train.strings(c);
      boolean missing = false;
      Map<String, Integer> counts = new java.util.TreeMap<>();
      for (String s : v) {
        if (s == null) {
          missing = true;
        } else {
          counts.merge(s, 1, Integer::sum);
        }
      }
      String fill = categoricalConstant;
      if (categorical == CategoricalStrategy.MODE && !counts.isEmpty()) {
        int best = -1;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
          if (e.getValue() > best) {
            best = e.getValue();
            fill = e.getKey();
          }
        }
      }
      catFill.put(c, fill);
      if (missing && indicators) {
        ind.add(c);
      }
    }
    return new FittedImputer(numFill, catFill, ind, groupBy, groupFill);
  }

  @Override
  public String toString() {
    return "Imputer[numeric="
        + numeric
        + (numeric == NumericStrategy.CONSTANT ? "(" + numericConstant + ")" : "")
        + ", categorical="
        + categorical
        + (categorical == CategoricalStrategy.CONSTANT ? "(" + categoricalConstant + ")" : "")
        + ", indicators="
        + indicators
        + (groupBy == null ? "" : ", groupBy=" + groupBy)
        + "]";
  }

  /** Options of an {@link Imputer}. */
  public static final class Builder {
    private List<String> numericColumns = List.of();
    private List<String> categoricalColumns = List.of();
    private NumericStrategy numeric = NumericStrategy.MEDIAN;
    private double numericConstant;
    private CategoricalStrategy categorical = CategoricalStrategy.CONSTANT;
    private String categoricalConstant = FeatureColumns.MISSING;
    private boolean indicators;
    private String groupBy;

    private Builder() {}

    /**
     * The numeric columns to fill (default: all numeric, boolean and datetime columns).
     *
     * @param columns the names
     * @return this builder
     */
    public Builder numericColumns(List<String> columns) {
      this.numericColumns = List.copyOf(columns);
      return this;
    }

    /**
     * The categorical columns to fill (default: all categorical columns).
     *
     * @param columns the names
     * @return this builder
     */
    public Builder categoricalColumns(List<String> columns) {
      this.categoricalColumns = List.copyOf(columns);
      return this;
    }

    /**
     * Fill numeric columns with the mean or median.
     *
     * @param strategy MEAN or MEDIAN (use {@link #numericConstant(double)} for a constant)
     * @return this builder
     */
    public Builder numeric(NumericStrategy strategy) {
      this.numeric = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Fill numeric columns with a constant.
     *
     * @param value the value
     * @return this builder
     */
    public Builder numericConstant(double value) {
      if (!Double.isFinite(value)) {
        throw new MlException("imputer: the numeric fill value must be finite, got " + value);
      }
      this.numeric = NumericStrategy.CONSTANT;
      this.numericConstant = value;
      return this;
    }

    /**
     * Fill categorical columns with the mode.
     *
     * @return this builder
     */
    public Builder categoricalMode() {
      this.categorical = CategoricalStrategy.MODE;
      return this;
    }

    /**
     * Fill categorical columns with a constant category.
     *
     * @param value the category
     * @return this builder
     */
    public Builder categoricalConstant(String value) {
      if (value == null) {
        throw new MlException("imputer: the categorical fill value must not be null");
      }
      this.categorical = CategoricalStrategy.CONSTANT;
      this.categoricalConstant = value;
      return this;
    }

    /**
     * Whether to add {@code <col>__missing} 0/1 columns for columns with training missing values.
     *
     * @param on true to add them
     * @return this builder
     */
    public Builder indicators(boolean on) {
      this.indicators = on;
      return this;
    }

    /**
     * Fill numeric columns with the median within groups of a categorical column.
     *
     * @param column the categorical group column
     * @return this builder
     */
    public Builder groupBy(String column) {
      this.groupBy = Objects.requireNonNull(column, "column");
      return this;
    }

    /**
     * Builds the step.
     *
     * @return the imputer
     */
    public Imputer build() {
      return new Imputer(this);
    }
  }

  /**
   * A fitted {@link Imputer}.
   *
   * @param numericFill fill value per numeric column
   * @param categoricalFill fill category per categorical column
   * @param indicators columns that get a {@code <col>__missing} indicator
   * @param groupColumn the group column, or null
   * @param groupFill per numeric column: group to median (empty without groups)
   */
  public record FittedImputer(
      Map<String, Double> numericFill,
      Map<String, String> categoricalFill,
      List<String> indicators,
      String groupColumn,
      Map<String, Map<String, Double>> groupFill)
      implements FittedStep {

    /** Copies the parts, keeping their order. */
    public FittedImputer {
      numericFill = Collections.unmodifiableMap(new LinkedHashMap<>(numericFill));
      categoricalFill = Collections.unmodifiableMap(new LinkedHashMap<>(categoricalFill));
      indicators = List.copyOf(indicators);
      groupFill =
          groupFill == null
              ? Map.of()
              : Collections.unmodifiableMap(new LinkedHashMap<>(groupFill));
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      String step = "imputer";
      DataFrame df = frame;
      Map<String, double[]> indicatorValues = new LinkedHashMap<>();
      for (String c : indicators) {
        FeatureColumns.requireColumn(frame, c, step);
        double[] ind = new double[frame.rows()];
        for (int i = 0; i < ind.length; i++) {
          Object v = frame.value(i, c);
          ind[i] = v == null || (v instanceof Double d && d.isNaN()) ? 1.0 : 0.0;
        }
        indicatorValues.put(c + "__missing", ind);
      }
      String[] groups =
          groupColumn == null ? null : FeatureColumns.strings(frame, groupColumn, step);
      for (Map.Entry<String, Double> e : numericFill.entrySet()) {
        double[] v = FeatureColumns.numeric(frame, e.getKey(), step).clone();
        Map<String, Double> byGroup = groupFill.getOrDefault(e.getKey(), Map.of());
        for (int i = 0; i < v.length; i++) {
          if (Double.isNaN(v[i])) {
            Double g = groups == null || groups[i] == null ? null : byGroup.get(groups[i]);
            v[i] = g != null ? g : e.getValue();
          }
        }
        df = df.with(e.getKey(), frame.type(e.getKey()), v);
      }
      for (Map.Entry<String, String> e : categoricalFill.entrySet()) {
        String[] v = FeatureColumns.strings(frame, e.getKey(), step).clone();
        for (int i = 0; i < v.length; i++) {
          if (v[i] == null) {
            v[i] = e.getValue();
          }
        }
        df = df.with(e.getKey(), frame.type(e.getKey()), v);
      }
      for (Map.Entry<String, double[]> e : indicatorValues.entrySet()) {
        df = df.with(e.getKey(), ColumnType.BOOLEAN, e.getValue());
      }
      return df;
    }
  }
}
