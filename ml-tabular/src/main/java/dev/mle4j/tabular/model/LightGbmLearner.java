package dev.mle4j.tabular.model;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Gradient-boosted trees with LightGBM (lightgbm4j, native library bundled in its jar): objective
 * {@code regression}, {@code binary} or {@code multiclass}; leaf-wise trees, row bagging every
 * iteration and feature sampling per tree, {@code deterministic=true} with {@code force_row_wise}
 * so results depend only on the seed. Accepts NaN features (missing values). Format {@code
 * lightgbm/v1}.
 */
public final class LightGbmLearner implements TabularLearner {

  /** The format of the models it fits. */
  public static final String FORMAT = "lightgbm/v1";

  private final TabularTask task;
  private final int iterations;
  private final double learningRate;
  private final int numLeaves;
  private final int minDataInLeaf;
  private final double featureFraction;
  private final double baggingFraction;
  private final double lambdaL2;
  private final int threads;
  private final long seed;

  private LightGbmLearner(Builder b) {
    Params.check("lightgbm", "num_iterations", b.iterations >= 1, b.iterations, ">= 1");
    Params.check(
        "lightgbm",
        "learning_rate",
        b.learningRate > 0 && b.learningRate <= 1,
        b.learningRate,
        "in (0, 1]");
    Params.check("lightgbm", "num_leaves", b.numLeaves >= 2, b.numLeaves, ">= 2");
    Params.check("lightgbm", "min_data_in_leaf", b.minDataInLeaf >= 1, b.minDataInLeaf, ">= 1");
    Params.check(
        "lightgbm",
        "feature_fraction",
        b.featureFraction > 0 && b.featureFraction <= 1,
        b.featureFraction,
        "in (0, 1]");
    Params.check(
        "lightgbm",
        "bagging_fraction",
        b.baggingFraction > 0 && b.baggingFraction <= 1,
        b.baggingFraction,
        "in (0, 1]");
    Params.check("lightgbm", "lambda_l2", b.lambdaL2 >= 0, b.lambdaL2, ">= 0");
    Params.check("lightgbm", "threads", b.threads >= 1, b.threads, ">= 1");
    this.task = b.task;
    this.iterations = b.iterations;
    this.learningRate = b.learningRate;
    this.numLeaves = b.numLeaves;
    this.minDataInLeaf = b.minDataInLeaf;
    this.featureFraction = b.featureFraction;
    this.baggingFraction = b.baggingFraction;
    this.lambdaL2 = b.lambdaL2;
    this.threads = b.threads;
    this.seed = b.seed;
  }

  /**
   * Whether LightGBM's native library loads on this machine.
   *
   * @return true if it can be used
   */
  public static boolean isAvailable() {
    try {
      requireNative();
      return true;
    } catch (MlException e) {
      return false;
    }
  }

  /** Loads the native library or throws an {@link MlException} saying why it cannot. */
  static void requireNative() {
    try {
      LGBMBooster.loadNative();
    } catch (java.io.IOException | LinkageError e) {
      throw new MlException(
          "LightGBM's native library does not load on this machine: " + e.getMessage(), e);
    }
  }

  /**
   * A builder with the defaults (500 iterations, learning rate 0.05, 8 leaves, 20 rows per leaf,
   * feature fraction 0.8, bagging fraction 0.8, lambda L2 1, 1 thread, seed 42).
   *
   * @param task regression or classification
   * @return the builder
   */
  public static Builder builder(TabularTask task) {
    return new Builder(Objects.requireNonNull(task, "task"));
  }

  static LightGbmLearner fromParams(TabularTask task, Map<String, Object> params, long seed) {
    Params p = new Params("lightgbm", params);
    Builder b =
        builder(task)
            .iterations(p.intValue("num_iterations", 500))
            .learningRate(p.doubleValue("learning_rate", 0.05))
            .numLeaves(p.intValue("num_leaves", 8))
            .minDataInLeaf(p.intValue("min_data_in_leaf", 20))
            .featureFraction(p.doubleValue("feature_fraction", 0.8))
            .baggingFraction(p.doubleValue("bagging_fraction", 0.8))
            .lambdaL2(p.doubleValue("lambda_l2", 1.0))
            .threads(p.intValue("threads", 1))
            .seed(seed);
    p.finish();
    return b.build();
  }

  @Override
  public String name() {
    return "lightgbm";
  }

  @Override
  public TabularTask task() {
    return task;
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("num_iterations", iterations);
    m.put("learning_rate", learningRate);
    m.put("num_leaves", numLeaves);
    m.put("min_data_in_leaf", minDataInLeaf);
    m.put("feature_fraction", featureFraction);
    m.put("bagging_fraction", baggingFraction);
    m.put("lambda_l2", lambdaL2);
    m.put("threads", threads);
    m.put("seed", seed);
    return m;
  }

