package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnSpec;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.Schema;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.features.select.CorrelationFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the default {@link StepPipeline} for a table from its {@link Schema} and {@link
 * TabularTask}, with a switch per feature family for ablation studies. The steps, in order:
 *
 * <ol>
 *   <li>drop ID and TEXT columns (and any listed columns);
 *   <li>datetime expansion (calendar parts, cyclical encodings) - on;
 *   <li>expressions ({@code "name = a / b"}) - none;
 *   <li>imputation (median / {@code "__missing__"}) with missing indicators - on;
 *   <li>log1p of skewed non-negative numeric columns - on;
 *   <li>outlier capping at the IQR fences - on;
 *   <li>group statistics - off;
 *   <li>degree-2 polynomial features of the numeric input columns - off;
 *   <li>frequency encoding of categorical columns - off;
 *   <li>categorical encoding: one-hot when a column has at most 10 output columns after rare
 *       grouping, target encoding (out-of-fold) above;
 *   <li>standard scaling of numeric columns - on (trees do not need it, linear models do);
 *   <li>correlation filter (|r| > 0.95) that also drops columns constant in training - on.
 * </ol>
 */
public final class AutoFeatures {

  private static final Logger LOG = LoggerFactory.getLogger(AutoFeatures.class);

  private final Schema schema;
  private final TabularTask task;
  private final Builder options;
  private final List<FeatureStep> steps;

  private AutoFeatures(Builder b) {
    this.schema = b.schema;
    this.task = b.task;
    this.options = b;
    this.steps = List.copyOf(choose());
  }

  /**
   * A builder for a feature schema (the training columns without the target).
   *
   * @param schema the input columns
   * @param task the prediction task
   * @return the builder with default switches
   */
  public static Builder builder(Schema schema, TabularTask task) {
    return new Builder(schema, task);
  }

  /**
   * The chosen steps, in order.
   *
   * @return the steps
   */
  public List<FeatureStep> steps() {
    return steps;
  }

  private List<FeatureStep> choose() {
    List<FeatureStep> steps = new ArrayList<>();
    List<String> drop = new ArrayList<>();
    for (ColumnSpec c : schema.columns()) {
      if (c.type() == ColumnType.ID || c.type() == ColumnType.TEXT) {
        drop.add(c.name());
        LOG.info("auto-features: dropping {} column '{}'", c.type(), c.name());
      }
    }
    for (String c : options.drop) {
      if (schema.find(c).isEmpty()) {
        throw new MlException("auto-features: cannot drop unknown column '" + c + "'");
      }
      if (!drop.contains(c)) {
        drop.add(c);
        LOG.info("auto-features: dropping column '{}' as asked", c);
      }
    }
    if (!drop.isEmpty()) {
      steps.add(DropColumns.named(drop));
    }
    Schema kept = schema.without(drop);
    if (options.datetime && !kept.namesOf(ColumnType.DATETIME).isEmpty()) {
      steps.add(DatetimeFeatures.builder().build());
    }
    for (String e : options.expressions) {
      steps.add(ExpressionFeature.parse(e));
    }
    if (options.imputation) {
      steps.add(Imputer.builder().indicators(options.indicators).build());
    }
    if (options.log1p) {
      steps.add(Log1pTransform.skewed(options.skewThreshold));
    }
    if (options.capping) {
      steps.add(OutlierCapper.iqr(options.capK, List.of()));
    }
    if (!options.groupKeys.isEmpty()) {
      for (String k : options.groupKeys) {
        if (kept.find(k).isEmpty() || kept.type(k) != ColumnType.CATEGORICAL) {
          throw new MlException(
              "auto-features: group key '" + k + "' is not a categorical input column");
        }
      }
      steps.add(
          GroupStatistics.by(options.groupKeys)
              .targetMean(options.groupTargetMean, options.smoothing)
              .build());
    }
    if (options.polynomial) {
      List<String> numeric = kept.namesOf(ColumnType.NUMERIC);
      if (numeric.size() >= 1) {
        steps.add(PolynomialFeatures.degree2(numeric));
      }
    }
    boolean categorical =
        !kept.namesOf(ColumnType.CATEGORICAL).isEmpty()
            || options.groupKeys.stream().anyMatch(k -> true);
    if (options.frequency && categorical) {
      steps.add(FrequencyEncoder.of(List.of(), true));
    }
    steps.add(
        CategoricalEncoder.of(
            List.of(), options.maxOneHot, options.minFrequency, options.smoothing));
    if (options.scaling) {
      steps.add(Scalers.standard(List.of()));
    }
    if (options.correlation) {
      steps.add(CorrelationFilter.of(options.correlationThreshold));
    }
    return steps;
  }

