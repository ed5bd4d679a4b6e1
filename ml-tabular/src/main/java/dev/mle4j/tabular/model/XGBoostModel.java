package dev.mle4j.tabular.model;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A fitted XGBoost booster (format {@code xgboost/v1}): the booster in XGBoost's binary form
 * ({@code xgboost.bin}) plus {@code model.json}. NaN features are treated as missing values
 * (XGBoost learns a default direction per split). Importance is total gain per feature.
 */
public final class XGBoostModel implements TabularModel {

  /** The booster file. */
  static final String BOOSTER_FILE = "xgboost.bin";

  private final ModelMeta meta;
  private final Booster booster;

  XGBoostModel(ModelMeta meta, Booster booster) {
    this.meta = meta;
    this.booster = booster;
  }

  /**
   * A dense matrix with NaN as the missing value.
   *
   * @param rows the rows
   * @param cols the columns
   * @return the matrix (the caller disposes it)
   * @throws XGBoostError on native errors
   */
  static DMatrix matrix(double[][] rows, int cols) throws XGBoostError {
    return new DMatrix(ModelSupport.flatFloats(rows, cols), rows.length, cols, Float.NaN);
  }

  /**
   * Reads a saved model.
   *
   * @param dir the folder
   * @param format the expected format
   * @return the model
   */
  static XGBoostModel read(Path dir, String format) {
    ModelMeta meta = ModelSupport.readJson(dir.resolve(ModelSupport.META_FILE), ModelMeta.class);
    ModelSupport.checkFormat(meta, format, dir);
    Path file = dir.resolve(BOOSTER_FILE);
    if (!Files.isRegularFile(file)) {
      throw new MlException("model file " + file + " does not exist");
    }
    try {
      return new XGBoostModel(meta, XGBoost.loadModel(Files.readAllBytes(file)));
    } catch (XGBoostError | IOException e) {
      throw new MlException("cannot read XGBoost model " + file + ": " + e.getMessage(), e);
    }
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

  @Override
  public synchronized double[][] predict(double[][] rows) {
    ModelSupport.checkPredict(meta.format(), meta.featureNames(), rows, true);
    double[][] out = new double[rows.length][];
    if (rows.length == 0) {
      return out;
    }
    DMatrix m = null;
    try {
      m = matrix(rows, meta.featureNames().size());
      float[][] raw = booster.predict(m);
      int classes = meta.labels().size();
      for (int i = 0; i < rows.length; i++) {
        if (meta.task() == TabularTask.REGRESSION) {
          out[i] = new double[] {raw[i][0]};
        } else if (classes == 2) {
          double p = raw[i][0];
          out[i] = new double[] {1 - p, p};
        } else {
          double[] p = new double[classes];
          double sum = 0;
          for (int c = 0; c < classes; c++) {
            p[c] = raw[i][c];
            sum += p[c];
          }
          for (int c = 0; c < classes; c++) {
            p[c] /= sum;
          }
          out[i] = p;
        }
      }
      return out;
    } catch (XGBoostError e) {
      throw new MlException("XGBoost prediction failed: " + e.getMessage(), e);
    } finally {
      if (m != null) {
        m.dispose();
      }
    }
  }

  @Override
  public Map<String, Double> featureImportance() {
    return meta.importance();
  }

  @Override
  public synchronized void save(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(BOOSTER_FILE), booster.toByteArray());
    } catch (XGBoostError | IOException e) {
      throw new MlException("cannot write XGBoost model to " + dir + ": " + e.getMessage(), e);
    }
    ModelSupport.writeJson(dir.resolve(ModelSupport.META_FILE), meta);
  }

  @Override
  public synchronized void close() {
    booster.dispose();
  }
}
