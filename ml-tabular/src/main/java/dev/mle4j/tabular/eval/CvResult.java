package dev.mle4j.tabular.eval;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.Fold;
import dev.mle4j.tabular.data.TabularTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@link CrossValidation#run}: per-fold metrics, their mean and standard
 * deviation, out-of-fold predictions and timings.
 *
 * @param learner the learner name
 * @param task regression or classification
 * @param labels the class labels (empty for regression)
 * @param strategy the fold strategy actually used (never {@link CvStrategy#AUTO})
 * @param foldMetrics the test metrics of each fold, in fold order
 * @param mean per metric, the mean over the folds where it was defined
 * @param std per metric, the population standard deviation (ddof 0, as numpy's {@code std}) over
 *     the same folds
 * @param outOfFold per row, its prediction when it was in a test fold: {@code [value]} or class
 *     probabilities; rows never tested (the first block of {@link CvStrategy#TIME_ORDERED}) hold
 *     NaN
 * @param folds the folds, in order
 * @param fitSeconds seconds spent fitting pipeline and learner over all folds
 * @param foldFitSeconds the same per fold
 */
public record CvResult(
    String learner,
    TabularTask task,
    List<String> labels,
    CvStrategy strategy,
    List<Map<String, Double>> foldMetrics,
    Map<String, Double> mean,
    Map<String, Double> std,
    double[][] outOfFold,
    List<Fold> folds,
    double fitSeconds,
    double[] foldFitSeconds) {

  /** Copies the collections. */
  public CvResult {
    labels = List.copyOf(labels);
    List<Map<String, Double>> copies = new ArrayList<>();
    for (Map<String, Double> m : foldMetrics) {
      copies.add(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m)));
    }
    foldMetrics = List.copyOf(copies);
    mean = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mean));
    std = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(std));
    folds = List.copyOf(folds);
    foldFitSeconds = foldFitSeconds.clone();
  }

  /**
   * The mean of one metric over the folds.
   *
   * @param metric the metric name
   * @return its mean
   * @throws MlException if the metric was not computed
   */
  public double mean(String metric) {
    Double v = mean.get(metric);
    if (v == null) {
      throw new MlException(
          "metric '" + metric + "' was not computed for " + learner + "; have " + mean.keySet());
    }
    return v;
  }

  /**
   * The standard deviation of one metric over the folds.
   *
   * @param metric the metric name
   * @return its standard deviation
   * @throws MlException if the metric was not computed
   */
  public double std(String metric) {
    mean(metric);
    return std.get(metric);
  }

  /**
   * The fold in which each row was tested.
   *
   * @return per row the fold index, or -1 if the row was never in a test fold
   */
  public int[] testFoldOfRow() {
    int[] out = new int[outOfFold.length];
    java.util.Arrays.fill(out, -1);
    for (int f = 0; f < folds.size(); f++) {
      for (int i : folds.get(f).test()) {
        out[i] = f;
      }
    }
    return out;
  }

  /**
   * The regression out-of-fold predictions as a flat array.
   *
   * @return one value per row (NaN when never tested)
   * @throws MlException for a classification result
   */
  public double[] outOfFoldValues() {
    if (task != TabularTask.REGRESSION) {
      throw new MlException("out-of-fold values exist for regression only; use outOfFold()");
    }
    double[] out = new double[outOfFold.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = outOfFold[i][0];
    }
    return out;
  }
}