  /**
   * One line per chosen step, for reports.
   *
   * @return the descriptions
   */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    for (FeatureStep s : steps()) {
      out.add(s.name() + ": " + s);
    }
    return out;
  }

  /**
   * The pipeline of {@link #steps()}.
   *
   * @param context seed and fold settings
   * @return the pipeline
   */
  public StepPipeline pipeline(FitContext context) {
    return StepPipeline.of(steps(), context);
  }

  /**
   * The pipeline of {@link #steps()} with the default context.
   *
   * @return the pipeline
   */
  public StepPipeline pipeline() {
    return pipeline(FitContext.defaults());
  }

  /**
   * The task the features are built for.
   *
   * @return the task
   */
  public TabularTask task() {
    return task;
  }

  /** Switches of {@link AutoFeatures}. */
  public static final class Builder {
    private final Schema schema;
    private final TabularTask task;
    private List<String> drop = List.of();
    private boolean imputation = true;
    private boolean indicators = true;
    private boolean capping = true;
    private double capK = 1.5;
    private boolean log1p = true;
    private double skewThreshold = 0.75;
    private boolean datetime = true;
    private int maxOneHot = 10;
    private int minFrequency = 10;
    private double smoothing = 10;
    private boolean frequency;
    private List<String> groupKeys = List.of();
    private boolean groupTargetMean;
    private List<String> expressions = List.of();
    private boolean polynomial;
    private boolean scaling = true;
    private boolean correlation = true;
    private double correlationThreshold = 0.95;

    private Builder(Schema schema, TabularTask task) {
      this.schema = Objects.requireNonNull(schema, "schema");
      this.task = Objects.requireNonNull(task, "task");
    }

    /**
     * Extra columns to drop (e.g. a column that leaks the target).
     *
     * @param columns the names
     * @return this builder
     */
    public Builder drop(List<String> columns) {
      this.drop = List.copyOf(columns);
      return this;
    }

    /**
     * Imputation on/off, and missing indicators on/off.
     *
     * @param on impute missing values
     * @param withIndicators add {@code <col>__missing} columns
     * @return this builder
     */
    public Builder imputation(boolean on, boolean withIndicators) {
      this.imputation = on;
      this.indicators = withIndicators;
      return this;
    }

    /**
     * Outlier capping on/off and its IQR multiplier.
     *
     * @param on cap outliers
     * @param k the IQR multiplier
     * @return this builder
     */
    public Builder outlierCapping(boolean on, double k) {
      this.capping = on;
      this.capK = k;
      return this;
    }

    /**
     * log1p of skewed non-negative numeric columns on/off.
     *
     * @param on transform skewed columns
     * @param threshold the |skewness| threshold
     * @return this builder
     */
    public Builder log1p(boolean on, double threshold) {
      this.log1p = on;
      this.skewThreshold = threshold;
      return this;
    }

    /**
     * Datetime expansion on/off (off: datetime columns stay as epoch seconds).
     *
     * @param on expand datetimes
     * @return this builder
     */
    public Builder datetime(boolean on) {
      this.datetime = on;
      return this;
    }

    /**
     * The categorical encoding: one-hot up to a width, target encoding above.
     *
     * @param maxOneHot the largest one-hot width (0: always target encoding; {@link
     *     Integer#MAX_VALUE}: always one-hot)
     * @param minFrequency categories rarer than this share the rare bucket
     * @param smoothing target-encoding smoothing m
     * @return this builder
     */
    public Builder encoding(int maxOneHot, int minFrequency, double smoothing) {
      this.maxOneHot = maxOneHot;
      this.minFrequency = minFrequency;
      this.smoothing = smoothing;
      return this;
    }

    /**
     * Frequency encoding (in addition to the categorical encoding) on/off.
     *
     * @param on add {@code <col>__freq} columns
     * @return this builder
     */
    public Builder frequencyEncoding(boolean on) {
      this.frequency = on;
      return this;
    }

    /**
     * Group statistics of the numeric columns by key columns (empty keys: off).
     *
     * @param keys the categorical key columns
     * @param targetMean also the out-of-fold target mean per group
     * @return this builder
     */
    public Builder groupStatistics(List<String> keys, boolean targetMean) {
      this.groupKeys = List.copyOf(keys);
      this.groupTargetMean = targetMean;
      return this;
    }

    /**
     * Expression features, each {@code "name = expression"}.
     *
     * @param definitions the definitions
     * @return this builder
     */
    public Builder expressions(List<String> definitions) {
      definitions.forEach(ExpressionFeature::parse);
      this.expressions = List.copyOf(definitions);
      return this;
    }

    /**
     * Degree-2 polynomial features of the numeric input columns on/off.
     *
     * @param on add squares and products
     * @return this builder
     */
    public Builder polynomial(boolean on) {
      this.polynomial = on;
      return this;
    }

    /**
     * Standard scaling of numeric columns on/off.
     *
     * @param on scale
     * @return this builder
     */
    public Builder scaling(boolean on) {
      this.scaling = on;
      return this;
    }

    /**
     * The correlation filter on/off and its threshold.
     *
     * @param on filter
     * @param threshold the |r| threshold
     * @return this builder
     */
    public Builder correlationFilter(boolean on, double threshold) {
      this.correlation = on;
      this.correlationThreshold = threshold;
      return this;
    }

    /**
     * Chooses the steps (logging dropped ID and TEXT columns).
     *
     * @return the auto features
     * @throws MlException if a column to drop or group by is unknown
     */
    public AutoFeatures build() {
      return new AutoFeatures(this);
    }
  }
}
