package dev.mle4j.tabular.ensemble;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import dev.mle4j.tabular.model.TabularLearner;
import dev.mle4j.tabular.model.TabularModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Averages several learners fitted on the same features: the weighted mean prediction for
 * regression, soft voting (weighted mean of class probabilities) for classification.
 */
public final class AveragingLearner implements TabularLearner {

  private final List<TabularLearner> learners;
  private final double[] weights;

  /**
   * Equal weights.
   *
   * @param learners the learners, at least one, all of one task
   */
  public AveragingLearner(List<TabularLearner> learners) {
    this(learners, null);
  }

  /**
   * Given weights (normalised to sum 1).
   *
   * @param learners the learners, at least one, all of one task
   * @param weights one non-negative weight per learner with a positive sum, or null for equal
   */
  public AveragingLearner(List<TabularLearner> learners, double[] weights) {
    this.learners = List.copyOf(EnsembleChecks.learners(learners));
    this.weights = EnsembleChecks.weights(weights, learners.size());
  }

  @Override
  public String name() {
    return "average";
  }

  @Override
  public TabularTask task() {
    return learners.get(0).task();
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("learners", learners.stream().map(TabularLearner::name).toList());
    List<Double> w = new ArrayList<>();
    for (double v : weights) {
      w.add(v);
    }
    p.put("weights", w);
    return p;
  }

  @Override
  public TabularModel fit(FeatureMatrix x, Target y) {
    if (y.task() != task()) {
      throw new MlException("averaging " + task() + " learners on a " + y.task() + " target");
    }
    List<TabularModel> models = new ArrayList<>();
    for (TabularLearner l : learners) {
      models.add(l.fit(x, y));
    }
    return new AveragingModel(task(), x.names(), y.labels(), models, weights);
  }
}
