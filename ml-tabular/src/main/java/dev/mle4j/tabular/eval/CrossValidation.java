package dev.mle4j.tabular.eval;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.Fold;
import dev.mle4j.core.data.KFold;
import dev.mle4j.core.data.StratifiedKFold;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeaturePipeline;
import dev.mle4j.tabular.model.TabularLearner;
import dev.mle4j.tabular.model.TabularModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * K-fold cross-validation of a feature pipeline and a learner. On every fold the pipeline and the
 * learner are fitted on the training rows only (the pipeline never sees a test row), the test rows
 * are predicted and scored with {@link TabularMetrics}. With a {@link TargetTransform} the pipeline
 * and the learner both see the transformed training target, and predictions are mapped back before
 * scoring, so metrics are always on the original scale.
 *
 * <pre>{@code
 * CvResult r = CrossValidation.builder().folds(5).seed(42).build().run(x, y, pipeline, learner);
 * double rmse = r.mean("rmse");
 * }</pre>
 */
public final class CrossValidation {

  private static final Logger LOG = LoggerFactory.getLogger(CrossValidation.class);

  private final int k;
  private final long seed;
  private final CvStrategy strategy;
  private final String timeColumn;
  private final TargetTransform transform;
  private final CvListener listener;

  private CrossValidation(Builder b) {
    this.k = b.k;
    this.seed = b.seed;
    this.strategy = b.strategy;
    this.timeColumn = b.timeColumn;
    this.transform = b.transform;
    this.listener = b.listener;
  }

  /**
   * A builder with 5 folds, seed 42, strategy AUTO, no target transform.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this object's settings, to derive a variant.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.k = k;
    b.seed = seed;
    b.strategy = strategy;
    b.timeColumn = timeColumn;
    b.transform = transform;
    b.listener = listener;
    return b;
  }

  /**
   * The number of folds.
   *
   * @return k
   */
  public int k() {
    return k;
  }

  /**
   * The seed of the fold shuffles.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * The configured strategy (possibly AUTO).
   *
   * @return the strategy
   */
  public CvStrategy strategy() {
    return strategy;
  }

  /**
   * The target transform.
   *
   * @return the transform
   */
  public TargetTransform targetTransform() {
    return transform;
  }

  /**
   * The strategy used for a task: AUTO becomes STRATIFIED for classification and KFOLD for
   * regression.
   *
   * @param task the task
   * @return the concrete strategy
   */
  public CvStrategy resolve(TabularTask task) {
    if (strategy == CvStrategy.AUTO) {
      return task == TabularTask.CLASSIFICATION ? CvStrategy.STRATIFIED : CvStrategy.KFOLD;
    }
    return strategy;
  }

  /**
   * The folds this cross-validation uses for some data (the same ones {@link #run} uses).
   *
   * @param x the rows (the time column is read from here for TIME_ORDERED)
   * @param y the target
   * @return the folds, each with sorted, disjoint train and test indices
   * @throws MlException if there are too few rows, a class has fewer rows than folds, or the time
   *     column is missing
   */
  public List<Fold> folds(DataFrame x, Target y) {
    if (x.rows() != y.size()) {
      throw new MlException(
          "the frame has " + x.rows() + " rows but the target has " + y.size() + " values");
    }
    int n = y.size();
    CvStrategy s = resolve(y.task());
    int needed = s == CvStrategy.TIME_ORDERED ? k + 1 : k;
    if (needed > n) {
      throw new MlException(
          "cannot make "
              + k
              + " folds ("
              + s
              + ") from "
              + n
              + " rows: need at least "
              + needed
              + " rows");
    }
    return switch (s) {
      case KFOLD -> KFold.split(n, k, true, seed);
      case STRATIFIED -> {
        if (y.task() != TabularTask.CLASSIFICATION) {
          throw new MlException("STRATIFIED folds need a classification target, not regression");
        }
        yield StratifiedKFold.split(y.labelStrings(), k, seed);
      }
      case TIME_ORDERED -> timeFolds(x, n);
      default -> throw new MlException("unexpected strategy " + s);
    };
  }

