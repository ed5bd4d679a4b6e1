package dev.mle4j.tabular.serving;

import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.data.CsvReader;
import dev.mle4j.core.data.CsvTable;
import dev.mle4j.core.serving.InvalidInputException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.TabularTask;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predicts every row of a CSV file with a {@link TabularPredictor} and writes a predictions CSV.
 *
 * <p>Columns are typed by the artifact's saved input schema, not inferred from the file; every row
 * is validated with the predictor's {@link RowValidator} exactly as a served request (cells parsed
 * with the same {@link dev.mle4j.tabular.data.Values} rules as {@link
 * dev.mle4j.tabular.data.TableLoader}); errors are collected with their data row numbers (up to
 * {@link Builder#maxErrors(int)}) instead of stopping at the first. By default any invalid row
 * fails the run with one message listing the errors and nothing is written; with {@link
 * Builder#skipInvalidRows(boolean)} the valid rows are predicted and invalid rows are written with
 * empty predictions and their error.
 *
 * <p>Output columns: the id column (if the input has one: {@link Builder#idColumn(String)}, else
 * the first input column of type {@link ColumnType#ID} present in the file), then {@code
 * prediction} for regression, or {@code label} and {@code probability_<label>} per class for
 * classification, then {@code error} when invalid rows are skipped.
 */
public final class BatchPredictor {

  private static final Logger LOG = LoggerFactory.getLogger(BatchPredictor.class);

  /**
   * One invalid row.
   *
   * @param row the 1-based data row (the header is row 0)
   * @param field the offending column
   * @param message what is wrong
   */
  public record RowError(int row, String field, String message) {}

  /**
   * What a run did.
   *
   * @param rows data rows read
   * @param predicted rows predicted
   * @param errors invalid rows
   * @param firstErrors the first invalid rows (up to the configured maximum)
   * @param seconds wall time of the run
   * @param output the predictions file
   */
  public record Summary(
      int rows,
      int predicted,
      int errors,
      List<RowError> firstErrors,
      double seconds,
      Path output) {
    /** Copies the list. */
    public Summary {
      firstErrors = List.copyOf(firstErrors);
    }
  }

  private final TabularPredictor predictor;
  private final int maxErrors;
  private final boolean skipInvalid;
  private final String idColumn;
  private final int chunkSize;

  private BatchPredictor(Builder b) {
    this.predictor = b.predictor;
    this.maxErrors = b.maxErrors;
    this.skipInvalid = b.skipInvalid;
    this.idColumn = b.idColumn;
    this.chunkSize = b.chunkSize;
  }

  /**
   * Starts a builder.
   *
   * @param predictor the predictor (not closed by the batch predictor)
   * @return the builder
   */
  public static Builder builder(TabularPredictor predictor) {
    return new Builder(predictor);
  }

  /**
   * Predicts a CSV file.
   *
   * @param input the CSV file with a header
   * @param output the predictions CSV to write (replaced atomically)
   * @return the summary
   * @throws MlException if the file cannot be read, lacks input columns, or (unless invalid rows
   *     are skipped) has invalid rows
   */
  public Summary predict(Path input, Path output) {
    long start = System.nanoTime();
    CsvTable table = CsvReader.builder().trim(true).build().read(input);
    String source = input.getFileName().toString();
    RowValidator validator = predictor.validator();
    List<String> absent = new ArrayList<>();
    for (ColumnProfile c : validator.columns()) {
      if (table.columns().indexOf(c.name()) < 0 && c.type() != ColumnType.ID) {
        absent.add(c.name());
      }
    }
    if (!absent.isEmpty()) {
      throw new MlException(
          source
              + " lacks input column(s) "
              + absent
              + " that model '"
              + predictor.card().name()
              + "' needs; its columns are "
              + table.columns());
    }
    Optional<String> id = idColumn(table);
    int n = table.size();
    List<Map<String, Object>> valid = new ArrayList<>(n);
    int[] validRows = new int[n];
    String[] errorOf = new String[n];
    List<RowError> errors = new ArrayList<>();
    int errorCount = 0;
    List<String> names = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    for (ColumnProfile c : validator.columns()) {
      int j = table.columns().indexOf(c.name());
      if (j >= 0) {
        names.add(c.name());
        indices.add(j);
      }
    }
    for (int i = 0; i < n; i++) {
      String[] cells = table.rows().get(i);
      Map<String, Object> raw = new LinkedHashMap<>();
      for (int k = 0; k < names.size(); k++) {
        int j = indices.get(k);
        raw.put(names.get(k), j < cells.length ? cells[j] : null);
      }
      try {
        valid.add(validator.validate(raw));
        validRows[valid.size() - 1] = i;
      } catch (InvalidInputException e) {
        errorCount++;
        errorOf[i] = e.getMessage();
        if (errors.size() < maxErrors) {
          errors.add(new RowError(i + 1, e.field(), e.getMessage()));
        }
      }
    }
    if (errorCount > 0 && !skipInvalid) {
      StringBuilder sb =
          new StringBuilder(source + ": " + errorCount + " of " + n + " rows are invalid");
      for (RowError e : errors) {
        sb.append("; data row ").append(e.row()).append(": ").append(e.message());
      }
      if (errorCount > errors.size()) {
        sb.append("; ...");
      }
      throw new MlException(sb.toString());
    }
    String[][] predicted = new String[n][];
    for (int from = 0; from < valid.size(); from += chunkSize) {
      int to = Math.min(valid.size(), from + chunkSize);
      TabularPredictions p = predictor.predictRows(valid.subList(from, to));
      for (int k = 0; k < p.size(); k++) {
        predicted[validRows[from + k]] = cells(p, k);
      }
    }
    write(output, table, id, predicted, errorOf);
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info(
        "predicted {} of {} rows of {} with model {} in {} s ({} invalid)",
        valid.size(),
        n,
        source,
        predictor.card().name(),
        String.format(java.util.Locale.ROOT, "%.3f", seconds),
        errorCount);
    return new Summary(n, valid.size(), errorCount, errors, seconds, output);
  }

  private Optional<String> idColumn(CsvTable table) {
    if (idColumn != null) {
      if (table.columns().indexOf(idColumn) < 0) {
        throw new MlException(
            "id column '" + idColumn + "' is not in the file; its columns are " + table.columns());
      }
      return Optional.of(idColumn);
    }
    for (ColumnProfile c : predictor.validator().columns()) {
      if (c.type() == ColumnType.ID && table.columns().indexOf(c.name()) >= 0) {
        return Optional.of(c.name());
      }
    }
    return Optional.empty();
  }

  private String[] cells(TabularPredictions p, int k) {
    if (p.task() == TabularTask.REGRESSION) {
      return new String[] {Double.toString(p.value(k))};
    }
    Classification c = p.classification(k);
    String[] out = new String[1 + p.labels().size()];
    out[0] = c.label();
    for (int j = 0; j < p.labels().size(); j++) {
      out[1 + j] = Double.toString(p.outputs()[k][j]);
    }
    return out;
  }

  private void write(
      Path output, CsvTable table, Optional<String> id, String[][] predicted, String[] errorOf) {
    List<String> header = new ArrayList<>();
    id.ifPresent(header::add);
    if (predictor.task() == TabularTask.REGRESSION) {
      header.add("prediction");
    } else {
      header.add("label");
      predictor.labels().forEach(l -> header.add("probability_" + l));
    }
    if (skipInvalid) {
      header.add("error");
    }
    int width = header.size() - (id.isPresent() ? 1 : 0) - (skipInvalid ? 1 : 0);
    Path target = output.toAbsolutePath();
    Path temp = target.resolveSibling(".tmp-" + target.getFileName());
    try {
      if (target.getParent() != null) {
        Files.createDirectories(target.getParent());
      }
      try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        line(w, header);
        for (int i = 0; i < predicted.length; i++) {
          List<String> row = new ArrayList<>(header.size());
          if (id.isPresent()) {
            row.add(table.value(i, id.get()));
          }
          String[] p = predicted[i];
          for (int j = 0; j < width; j++) {
            row.add(p == null ? "" : p[j]);
          }
          if (skipInvalid) {
            row.add(errorOf[i] == null ? "" : errorOf[i]);
          }
          line(w, row);
        }
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort
      }
      throw new MlException("cannot write predictions to " + output + ": " + e.getMessage(), e);
    }
  }

  private static void line(BufferedWriter w, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      w.write(quote(cells.get(i)));
    }
    w.write('\n');
  }

  private static String quote(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** Options of a {@link BatchPredictor}. */
  public static final class Builder {
    private final TabularPredictor predictor;
    private int maxErrors = 20;
    private boolean skipInvalid;
    private String idColumn;
    private int chunkSize = 4096;

    private Builder(TabularPredictor predictor) {
      this.predictor = Objects.requireNonNull(predictor, "predictor");
    }

    /**
     * How many invalid rows to report in detail (default 20); all are counted.
     *
     * @param maxErrors at least 1
     * @return this builder
     */
    public Builder maxErrors(int maxErrors) {
      if (maxErrors < 1) {
        throw new MlException("maxErrors must be at least 1, got " + maxErrors);
      }
      this.maxErrors = maxErrors;
      return this;
    }

    /**
     * Whether invalid rows are written with an error instead of failing the run (default false).
     *
     * @param skip true to skip invalid rows
     * @return this builder
     */
    public Builder skipInvalidRows(boolean skip) {
      this.skipInvalid = skip;
      return this;
    }

    /**
     * The column copied into the output to identify rows (default: the first id column).
     *
     * @param column a column of the input file
     * @return this builder
     */
    public Builder idColumn(String column) {
      if (column == null || column.isBlank()) {
        throw new MlException("idColumn must not be blank");
      }
      this.idColumn = column;
      return this;
    }

    /**
     * Rows per model call (default 4096), bounding memory for large files.
     *
     * @param rows at least 1
     * @return this builder
     */
    public Builder chunkSize(int rows) {
      if (rows < 1) {
        throw new MlException("chunkSize must be at least 1, got " + rows);
      }
      this.chunkSize = rows;
      return this;
    }

    /**
     * Builds the batch predictor.
     *
     * @return the batch predictor
     */
    public BatchPredictor build() {
      return new BatchPredictor(this);
    }
  }
}
