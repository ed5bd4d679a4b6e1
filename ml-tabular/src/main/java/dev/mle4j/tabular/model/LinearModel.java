package dev.mle4j.tabular.model;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A fitted linear model over standardised features: linear regression, ridge, lasso and elastic net
 * (one output) or logistic regression (sigmoid for two classes, softmax for more). Saved as one
 * JSON file ({@code model.json}); formats {@code linear/v1}, {@code ridge/v1}, {@code lasso/v1},
 * {@code elasticnet/v1} and {@code logistic/v1}. Rejects NaN features.
 */
public final class LinearModel implements TabularModel {

  /**
   * The saved form.
   *
   * @param meta the metadata
   * @param means feature means used for standardising
   * @param scales feature standard deviations used for standardising
   * @param coefficients per output: one coefficient per standardised feature
   * @param intercepts per output: the intercept
   */
  public record SavedLinear(
      ModelMeta meta,
      double[] means,
      double[] scales,
      double[][] coefficients,
      double[] intercepts) {}

  private final ModelMeta meta;
  private final double[] means;
  private final double[] scales;
  private final double[][] coef;
  private final double[] intercept;

  LinearModel(
      String format,
      TabularTask task,
      List<String> featureNames,
      List<String> labels,
      Map<String, Object> params,
      double[] means,
      double[] scales,
      double[][] coef,
      double[] intercept) {
    this.means = means;
    this.scales = scales;
    this.coef = coef;
    this.intercept = intercept;
    double[] raw = new double[featureNames.size()];
    for (double[] c : coef) {
      for (int j = 0; j < raw.length; j++) {
        raw[j] += Math.abs(c[j]);
      }
    }
    this.meta =
        new ModelMeta(
            format, task, featureNames, labels, ModelSupport.normalise(featureNames, raw), params);
  }

  private LinearModel(SavedLinear s) {
    this.meta = s.meta();
    this.means = s.means();
    this.scales = s.scales();
    this.coef = s.coefficients();
    this.intercept = s.intercepts();
    int p = meta.featureNames().size();
    if (means.length != p || scales.length != p || coef.length != intercept.length) {
      throw new MlException("corrupt linear model file: sizes do not match " + p + " features");
    }
  }

  /**
   * Reads a saved linear model.
   *
   * @param dir the folder
   * @param format the expected format
   * @return the model
   */
  static LinearModel read(Path dir, String format) {
    SavedLinear s = ModelSupport.readJson(dir.resolve(ModelSupport.META_FILE), SavedLinear.class);
    ModelSupport.checkFormat(s.meta(), format, dir);
    return new LinearModel(s);
  }

  @Override
  public String format() {
    return meta.format();
  }

  @Override
  public List<String> featureNames() {
    return meta.featureNames();
  }

  @Override
  public List<String> labels() {
    return meta.labels();
  }

  /**
   * The coefficients on standardised features, one array per output (one output for regression and
   * binary classification, one per class for multi-class).
   *
   * @return a copy of the coefficients
   */
  public double[][] standardisedCoefficients() {
    double[][] out = new double[coef.length][];
    for (int k = 0; k < coef.length; k++) {
      out[k] = coef[k].clone();
    }
    return out;
  }

  /**
   * The coefficients on the original feature scale (coefficient divided by the feature's standard
   * deviation), one array per output.
   *
   * @return the coefficients
   */
  public double[][] coefficients() {
    double[][] out = new double[coef.length][scales.length];
    for (int k = 0; k < coef.length; k++) {
      for (int j = 0; j < scales.length; j++) {
        out[k][j] = coef[k][j] / scales[j];
      }
    }
    return out;
  }

  /**
   * The intercepts on the original feature scale, one per output.
   *
   * @return the intercepts
   */
  public double[] intercepts() {
    double[] out = intercept.clone();
    for (int k = 0; k < coef.length; k++) {
      for (int j = 0; j < scales.length; j++) {
        out[k] -= coef[k][j] * means[j] / scales[j];
      }
    }
    return out;
  }

  @Override
  public double[][] predict(double[][] rows) {
    ModelSupport.checkPredict(meta.format(), meta.featureNames(), rows, false);
    int k = coef.length;
    double[][] out = new double[rows.length][];
    double[] z = new double[k];
    for (int i = 0; i < rows.length; i++) {
      for (int c = 0; c < k; c++) {
        double s = intercept[c];
        double[] w = coef[c];
        for (int j = 0; j < w.length; j++) {
          s += w[j] * (rows[i][j] - means[j]) / scales[j];
        }
        z[c] = s;
      }
      if (meta.task() == TabularTask.REGRESSION) {
        out[i] = new double[] {z[0]};
      } else if (k == 1) {
        double p = sigmoid(z[0]);
        out[i] = new double[] {1 - p, p};
      } else {
        out[i] = softmax(z);
      }
    }
    return out;
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double[] p = new double[z.length];
    double sum = 0;
    for (int c = 0; c < z.length; c++) {
      p[c] = Math.exp(z[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < z.length; c++) {
      p[c] /= sum;
    }
    return p;
  }

  @Override
  public Map<String, Double> featureImportance() {
    return meta.importance();
  }

  @Override
  public void save(Path dir) {
    ModelSupport.writeJson(
        dir.resolve(ModelSupport.META_FILE), new SavedLinear(meta, means, scales, coef, intercept));
  }
}