  private List<Fold> timeFolds(DataFrame x, int n) {
    if (!x.has(timeColumn)) {
      throw new MlException(
          "time column '" + timeColumn + "' is not in the frame; columns: " + x.columns());
    }
    if (!x.type(timeColumn).isNumberStored()) {
      throw new MlException(
          "time column '"
              + timeColumn
              + "' is "
              + x.type(timeColumn)
              + "; it must be DATETIME or NUMERIC");
    }
    double[] t = x.numeric(timeColumn);
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(t[i])) {
        throw new MlException("time column '" + timeColumn + "' is missing at row " + i);
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // stable sort: ties stay in row order
    Arrays.sort(order, Comparator.comparingDouble(i -> t[i]));
    int blocks = k + 1;
    int[] blockStart = new int[blocks + 1];
    for (int b = 0; b < blocks; b++) {
      blockStart[b + 1] = blockStart[b] + n / blocks + (b < n % blocks ? 1 : 0);
    }
    List<Fold> folds = new ArrayList<>(k);
    for (int f = 0; f < k; f++) {
      int[] train = new int[blockStart[f + 1]];
      for (int p = 0; p < train.length; p++) {
        train[p] = order[p];
      }
      int[] test = new int[blockStart[f + 2] - blockStart[f + 1]];
      for (int p = 0; p < test.length; p++) {
        test[p] = order[blockStart[f + 1] + p];
      }
      Arrays.sort(train);
      Arrays.sort(test);
      folds.add(new Fold(train, test));
    }
    return List.copyOf(folds);
  }

  /**
   * Cross-validates a pipeline and a learner.
   *
   * @param x the rows without the target column
   * @param y the target
   * @param pipeline the unfitted feature pipeline, fitted anew on each training fold
   * @param learner the learner, fitted anew on each training fold
   * @return the result
   * @throws MlException on mismatched sizes or tasks, or a fold that cannot be made
   */
  public CvResult run(DataFrame x, Target y, FeaturePipeline pipeline, TabularLearner learner) {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(learner, "learner");
    checkTask(y, learner);
    List<Fold> folds = folds(x, y);
    int n = y.size();
    int width = y.task() == TabularTask.REGRESSION ? 1 : y.labels().size();
    double[][] oof = new double[n][];
    double[] nan = new double[width];
    Arrays.fill(nan, Double.NaN);
    for (int i = 0; i < n; i++) {
      oof[i] = nan.clone();
    }
    List<Map<String, Double>> foldMetrics = new ArrayList<>();
    double[] seconds = new double[folds.size()];
    for (int f = 0; f < folds.size(); f++) {
      Fold fold = folds.get(f);
      FittedFold fitted = fit(x, y, pipeline, learner, fold.train());
      double[][] pred;
      try (TabularModel ignored = fitted.model()) {
        pred = fitted.predict(x.rows(fold.test()));
      }
      for (int j = 0; j < fold.test().length; j++) {
        oof[fold.test()[j]] = pred[j];
      }
      Map<String, Double> m =
          TabularMetrics.compute(y.task(), y.labels(), y.rows(fold.test()).values(), pred);
      foldMetrics.add(m);
      seconds[f] = fitted.fitSeconds();
      LOG.debug("{} fold {}/{}: {} ({} s)", learner.name(), f + 1, folds.size(), m, seconds[f]);
      if (listener != null) {
        listener.foldDone(learner.name(), f, folds.size(), m, seconds[f]);
      }
    }
    Map<String, Double> mean = new LinkedHashMap<>();
    Map<String, Double> std = new LinkedHashMap<>();
    summarise(foldMetrics, mean, std);
    double total = 0;
    for (double s : seconds) {
      total += s;
    }
    return new CvResult(
        learner.name(),
        y.task(),
        y.labels(),
        resolve(y.task()),
        foldMetrics,
        mean,
        std,
        oof,
        folds,
        total,
        seconds);
  }

  /**
   * Fits the pipeline and the learner on some rows, applying the target transform.
   *
   * @param x all rows
   * @param y the whole target
   * @param pipeline the unfitted pipeline
   * @param learner the learner
   * @param train the training row indices
   * @return the fitted pipeline and model
   */
  public FittedFold fit(
      DataFrame x, Target y, FeaturePipeline pipeline, TabularLearner learner, int[] train) {
    checkTask(y, learner);
    long start = System.nanoTime();
    Target trainTarget = transformed(y.rows(train));
    FeaturePipeline.Fitted fp = pipeline.fit(x.rows(train), trainTarget);
    TabularModel model = learner.fit(fp.trainFeatures(), trainTarget);
    double secs = (System.nanoTime() - start) / 1e9;
    return new FittedFold(fp.pipeline(), model, y.task(), transform, secs);
  }

