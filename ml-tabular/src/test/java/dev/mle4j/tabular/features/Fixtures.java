package dev.mle4j.tabular.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mle4j.tabular.SharedData;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.SchemaInference;
import dev.mle4j.tabular.data.TableLoader;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureStep.Fit;
import dev.mle4j.tabular.model.TabularLearner;
import dev.mle4j.tabular.model.TabularModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test helpers: small frames, real data, a tiny learner and the row-equals-batch check. */
public final class Fixtures {

  private Fixtures() {}

  /** A frame builder. */
  public static final class Frame {
    private DataFrame df;

    Frame(int rows) {
      df = DataFrame.empty(rows);
    }

    /** Adds a numeric column. */
    public Frame num(String name, double... v) {
      df = df.with(name, ColumnType.NUMERIC, v);
      return this;
    }

    /** Adds a number-stored column of a type. */
    public Frame typed(String name, ColumnType type, double... v) {
      df = df.with(name, type, v);
      return this;
    }

    /** Adds a categorical column. */
    public Frame cat(String name, String... v) {
      df = df.with(name, ColumnType.CATEGORICAL, v);
      return this;
    }

    /** The frame. */
    public DataFrame build() {
      return df;
    }
  }

  /** Starts a frame. */
  public static Frame frame(int rows) {
    return new Frame(rows);
  }

  /** A regression target of zeros. */
  public static Target zeros(int n) {
    return Target.regression("y", new double[n]);
  }

  /** Fits one step with the default context. */
  public static Fit fit(FeatureStep step, DataFrame df) {
    return step.fit(df, zeros(df.rows()), FitContext.defaults());
  }

  /** Fits one step with a target. */
  public static Fit fit(FeatureStep step, DataFrame df, Target y) {
    return step.fit(df, y, FitContext.defaults());
  }

  /** Asserts that every row transformed alone equals the same row of the batch transform. */
  public static void assertRowsEqualBatch(FittedPipeline p, DataFrame df, int maxRows) {
    FeatureMatrix batch = p.transform(df);
    int step = Math.max(1, df.rows() / maxRows);
    for (int i = 0; i < df.rows(); i += step) {
      double[] one = p.transformRow(df.row(i));
      assertThat(one).as("row %d", i).containsExactly(batch.rows()[i]);
    }
  }

  /** Asserts that every value is finite. */
  public static void assertAllFinite(FeatureMatrix m) {
    for (int i = 0; i < m.size(); i++) {
      for (int j = 0; j < m.names().size(); j++) {
        double v = m.rows()[i][j];
        assertThat(Double.isFinite(v))
            .as("row %d feature %s = %s", i, m.names().get(j), v)
            .isTrue();
      }
    }
  }

  /** Loads a shared CSV with the default schema inference. */
  public static DataFrame csv(String name) {
    return csv(name, SchemaInference.defaults());
  }

  /** Loads a shared CSV. */
  public static DataFrame csv(String name, SchemaInference inference) {
    Path file = SharedData.root().resolve("tabular").resolve(name + ".csv");
    return TableLoader.read(file, inference);
  }

  /** Extracts a target column. */
  public static Target target(DataFrame df, String column, TabularTask task) {
    if (task == TabularTask.REGRESSION) {
      return Target.regression(column, df.numeric(column));
    }
    Object[] raw = new Object[df.rows()];
    String[] s = new String[df.rows()];
    for (int i = 0; i < raw.length; i++) {
      Object v = df.value(i, column);
      s[i] = v instanceof Double d ? FeatureColumns.formatNumber(d) : (String) v;
    }
    return Target.classification(column, s);
  }

  /** Keeps rows where the column is present. */
  public static DataFrame presentRows(DataFrame df, String column) {
    int[] keep =
        java.util.stream.IntStream.range(0, df.rows())
            .filter(
                i -> {
                  Object v = df.value(i, column);
                  return v != null && !(v instanceof Double d && d.isNaN());
                })
            .toArray();
    return df.rows(keep);
  }

  /** A seeded random sample of rows. */
  public static DataFrame sample(DataFrame df, int n, long seed) {
    if (df.rows() <= n) {
      return df;
    }
    List<Integer> idx = new java.util.ArrayList<>();
    for (int i = 0; i < df.rows(); i++) {
      idx.add(i);
    }
    java.util.Collections.shuffle(idx, new Random(seed));
    return df.rows(idx.subList(0, n).stream().mapToInt(Integer::intValue).sorted().toArray());
  }

