package dev.mle4j.spark;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnSpec;
import dev.mle4j.tabular.features.FittedPipeline;
import dev.mle4j.tabular.serving.TabularArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Distributed feature computation: a fitted tabular {@link FittedPipeline} applied to a Spark
 * {@link Dataset}, row for row equal to the single-machine {@link FittedPipeline#transform}.
 *
 * <p>The pipeline travels as its saved JSON (the same file training writes) and is parsed once per
 * executor JVM. Each partition is transformed in batches through the same {@code RowFrames} →
 * {@code FittedPipeline.transform} code the model server uses, so values are parsed exactly as
 * mle4j's CSV reader parses them. The output holds the {@link Builder#keepColumns kept columns}
 * followed by one double column per feature (or a single {@code features} array column).
 */
public final class SparkFeatures {

  /** The array column name of {@link Layout#ARRAY}. */
  public static final String FEATURES = "features";

  /** How features are laid out in the output. */
  public enum Layout {
    /** One double column per feature, named like the feature (the default). */
    COLUMNS,
    /** One {@code array<double>} column {@value SparkFeatures#FEATURES}, in feature order. */
    ARRAY
  }

  private final String pipelineJson;
  private final String key;
  private final FittedPipeline pipeline;
  private final List<String> keep;
  private final Layout layout;
  private final int batchSize;

  private SparkFeatures(Builder b) {
    this.pipeline = b.pipeline;
    this.pipelineJson = b.pipeline.toJson();
    this.key = "pipeline:" + sha256(pipelineJson);
    this.keep = List.copyOf(b.keep);
    this.layout = b.layout;
    this.batchSize = b.batchSize;
  }

  /**
   * Starts a transformer of a fitted pipeline.
   *
   * @param pipeline the fitted pipeline
   * @return the builder
   */
  public static Builder builder(FittedPipeline pipeline) {
    return new Builder(Objects.requireNonNull(pipeline, "pipeline"));
  }

  /**
   * Starts a transformer with the feature pipeline of a registered tabular model.
   *
   * @param model the model reference
   * @return the builder
   * @throws MlException when the model is not a tabular artifact
   */
  public static Builder builder(ModelRef model) {
    Path file = Path.of(model.versionDir()).resolve(TabularArtifact.PIPELINE_FILE);
    if (!Files.isRegularFile(file)) {
      throw new MlException(
          "model '"
              + model.name()
              + "' version "
              + model.version()
              + " has no "
              + TabularArtifact.PIPELINE_FILE
              + "; only tabular models carry a feature pipeline");
    }
    try {
      return builder(FittedPipeline.fromJson(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new MlException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The feature names, in output order.
   *
   * @return the names
   */
  public List<String> features() {
    return pipeline.features();
  }

  /**
   * Transforms a data set (lazily).
   *
   * @param input rows holding at least the pipeline's input columns
   * @return the kept columns and the features
   * @throws MlException when an input or kept column is missing or a feature name clashes with a
   *     kept column
   */
  public Dataset<Row> transform(Dataset<Row> input) {
    List<String> present = Arrays.asList(input.schema().fieldNames());
    List<String> missing = new ArrayList<>();
    for (ColumnSpec c : pipeline.input()) {
      if (!present.contains(c.name())) {
        missing.add(c.name());
      }
    }
    for (String k : keep) {
      if (!present.contains(k)) {
        missing.add(k);
      }
    }
    if (!missing.isEmpty()) {
      throw new MlException(
          "input lacks column(s) "
              + missing
              + " that the feature pipeline reads or that should be kept; its columns are "
              + present);
    }
    List<StructField> out = new ArrayList<>();
    for (String k : keep) {
      out.add(input.schema().apply(k));
    }
    if (layout == Layout.ARRAY) {
      if (keep.contains(FEATURES)) {
        throw new MlException("kept column '" + FEATURES + "' clashes with the features column");
      }
      out.add(
          DataTypes.createStructField(
              FEATURES, DataTypes.createArrayType(DataTypes.DoubleType, false), false));
    } else {
      for (String f : pipeline.features()) {
        if (keep.contains(f)) {
          throw new MlException(
              "kept column '" + f + "' has the name of a feature; use the ARRAY layout");
        }
        out.add(DataTypes.createStructField(f, DataTypes.DoubleType, false));
      }
    }
    String[] fields = input.schema().fieldNames();
    return input.mapPartitions(
        new PartitionFeatures(key, pipelineJson, fields, keep, layout, batchSize),
        Encoders.row(new StructType(out.toArray(StructField[]::new))));
  }

  static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  /** Options of {@link SparkFeatures}. */
  public static final class Builder {
    private final FittedPipeline pipeline;
    private List<String> keep = List.of();
    private Layout layout = Layout.COLUMNS;
    private int batchSize = 1024;

    private Builder(FittedPipeline pipeline) {
      this.pipeline = pipeline;
    }

    /**
     * Input columns to copy into the output before the features (ids, targets, timestamps).
     *
     * @param columns the column names
     * @return this builder
     */
    public Builder keepColumns(List<String> columns) {
      this.keep = List.copyOf(columns);
      return this;
    }

    /**
     * The output layout (default {@link Layout#COLUMNS}).
     *
     * @param value the layout
     * @return this builder
     */
    public Builder layout(Layout value) {
      this.layout = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Rows per pipeline call (default 1024).
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
     * Builds the transformer.
     *
     * @return the transformer
     */
    public SparkFeatures build() {
      return new SparkFeatures(this);
    }
  }
}
