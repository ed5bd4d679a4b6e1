package dev.mle4j.tabular.eval;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.Fold;
import dev.mle4j.core.report.Charts;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeaturePipeline;
import dev.mle4j.tabular.model.TabularLearner;
import dev.mle4j.tabular.model.TabularModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Training and validation score against training-set size. For every cross-validation fold the
 * training rows are shuffled once (seeded) and growing prefixes of them (a fraction each, so the
 * subsets are nested) are used to fit the pipeline and the learner; the model is scored on that
 * subset (train score) and on the fold's test rows (validation score).
 */
public final class LearningCurve {

  private final double[] fractions;
  private final CrossValidation cv;
  private final String metric;
  private final long seed;

  private LearningCurve(double[] fractions, CrossValidation cv, String metric, long seed) {
    this.fractions = fractions;
    this.cv = cv;
    this.metric = metric;
    this.seed = seed;
  }

  /**
   * A learning curve.
   *
   * @param fractions training-set fractions in (0, 1], increasing, e.g. 0.1, 0.2, ..., 1.0
   * @param cv the cross-validation whose folds are used
   * @param metric the metric to report
   * @param seed the seed of the subset shuffles
   * @return the learning curve
   * @throws MlException on an empty, unordered or out-of-range fraction list
   */
  public static LearningCurve of(double[] fractions, CrossValidation cv, String metric, long seed) {
    Objects.requireNonNull(cv, "cv");
    if (fractions == null || fractions.length == 0) {
      throw new MlException("a learning curve needs at least one training fraction");
    }
    for (int i = 0; i < fractions.length; i++) {
      if (!(fractions[i] > 0 && fractions[i] <= 1)) {
        throw new MlException("training fraction " + fractions[i] + " is not in (0, 1]");
      }
      if (i > 0 && fractions[i] <= fractions[i - 1]) {
        throw new MlException("training fractions must increase: " + Arrays.toString(fractions));
      }
    }
    if (metric == null || metric.isBlank()) {
      throw new MlException("a learning curve needs a metric");
    }
    return new LearningCurve(fractions.clone(), cv, metric, seed);
  }

  /**
   * The default fractions 0.1, 0.2, ..., 1.0.
   *
   * @return ten fractions
   */
  public static double[] defaultFractions() {
    double[] f = new double[10];
    for (int i = 0; i < 10; i++) {
      f[i] = (i + 1) / 10.0;
    }
    return f;
  }

  /**
   * The curve's points.
   *
   * @param learner the learner name
   * @param metric the metric
   * @param fractions the training fractions
   * @param trainSizes the mean number of training rows per fraction
   * @param trainMean mean train score per fraction
   * @param trainStd its standard deviation over folds
   * @param validMean mean validation score per fraction
   * @param validStd its standard deviation over folds
   */
  public record Result(
      String learner,
      String metric,
      double[] fractions,
      double[] trainSizes,
      double[] trainMean,
      double[] trainStd,
      double[] validMean,
      double[] validStd) {

    /**
     * Draws the curve as a PNG line chart (train and validation score against training rows).
     *
     * @param png the file to write
     */
    public void writeChart(Path png) {
      Map<String, double[][]> series = new LinkedHashMap<>();
      series.put("train", new double[][] {trainSizes, trainMean});
      series.put("validation", new double[][] {trainSizes, validMean});
      Charts.lines(png, "Learning curve: " + learner, "training rows", metric, series);
    }
  }

  /**
   * Computes the curve.
   *
   * @param x the rows without the target
   * @param y the target
   * @param pipeline the unfitted pipeline
   * @param learner the learner
   * @return the points
   * @throws MlException if the metric is not defined for the task or a subset is too small
   */
  public Result run(DataFrame x, Target y, FeaturePipeline pipeline, TabularLearner learner) {
    List<Fold> folds = cv.folds(x, y);
    int p = fractions.length;
    double[][] train = new double[p][folds.size()];
    double[][] valid = new double[p][folds.size()];
    double[] sizes = new double[p];
    for (int f = 0; f < folds.size(); f++) {
      Fold fold = folds.get(f);
      int[] order = fold.train().clone();
      Random random = new Random(seed + 31L * f);
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int q = 0; q < p; q++) {
        int size = Math.max(2, (int) Math.ceil(fractions[q] * order.length));
        size = Math.min(size, order.length);
        int[] subset = Arrays.copyOf(order, size);
        Arrays.sort(subset);
        sizes[q] += size / (double) folds.size();
        FittedFold fitted = cv.fit(x, y, pipeline, learner, subset);
        try (TabularModel ignored = fitted.model()) {
          train[q][f] = score(y.rows(subset), fitted.predict(x.rows(subset)));
          valid[q][f] = score(y.rows(fold.test()), fitted.predict(x.rows(fold.test())));
        }
      }
    }
    double[][] tm = meanStd(train);
    double[][] vm = meanStd(valid);
    return new Result(learner.name(), metric, fractions.clone(), sizes, tm[0], tm[1], vm[0], vm[1]);
  }

  private double score(Target y, double[][] pred) {
    Map<String, Double> m = TabularMetrics.compute(y.task(), y.labels(), y.values(), pred);
    Double v = m.get(metric);
    if (v == null) {
      throw new MlException(
          "metric '" + metric + "' is not defined here; available: " + new ArrayList<>(m.keySet()));
    }
    return v;
  }

  private static double[][] meanStd(double[][] values) {
    double[] mean = new double[values.length];
    double[] std = new double[values.length];
    for (int q = 0; q < values.length; q++) {
      double s = 0;
      for (double v : values[q]) {
        s += v;
      }
      mean[q] = s / values[q].length;
      double var = 0;
      for (double v : values[q]) {
        var += (v - mean[q]) * (v - mean[q]);
      }
      std[q] = Math.sqrt(var / values[q].length);
    }
    return new double[][] {mean, std};
  }
}
