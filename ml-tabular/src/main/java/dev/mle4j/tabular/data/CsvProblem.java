package dev.mle4j.tabular.data;

import dev.mle4j.core.MlException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to read a prediction problem from a CSV file: which column is the target, the task, and the
 * roles of special columns. Built with {@link #builder(String)}.
 *
 * @param target the target column
 * @param task regression or classification; null to infer (text or at most 20 distinct integer
 *     values: classification, else regression)
 * @param idColumn row id column or null
 * @param timeColumn time column for time-ordered folds or null
 * @param drop columns to remove (e.g. leaking ones) with the reason
 * @param typeOverrides column types that replace the inferred ones
 * @param logTarget null to decide from the data (non-negative regression target with skewness above
 *     1), else forced on or off
 * @param primaryMetric metric that picks the best model or null for the task default ({@code rmse}
 *     for regression, {@code roc_auc} for two classes, {@code accuracy} for more)
 */
public record CsvProblem(
    String target,
    TabularTask task,
    String idColumn,
    String timeColumn,
    Map<String, String> drop,
    Map<String, ColumnType> typeOverrides,
    Boolean logTarget,
    String primaryMetric) {

  /** Validates and copies. */
  public CsvProblem {
    if (target == null || target.isBlank()) {
      throw new MlException("a target column is required");
    }
    drop = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(drop));
    typeOverrides = Map.copyOf(typeOverrides);
  }

  /**
   * Starts a builder.
   *
   * @param target the target column
   * @return the builder
   */
  public static Builder builder(String target) {
    return new Builder(target);
  }

  /** Builder for {@link CsvProblem}. */
  public static final class Builder {
    private final String target;
    private TabularTask task;
    private String idColumn;
    private String timeColumn;
    private final Map<String, String> drop = new LinkedHashMap<>();
    private final Map<String, ColumnType> types = new LinkedHashMap<>();
    private Boolean logTarget;
    private String primaryMetric;

    private Builder(String target) {
      this.target = target;
    }

    /**
     * Sets the task.
     *
     * @param task the task, or null to infer it
     * @return this builder
     */
    public Builder task(TabularTask task) {
      this.task = task;
      return this;
    }

    /**
     * Sets the id column.
     *
     * @param column the column or null
     * @return this builder
     */
    public Builder idColumn(String column) {
      this.idColumn = column;
      return this;
    }

    /**
     * Sets the time column.
     *
     * @param column the column or null
     * @return this builder
     */
    public Builder timeColumn(String column) {
      this.timeColumn = column;
      return this;
    }

    /**
     * Drops columns.
     *
     * @param columns the columns
     * @param reason why, for reports
     * @return this builder
     */
    public Builder drop(List<String> columns, String reason) {
      columns.forEach(c -> drop.put(Objects.requireNonNull(c), reason));
      return this;
    }

    /**
     * Fixes a column's type.
     *
     * @param column the column
     * @param type the type
     * @return this builder
     */
    public Builder type(String column, ColumnType type) {
      types.put(column, type);
      return this;
    }

    /**
     * Forces the log target on or off (null = decide from the data).
     *
     * @param log the choice
     * @return this builder
     */
    public Builder logTarget(Boolean log) {
      this.logTarget = log;
      return this;
    }

    /**
     * Sets the metric that picks the best model.
     *
     * @param metric a metric name or null for the task default
     * @return this builder
     */
    public Builder primaryMetric(String metric) {
      this.primaryMetric = metric;
      return this;
    }

    /**
     * Builds the problem.
     *
     * @return the problem
     */
    public CsvProblem build() {
      return new CsvProblem(
          target, task, idColumn, timeColumn, drop, types, logTarget, primaryMetric);
    }
  }
}
