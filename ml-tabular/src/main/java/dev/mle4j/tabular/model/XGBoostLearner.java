package dev.mle4j.tabular.model;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees with XGBoost (the xgboost4j 1.6 engine that Tribuo's XGBoost trainers
 * wrap, used directly on a dense matrix so that NaN features reach XGBoost as missing values):
 * {@code reg:squarederror}, {@code binary:logistic} or {@code multi:softprob}, histogram tree
 * method. Deterministic for a seed. Accepts NaN features. Format {@code xgboost/v1}.
 */
public final class XGBoostLearner implements TabularLearner {

  /** The format of the models it fits. */
  public static final String FORMAT = "xgboost/v1";

  private final TabularTask task;
  private final int rounds;
  private final double eta;
  private final int maxDepth;
  private final double subsample;
  private final double colsample;
  private final double minChildWeight;
  private final double lambda;
  private final double alpha;
  private final int threads;
  private final long seed;

  private XGBoostLearner(Builder b) {
    Params.check("xgboost", "n_rounds", b.rounds >= 1, b.rounds, ">= 1");
    Params.check("xgboost", "eta", b.eta > 0 && b.eta <= 1, b.eta, "in (0, 1]");
    Params.check("xgboost", "max_depth", b.maxDepth >= 1, b.maxDepth, ">= 1");
    Params.check(
        "xgboost", "subsample", b.subsample > 0 && b.subsample <= 1, b.subsample, "in (0, 1]");
    Params.check(
        "xgboost",
        "colsample_bytree",
        b.colsample > 0 && b.colsample <= 1,
        b.colsample,
        "in (0, 1]");
    Params.check("xgboost", "min_child_weight", b.minChildWeight >= 0, b.minChildWeight, ">= 0");
    Params.check("xgboost", "lambda", b.lambda >= 0, b.lambda, ">= 0");
    Params.check("xgboost", "alpha", b.alpha >= 0, b.alpha, ">= 0");
    Params.check("xgboost", "threads", b.threads >= 1, b.threads, ">= 1");
    this.task = b.task;
    this.rounds = b.rounds;
    this.eta = b.eta;
    this.maxDepth = b.maxDepth;
    this.subsample = b.subsample;
    this.colsample = b.colsample;
    this.minChildWeight = b.minChildWeight;
    this.lambda = b.lambda;
    this.alpha = b.alpha;
    this.threads = b.threads;
    this.seed = b.seed;
  }

  /**
   * A builder with the defaults (500 rounds, eta 0.05, max depth 3, subsample 0.8, colsample 0.8,
   * min child weight 3, lambda 1, alpha 0, 1 thread, seed 42).
   *
   * @param task regression or classification
   * @return the builder
   */
  public static Builder builder(TabularTask task) {
    return new Builder(Objects.requireNonNull(task, "task"));
  }

  static XGBoostLearner fromParams(TabularTask task, Map<String, Object> params, long seed) {
    Params p = new Params("xgboost", params);
    Builder b =
        builder(task)
            .rounds(p.intValue("n_rounds", 500))
            .eta(p.doubleValue("eta", 0.05))
            .maxDepth(p.intValue("max_depth", 3))
            .subsample(p.doubleValue("subsample", 0.8))
            .colsample(p.doubleValue("colsample_bytree", 0.8))
            .minChildWeight(p.doubleValue("min_child_weight", 3.0))
            .lambda(p.doubleValue("lambda", 1.0))
            .alpha(p.doubleValue("alpha", 0.0))
            .threads(p.intValue("threads", 1))
            .seed(seed);
    p.finish();
    return b.build();
  }

  @Override
  public String name() {
    return "xgboost";
  }

  @Override
  public TabularTask task() {
    return task;
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n_rounds", rounds);
    m.put("eta", eta);
    m.put("max_depth", maxDepth);
    m.put("subsample", subsample);
    m.put("colsample_bytree", colsample);
    m.put("min_child_weight", minChildWeight);
    m.put("lambda", lambda);
    m.put("alpha", alpha);
    m.put("threads", threads);
    m.put("seed", seed);
    return m;
  }

