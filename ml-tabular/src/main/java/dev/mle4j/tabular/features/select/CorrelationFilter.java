package dev.mle4j.tabular.features.select;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureStep;
import dev.mle4j.tabular.features.FitContext;
import dev.mle4j.tabular.features.FittedStep;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops one column of each pair of number-stored columns whose absolute Pearson correlation on the
 * training rows exceeds a threshold (default 0.95), keeping the one more correlated with the target
 * (for more than two classes: the highest |r| with any class indicator). Pairs are handled from the
 * most correlated down; a dropped column takes part in no further pair. Optionally (on by default)
 * columns that are constant on the training rows are dropped as well, since no model can learn from
 * them (e.g. an unused one-hot rare bucket). String columns pass through.
 */
public final class CorrelationFilter implements FeatureStep {

  private static final Logger LOG = LoggerFactory.getLogger(CorrelationFilter.class);

  private final double threshold;
  private final boolean dropConstant;

  private CorrelationFilter(double threshold, boolean dropConstant) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new MlException("correlation-filter: threshold must be in (0, 1], got " + threshold);
    }
    this.threshold = threshold;
    this.dropConstant = dropConstant;
  }

  /**
   * A filter with a threshold that also drops constant columns.
   *
   * @param threshold the |r| above which one column of a pair is dropped
   * @return the step
   */
  public static CorrelationFilter of(double threshold) {
    return new CorrelationFilter(threshold, true);
  }

  /**
   * A filter with a threshold.
   *
   * @param threshold the |r| above which one column of a pair is dropped
   * @param dropConstant whether columns constant on the training rows are dropped too
   * @return the step
   */
  public static CorrelationFilter of(double threshold, boolean dropConstant) {
    return new CorrelationFilter(threshold, dropConstant);
  }

  /**
   * A filter with threshold 0.95 that also drops constant columns.
   *
   * @return the step
   */
  public static CorrelationFilter defaults() {
    return new CorrelationFilter(0.95, true);
  }

  private static boolean constant(double[] v) {
    double first = Double.NaN;
    for (double x : v) {
      if (Double.isNaN(x)) {
        continue;
      }
      if (Double.isNaN(first)) {
        first = x;
      } else if (x != first) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String name() {
    return "correlation-filter";
  }

  private record Pair(int a, int b, double r) {}

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    List<String> cols = Selection.numericColumns(train);
    int p = cols.size();
    double[][] x = new double[p][];
    for (int j = 0; j < p; j++) {
      x[j] = train.numeric(cols.get(j));
    }
    double[][] y = Selection.targetColumns(target);
    double[] relevance = new double[p];
    for (int j = 0; j < p; j++) {
      for (double[] t : y) {
        relevance[j] = Math.max(relevance[j], Math.abs(Selection.pearson(x[j], t)));
      }
    }
    List<Pair> pairs = new ArrayList<>();
    for (int a = 0; a < p; a++) {
      for (int b = a + 1; b < p; b++) {
        double r = Math.abs(Selection.pearson(x[a], x[b]));
        if (r > threshold) {
          pairs.add(new Pair(a, b, r));
        }
      }
    }
    pairs.sort((u, v) -> Double.compare(v.r(), u.r()));
    Set<Integer> dropped = new HashSet<>();
    List<String> droppedNames = new ArrayList<>();
    if (dropConstant) {
      for (int j = 0; j < p; j++) {
        if (constant(x[j])) {
          dropped.add(j);
          droppedNames.add(cols.get(j));
          LOG.debug("dropping constant column '{}'", cols.get(j));
        }
      }
    }
    for (Pair pr : pairs) {
      if (dropped.contains(pr.a()) || dropped.contains(pr.b())) {
        continue;
      }
      int drop = relevance[pr.b()] > relevance[pr.a()] ? pr.a() : pr.b();
      dropped.add(drop);
      droppedNames.add(cols.get(drop));
      LOG.debug(
          "dropping '{}' (|r| = {} with '{}')",
          cols.get(drop),
          pr.r(),
          cols.get(drop == pr.a() ? pr.b() : pr.a()));
    }
    return Selection.keepAllBut(train, droppedNames, name());
  }

  @Override
  public String toString() {
    return "CorrelationFilter[|r| > "
        + threshold
        + (dropConstant ? ", constant columns" : "")
        + "]";
  }
}
