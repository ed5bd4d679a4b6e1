package dev.mle4j.core.metrics;

import dev.mle4j.core.MlException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The ROC curve of a binary problem, as scikit-learn's {@code roc_curve(y_true, y_score)} with its
 * default {@code drop_intermediate=True}: one point per distinct score threshold (collinear
 * intermediate points dropped), preceded by the point (0, 0) at threshold +∞.
 *
 * <p>At threshold {@code t} a sample is predicted positive when its score is {@code >= t}; {@code
 * fpr} is then the fraction of negatives predicted positive and {@code tpr} the fraction of
 * positives predicted positive. Arrays are copied on the way in and out.
 *
 * @param positiveLabel the label treated as positive
 * @param fpr false-positive rates, non-decreasing from 0 to 1
 * @param tpr true-positive rates, non-decreasing from 0 to 1
 * @param thresholds decreasing thresholds, the first one {@link Double#POSITIVE_INFINITY}
 */
public record RocCurve(String positiveLabel, double[] fpr, double[] tpr, double[] thresholds) {

  /** Validates the lengths and copies the arrays. */
  public RocCurve {
    Objects.requireNonNull(positiveLabel, "positiveLabel");
    Objects.requireNonNull(fpr, "fpr");
    Objects.requireNonNull(tpr, "tpr");
    Objects.requireNonNull(thresholds, "thresholds");
    if (fpr.length != tpr.length || fpr.length != thresholds.length || fpr.length < 2) {
      throw new MlException(
          "ROC curve needs at least 2 points and equal lengths: fpr "
              + fpr.length
              + ", tpr "
              + tpr.length
              + ", thresholds "
              + thresholds.length);
    }
    fpr = fpr.clone();
    tpr = tpr.clone();
    thresholds = thresholds.clone();
  }

  /**
   * A copy of the false-positive rates.
   *
   * @return the x values of the curve
   */
  @Override
  public double[] fpr() {
    return fpr.clone();
  }

  /**
   * A copy of the true-positive rates.
   *
   * @return the y values of the curve
   */
  @Override
  public double[] tpr() {
    return tpr.clone();
  }

  /**
   * A copy of the thresholds.
   *
   * @return one threshold per point, the first one +∞
   */
  @Override
  public double[] thresholds() {
    return thresholds.clone();
  }

  /**
   * The number of points.
   *
   * @return the length of the arrays
   */
  public int size() {
    return fpr.length;
  }

  /**
   * The area under this curve by the trapezoidal rule (scikit-learn's {@code auc(fpr, tpr)}).
   *
   * @return the area, in [0, 1]
   */
  public double auc() {
    double area = 0.0;
    for (int i = 1; i < fpr.length; i++) {
      area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2.0;
    }
    return area;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RocCurve other
        && positiveLabel.equals(other.positiveLabel)
        && Arrays.equals(fpr, other.fpr)
        && Arrays.equals(tpr, other.tpr)
        && Arrays.equals(thresholds, other.thresholds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        positiveLabel, Arrays.hashCode(fpr), Arrays.hashCode(tpr), Arrays.hashCode(thresholds));
  }

  @Override
  public String toString() {
    return "RocCurve[positiveLabel="
        + positiveLabel
        + ", fpr="
        + Arrays.toString(fpr)
        + ", tpr="
        + Arrays.toString(tpr)
        + ", thresholds="
        + Arrays.toString(thresholds)
        + "]";
  }
}
