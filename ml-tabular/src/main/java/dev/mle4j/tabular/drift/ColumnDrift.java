package dev.mle4j.tabular.drift;

/**
 * The drift test result of one column.
 *
 * @param column column name
 * @param role whether the column is a feature, the target or the prediction
 * @param method the test used
 * @param score p-value or distance
 * @param threshold the threshold the score was compared with
 * @param drift whether the column drifted
 * @param referenceCount non-missing reference values
 * @param currentCount non-missing current values
 */
public record ColumnDrift(
    String column,
    Role role,
    DriftMethod method,
    double score,
    double threshold,
    boolean drift,
    int referenceCount,
    int currentCount) {

  /** What a tested column is. */
  public enum Role {
    /** An input feature (counts towards the dataset drift share). */
    FEATURE,
    /** The target column (target drift). */
    TARGET,
    /** The model prediction column (prediction drift). */
    PREDICTION
  }
}
