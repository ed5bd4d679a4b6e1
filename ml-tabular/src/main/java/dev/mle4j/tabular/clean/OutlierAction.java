package dev.mle4j.tabular.clean;

/**
 * What outlier handling did to one column.
 *
 * @param column the column
 * @param method how the bounds were computed
 * @param lower the lower bound
 * @param upper the upper bound
 * @param outliers values outside the bounds (in the rows that reached this step)
 * @param rowsRemoved rows dropped because of this column (REMOVE)
 * @param valuesCapped values clipped to a bound (CAP)
 */
public record OutlierAction(
    String column,
    OutlierMethod method,
    double lower,
    double upper,
    int outliers,
    int rowsRemoved,
    int valuesCapped) {}