  @Override
  public TabularModel fit(FeatureMatrix x, Target y) {
    ModelSupport.checkTraining(name(), task, x, y, true);
    int p = x.names().size();
    Map<String, Object> params = new HashMap<>();
    params.put("eta", eta);
    params.put("max_depth", maxDepth);
    params.put("subsample", subsample);
    params.put("colsample_bytree", colsample);
    params.put("min_child_weight", minChildWeight);
    params.put("lambda", lambda);
    params.put("alpha", alpha);
    params.put("seed", (int) seed);
    params.put("nthread", threads);
    params.put("tree_method", "hist");
    params.put("verbosity", 0);
    int classes = ModelSupport.classes(y);
    if (task == TabularTask.REGRESSION) {
      params.put("objective", "reg:squarederror");
    } else if (classes == 2) {
      params.put("objective", "binary:logistic");
    } else {
      params.put("objective", "multi:softprob");
      params.put("num_class", classes);
    }
    float[] labels = new float[y.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (float) y.value(i);
    }
    DMatrix train = null;
    try {
      train = XGBoostModel.matrix(x.rows(), p);
      train.setLabel(labels);
      Booster booster = XGBoost.train(train, params, rounds, new HashMap<>(), null, null);
      Map<String, Double> gain = booster.getScore("", "total_gain");
      double[] imp = new double[p];
      for (int j = 0; j < p; j++) {
        imp[j] = gain.getOrDefault("f" + j, 0.0);
      }
      ModelMeta meta =
          new ModelMeta(
              FORMAT,
              task,
              x.names(),
              y.labels(),
              ModelSupport.normalise(x.names(), imp),
              parameters());
      return new XGBoostModel(meta, booster);
    } catch (XGBoostError e) {
      throw new MlException("XGBoost training failed: " + e.getMessage(), e);
    } finally {
      if (train != null) {
        train.dispose();
      }
    }
  }

  /** Options of {@link XGBoostLearner}. */
  public static final class Builder {
    private final TabularTask task;
    private int rounds = 500;
    private double eta = 0.05;
    private int maxDepth = 3;
    private double subsample = 0.8;
    private double colsample = 0.8;
    private double minChildWeight = 3.0;
    private double lambda = 1.0;
    private double alpha = 0.0;
    private int threads = 1;
    private long seed = 42;

    private Builder(TabularTask task) {
      this.task = task;
    }

    /**
     * The number of boosting rounds.
     *
     * @param rounds at least 1
     * @return this builder
     */
    public Builder rounds(int rounds) {
      this.rounds = rounds;
      return this;
    }

    /**
     * The learning rate.
     *
     * @param eta in (0, 1]
     * @return this builder
     */
    public Builder eta(double eta) {
      this.eta = eta;
      return this;
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
     * The share of rows sampled per tree.
     *
     * @param subsample in (0, 1]
     * @return this builder
     */
    public Builder subsample(double subsample) {
      this.subsample = subsample;
      return this;
    }

    /**
     * The share of features sampled per tree.
     *
     * @param colsample in (0, 1]
     * @return this builder
     */
    public Builder colsample(double colsample) {
      this.colsample = colsample;
      return this;
    }

    /**
     * The minimum hessian weight in a child.
     *
     * @param minChildWeight at least 0
     * @return this builder
     */
    public Builder minChildWeight(double minChildWeight) {
      this.minChildWeight = minChildWeight;
      return this;
    }

    /**
     * The L2 penalty on leaf weights.
     *
     * @param lambda at least 0
     * @return this builder
     */
    public Builder lambda(double lambda) {
      this.lambda = lambda;
      return this;
    }

    /**
     * The L1 penalty on leaf weights.
     *
     * @param alpha at least 0
     * @return this builder
     */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    /**
     * The number of native threads (default 1: OpenMP spin-waiting makes more threads slower on a
     * busy machine; keep it fixed for reproducible results).
     *
     * @param threads at least 1
     * @return this builder
     */
    public Builder threads(int threads) {
      this.threads = threads;
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
    public XGBoostLearner build() {
      return new XGBoostLearner(this);
    }
  }
}
