package dev.mle4j.tabular.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a drift check.
 *
 * @param dataset dataset or monitor name
 * @param referenceRows rows in the reference frame
 * @param currentRows rows in the current frame
 * @param features per-feature results
 * @param target target drift, or null without a target column
 * @param prediction prediction drift, or null without a prediction column
 * @param driftShare share of drifted feature columns
 * @param driftShareThreshold the dataset drift threshold
 * @param datasetDrift whether {@code driftShare >= driftShareThreshold}
 * @param rules custom rule outcomes
 * @param alerts alerts raised by this check
 */
public record DriftResult(
    String dataset,
    int referenceRows,
    int currentRows,
    List<ColumnDrift> features,
    ColumnDrift target,
    ColumnDrift prediction,
    double driftShare,
    double driftShareThreshold,
    boolean datasetDrift,
    List<StatisticShiftRule.Outcome> rules,
    List<DriftAlert> alerts) {

  /** Copies the lists. */
  public DriftResult {
    features = List.copyOf(features);
    rules = List.copyOf(rules);
    alerts = List.copyOf(alerts);
  }

  /**
   * The number of drifted feature columns.
   *
   * @return count
   */
  public int driftedColumns() {
    return (int) features.stream().filter(ColumnDrift::drift).count();
  }

  /**
   * The result of one feature column.
   *
   * @param name column name
   * @return the result, if the column was tested
   */
  public Optional<ColumnDrift> feature(String name) {
    return features.stream().filter(c -> c.column().equals(name)).findFirst();
  }

  /**
   * Every tested column: features, then target and prediction when present.
   *
   * @return all column results
   */
  public List<ColumnDrift> allColumns() {
    ArrayList<ColumnDrift> all = new ArrayList<>(features);
    if (target != null) {
      all.add(target);
    }
    if (prediction != null) {
      all.add(prediction);
    }
    return List.copyOf(all);
  }
}
