package dev.mle4j.tabular.monitoring;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.CsvReader;
import dev.mle4j.core.data.CsvTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where true labels come from: a CSV file with an id column, a label column and, optionally, the
 * time each label arrived. Predictions join on their request id, or on a field of the logged input
 * ({@link Builder#inputIdField(String)}).
 *
 * <p>Label timestamps are ISO-8601 instants ({@code 2026-01-01T10:00:00Z}), or local date-times or
 * dates read as UTC. Without a timestamp column every label counts as available at any time.
 *
 * @param idColumn the labels file's id column (default {@code request_id})
 * @param labelColumn the true label column (default {@code label})
 * @param timestampColumn the label arrival time column (default {@code label_timestamp}); used only
 *     when the file has it
 * @param inputIdField the logged input field to join on, or null to join on the request id
 */
public record LabelsFile(
    String idColumn, String labelColumn, String timestampColumn, String inputIdField) {

  /** Checks the column names. */
  public LabelsFile {
    requireName(idColumn, "idColumn");
    requireName(labelColumn, "labelColumn");
    requireName(timestampColumn, "timestampColumn");
    if (inputIdField != null && inputIdField.isBlank()) {
      throw new MlException("labels: inputIdField must not be blank");
    }
  }

  /**
   * The defaults: {@code request_id}, {@code label}, {@code label_timestamp}, joined on request id.
   *
   * @return the spec
   */
  public static LabelsFile defaults() {
    return builder().build();
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A true label and when it arrived.
   *
   * @param value the label text (a class name or a number)
   * @param arrivedAt when it became known; {@link Instant#MIN} when the file has no timestamps
   */
  public record Label(String value, Instant arrivedAt) {}

  /**
   * Reads the labels of a file, by id.
   *
   * @param file the CSV file
   * @return id to label (a later row with the same id replaces an earlier one)
   * @throws MlException when the file is missing, lacks a column, or a row has an empty id or label
   *     or a bad timestamp (naming file and line)
   */
  public Map<String, Label> read(Path file) {
    if (file == null || !Files.isRegularFile(file)) {
      throw new MlException("labels file " + file + " does not exist");
    }
    CsvTable table = CsvReader.builder().trim(true).build().read(file);
    for (String c : new String[] {idColumn, labelColumn}) {
      if (!table.columns().contains(c)) {
        throw new MlException(
            "labels file " + file + " lacks column '" + c + "' (columns: " + table.columns() + ")");
      }
    }
    boolean timed = table.columns().contains(timestampColumn);
    Map<String, Label> out = new HashMap<>();
    for (int r = 0; r < table.size(); r++) {
      String where = file + ":" + (r + 2);
      String id = table.value(r, idColumn);
      String label = table.value(r, labelColumn);
      if (id == null || id.isEmpty()) {
        throw new MlException(where + ": empty id in column '" + idColumn + "'");
      }
      if (label == null || label.isEmpty()) {
        throw new MlException(where + ": empty label in column '" + labelColumn + "'");
      }
      Instant at = timed ? parseTime(table.value(r, timestampColumn), where) : Instant.MIN;
      out.put(id, new Label(label, at));
    }
    return out;
  }

  /**
   * The join key of a logged prediction.
   *
   * @param p the prediction
   * @return its request id, or the text of its input id field (null when the field is absent)
   */
  public String key(LoggedPrediction p) {
    if (inputIdField == null) {
      return p.requestId();
    }
    var v = p.input().get(inputIdField);
    return v == null || v.isNull() ? null : v.asText();
  }

  static Instant parseTime(String text, String where) {
    if (text == null || text.isEmpty()) {
      throw new MlException(where + ": empty label timestamp");
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      // try local forms below
    }
    try {
      return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try a date below
    }
    try {
      return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new MlException(where + ": label timestamp '" + text + "' is not an ISO-8601 time", e);
    }
  }

  private static void requireName(String name, String what) {
    if (name == null || name.isBlank()) {
      throw new MlException("labels: " + what + " must not be blank");
    }
  }

  /** Options of a {@link LabelsFile}. */
  public static final class Builder {
    private String idColumn = "request_id";
    private String labelColumn = "label";
    private String timestampColumn = "label_timestamp";
    private String inputIdField;

    private Builder() {}

    /**
     * The labels file's id column.
     *
     * @param name column name
     * @return this builder
     */
    public Builder idColumn(String name) {
      this.idColumn = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The true label column.
     *
     * @param name column name
     * @return this builder
     */
    public Builder labelColumn(String name) {
      this.labelColumn = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The label arrival time column.
     *
     * @param name column name
     * @return this builder
     */
    public Builder timestampColumn(String name) {
      this.timestampColumn = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Joins on a field of the logged input instead of the request id.
     *
     * @param field input field name
     * @return this builder
     */
    public Builder inputIdField(String field) {
      this.inputIdField = Objects.requireNonNull(field, "field");
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     */
    public LabelsFile build() {
      return new LabelsFile(idColumn, labelColumn, timestampColumn, inputIdField);
    }
  }
}
