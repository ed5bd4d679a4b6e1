package dev.mle4j.tabular.ensemble;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.model.TabularLearner;
import java.util.List;

/** Argument checks shared by the ensemble learners. */
final class EnsembleChecks {

  private EnsembleChecks() {}

  static List<TabularLearner> learners(List<TabularLearner> learners) {
    if (learners == null || learners.isEmpty()) {
      throw new MlException("an ensemble needs at least one learner, got none");
    }
    for (int i = 0; i < learners.size(); i++) {
      if (learners.get(i) == null) {
        throw new MlException("ensemble learner " + i + " is null");
      }
      if (learners.get(i).task() != learners.get(0).task()) {
        throw new MlException(
            "ensemble learners mix tasks: '"
                + learners.get(0).name()
                + "' is "
                + learners.get(0).task()
                + ", '"
                + learners.get(i).name()
                + "' is "
                + learners.get(i).task());
      }
    }
    return learners;
  }

  static double[] weights(double[] weights, int n) {
    double[] w = new double[n];
    if (weights == null) {
      java.util.Arrays.fill(w, 1.0 / n);
      return w;
    }
    if (weights.length != n) {
      throw new MlException(weights.length + " ensemble weights for " + n + " learners");
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
        throw new MlException("ensemble weight " + i + " is " + weights[i] + "; need >= 0");
      }
      sum += weights[i];
    }
    if (!(sum > 0)) {
      throw new MlException("ensemble weights sum to 0");
    }
    for (int i = 0; i < n; i++) {
      w[i] = weights[i] / sum;
    }
    return w;
  }
}
