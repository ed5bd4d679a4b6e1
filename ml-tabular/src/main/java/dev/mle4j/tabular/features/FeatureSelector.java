package dev.mle4j.tabular.features;

import dev.mle4j.tabular.data.DataFrame;
import java.util.List;

/**
 * A fitted step that keeps only a list of columns, in that order: the fitted form of the feature
 * selection steps (and usable directly as a final step).
 *
 * @param method how the list was chosen (for reports)
 * @param keep the columns to keep
 * @param dropped the columns the selection removed (for reports)
 */
public record FeatureSelector(String method, List<String> keep, List<String> dropped)
    implements FittedStep {

  /** Copies the lists. */
  public FeatureSelector {
    keep = List.copyOf(keep);
    dropped = dropped == null ? List.of() : List.copyOf(dropped);
  }

  /**
   * A selector that keeps some columns.
   *
   * @param keep the columns
   * @return the fitted step
   */
  public static FeatureSelector keeping(List<String> keep) {
    return new FeatureSelector("keep", keep, List.of());
  }

  @Override
  public DataFrame transform(DataFrame frame) {
    for (String c : keep) {
      FeatureColumns.requireColumn(frame, c, "feature-selector");
    }
    return frame.select(keep);
  }
}
