package dev.mle4j.vision.data;

import dev.mle4j.core.MlException;

/** Per-class loss weights against class imbalance. */
public final class ClassWeights {

  private ClassWeights() {}

  /**
   * scikit-learn's {@code class_weight='balanced'}: {@code n / (k * count_c)}, so a balanced data
   * set gets weight 1 for every class and rare classes weigh more.
   *
   * @param counts examples per class, every count positive
   * @return one weight per class
   * @throws MlException if there are no classes or a class has no examples
   */
  public static double[] inverseFrequency(int[] counts) {
    if (counts == null || counts.length == 0) {
      throw new MlException("class weights need at least one class count");
    }
    long n = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] <= 0) {
        throw new MlException(
            "class " + i + " has " + counts[i] + " examples; balanced weights need every class");
      }
      n += counts[i];
    }
    double[] weights = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      weights[i] = (double) n / ((double) counts.length * counts[i]);
    }
    return weights;
  }
}
