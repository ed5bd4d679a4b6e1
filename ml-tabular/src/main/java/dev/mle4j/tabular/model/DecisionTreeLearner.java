package dev.mle4j.tabular.model;

import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A single CART tree (Tribuo's {@code CARTClassificationTrainer} with Gini impurity, or {@code
 * CARTRegressionTrainer} with squared error). Classification probabilities are the class shares in
 * the leaf. Deterministic for a seed; rejects NaN features (the pipeline imputes). Format {@code
 * tribuo-tree/v1}.
 */
public final class DecisionTreeLearner implements TabularLearner {

  /** The format of the models it fits. */
  public static final String FORMAT = "tribuo-tree/v1";

  private final TabularTask task;
  private final int maxDepth;
  private final int minLeaf;
  private final long seed;

  private DecisionTreeLearner(Builder b) {
    Params.check("decision-tree", "max_depth", b.maxDepth >= 1, b.maxDepth, ">= 1");
    Params.check("decision-tree", "min_leaf", b.minLeaf >= 1, b.minLeaf, ">= 1");
    this.task = b.task;
    this.maxDepth = b.maxDepth;
    this.minLeaf = b.minLeaf;
    this.seed = b.seed;
  }

  /**
   * A builder with the defaults (max depth 8, min leaf 5, seed 42).
   *
   * @param task regression or classification
   * @return the builder
   */
  public static Builder builder(TabularTask task) {
    return new Builder(Objects.requireNonNull(task, "task"));
  }

  static DecisionTreeLearner fromParams(TabularTask task, Map<String, Object> params, long seed) {
    Params p = new Params("decision-tree", params);
    Builder b =
        builder(task)
            .maxDepth(p.intValue("max_depth", 8))
            .minLeaf(p.intValue("min_leaf", 5))
            .seed(seed);
    p.finish();
    return b.build();
  }

  @Override
  public String name() {
    return "decision-tree";
  }

  @Override
  public TabularTask task() {
    return task;
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("max_depth", maxDepth);
    m.put("min_leaf", minLeaf);
    m.put("seed", seed);
    return m;
  }

  @Override
  public TabularModel fit(FeatureMatrix x, Target y) {
    ModelSupport.checkTraining(name(), task, x, y, false);
    return TribuoTrees.fit(FORMAT, task, parameters(), x, y, maxDepth, minLeaf, 1f, 0, seed);
  }

  /** Options of {@link DecisionTreeLearner}. */
  public static final class Builder {
    private final TabularTask task;
    private int maxDepth = 8;
    private int minLeaf = 5;
    private long seed = 42;

    private Builder(TabularTask task) {
      this.task = task;
    }

    /**
     * The maximum tree depth.
     *
     * @param maxDepth at least 1
     * @return this builder
     */
    public Builder maxDepth(int maxDepth) {
      this.maxDepth = maxDepth;
      return this;
    }

    /**
     * The minimum number of training rows in a child for a split (Tribuo's min child weight).
     *
     * @param minLeaf at least 1
     * @return this builder
     */
    public Builder minLeaf(int minLeaf) {
      this.minLeaf = minLeaf;
      return this;
    }

    /**
     * The random seed.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the learner.
     *
     * @return the learner
     */
    public DecisionTreeLearner build() {
      return new DecisionTreeLearner(this);
    }
  }
}
