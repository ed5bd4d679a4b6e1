package dev.mle4j.tabular.model;

import com.microsoft.ml.lightgbm.PredictionType;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A fitted LightGBM booster (format {@code lightgbm/v1}): LightGBM's own model text ({@code
 * lightgbm.txt}) plus {@code model.json}. NaN features are treated as missing values. Importance is
 * total split gain per feature. Close it to free the native booster.
 *
 * <p>Prediction calls LightGBM's C API directly (through lightgbm4j's SWIG bindings) because
 * lightgbm4j 4.1.0-1's {@code LGBMBooster.predictForMat} allocates an output buffer of two values
 * per row, which overflows (heap corruption, crash or hang) for more than two classes.
 */
public final class LightGbmModel implements TabularModel {

  /** The model text file. */
  static final String MODEL_FILE = "lightgbm.txt";

  private final ModelMeta meta;
  private final String text;
  private final SWIGTYPE_p_p_void handle;
  private boolean closed;

  LightGbmModel(ModelMeta meta, String text) {
    this.meta = meta;
    this.text = text;
    LightGbmLearner.requireNative();
    SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
    SWIGTYPE_p_int iterations = lightgbmlib.new_intp();
    try {
      int rc = lightgbmlib.LGBM_BoosterLoadModelFromString(text, iterations, out);
      if (rc != 0) {
        lightgbmlib.delete_voidpp(out);
        throw new MlException("cannot load LightGBM model: " + lightgbmlib.LGBM_GetLastError());
      }
    } finally {
      lightgbmlib.delete_intp(iterations);
    }
    this.handle = out;
  }

  /**
   * Reads a saved model.
   *
   * @param dir the folder
   * @param format the expected format
   * @return the model
   */
  static LightGbmModel read(Path dir, String format) {
    ModelMeta meta = ModelSupport.readJson(dir.resolve(ModelSupport.META_FILE), ModelMeta.class);
    ModelSupport.checkFormat(meta, format, dir);
    Path file = dir.resolve(MODEL_FILE);
    if (!Files.isRegularFile(file)) {
      throw new MlException("model file " + file + " does not exist");
    }
    try {
      return new LightGbmModel(meta, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MlException("cannot read LightGBM model " + file + ": " + e.getMessage(), e);
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
    if (closed) {
      throw new MlException("the LightGBM model is closed");
    }
    double[][] out = new double[rows.length][];
    if (rows.length == 0) {
      return out;
    }
    int n = rows.length;
    int p = meta.featureNames().size();
    int classes = meta.labels().size();
    int width = classes > 2 ? classes : 1;
    SWIGTYPE_p_double data = lightgbmlib.new_doubleArray((long) n * p);
    SWIGTYPE_p_double result = lightgbmlib.new_doubleArray((long) n * width);
    SWIGTYPE_p_long_long length = lightgbmlib.new_int64_tp();
    double[] raw = new double[n * width];
    try {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < p; j++) {
          lightgbmlib.doubleArray_setitem(data, (long) i * p + j, rows[i][j]);
        }
      }
      int rc =
          lightgbmlib.LGBM_BoosterPredictForMat(
              lightgbmlib.voidpp_value(handle),
              lightgbmlib.double_to_voidp_ptr(data),
              lightgbmlibConstants.C_API_DTYPE_FLOAT64,
              n,
              p,
              1,
              PredictionType.C_API_PREDICT_NORMAL.getType(),
              0,
              -1,
              "num_threads=1",
              length,
              result);
      if (rc != 0) {
        throw new MlException("LightGBM prediction failed: " + lightgbmlib.LGBM_GetLastError());
      }
      long got = lightgbmlib.int64_tp_value(length);
      if (got != (long) n * width) {
        throw new MlException(
            "LightGBM returned " + got + " values for " + n + " rows of " + width + " outputs");
      }
      for (int k = 0; k < raw.length; k++) {
        raw[k] = lightgbmlib.doubleArray_getitem(result, k);
      }
    } finally {
      lightgbmlib.delete_doubleArray(data);
      lightgbmlib.delete_doubleArray(result);
      lightgbmlib.delete_int64_tp(length);
    }
    for (int i = 0; i < n; i++) {
      if (meta.task() == TabularTask.REGRESSION) {
        out[i] = new double[] {raw[i]};
      } else if (classes == 2) {
        out[i] = new double[] {1 - raw[i], raw[i]};
      } else {
        double[] pr = new double[classes];
        System.arraycopy(raw, i * classes, pr, 0, classes);
        out[i] = pr;
      }
    }
    return out;
  }

  @Override
  public Map<String, Double> featureImportance() {
    return meta.importance();
  }

  @Override
  public void save(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(MODEL_FILE), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MlException("cannot write LightGBM model to " + dir + ": " + e.getMessage(), e);
    }
    ModelSupport.writeJson(dir.resolve(ModelSupport.META_FILE), meta);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      lightgbmlib.LGBM_BoosterFree(lightgbmlib.voidpp_value(handle));
      lightgbmlib.delete_voidpp(handle);
    }
  }
}
