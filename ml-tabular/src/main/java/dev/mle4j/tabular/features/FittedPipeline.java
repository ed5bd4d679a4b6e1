package dev.mle4j.tabular.features;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnSpec;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fitted feature pipeline: the input schema it expects, its fitted steps in order and the names
 * of the features it produces. {@link #transform(DataFrame)} (bulk) and {@link #transformRow(Map)}
 * (one serving row) run the same code; {@link #toJson()} / {@link #fromJson(String)} save and
 * restore it exactly.
 *
 * @param input the columns the pipeline reads, with their types
 * @param steps the fitted steps, applied in order
 * @param features the output feature names, in matrix column order
 */
public record FittedPipeline(
    @JsonProperty("input") List<ColumnSpec> input,
    @JsonProperty("steps") List<FittedStep> steps,
    @JsonProperty("features") List<String> features) {

  /** The format id written into saved JSON. */
  public static final String FORMAT = "mle4j-feature-pipeline/v1";

  /** Copies the lists. */
  public FittedPipeline {
    input = List.copyOf(input);
    steps = List.copyOf(steps);
    features = List.copyOf(features);
  }

  /**
   * The format id, saved with the pipeline.
   *
   * @return {@link #FORMAT}
   */
  @JsonProperty("format")
  public String format() {
    return FORMAT;
  }

  /**
   * The expected input columns as a schema.
   *
   * @return the schema
   */
  public Schema inputSchema() {
    return new Schema(input);
  }

  /**
   * Transforms rows into features.
   *
   * @param frame rows holding at least the input columns (extra columns are ignored)
   * @return one feature row per input row
   * @throws MlException if an input column is missing or has another type
   */
  public FeatureMatrix transform(DataFrame frame) {
    DataFrame df = selectInput(frame);
    for (FittedStep s : steps) {
      df = s.transform(df);
    }
    return toMatrix(df, features);
  }

  /**
   * Transforms one row given as column name to value ({@link Number}, {@link Boolean}, {@link
   * String} or null for missing), e.g. a parsed JSON request.
   *
   * @param row the row
   * @return its features
   * @throws MlException if a value does not fit its column's type
   */
  public double[] transformRow(Map<String, ?> row) {
    return transform(RowFrames.of(List.of(row), inputSchema())).rows()[0];
  }

  private DataFrame selectInput(DataFrame frame) {
    List<String> names = new ArrayList<>();
    for (ColumnSpec c : input) {
      if (!frame.has(c.name())) {
        throw new MlException("input is missing column '" + c.name() + "'");
      }
      ColumnType actual = frame.type(c.name());
      if (actual.isNumberStored() != c.type().isNumberStored()) {
        throw new MlException(
            "column '"
                + c.name()
                + "' is "
                + actual
                + " but the pipeline was fitted on "
                + c.type());
      }
      names.add(c.name());
    }
    return frame.select(names);
  }

  /**
   * Collects number-stored columns into a matrix.
   *
   * @param df the transformed frame
   * @param names the columns to take, in order
   * @return the matrix
   * @throws MlException if a column is missing or stores strings
   */
  public static FeatureMatrix toMatrix(DataFrame df, List<String> names) {
    double[][] rows = new double[df.rows()][names.size()];
    for (int j = 0; j < names.size(); j++) {
      String n = names.get(j);
      if (!df.has(n)) {
        throw new MlException("pipeline output lacks feature '" + n + "'");
      }
      double[] col = df.numeric(n);
      for (int i = 0; i < rows.length; i++) {
        rows[i][j] = col[i];
      }
    }
    return new FeatureMatrix(names, rows);
  }

  /**
   * Saves the pipeline as JSON.
   *
   * @return the JSON text
   */
  public String toJson() {
    try {
      return FeatureJson.mapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new MlException(
          "cannot write the feature pipeline as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads a pipeline saved by {@link #toJson()}.
   *
   * @param json the JSON text
   * @return the pipeline
   * @throws MlException if the text is not a saved pipeline
   */
  public static FittedPipeline fromJson(String json) {
    try {
      var node = FeatureJson.mapper().readTree(json);
      String format = node.path("format").asText("");
      if (!FORMAT.equals(format)) {
        throw new MlException(
            "not a saved feature pipeline: format is '" + format + "', expected " + FORMAT);
      }
      return FeatureJson.mapper().treeToValue(node, FittedPipeline.class);
    } catch (JsonProcessingException e) {
      throw new MlException("cannot read the feature pipeline JSON: " + e.getOriginalMessage(), e);
    }
  }
}