  private String config(int classes) {
    String objective;
    if (task == TabularTask.REGRESSION) {
      objective = "objective=regression";
    } else if (classes == 2) {
      objective = "objective=binary";
    } else {
      objective = "objective=multiclass num_class=" + classes;
    }
    return String.format(
        Locale.ROOT,
        "%s learning_rate=%s num_leaves=%d min_data_in_leaf=%d feature_fraction=%s"
            + " bagging_fraction=%s bagging_freq=%d lambda_l2=%s num_threads=%d seed=%d"
            + " deterministic=true force_row_wise=true verbosity=-1",
        objective,
        learningRate,
        numLeaves,
        minDataInLeaf,
        featureFraction,
        baggingFraction,
        baggingFraction < 1 ? 1 : 0,
        lambdaL2,
        threads,
        seed);
  }

  @Override
  public TabularModel fit(FeatureMatrix x, Target y) {
    ModelSupport.checkTraining(name(), task, x, y, true);
    requireNative();
    int p = x.names().size();
    int n = x.size();
    double[] flat = new double[n * p];
    for (int i = 0; i < n; i++) {
      System.arraycopy(x.rows()[i], 0, flat, i * p, p);
    }
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (float) y.value(i);
    }
    String config = config(ModelSupport.classes(y));
    LGBMDataset data = null;
    LGBMBooster booster = null;
    try {
      data = LGBMDataset.createFromMat(flat, n, p, true, config, null);
      data.setField("label", labels);
      booster = LGBMBooster.create(data, config);
      for (int it = 0; it < iterations; it++) {
        if (booster.updateOneIter()) {
          break;
        }
      }
      double[] gain = booster.featureImportance(0, LGBMBooster.FeatureImportanceType.GAIN);
      String text = booster.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.GAIN);
      ModelMeta meta =
          new ModelMeta(
              FORMAT,
              task,
              x.names(),
              y.labels(),
              ModelSupport.normalise(x.names(), gain),
              parameters());
      return new LightGbmModel(meta, text);
    } catch (LGBMException e) {
      throw new MlException("LightGBM training failed: " + e.getMessage(), e);
    } finally {
      try {
        if (data != null) {
          data.close();
        }
        if (booster != null) {
          booster.close();
        }
      } catch (LGBMException e) {
        throw new MlException("cannot free LightGBM memory: " + e.getMessage(), e);
      }
    }
  }

  /** Options of {@link LightGbmLearner}. */
  public static final class Builder {
    private final TabularTask task;
    private int iterations = 500;
    private double learningRate = 0.05;
    private int numLeaves = 8;
    private int minDataInLeaf = 20;
    private double featureFraction = 0.8;
    private double baggingFraction = 0.8;
    private double lambdaL2 = 1.0;
    private int threads = 1;
    private long seed = 42;

    private Builder(TabularTask task) {
      this.task = task;
    }

    /**
     * The number of boosting iterations.
     *
     * @param iterations at least 1
     * @return this builder
     */
    public Builder iterations(int iterations) {
      this.iterations = iterations;
      return this;
    }

    /**
     * The learning rate (shrinkage).
     *
     * @param learningRate in (0, 1]
     * @return this builder
     */
    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /**
     * The maximum number of leaves per tree.
     *
     * @param numLeaves at least 2
     * @return this builder
     */
    public Builder numLeaves(int numLeaves) {
      this.numLeaves = numLeaves;
      return this;
    }

    /**
     * The minimum number of rows in a leaf.
     *
     * @param minDataInLeaf at least 1
     * @return this builder
     */
    public Builder minDataInLeaf(int minDataInLeaf) {
      this.minDataInLeaf = minDataInLeaf;
      return this;
    }

    /**
     * The share of features sampled per tree.
     *
     * @param featureFraction in (0, 1]
     * @return this builder
     */
    public Builder featureFraction(double featureFraction) {
      this.featureFraction = featureFraction;
      return this;
    }

    /**
     * The share of rows sampled each iteration (1 disables bagging).
     *
     * @param baggingFraction in (0, 1]
     * @return this builder
     */
    public Builder baggingFraction(double baggingFraction) {
      this.baggingFraction = baggingFraction;
      return this;
    }

    /**
     * The L2 penalty on leaf values.
     *
     * @param lambdaL2 at least 0
     * @return this builder
     */
    public Builder lambdaL2(double lambdaL2) {
      this.lambdaL2 = lambdaL2;
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
    public LightGbmLearner build() {
      return new LightGbmLearner(this);
    }
  }
}
