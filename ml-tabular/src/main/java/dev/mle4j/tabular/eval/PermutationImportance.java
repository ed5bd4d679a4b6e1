package dev.mle4j.tabular.eval;

import dev.mle4j.core.MlException;
import dev.mle4j.core.report.Charts;
import dev.mle4j.tabular.data.ColumnSpec;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FittedPipeline;
import dev.mle4j.tabular.model.TabularModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Permutation importance of the raw input columns: on held-out rows, each column the pipeline reads
 * is shuffled {@code repeats} times (seeded) and the drop in score is recorded; a positive drop
 * means the model relies on the column. For lower-is-better metrics the drop is {@code permuted -
 * baseline}, so larger is always more important.
 */
public final class PermutationImportance {

  private final String metric;
  private final MetricDirection direction;
  private final int repeats;
  private final long seed;
  private final TargetTransform transform;

  private PermutationImportance(
      String metric, MetricDirection direction, int repeats, long seed, TargetTransform t) {
    this.metric = metric;
    this.direction = direction;
    this.repeats = repeats;
    this.seed = seed;
    this.transform = t;
  }

  /**
   * Permutation importance for a metric in its usual direction, without target transform.
   *
   * @param metric the metric
   * @param repeats shuffles per column, at least 1
   * @param seed the shuffle seed
   * @return the analysis
   */
  public static PermutationImportance of(String metric, int repeats, long seed) {
    return of(metric, MetricDirection.of(metric), repeats, seed, TargetTransform.NONE);
  }

  /**
   * Permutation importance.
   *
   * @param metric the metric
   * @param direction whether higher or lower is better
   * @param repeats shuffles per column, at least 1
   * @param seed the shuffle seed
   * @param transform the target transform the model was trained with (its predictions are mapped
   *     back before scoring)
   * @return the analysis
   */
  public static PermutationImportance of(
      String metric, MetricDirection direction, int repeats, long seed, TargetTransform transform) {
    if (repeats < 1) {
      throw new MlException("permutation importance needs repeats >= 1, got " + repeats);
    }
    if (metric == null || metric.isBlank()) {
      throw new MlException("permutation importance needs a metric");
    }
    return new PermutationImportance(metric, direction, repeats, seed, transform);
  }

  /**
   * The importance of one column.
   *
   * @param column the raw column name
   * @param mean the mean score drop
   * @param std the standard deviation of the drop over the repeats
   * @param drops every repeat's drop
   */
  public record ColumnImportance(String column, double mean, double std, double[] drops) {}

  /**
   * The importances, most important first.
   *
   * @param metric the metric
   * @param baseline the score on the unshuffled rows
   * @param columns one entry per column, sorted by decreasing mean drop
   */
  public record Result(String metric, double baseline, List<ColumnImportance> columns) {

    /**
     * The importance of a column.
     *
     * @param column the column name
     * @return its importance
     * @throws MlException if the column was not analysed
     */
    public ColumnImportance of(String column) {
      for (ColumnImportance c : columns) {
        if (c.column().equals(column)) {
          return c;
        }
      }
      throw new MlException("column '" + column + "' was not analysed");
    }

    /**
     * Draws the top columns' mean drops as a PNG bar chart.
     *
     * @param png the file to write
     * @param top how many columns to show, at least 1
     */
    public void writeChart(Path png, int top) {
      List<ColumnImportance> shown = columns.subList(0, Math.min(Math.max(top, 1), columns.size()));
      List<String> names = shown.stream().map(ColumnImportance::column).toList();
      double[] values = shown.stream().mapToDouble(ColumnImportance::mean).toArray();
      Charts.bars(
          png, "Permutation importance (" + metric + " drop)", names, Map.of(metric, values));
    }
  }

  /**
   * Computes the importances.
   *
   * @param pipeline the fitted pipeline
   * @param model the fitted model
   * @param x held-out rows with the pipeline's input columns
   * @param y their target
   * @return the importances
   */
  public Result compute(FittedPipeline pipeline, TabularModel model, DataFrame x, Target y) {
    if (x.rows() != y.size()) {
      throw new MlException("the frame has " + x.rows() + " rows but the target has " + y.size());
    }
    if (x.rows() < 2) {
      throw new MlException("permutation importance needs at least 2 rows, got " + x.rows());
    }
    double baseline = score(pipeline, model, x, y);
    Random random = new Random(seed);
    List<ColumnImportance> out = new ArrayList<>();
    for (ColumnSpec c : pipeline.input()) {
      if (!x.has(c.name())) {
        throw new MlException("held-out rows lack the input column '" + c.name() + "'");
      }
      double[] drops = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        int[] perm = permutation(x.rows(), random);
        DataFrame shuffled = permuteColumn(x, c.name(), perm);
        double s = score(pipeline, model, shuffled, y);
        drops[r] = direction == MetricDirection.HIGHER_IS_BETTER ? baseline - s : s - baseline;
      }
      double mean = 0;
      for (double d : drops) {
        mean += d;
      }
      mean /= repeats;
      double var = 0;
      for (double d : drops) {
        var += (d - mean) * (d - mean);
      }
      out.add(new ColumnImportance(c.name(), mean, Math.sqrt(var / repeats), drops));
    }
    out.sort(Comparator.comparingDouble(ColumnImportance::mean).reversed());
    return new Result(metric, baseline, out);
  }

  /**
   * Computes the importances of a fold fitted by {@link CrossValidation#fit}, undoing its target
   * transform before scoring.
   *
   * @param fitted the fitted pipeline and model
   * @param x held-out rows
   * @param y their target
   * @return the importances
   */
  public Result compute(FittedFold fitted, DataFrame x, Target y) {
    return new PermutationImportance(metric, direction, repeats, seed, fitted.transform())
        .compute(fitted.pipeline(), fitted.model(), x, y);
  }

  private static int[] permutation(int n, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static DataFrame permuteColumn(DataFrame x, String name, int[] perm) {
    if (x.type(name).isNumberStored()) {
      double[] v = x.numeric(name);
      double[] out = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = v[perm[i]];
      }
      return x.with(name, x.type(name), out);
    }
    String[] v = x.strings(name);
    String[] out = new String[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[perm[i]];
    }
    return x.with(name, x.type(name), out);
  }

  private double score(FittedPipeline pipeline, TabularModel model, DataFrame x, Target y) {
    double[][] pred = model.predict(pipeline.transform(x).rows());
    if (transform != TargetTransform.NONE) {
      for (double[] r : pred) {
        r[0] = transform.inverse(r[0]);
      }
    }
    Map<String, Double> m = TabularMetrics.compute(y.task(), y.labels(), y.values(), pred);
    Double v = m.get(metric);
    if (v == null) {
      throw new MlException(
          "metric '" + metric + "' is not defined here; available: " + m.keySet());
    }
    return v;
  }
}
