package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.Fold;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces categorical columns by the smoothed mean of the target per category, {@code (n * mean_c
 * + m * prior) / (n + m)}: one column {@code <col>__te} for regression (the mean) and binary
 * classification (the positive-class share), one column {@code <col>__te=<label>} per class for
 * more classes. A missing value is the category {@code __missing__}; unseen categories get the
 * prior.
 *
 * <p>The training rows are encoded out-of-fold ({@link FitContext#outOfFoldSplits()} folds,
 * stratified for classification, seeded with {@link FitContext#seed()}) so no row sees its own
 * target; the fitted step keeps the encoding learned from all training rows for inference.
 */
public final class TargetEncoder implements FeatureStep {

  private final List<String> columns;
  private final double smoothing;

  private TargetEncoder(List<String> columns, double smoothing) {
    if (!(smoothing >= 0) || !Double.isFinite(smoothing)) {
      throw new MlException("target-encoder: smoothing must be >= 0, got " + smoothing);
    }
    this.columns = List.copyOf(columns);
    this.smoothing = smoothing;
  }

  /**
   * An encoder.
   *
   * @param columns the columns (empty: all categorical columns)
   * @param smoothing the smoothing weight m of the prior
   * @return the step
   */
  public static TargetEncoder of(List<String> columns, double smoothing) {
    return new TargetEncoder(columns, smoothing);
  }

  /**
   * All categorical columns with smoothing 10.
   *
   * @return the step
   */
  public static TargetEncoder defaults() {
    return new TargetEncoder(List.of(), 10);
  }

  @Override
  public String name() {
    return "target-encoder";
  }

  @Override
  public Fit fit(DataFrame train, Target target, FitContext context) {
    FittedTargetEncoder full = (FittedTargetEncoder) fitOnly(train, target, context);
    if (full.columns().isEmpty()) {
      return new Fit(full, full.transform(train));
    }
    List<Fold> folds = FeatureColumns.outOfFold(target, context);
    DataFrame out =
        FeatureColumns.outOfFoldOverlay(
            full.transform(train),
            train,
            full.outputNames(),
            folds,
            f -> fitRows(train, target, folds.get(f).train(), full.columns()));
    return new Fit(full, out);
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    if (train.rows() != target.size()) {
      throw new MlException(
          name() + ": " + train.rows() + " rows but the target has " + target.size());
    }
    List<String> cols = FeatureColumns.select(train, columns, name(), ColumnType.CATEGORICAL);
    return fitRows(train, target, TargetStats.all(train.rows()), cols);
  }

  private FittedTargetEncoder fitRows(
      DataFrame train, Target target, int[] rows, List<String> cols) {
    List<String> classes = TargetStats.classes(target);
    int width = Math.max(1, classes.size());
    double[] prior = TargetStats.prior(target, rows, width);
    Map<String, Map<String, double[]>> enc = new LinkedHashMap<>();
    for (String c : cols) {
      String[] raw = train.strings(c);
      String[] keys = new String[raw.length];
      for (int i = 0; i < raw.length; i++) {
        keys[i] = FeatureColumns.key(raw[i]);
      }
      enc.put(c, TargetStats.encode(keys, target, rows, width, prior, smoothing));
    }
    return new FittedTargetEncoder(cols, classes, prior, enc);
  }

  @Override
  public String toString() {
    return "TargetEncoder[m=" + smoothing + (columns.isEmpty() ? "" : ", " + columns) + "]";
  }

  /**
   * A fitted {@link TargetEncoder} (the encoding learned from all training rows).
   *
   * @param columns the encoded columns
   * @param classes the class labels of the output columns (empty: one output per column)
   * @param prior the prior per output
   * @param encodings per column: category to encoding (one value per output)
   */
  public record FittedTargetEncoder(
      List<String> columns,
      List<String> classes,
      double[] prior,
      Map<String, Map<String, double[]>> encodings)
      implements FittedStep {

    /** Copies and checks the parts. */
    public FittedTargetEncoder {
      columns = List.copyOf(columns);
      classes = List.copyOf(classes);
      prior = prior.clone();
      encodings = new LinkedHashMap<>(encodings);
      if (prior.length != Math.max(1, classes.size())) {
        throw new MlException("target-encoder: the prior needs one value per output");
      }
    }

    /**
     * The output column names.
     *
     * @return the names, per column in order
     */
    public List<String> outputNames() {
      List<String> out = new ArrayList<>();
      for (String c : columns) {
        out.addAll(TargetStats.names(c + "__te", classes));
      }
      return out;
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      DataFrame df = frame;
      for (String c : columns) {
        String[] v = FeatureColumns.strings(frame, c, "target-encoder");
        Map<String, double[]> enc = encodings.getOrDefault(c, Map.of());
        List<String> names = TargetStats.names(c + "__te", classes);
        double[][] out = new double[names.size()][v.length];
        for (int i = 0; i < v.length; i++) {
          double[] e = enc.getOrDefault(FeatureColumns.key(v[i]), prior);
          for (int j = 0; j < names.size(); j++) {
            out[j][i] = e[j];
          }
        }
        df = df.drop(List.of(c));
        for (int j = 0; j < names.size(); j++) {
          df = df.with(names.get(j), ColumnType.NUMERIC, out[j]);
        }
      }
      return df;
    }
  }
}
