package dev.mle4j.core.metrics;

import java.util.Objects;

/**
 * Precision, recall and F1 of one class, computed one-vs-rest from the confusion matrix.
 *
 * <p>With {@code tp} the samples of this class predicted as this class, {@code fp} the others
 * predicted as this class and {@code fn} the samples of this class predicted as something else:
 * precision = tp / (tp + fp), recall = tp / (tp + fn), F1 = 2·tp / (2·tp + fp + fn). A ratio whose
 * denominator is 0 is 0.0, as in scikit-learn's default {@code zero_division} (a class that is
 * never predicted has precision 0, a class with no sample has recall 0).
 *
 * @param label the class label
 * @param precision fraction of the predictions of this class that are right, in [0, 1]
 * @param recall fraction of the samples of this class that are found, in [0, 1]
 * @param f1 harmonic mean of precision and recall, in [0, 1]
 * @param support number of samples whose true label is this class
 */
public record ClassMetrics(String label, double precision, double recall, double f1, long support) {

  /** Validates the values. */
  public ClassMetrics {
    Objects.requireNonNull(label, "label");
    checkUnit("precision", label, precision);
    checkUnit("recall", label, recall);
    checkUnit("f1", label, f1);
    if (support < 0) {
      throw new IllegalArgumentException("support of '" + label + "' is negative: " + support);
    }
  }

  private static void checkUnit(String name, String label, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(
          name + " of '" + label + "' must be in [0, 1], got " + value);
    }
  }
}