  /**
   * A tiny learner for tests: ridge-regularised least squares on standardised features (class 1
   * indicator for classification), importance = |coefficient|.
   */
  public static TabularLearner leastSquares(TabularTask task) {
    return new TabularLearner() {
      @Override
      public String name() {
        return "test-least-squares";
      }

      @Override
      public TabularTask task() {
        return task;
      }

      @Override
      public Map<String, Object> parameters() {
        return Map.of();
      }

      @Override
      public TabularModel fit(FeatureMatrix x, Target y) {
        int n = x.size();
        int p = x.names().size();
        double[] mean = new double[p];
        double[] sd = new double[p];
        for (int j = 0; j < p; j++) {
          double[] c = x.column(j);
          mean[j] = FeatureColumns.mean(c);
          sd[j] = FeatureColumns.std(c);
          if (!(sd[j] > 0)) {
            sd[j] = 1;
          }
        }
        double[][] a = new double[p][p];
        double[] b = new double[p];
        double ym = 0;
        for (int i = 0; i < n; i++) {
          ym += yv(y, i);
        }
        ym /= n;
        final double intercept = ym;
        for (int i = 0; i < n; i++) {
          double[] z = new double[p];
          for (int j = 0; j < p; j++) {
            z[j] = (x.rows()[i][j] - mean[j]) / sd[j];
          }
          for (int j = 0; j < p; j++) {
            b[j] += z[j] * (yv(y, i) - intercept);
            for (int k = 0; k < p; k++) {
              a[j][k] += z[j] * z[k];
            }
          }
        }
        for (int j = 0; j < p; j++) {
          a[j][j] += 1e-6 * n;
        }
        double[] w = solve(a, b);
        Map<String, Double> imp = new LinkedHashMap<>();
        for (int j = 0; j < p; j++) {
          imp.put(x.names().get(j), Math.abs(w[j]));
        }
        return new TabularModel() {
          @Override
          public String format() {
            return "test/v1";
          }

          @Override
          public List<String> featureNames() {
            return x.names();
          }

          @Override
          public List<String> labels() {
            return y.labels();
          }

          @Override
          public double[][] predict(double[][] rows) {
            double[][] out = new double[rows.length][1];
            for (int i = 0; i < rows.length; i++) {
              double s = intercept;
              for (int j = 0; j < p; j++) {
                s += w[j] * (rows[i][j] - mean[j]) / sd[j];
              }
              out[i][0] = s;
            }
            return out;
          }

          @Override
          public Map<String, Double> featureImportance() {
            return imp;
          }

          @Override
          public void save(Path dir) {
            throw new UnsupportedOperationException("test model");
          }
        };
      }
    };
  }

  private static double yv(Target y, int i) {
    return y.task() == TabularTask.REGRESSION ? y.value(i) : (y.value(i) == 1.0 ? 1 : 0);
  }

  private static double[] solve(double[][] a0, double[] b0) {
    int p = b0.length;
    double[][] a = new double[p][];
    for (int i = 0; i < p; i++) {
      a[i] = a0[i].clone();
    }
    double[] b = b0.clone();
    for (int c = 0; c < p; c++) {
      int piv = c;
      for (int r = c + 1; r < p; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
          piv = r;
        }
      }
      double[] t = a[c];
      a[c] = a[piv];
      a[piv] = t;
      double tb = b[c];
      b[c] = b[piv];
      b[piv] = tb;
      for (int r = c + 1; r < p; r++) {
        double f = a[r][c] / a[c][c];
        for (int k = c; k < p; k++) {
          a[r][k] -= f * a[c][k];
        }
        b[r] -= f * b[c];
      }
    }
    double[] x = new double[p];
    for (int r = p - 1; r >= 0; r--) {
      double s = b[r];
      for (int k = r + 1; k < p; k++) {
        s -= a[r][k] * x[k];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }

  /** Mann-Whitney AUC of a score against a 0/1 target (ties count half). */
  public static double auc(double[] score, Target y) {
    int n = score.length;
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> Double.compare(score[a], score[b]));
    double rankSumPos = 0;
    long pos = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && score[idx[j + 1]] == score[idx[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (y.value(idx[k]) == 1.0) {
          rankSumPos += rank;
          pos++;
        }
      }
      i = j + 1;
    }
    long neg = n - pos;
    return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }
}
