package dev.mle4j.tabular.model;

import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A random forest: Tribuo CART trees on bootstrap samples with a random share of the features
 * considered at each split ({@code RandomForestTrainer}; plain bagging when {@code max_features} is
 * 1), predictions averaged over trees (class probabilities averaged for classification).
 * Deterministic for a seed; rejects NaN features (the pipeline imputes). Format {@code
 * tribuo-forest/v1}.
 */
public final class RandomForestLearner implements TabularLearner {

  /** The format of the models it fits. */
  public static final String FORMAT = "tribuo-forest/v1";

  private final TabularTask task;
  private final int trees;
  private final int maxDepth;
  private final int minLeaf;
  private final double maxFeatures;
  private final long seed;

  private RandomForestLearner(Builder b) {
    Params.check("random-forest", "n_trees", b.trees >= 1, b.trees, ">= 1");
    Params.check("random-forest", "max_depth", b.maxDepth >= 1, b.maxDepth, ">= 1");
    Params.check("random-forest", "min_leaf", b.minLeaf >= 1, b.minLeaf, ">= 1");
    Params.check(
        "random-forest",
        "max_features",
        b.maxFeatures > 0 && b.maxFeatures <= 1,
        b.maxFeatures,
        "in (0, 1]");
    this.task = b.task;
    this.trees = b.trees;
    this.maxDepth = b.maxDepth;
    this.minLeaf = b.minLeaf;
    this.maxFeatures = b.maxFeatures;
    this.seed = b.seed;
  }

  /**
   * A builder with the defaults (100 trees, max depth 12, min leaf 2, max features 0.5, seed 42).
   *
   * @param task regression or classification
   * @return the builder
   */
  public static Builder builder(TabularTask task) {
    return new Builder(Objects.requireNonNull(task, "task"));
  }

  static RandomForestLearner fromParams(TabularTask task, Map<String, Object> params, long seed) {
    Params p = new Params("random-forest", params);
    Builder b =
        builder(task)
            .trees(p.intValue("n_trees", 100))
            .maxDepth(p.intValue("max_depth", 12))
            .minLeaf(p.intValue("min_leaf", 2))
            .maxFeatures(p.doubleValue("max_features", 0.5))
            .seed(seed);
    p.finish();
    return b.build();
  }

  @Override
  public String name() {
    return "random-forest";
  }

  @Override
  public TabularTask task() {
    return task;
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n_trees", trees);
    m.put("max_depth", maxDepth);
    m.put("min_leaf", minLeaf);
    m.put("max_features", maxFeatures);
    m.put("seed", seed);
    return m;
  }

  @Override
  public TabularModel fit(FeatureMatrix x, Target y) {
    ModelSupport.checkTraining(name(), task, x, y, false);
    return TribuoTrees.fit(
        FORMAT, task, parameters(), x, y, maxDepth, minLeaf, (float) maxFeatures, trees, seed);
  }

  /** Options of {@link RandomForestLearner}. */
  public static final class Builder {
    private final TabularTask task;
    private int trees = 100;
    private int maxDepth = 12;
    private int minLeaf = 2;
    private double maxFeatures = 0.5;
    private long seed = 42;

    private Builder(TabularTask task) {
      this.task = task;
    }

    /**
     * The number of trees.
     *
     * @param trees at least 1
     * @return this builder
     */
    public Builder trees(int trees) {
      this.trees = trees;
      return this;
    }

    /**
     * The maximum depth of each tree.
     *
     * @param maxDepth at least 1
     * @return this builder
     */
    public Builder maxDepth(int maxDepth) {
      this.maxDepth = maxDepth;
      return this;
    }

    /**
     * The minimum number of training rows in a child for a split.
     *
     * @param minLeaf at least 1
     * @return this builder
     */
    public Builder minLeaf(int minLeaf) {
      this.minLeaf = minLeaf;
      return this;
    }

    /**
     * The share of features considered at each split.
     *
     * @param maxFeatures in (0, 1]
     * @return this builder
     */
    public Builder maxFeatures(double maxFeatures) {
      this.maxFeatures = maxFeatures;
      return this;
    }

    /**
     * The random seed (bootstrap samples and feature sampling).
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
    public RandomForestLearner build() {
      return new RandomForestLearner(this);
    }
  }
}
