package dev.mle4j.tabular.features.select;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureStep;
import dev.mle4j.tabular.features.FitContext;
import dev.mle4j.tabular.features.FittedStep;
import dev.mle4j.tabular.model.TabularLearner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Fits a {@link TabularLearner} on the current number-stored columns and keeps the most important
 * ones by {@link dev.mle4j.tabular.model.TabularModel#featureImportance()}: the top k, or the
 * smallest set whose importance reaches a share of the total. String columns pass through.
 */
public final class ImportanceSelector implements FeatureStep {

  private final TabularLearner learner;
  private final int topK;
  private final double share;

  private ImportanceSelector(TabularLearner learner, int topK, double share) {
    this.learner = Objects.requireNonNull(learner, "learner");
    this.topK = topK;
    this.share = share;
  }

  /**
   * Keeps the k most important columns.
   *
   * @param learner the learner to fit
   * @param k how many to keep (at least 1)
   * @return the step
   */
  public static ImportanceSelector topK(TabularLearner learner, int k) {
    if (k < 1) {
      throw new MlException("importance-selector: k must be >= 1, got " + k);
    }
    return new ImportanceSelector(learner, k, 0);
  }

  /**
   * Keeps the most important columns until their share of the total importance reaches a level.
   *
   * @param learner the learner to fit
   * @param share the cumulative share in (0, 1]
   * @return the step
   */
  public static ImportanceSelector cumulativeShare(TabularLearner learner, double share) {
    if (!(share > 0 && share <= 1)) {
      throw new MlException("importance-selector: share must be in (0, 1], got " + share);
    }
    return new ImportanceSelector(learner, 0, share);
  }

  @Override
  public String name() {
    return "importance-selector";
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    List<String> cols = Selection.numericColumns(train);
    if (cols.isEmpty()) {
      throw new MlException(name() + ": no numeric columns to select from");
    }
    double[] imp = Selection.importance(learner, train, cols, target, name());
    List<Integer> order = new ArrayList<>();
    for (int j = 0; j < cols.size(); j++) {
      order.add(j);
    }
    order.sort(Comparator.comparingDouble((Integer j) -> -imp[j]).thenComparing(j -> j));
    double total = 0;
    for (double v : imp) {
      total += v;
    }
    List<String> keep = new ArrayList<>();
    double sum = 0;
    for (int j : order) {
      if (topK > 0 ? keep.size() >= topK : (total > 0 && sum >= share * total - 1e-12)) {
        break;
      }
      keep.add(cols.get(j));
      sum += imp[j];
    }
    List<String> dropped = new ArrayList<>();
    for (String c : cols) {
      if (!keep.contains(c)) {
        dropped.add(c);
      }
    }
    return Selection.keepAllBut(train, dropped, name());
  }

  @Override
  public String toString() {
    return "ImportanceSelector["
        + learner.name()
        + ", "
        + (topK > 0 ? "top " + topK : "share " + share)
        + "]";
  }
}
