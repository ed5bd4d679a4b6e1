package dev.mle4j.tabular.ensemble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.model.TabularModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A linear model over standardised features, fitted by {@link RidgeMetaLearner} (one output, the
 * value) or {@link LogisticMetaLearner} (one output per class, softmax). Saved as {@code
 * linear.json} in format {@value #FORMAT}.
 */
public final class LinearMetaModel implements TabularModel {

  /** The format id. */
  public static final String FORMAT = "ensemble-linear/v1";

  static final String FILE = "linear.json";

  private final State state;

  LinearMetaModel(State state) {
    this.state = state;
  }

  /**
   * The saved state.
   *
   * @param task regression (one output) or classification (softmax over outputs)
   * @param featureNames the input feature names
   * @param labels the class labels (empty for regression)
   * @param means per feature, the mean subtracted before scaling
   * @param scales per feature, the divisor after centring
   * @param weights per output, one weight per feature
   * @param bias per output, the intercept
   */
  record State(
      TabularTask task,
      List<String> featureNames,
      List<String> labels,
      double[] means,
      double[] scales,
      double[][] weights,
      double[] bias) {}

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public List<String> featureNames() {
    return state.featureNames();
  }

  @Override
  public List<String> labels() {
    return state.labels();
  }

  /**
   * The weights on the original (unscaled) features, per output.
   *
   * @return {@code [outputs][features]}
   */
  public double[][] coefficients() {
    double[][] out = new double[state.weights().length][];
    for (int k = 0; k < out.length; k++) {
      out[k] = new double[state.means().length];
      for (int j = 0; j < out[k].length; j++) {
        out[k][j] = state.weights()[k][j] / state.scales()[j];
      }
    }
    return out;
  }

  @Override
  public double[][] predict(double[][] rows) {
    int f = state.means().length;
    int outputs = state.bias().length;
    double[][] out = new double[rows.length][];
    double[] z = new double[f];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != f) {
        throw new MlException(
            "row " + i + " has " + rows[i].length + " features, the model expects " + f);
      }
      for (int j = 0; j < f; j++) {
        z[j] = (rows[i][j] - state.means()[j]) / state.scales()[j];
      }
      double[] s = new double[outputs];
      for (int k = 0; k < outputs; k++) {
        double v = state.bias()[k];
        for (int j = 0; j < f; j++) {
          v += state.weights()[k][j] * z[j];
        }
        s[k] = v;
      }
      out[i] = state.task() == TabularTask.REGRESSION ? s : softmax(s);
    }
    return out;
  }

  static double[] softmax(double[] s) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : s) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[s.length];
    for (int k = 0; k < s.length; k++) {
      p[k] = Math.exp(s[k] - max);
      sum += p[k];
    }
    for (int k = 0; k < s.length; k++) {
      p[k] /= sum;
    }
    return p;
  }

  @Override
  public Map<String, Double> featureImportance() {
    double[][] c = coefficients();
    Map<String, Double> out = new LinkedHashMap<>();
    for (int j = 0; j < state.featureNames().size(); j++) {
      double sum = 0;
      for (double[] row : state.weights()) {
        sum += Math.abs(row[j]);
      }
      out.put(state.featureNames().get(j), sum / c.length);
    }
    return out;
  }

  @Override
  public void save(Path dir) {
    try {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("format", FORMAT);
      root.put("state", state);
      AtomicFiles.writeString(dir.resolve(FILE), mapper.writeValueAsString(root));
    } catch (IOException e) {
      throw new MlException("cannot save linear model to " + dir + ": " + e.getMessage(), e);
    }
  }

  static LinearMetaModel read(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      ObjectMapper mapper = new ObjectMapper();
      var node = mapper.readTree(Files.readString(file));
      if (!FORMAT.equals(node.path("format").asText())) {
        throw new MlException(file + " is not a " + FORMAT + " model");
      }
      return new LinearMetaModel(mapper.treeToValue(node.get("state"), State.class));
    } catch (IOException e) {
      throw new MlException("cannot read linear model " + file + ": " + e.getMessage(), e);
    }
  }
}
