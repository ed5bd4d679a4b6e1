package dev.mle4j.tabular.data;

import dev.mle4j.core.MlException;
import java.util.List;
import java.util.Objects;

/**
 * A prediction problem on a table: feature columns, the target, and the roles of special columns.
 *
 * @param name the data set name used in outputs, e.g. {@code titanic}
 * @param features the feature columns (target and dropped columns removed; the id column, if any,
 *     is kept and typed {@link ColumnType#ID} so pipelines drop it)
 * @param target the target
 * @param idColumn the row id column or null
 * @param timeColumn the column that orders rows in time (for time-ordered folds) or null
 * @param logTarget whether regression models should learn {@code log1p(target)}
 * @param primaryMetric the metric that picks the best model, e.g. {@code rmse_log}
 * @param higherIsBetter whether larger values of the primary metric are better
 * @param dropped columns removed from the source table and why, for reports
 * @param fingerprint SHA-256 of the source file(s)
 */
public record TabularDataset(
    String name,
    DataFrame features,
    Target target,
    String idColumn,
    String timeColumn,
    boolean logTarget,
    String primaryMetric,
    boolean higherIsBetter,
    List<String> dropped,
    String fingerprint) {

  /** Validates the parts. */
  public TabularDataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(primaryMetric, "primaryMetric");
    dropped = List.copyOf(dropped);
    fingerprint = fingerprint == null ? "" : fingerprint;
    if (features.rows() != target.size()) {
      throw new MlException(
          "data set '"
              + name
              + "': "
              + features.rows()
              + " rows but "
              + target.size()
              + " targets");
    }
    if (timeColumn != null && !features.has(timeColumn)) {
      throw new MlException(
          "data set '" + name + "': time column '" + timeColumn + "' is not a feature column");
    }
    if (logTarget && target.task() != TabularTask.REGRESSION) {
      throw new MlException("data set '" + name + "': a log target needs a regression task");
    }
  }

  /**
   * The task.
   *
   * @return regression or classification
   */
  public TabularTask task() {
    return target.task();
  }
}
