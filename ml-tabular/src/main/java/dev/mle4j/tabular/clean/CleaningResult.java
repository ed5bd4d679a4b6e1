package dev.mle4j.tabular.clean;

import dev.mle4j.tabular.data.DataFrame;
import java.util.List;

/**
 * The cleaned training rows and a report of what was done.
 *
 * @param frame the cleaned rows
 * @param keptRows for each output row, its index in the input frame (to subset a target or weights
 *     the same way)
 * @param rowsIn rows before cleaning
 * @param duplicatesRemoved exact duplicate rows dropped (the first occurrence stays)
 * @param missingTargetRemoved rows dropped because the target was missing
 * @param outliers one entry per outlier column, in order
 */
public record CleaningResult(
    DataFrame frame,
    int[] keptRows,
    int rowsIn,
    int duplicatesRemoved,
    int missingTargetRemoved,
    List<OutlierAction> outliers) {

  /** Copies the parts. */
  public CleaningResult {
    keptRows = keptRows.clone();
    outliers = List.copyOf(outliers);
  }

  /**
   * The kept row indices (a copy).
   *
   * @return indices into the input frame
   */
  @Override
  public int[] keptRows() {
    return keptRows.clone();
  }

  /**
   * Rows after cleaning.
   *
   * @return the row count
   */
  public int rowsOut() {
    return frame.rows();
  }

  /**
   * Rows dropped as outliers over all columns.
   *
   * @return the count
   */
  public int outlierRowsRemoved() {
    return outliers.stream().mapToInt(OutlierAction::rowsRemoved).sum();
  }

  /**
   * Values clipped over all columns.
   *
   * @return the count
   */
  public int valuesCapped() {
    return outliers.stream().mapToInt(OutlierAction::valuesCapped).sum();
  }

  /**
   * A one-line summary for logs.
   *
   * @return the summary
   */
  public String summary() {
    return rowsIn
        + " rows -> "
        + rowsOut()
        + " ("
        + duplicatesRemoved
        + " duplicates, "
        + missingTargetRemoved
        + " missing target, "
        + outlierRowsRemoved()
        + " outlier rows removed, "
        + valuesCapped()
        + " values capped)";
  }
}
