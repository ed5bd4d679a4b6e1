package dev.mle4j.tabular.serving;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import dev.mle4j.tabular.model.TabularModel;
import dev.mle4j.tabular.model.TabularModelReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Small deterministic models for serving tests: a softmax (logistic) classifier and a linear
 * regressor, both fitted by full-batch gradient descent on standardised features, saved as JSON.
 */
public final class TinyModels {

  static final String CLASSIFIER = "tiny-softmax/v1";
  static final String REGRESSOR = "tiny-linear/v1";
  static final String FILE = "tiny-model.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TinyModels() {}

  /** The saved state. */
  record State(
      @JsonProperty("format") String format,
      @JsonProperty("features") List<String> features,
      @JsonProperty("labels") List<String> labels,
      @JsonProperty("mean") double[] mean,
      @JsonProperty("scale") double[] scale,
      @JsonProperty("weights") double[][] weights) {}

  /** A fitted tiny model. */
  static final class Model implements TabularModel {
    final State s;

    Model(State s) {
      this.s = s;
    }

    @Override
    public String format() {
      return s.format();
    }

    @Override
    public List<String> featureNames() {
      return s.features();
    }

    @Override
    public List<String> labels() {
      return s.labels();
    }

    @Override
    public double[][] predict(double[][] rows) {
      double[][] out = new double[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        double[] z = scores(s, rows[i]);
        out[i] = s.labels().isEmpty() ? z : softmax(z);
      }
      return out;
    }

    @Override
    public void save(Path dir) {
      try {
        Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(s));
      } catch (IOException e) {
        throw new MlException("cannot save tiny model: " + e.getMessage(), e);
      }
    }
  }

  /** Reads both formats; registered in the test META-INF/services file. */
  public static final class Reader implements TabularModelReader {
    /** Creates the reader. */
    public Reader() {}

    @Override
    public Set<String> formats() {
      return Set.of(CLASSIFIER, REGRESSOR);
    }

    @Override
    public TabularModel read(Path dir, String format) {
      try {
        State s = JSON.readValue(Files.readString(dir.resolve(FILE)), State.class);
        if (!format.equals(s.format())) {
          throw new MlException("tiny model format is " + s.format() + ", not " + format);
        }
        return new Model(s);
      } catch (IOException e) {
        throw new MlException("cannot read tiny model " + dir + ": " + e.getMessage(), e);
      }
    }
  }

  private static double[] scores(State s, double[] row) {
    int k = s.weights().length;
    double[] z = new double[k];
    for (int c = 0; c < k; c++) {
      double[] w = s.weights()[c];
      double sum = w[0];
      for (int j = 0; j < row.length; j++) {
        double v = Double.isNaN(row[j]) ? 0 : (row[j] - s.mean()[j]) / s.scale()[j];
        sum += w[j + 1] * v;
      }
      z[c] = sum;
    }
    return z;
  }

  private static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** Fits a model for the target's task with 300 gradient steps. */
  static Model fit(FeatureMatrix x, Target y) {
    int d = x.names().size();
    int n = x.size();
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (int j = 0; j < d; j++) {
      double sum = 0;
      double sq = 0;
      int count = 0;
      for (double[] r : x.rows()) {
        if (!Double.isNaN(r[j])) {
          sum += r[j];
          sq += r[j] * r[j];
          count++;
        }
      }
      mean[j] = count == 0 ? 0 : sum / count;
      double var = count == 0 ? 0 : sq / count - mean[j] * mean[j];
      scale[j] = var > 1e-12 ? Math.sqrt(var) : 1.0;
    }
    boolean classify = y.task() == TabularTask.CLASSIFICATION;
    int k = classify ? y.labels().size() : 1;
    double[][] w = new double[k][d + 1];
    String format = classify ? CLASSIFIER : REGRESSOR;
    State s = new State(format, x.names(), y.labels(), mean, scale, w);
    double yMean = 0;
    if (!classify) {
      for (int i = 0; i < n; i++) {
        yMean += y.value(i) / n;
      }
      w[0][0] = yMean;
    }
    double lr = 0.1;
    for (int it = 0; it < 300; it++) {
      double[][] grad = new double[k][d + 1];
      for (int i = 0; i < n; i++) {
        double[] row = x.rows()[i];
        double[] z = scores(s, row);
        double[] err = new double[k];
        if (classify) {
          double[] p = softmax(z);
          for (int c = 0; c < k; c++) {
            err[c] = p[c] - (y.value(i) == c ? 1 : 0);
          }
        } else {
          err[0] = z[0] - y.value(i);
        }
        for (int c = 0; c < k; c++) {
          grad[c][0] += err[c];
          for (int j = 0; j < d; j++) {
            double v = Double.isNaN(row[j]) ? 0 : (row[j] - mean[j]) / scale[j];
            grad[c][j + 1] += err[c] * v;
          }
        }
      }
      for (int c = 0; c < k; c++) {
        for (int j = 0; j <= d; j++) {
          w[c][j] -= lr * grad[c][j] / n;
        }
      }
    }
    return new Model(s);
  }
}