  private Target transformed(Target y) {
    if (transform == TargetTransform.NONE) {
      return y;
    }
    double[] v = y.values();
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] > -1)) {
        throw new MlException(
            "target transform "
                + transform
                + " needs target values > -1; '"
                + y.name()
                + "' has "
                + v[i]);
      }
      v[i] = transform.forward(v[i]);
    }
    return Target.regression(y.name(), v);
  }

  private void checkTask(Target y, TabularLearner learner) {
    if (learner.task() != y.task()) {
      throw new MlException(
          "learner '"
              + learner.name()
              + "' solves "
              + learner.task()
              + " but the target '"
              + y.name()
              + "' is "
              + y.task());
    }
    if (transform != TargetTransform.NONE && y.task() != TabularTask.REGRESSION) {
      throw new MlException("target transform " + transform + " applies to regression only");
    }
  }

  /**
   * Fills the mean and population standard deviation of every metric over the maps that have it.
   *
   * @param perFold metric maps
   * @param mean receives the means
   * @param std receives the standard deviations
   */
  static void summarise(
      List<Map<String, Double>> perFold, Map<String, Double> mean, Map<String, Double> std) {
    List<String> names = new ArrayList<>();
    for (Map<String, Double> m : perFold) {
      for (String key : m.keySet()) {
        if (!names.contains(key)) {
          names.add(key);
        }
      }
    }
    for (String name : names) {
      double sum = 0;
      int count = 0;
      for (Map<String, Double> m : perFold) {
        Double v = m.get(name);
        if (v != null) {
          sum += v;
          count++;
        }
      }
      double mu = sum / count;
      double var = 0;
      for (Map<String, Double> m : perFold) {
        Double v = m.get(name);
        if (v != null) {
          var += (v - mu) * (v - mu);
        }
      }
      mean.put(name, mu);
      std.put(name, Math.sqrt(var / count));
    }
  }

  /** Options of a {@link CrossValidation}. */
  public static final class Builder {
    private int k = 5;
    private long seed = 42L;
    private CvStrategy strategy = CvStrategy.AUTO;
    private String timeColumn;
    private TargetTransform transform = TargetTransform.NONE;
    private CvListener listener;

    private Builder() {}

    /**
     * Sets the number of folds (at least 2; default 5).
     *
     * @param k the fold count
     * @return this builder
     */
    public Builder folds(int k) {
      this.k = k;
      return this;
    }

    /**
     * Sets the seed of the fold shuffles (default 42).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the fold strategy (default AUTO).
     *
     * @param strategy the strategy
     * @return this builder
     */
    public Builder strategy(CvStrategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Uses {@link CvStrategy#TIME_ORDERED} folds over a DATETIME or numeric column.
     *
     * @param column the time column of the frames passed to {@link #run}
     * @return this builder
     */
    public Builder timeOrdered(String column) {
      this.strategy = CvStrategy.TIME_ORDERED;
      this.timeColumn = column;
      return this;
    }

    /**
     * Sets the time column read by {@link CvStrategy#TIME_ORDERED}.
     *
     * @param column the column name
     * @return this builder
     */
    public Builder timeColumn(String column) {
      this.timeColumn = column;
      return this;
    }

    /**
     * Sets the target transform (regression only; default NONE).
     *
     * @param transform the transform
     * @return this builder
     */
    public Builder targetTransform(TargetTransform transform) {
      this.transform = Objects.requireNonNull(transform, "transform");
      return this;
    }

    /**
     * Sets a progress listener called after every fold.
     *
     * @param listener the listener, or null for none
     * @return this builder
     */
    public Builder listener(CvListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * Builds the cross-validation.
     *
     * @return it
     * @throws MlException if k &lt; 2 or TIME_ORDERED lacks a time column
     */
    public CrossValidation build() {
      if (k < 2) {
        throw new MlException("cross-validation needs at least 2 folds, got " + k);
      }
      if (strategy == CvStrategy.TIME_ORDERED && (timeColumn == null || timeColumn.isBlank())) {
        throw new MlException("TIME_ORDERED cross-validation needs a time column");
      }
      return new CrossValidation(this);
    }
  }
}
