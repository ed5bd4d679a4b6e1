package dev.mle4j.core.data;

import dev.mle4j.core.MlException;

/**
 * Fractions of the rows that go to the train, validation and test splits. Each fraction is finite
 * and at least 0, and they sum to 1 within 1e-9.
 *
 * @param train fraction for training, e.g. 0.8
 * @param validation fraction for validation (model selection), e.g. 0.1; may be 0
 * @param test fraction for the final held-out evaluation, e.g. 0.1; may be 0
 */
public record SplitRatios(double train, double validation, double test) {
  private static final double TOLERANCE = 1e-9;

  /** Validates the fractions. */
  public SplitRatios {
    check("train", train);
    check("validation", validation);
    check("test", test);
    double sum = train + validation + test;
    if (Math.abs(sum - 1.0) > TOLERANCE) {
      throw new MlException(
          "Split ratios must sum to 1, got "
              + train
              + " + "
              + validation
              + " + "
              + test
              + " = "
              + sum);
    }
  }

  /**
   * Creates ratios.
   *
   * @param train train fraction
   * @param validation validation fraction
   * @param test test fraction
   * @return the ratios
   */
  public static SplitRatios of(double train, double validation, double test) {
    return new SplitRatios(train, validation, test);
  }

  /**
   * Creates ratios without a validation split.
   *
   * @param train train fraction
   * @param test test fraction
   * @return the ratios
   */
  public static SplitRatios trainTest(double train, double test) {
    return new SplitRatios(train, 0.0, test);
  }

  double[] asArray() {
    return new double[] {train, validation, test};
  }

  private static void check(String name, double value) {
    if (!Double.isFinite(value) || value < 0.0) {
      throw new MlException("Split ratio " + name + " must be a finite number >= 0, got " + value);
    }
  }
}
