package dev.mle4j.tabular.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared input checks, JSON files and small numeric helpers of the built-in learners. */
final class ModelSupport {

  /** The file holding a model's metadata (and, for linear models, its coefficients). */
  static final String META_FILE = "model.json";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private ModelSupport() {}

  /**
   * Checks the training data of a learner.
   *
   * @param learner the learner name, for messages
   * @param task the learner's task
   * @param x the features
   * @param y the target
   * @param allowNaN whether NaN features are allowed
   */
  static void checkTraining(
      String learner, TabularTask task, FeatureMatrix x, Target y, boolean allowNaN) {
    if (x == null || y == null) {
      throw new MlException(learner + ": features and target are required");
    }
    if (x.size() == 0) {
      throw new MlException(learner + ": the feature matrix has no rows");
    }
    if (x.names().isEmpty()) {
      throw new MlException(learner + ": the feature matrix has no columns");
    }
    if (x.size() != y.size()) {
      throw new MlException(
          learner
              + ": the feature matrix has "
              + x.size()
              + " rows but target '"
              + y.name()
              + "' has "
              + y.size());
    }
    if (y.task() != task) {
      throw new MlException(
          learner
              + " is a "
              + task.name().toLowerCase()
              + " learner but target '"
              + y.name()
              + "' is a "
              + y.task().name().toLowerCase()
              + " target");
    }
    if (task == TabularTask.CLASSIFICATION) {
      int[] counts = new int[y.labels().size()];
      for (int i = 0; i < y.size(); i++) {
        counts[(int) y.value(i)]++;
      }
      int present = 0;
      for (int c : counts) {
        present += c > 0 ? 1 : 0;
      }
      if (present < 2) {
        throw new MlException(
            learner
                + ": target '"
                + y.name()
                + "' has only one class in the training rows (labels "
                + y.labels()
                + "); need at least two");
      }
    }
    checkValues(learner, x.names(), x.rows(), allowNaN);
  }

  /**
   * Checks prediction rows against the model's features.
   *
   * @param format the model format, for messages
   * @param names the feature names
   * @param rows the rows
   * @param allowNaN whether NaN is allowed
   */
  static void checkPredict(String format, List<String> names, double[][] rows, boolean allowNaN) {
    if (rows == null) {
      throw new MlException(format + ": rows are required");
    }
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != names.size()) {
        throw new MlException(
            format
                + ": row "
                + i
                + " has "
                + (rows[i] == null ? 0 : rows[i].length)
                + " values but the model expects "
                + names.size()
                + " features");
      }
    }
    checkValues(format, names, rows, allowNaN);
  }

  private static void checkValues(
      String who, List<String> names, double[][] rows, boolean allowNaN) {
    for (int i = 0; i < rows.length; i++) {
      double[] r = rows[i];
      for (int j = 0; j < r.length; j++) {
        double v = r[j];
        if (Double.isNaN(v)) {
          if (!allowNaN) {
            throw new MlException(
                who
                    + " does not accept missing values: feature '"
                    + names.get(j)
                    + "' is NaN at row "
                    + i
                    + " (impute missing values in the feature pipeline)");
          }
        } else if (Double.isInfinite(v)) {
          throw new MlException(who + ": feature '" + names.get(j) + "' is infinite at row " + i);
        }
      }
    }
  }

  /**
   * Number of classes in a target (1 for regression).
   *
   * @param y the target
   * @return the output width
   */
  static int classes(Target y) {
    return y.task() == TabularTask.CLASSIFICATION ? y.labels().size() : 1;
  }

  /**
   * Normalises non-negative importance values to sum to one, keyed by feature name.
   *
   * @param names the feature names
   * @param raw importance per feature (index aligned)
   * @return name to share of the total (all zero if the total is zero)
   */
  static Map<String, Double> normalise(List<String> names, double[] raw) {
    double sum = 0;
    for (double v : raw) {
      sum += Math.max(0, v);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (int j = 0; j < names.size(); j++) {
      out.put(names.get(j), sum > 0 ? Math.max(0, raw[j]) / sum : 0.0);
    }
    return out;
  }

  /**
   * Writes a JSON file.
   *
   * @param file the file
   * @param value the value
   */
  static void writeJson(Path file, Object value) {
    try {
      Files.createDirectories(file.getParent());
      MAPPER.writeValue(file.toFile(), value);
    } catch (IOException e) {
      throw new MlException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a JSON file.
   *
   * @param file the file
   * @param type the type
   * @param <T> the type
   * @return the value
   */
  static <T> T readJson(Path file, Class<T> type) {
    if (!Files.isRegularFile(file)) {
      throw new MlException("model file " + file + " does not exist");
    }
    try {
      return MAPPER.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new MlException("cannot read model file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks that a saved model has the expected format.
   *
   * @param meta the metadata read
   * @param format the format asked for
   * @param dir the folder, for messages
   */
  static void checkFormat(ModelMeta meta, String format, Path dir) {
    if (!format.equals(meta.format())) {
      throw new MlException(
          "model in " + dir + " has format '" + meta.format() + "', not '" + format + "'");
    }
  }

  /**
   * Turns a row-major matrix into a flat float array (NaN kept).
   *
   * @param rows the rows
   * @param cols the number of columns
   * @return the flat array
   */
  static float[] flatFloats(double[][] rows, int cols) {
    float[] out = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < cols; j++) {
        out[i * cols + j] = (float) rows[i][j];
      }
    }
    return out;
  }
}
