package dev.mle4j.tabular.monitoring;

import dev.mle4j.core.MlException;

/**
 * One model answer: a label with its confidence, or a regression value.
 *
 * @param label predicted label; null for a regression value
 * @param confidence score of the label (NaN for a regression value)
 * @param value regression value (NaN for a label)
 */
public record Prediction(String label, double confidence, double value) {

  /** Checks that exactly one kind is set. */
  public Prediction {
    if ((label == null) == Double.isNaN(value)) {
      throw new MlException("a prediction has either a label or a (non-NaN) value");
    }
  }

  /**
   * A classification.
   *
   * @param label the label
   * @param confidence its score
   * @return the prediction
   */
  public static Prediction of(String label, double confidence) {
    if (label == null) {
      throw new MlException("a classification needs a label");
    }
    return new Prediction(label, confidence, Double.NaN);
  }

  /**
   * A regression value.
   *
   * @param value the value (finite)
   * @return the prediction
   */
  public static Prediction of(double value) {
    if (!Double.isFinite(value)) {
      throw new MlException("a regression prediction must be finite, got " + value);
    }
    return new Prediction(null, Double.NaN, value);
  }

  /**
   * Whether this is a regression value.
   *
   * @return true for a value
   */
  public boolean isRegression() {
    return label == null;
  }
}
