package dev.mle4j.tabular.drift;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Options of a drift check, with Evidently's defaults.
 *
 * @param columns feature columns to test; empty means every column present in both frames except ID
 *     and TEXT columns, the target and the prediction
 * @param target optional target column (target drift), or null
 * @param prediction optional prediction column (prediction drift), or null
 * @param methods per-column test overrides
 * @param thresholds per-column threshold overrides
 * @param stattestThreshold threshold for every column without an override, or NaN for each test's
 *     default (0.05 for p-values, 0.1 for distances)
 * @param driftShare share of drifted feature columns at which the data set counts as drifted
 * @param smallReferenceRows largest reference size that uses the "small data" tests (KS,
 *     chi-squared, Z); larger references use Wasserstein and Jensen-Shannon
 * @param categoricalMaxUnique numeric columns with at most this many distinct values (reference and
 *     current together) are tested as categorical
 * @param rules custom statistic shift rules
 */
public record DriftConfig(
    List<String> columns,
    String target,
    String prediction,
    Map<String, DriftMethod> methods,
    Map<String, Double> thresholds,
    double stattestThreshold,
    double driftShare,
    int smallReferenceRows,
    int categoricalMaxUnique,
    List<StatisticShiftRule> rules) {

  /**
   * Validates and copies the options.
   *
   * @throws MlException on out-of-range values
   */
  public DriftConfig {
    columns = List.copyOf(columns);
    methods = Map.copyOf(methods);
    thresholds = Map.copyOf(thresholds);
    rules = List.copyOf(rules);
    if (!(driftShare > 0 && driftShare <= 1)) {
      throw new MlException("drift config: driftShare must be in (0, 1], got " + driftShare);
    }
    if (!Double.isNaN(stattestThreshold) && !(stattestThreshold > 0)) {
      throw new MlException(
          "drift config: stattestThreshold must be positive, got " + stattestThreshold);
    }
    for (Map.Entry<String, Double> e : thresholds.entrySet()) {
      if (!(e.getValue() > 0) || e.getValue().isInfinite()) {
        throw new MlException(
            "drift config: threshold for column '" + e.getKey() + "' must be positive");
      }
    }
    if (smallReferenceRows < 0 || categoricalMaxUnique < 0) {
      throw new MlException(
          "drift config: smallReferenceRows and categoricalMaxUnique must be >= 0");
    }
  }

  /**
   * Evidently's defaults: all columns, no target/prediction, drift share 0.5.
   *
   * @return default options
   */
  public static DriftConfig defaults() {
    return builder().build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The target column, if any.
   *
   * @return the target column name
   */
  public Optional<String> targetColumn() {
    return Optional.ofNullable(target);
  }

  /**
   * The prediction column, if any.
   *
   * @return the prediction column name
   */
  public Optional<String> predictionColumn() {
    return Optional.ofNullable(prediction);
  }

  /** Builder of {@link DriftConfig}. */
  public static final class Builder {
    private final List<String> columns = new ArrayList<>();
    private String target;
    private String prediction;
    private final Map<String, DriftMethod> methods = new LinkedHashMap<>();
    private final Map<String, Double> thresholds = new LinkedHashMap<>();
    private double stattestThreshold = Double.NaN;
    private double driftShare = 0.5;
    private int smallReferenceRows = 1000;
    private int categoricalMaxUnique = 5;
    private final List<StatisticShiftRule> rules = new ArrayList<>();

    private Builder() {}

    /**
     * Restricts the check to these feature columns.
     *
     * @param names column names
     * @return this builder
     */
    public Builder columns(List<String> names) {
      columns.clear();
      columns.addAll(names);
      return this;
    }

    /**
     * Sets the target column (target drift).
     *
     * @param name column name
     * @return this builder
     */
    public Builder target(String name) {
      this.target = name;
      return this;
    }

    /**
     * Sets the prediction column (prediction drift).
     *
     * @param name column name
     * @return this builder
     */
    public Builder prediction(String name) {
      this.prediction = name;
      return this;
    }

    /**
     * Overrides the test of one column.
     *
     * @param column column name
     * @param method test to use
     * @return this builder
     */
    public Builder method(String column, DriftMethod method) {
      methods.put(column, method);
      return this;
    }

    /**
     * Overrides the threshold of one column.
     *
     * @param column column name
     * @param threshold threshold
     * @return this builder
     */
    public Builder threshold(String column, double threshold) {
      thresholds.put(column, threshold);
      return this;
    }

    /**
     * Sets one threshold for every column without its own override.
     *
     * @param threshold threshold (NaN restores each test's default)
     * @return this builder
     */
    public Builder stattestThreshold(double threshold) {
      this.stattestThreshold = threshold;
      return this;
    }

    /**
     * Sets the dataset drift share threshold (default 0.5).
     *
     * @param share share in (0, 1]
     * @return this builder
     */
    public Builder driftShare(double share) {
      this.driftShare = share;
      return this;
    }

    /**
     * Sets the largest reference size that uses the small-data tests (default 1000).
     *
     * @param rows row count
     * @return this builder
     */
    public Builder smallReferenceRows(int rows) {
      this.smallReferenceRows = rows;
      return this;
    }

    /**
     * Sets how many distinct values a numeric column may have to be tested as categorical (default
     * 5, like Evidently).
     *
     * @param unique distinct value count
     * @return this builder
     */
    public Builder categoricalMaxUnique(int unique) {
      this.categoricalMaxUnique = unique;
      return this;
    }

    /**
     * Adds a custom statistic shift rule.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder rule(StatisticShiftRule rule) {
      rules.add(rule);
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the config
     */
    public DriftConfig build() {
      return new DriftConfig(
          columns,
          target,
          prediction,
          methods,
          thresholds,
          stattestThreshold,
          driftShare,
          smallReferenceRows,
          categoricalMaxUnique,
          rules);
    }
  }
}
