package dev.mle4j.tabular.eval;

/** A transformation of a regression target applied for training and undone on predictions. */
public enum TargetTransform {
  /** Train on the target as it is. */
  NONE,
  /**
   * Train on {@code log1p(y)} and map predictions back with {@code expm1} before scoring (for
   * skewed positive targets such as prices or counts); needs every target {@code > -1}.
   */
  LOG1P;

  /**
   * Applies the transform to a target value.
   *
   * @param y the value
   * @return the transformed value
   */
  public double forward(double y) {
    return this == LOG1P ? Math.log1p(y) : y;
  }

  /**
   * Undoes the transform on a prediction.
   *
   * @param p the prediction in transformed space
   * @return the prediction in target space
   */
  public double inverse(double p) {
    return this == LOG1P ? Math.expm1(p) : p;
  }
}
