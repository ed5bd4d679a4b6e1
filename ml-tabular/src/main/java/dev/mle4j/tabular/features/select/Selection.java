package dev.mle4j.tabular.features.select;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import dev.mle4j.tabular.features.FeatureSelector;
import dev.mle4j.tabular.model.TabularLearner;
import dev.mle4j.tabular.model.TabularModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers shared by the selection steps. */
final class Selection {

  private Selection() {}

  /** The number-stored columns of a frame, in order. */
  static List<String> numericColumns(DataFrame df) {
    List<String> out = new ArrayList<>();
    for (String c : df.columns()) {
      if (df.type(c).isNumberStored()) {
        out.add(c);
      }
    }
    return out;
  }

  /** The matrix of some number-stored columns. */
  static FeatureMatrix matrix(DataFrame df, List<String> columns) {
    double[][] rows = new double[df.rows()][columns.size()];
    for (int j = 0; j < columns.size(); j++) {
      double[] v = df.numeric(columns.get(j));
      for (int i = 0; i < rows.length; i++) {
        rows[i][j] = v[i];
      }
    }
    return new FeatureMatrix(columns, rows);
  }

  /** Fits the learner on some columns and returns importance per column (0 when absent). */
  static double[] importance(
      TabularLearner learner, DataFrame df, List<String> columns, Target target, String step) {
    if (learner.task() != target.task()) {
      throw new MlException(
          step
              + ": learner '"
              + learner.name()
              + "' solves "
              + learner.task()
              + " but the target is "
              + target.task());
    }
    Map<String, Double> imp;
    try (TabularModel m = learner.fit(matrix(df, columns), target)) {
      imp = m.featureImportance();
    }
    if (imp.isEmpty()) {
      throw new MlException(
          step + ": learner '" + learner.name() + "' gives no feature importance");
    }
    double[] out = new double[columns.size()];
    for (int j = 0; j < out.length; j++) {
      Double v = imp.get(columns.get(j));
      out[j] = v == null || Double.isNaN(v) ? 0 : Math.abs(v);
    }
    return out;
  }

  /** A selector keeping all columns except the dropped ones, in frame order. */
  static FeatureSelector keepAllBut(DataFrame df, List<String> dropped, String method) {
    List<String> keep = new ArrayList<>();
    for (String c : df.columns()) {
      if (!dropped.contains(c)) {
        keep.add(c);
      }
    }
    return new FeatureSelector(method, keep, dropped);
  }

  /** The target as numbers per output: one column for regression/binary, one per class else. */
  static double[][] targetColumns(Target target) {
    int n = target.size();
    if (target.task() == TabularTask.CLASSIFICATION && target.labels().size() > 2) {
      int k = target.labels().size();
      double[][] out = new double[k][n];
      for (int i = 0; i < n; i++) {
        out[(int) target.value(i)][i] = 1;
      }
      return out;
    }
    double[][] out = new double[1][n];
    for (int i = 0; i < n; i++) {
      out[0][i] = target.value(i);
    }
    return out;
  }

  /** Pearson correlation over the rows where both values are present; 0 if undefined. */
  static double pearson(double[] a, double[] b) {
    double sa = 0;
    double sb = 0;
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
        sa += a[i];
        sb += b[i];
        n++;
      }
    }
    if (n < 2) {
      return 0;
    }
    double ma = sa / n;
    double mb = sb / n;
    double cov = 0;
    double va = 0;
    double vb = 0;
    for (int i = 0; i < a.length; i++) {
      if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
        double da = a[i] - ma;
        double db = b[i] - mb;
        cov += da * db;
        va += da * da;
        vb += db * db;
      }
    }
    if (va == 0 || vb == 0) {
      return 0;
    }
    return cov / Math.sqrt(va * vb);
  }
}
