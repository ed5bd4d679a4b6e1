package dev.mle4j.tabular.features.select;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import dev.mle4j.tabular.features.FeatureStep;
import dev.mle4j.tabular.features.FitContext;
import dev.mle4j.tabular.features.FittedStep;
import dev.mle4j.tabular.model.TabularLearner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recursive feature elimination: repeatedly fits a {@link TabularLearner} on the remaining
 * number-stored columns and drops the {@code step} least important until {@code n} remain. With a
 * {@link SubsetScorer} it scores every subset on the way (down to {@code n}) and keeps the best
 * (ties: the smaller subset). String columns pass through.
 */
public final class RecursiveFeatureElimination implements FeatureStep {

  private static final Logger LOG = LoggerFactory.getLogger(RecursiveFeatureElimination.class);

  /** Scores a feature subset, e.g. by cross-validation; higher is better. */
  @FunctionalInterface
  public interface SubsetScorer {
    /**
     * Scores a subset.
     *
     * @param x the training features restricted to the subset
     * @param y the training target
     * @return the score, higher is better
     */
    double score(FeatureMatrix x, Target y);
  }

  private final TabularLearner learner;
  private final int n;
  private final int step;
  private final SubsetScorer scorer;

  private RecursiveFeatureElimination(
      TabularLearner learner, int n, int step, SubsetScorer scorer) {
    if (n < 1 || step < 1) {
      throw new MlException("rfe: n and step must be >= 1, got n=" + n + ", step=" + step);
    }
    this.learner = Objects.requireNonNull(learner, "learner");
    this.n = n;
    this.step = step;
    this.scorer = scorer;
  }

  /**
   * Eliminates down to n features.
   *
   * @param learner the learner
   * @param n the number of features to keep
   * @param step how many to drop per round
   * @return the step
   */
  public static RecursiveFeatureElimination of(TabularLearner learner, int n, int step) {
    return new RecursiveFeatureElimination(learner, n, step, null);
  }

  /**
   * Eliminates down to {@code minFeatures} and keeps the subset with the best score.
   *
   * @param learner the learner
   * @param minFeatures the smallest subset to try
   * @param step how many to drop per round
   * @param scorer scores subsets (higher is better)
   * @return the step
   */
  public static RecursiveFeatureElimination scored(
      TabularLearner learner, int minFeatures, int step, SubsetScorer scorer) {
    return new RecursiveFeatureElimination(
        learner, minFeatures, step, Objects.requireNonNull(scorer, "scorer"));
  }

  @Override
  public String name() {
    return "rfe";
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    List<String> current = new ArrayList<>(Selection.numericColumns(train));
    if (current.isEmpty()) {
      throw new MlException(name() + ": no numeric columns to select from");
    }
    List<String> best = new ArrayList<>(current);
    double bestScore = Double.NEGATIVE_INFINITY;
    while (true) {
      if (scorer != null) {
        double s = scorer.score(Selection.matrix(train, current), target);
        LOG.debug("rfe: {} features, score {}", current.size(), s);
        if (s >= bestScore) {
          bestScore = s;
          best = new ArrayList<>(current);
        }
      }
      if (current.size() <= n) {
        break;
      }
      double[] imp = Selection.importance(learner, train, current, target, name());
      int drop = Math.min(step, current.size() - n);
      for (int d = 0; d < drop; d++) {
        int worst = 0;
        for (int j = 1; j < imp.length; j++) {
          if (imp[j] < imp[worst]) {
            worst = j;
          }
        }
        imp[worst] = Double.POSITIVE_INFINITY;
      }
      List<String> next = new ArrayList<>();
      for (int j = 0; j < current.size(); j++) {
        if (imp[j] != Double.POSITIVE_INFINITY) {
          next.add(current.get(j));
        }
      }
      current = next;
    }
    List<String> keep = scorer == null ? current : best;
    List<String> dropped = new ArrayList<>();
    for (String c : Selection.numericColumns(train)) {
      if (!keep.contains(c)) {
        dropped.add(c);
      }
    }
    return Selection.keepAllBut(train, dropped, name());
  }

  @Override
  public String toString() {
    return "RFE["
        + learner.name()
        + ", n="
        + n
        + ", step="
        + step
        + (scorer == null ? "" : ", scored")
        + "]";
  }
}
