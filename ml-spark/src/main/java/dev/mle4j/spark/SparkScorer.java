package dev.mle4j.spark;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Batch scoring of a registered mle4j model (any {@link dev.mle4j.core.Classifier} or {@link
 * dev.mle4j.core.Regressor} whose {@link dev.mle4j.core.ModelLoader} is on the class path: tabular
 * pipeline+model artifacts, text classifiers...) over a Spark {@link Dataset}.
 *
 * <p>The model is loaded once per executor JVM ({@link ExecutorCache}) through the same {@link
 * dev.mle4j.core.ModelLoaders} and input readers as {@code mle4j serve}, so Spark and the model
 * server answer the same row identically. Rows are scored in {@code mapPartitions}, {@link
 * Builder#batchSize(int)} rows per model call. The output keeps every input column and adds:
 *
 * <ul>
 *   <li>classifiers: {@code label} (string) and {@code confidence} (double);
 *   <li>regressors: {@code score} (double);
 *   <li>{@code model_version} (string), and {@code error} (string) when invalid rows are kept.
 * </ul>
 *
 * <p>Tabular models read the row's input columns (other columns are ignored); text models read the
 * {@link Builder#textColumn(String)} column.
 */
public final class SparkScorer {

  /** Output column of classifiers: the predicted label. */
  public static final String LABEL = "label";

  /** Output column of classifiers: the predicted label's probability. */
  public static final String CONFIDENCE = "confidence";

  /** Output column of regressors: the predicted value. */
  public static final String SCORE = "score";

  /** Output column: the version of the model that scored the row. */
  public static final String MODEL_VERSION = "model_version";

  /** Output column when invalid rows are kept: why the row has no prediction. */
  public static final String ERROR = "error";

  private final ModelRef model;
  private final int batchSize;
  private final String textColumn;
  private final String prefix;
  private final boolean keepInvalid;

  private SparkScorer(Builder b) {
    this.model = b.model;
    this.batchSize = b.batchSize;
    this.textColumn = b.textColumn;
    this.prefix = b.prefix;
    this.keepInvalid = b.keepInvalid;
  }

  /**
   * Starts a scorer of a model.
   *
   * @param model the resolved model reference (see {@link ModelRef#resolve})
   * @return the builder
   */
  public static Builder builder(ModelRef model) {
    return new Builder(model);
  }

  /**
   * The model reference.
   *
   * @return the model
   */
  public ModelRef model() {
    return model;
  }

  /**
   * Adds prediction columns to a data set (lazily: nothing runs until an action).
   *
   * <p>The model is loaded in the driver JVM once too, to check the input columns before any task
   * starts.
   *
   * @param input the rows
   * @return the rows with prediction columns
   * @throws MlException when an input column the model needs is missing, or an output column name
   *     is already taken
   */
  public Dataset<Row> score(Dataset<Row> input) {
    ExecutorModel m = ExecutorModel.of(model);
    String[] fields = input.schema().fieldNames();
    List<String> present = Arrays.asList(fields);
    List<String> missing = new ArrayList<>();
    for (String c : m.requiredColumns()) {
      if (!present.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new MlException(
          "input lacks column(s) "
              + missing
              + " that model '"
              + model.name()
              + "' needs; its columns are "
              + present);
    }
    if (m.served().textField().isPresent() && !present.contains(textColumn)) {
      throw new MlException(
          "input has no text column '"
              + textColumn
              + "' for text model '"
              + model.name()
              + "'; its columns are "
              + present
              + " (choose one with textColumn / --text-column)");
    }
    StructType schema = outputSchema(input.schema(), m.isRegressor());
    return input.mapPartitions(
        new PartitionScorer(model, fields, textColumn, batchSize, keepInvalid),
        Encoders.row(schema));
  }

  private StructType outputSchema(StructType in, boolean regressor) {
    List<StructField> out = new ArrayList<>(Arrays.asList(in.fields()));
    List<String> added = new ArrayList<>();
    if (regressor) {
      added.add(prefix + SCORE);
      out.add(DataTypes.createStructField(prefix + SCORE, DataTypes.DoubleType, true));
    } else {
      added.add(prefix + LABEL);
      added.add(prefix + CONFIDENCE);
      out.add(DataTypes.createStructField(prefix + LABEL, DataTypes.StringType, true));
      out.add(DataTypes.createStructField(prefix + CONFIDENCE, DataTypes.DoubleType, true));
    }
    added.add(prefix + MODEL_VERSION);
    out.add(DataTypes.createStructField(prefix + MODEL_VERSION, DataTypes.StringType, false));
    if (keepInvalid) {
      added.add(prefix + ERROR);
      out.add(DataTypes.createStructField(prefix + ERROR, DataTypes.StringType, true));
    }
    List<String> taken = Arrays.asList(in.fieldNames());
    for (String a : added) {
      if (taken.contains(a)) {
        throw new MlException(
            "input already has a column '"
                + a
                + "'; set an output prefix (outputPrefix / --output-prefix), e.g. 'pred_'");
      }
    }
    return new StructType(out.toArray(StructField[]::new));
  }

  /**
   * Scores a CSV or Parquet input and writes Parquet.
   *
   * @param spark the session
   * @param input the input path (local or any Hadoop file system URI)
   * @param format the input format
   * @param output the output folder
   * @param overwrite replace an existing output
   * @return what the job did
   * @throws MlException for a missing input, a missing column, an invalid row (unless kept) or a
   *     failed job
   */
  public ScoreResult scoreFile(
      SparkSession spark, String input, DataFiles.Format format, String output, boolean overwrite) {
    long start = System.nanoTime();
    Dataset<Row> scored = score(DataFiles.read(spark, input, format));
    DataFiles.writeParquet(scored, output, overwrite);
    double seconds = (System.nanoTime() - start) / 1e9;
    Dataset<Row> written = spark.read().parquet(output);
    long rows = written.count();
    long invalid =
        keepInvalid ? written.filter(functions.col(prefix + ERROR).isNotNull()).count() : 0;
    return new ScoreResult(model.name(), model.version(), rows, invalid, seconds, output);
  }

  /** Options of a {@link SparkScorer}. */
  public static final class Builder {
    private final ModelRef model;
    private int batchSize = 1024;
    private String textColumn = "text";
    private String prefix = "";
    private boolean keepInvalid;

    private Builder(ModelRef model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * Rows per model call (default 1024).
     *
     * @param rows at least 1
     * @return this builder
     */
    public Builder batchSize(int rows) {
      if (rows < 1) {
        throw new MlException("batch size must be at least 1, got " + rows);
      }
      this.batchSize = rows;
      return this;
    }

    /**
     * The column text models read (default {@code text}).
     *
     * @param column the column name
     * @return this builder
     */
    public Builder textColumn(String column) {
      this.textColumn = Objects.requireNonNull(column, "column");
      return this;
    }

    /**
     * A prefix for the output column names (default none), for inputs that already have a {@code
     * label} or {@code score} column.
     *
     * @param value the prefix, e.g. {@code pred_}
     * @return this builder
     */
    public Builder outputPrefix(String value) {
      this.prefix = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Whether rows with invalid input are written with null predictions and an {@code error} column
     * (true) or fail the job naming the first such row (false, the default).
     *
     * @param keep keep invalid rows
     * @return this builder
     */
    public Builder keepInvalidRows(boolean keep) {
      this.keepInvalid = keep;
      return this;
    }

    /**
     * Builds the scorer.
     *
     * @return the scorer
     */
    public SparkScorer build() {
      return new SparkScorer(this);
    }
  }
}
