package dev.mle4j.tabular.eda;

import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.TabularTask;
import java.util.List;
import java.util.Optional;

/**
 * The findings of an {@link EdaReport}. Statistics are computed on all rows; numbers that cannot be
 * computed are {@code NaN} (written as {@code null} in {@code eda.json}).
 *
 * @param title the report title
 * @param rows the row count
 * @param columns one summary per column, in frame order (the target included)
 * @param target the target analysis, or null without a target
 * @param pearson Pearson correlations between numeric columns
 * @param spearman Spearman rank correlations between numeric columns
 * @param cramersV bias-corrected Cramér's V between categorical (and boolean) columns
 * @param correlationRatio eta between numeric (rows) and categorical (columns) columns
 * @param targetAssociations association of every analysable column with the target, strongest first
 * @param missing the missing-value analysis
 * @param outliers outlier bounds and counts per numeric column
 * @param warnings things to look at before modelling
 * @param charts the chart files written (names relative to the output folder)
 * @param chartsLeftOut columns whose distribution chart was left out (chart cap)
 */
public record EdaResult(
    String title,
    int rows,
    List<ColumnSummary> columns,
    TargetSummary target,
    Matrix pearson,
    Matrix spearman,
    Matrix cramersV,
    Matrix correlationRatio,
    List<TargetAssociation> targetAssociations,
    MissingAnalysis missing,
    List<OutlierSummary> outliers,
    List<EdaWarning> warnings,
    List<String> charts,
    List<String> chartsLeftOut) {

  /** Copies the lists. */
  public EdaResult {
    columns = List.copyOf(columns);
    targetAssociations = List.copyOf(targetAssociations);
    outliers = List.copyOf(outliers);
    warnings = List.copyOf(warnings);
    charts = List.copyOf(charts);
    chartsLeftOut = List.copyOf(chartsLeftOut);
  }

  /**
   * The summary of one column.
   *
   * @param name the column
   * @return its summary, if the frame has it
   */
  public Optional<ColumnSummary> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * The warnings of one kind.
   *
   * @param kind the kind
   * @return those warnings, in order
   */
  public List<EdaWarning> warnings(WarningKind kind) {
    return warnings.stream().filter(w -> w.kind() == kind).toList();
  }

  /**
   * The columns flagged as possible target leakage.
   *
   * @return column names
   */
  public List<String> leakageSuspects() {
    return warnings(WarningKind.LEAKAGE).stream()
        .flatMap(w -> w.columns().stream())
        .distinct()
        .toList();
  }

  /**
   * A value and how often it occurs.
   *
   * @param value the value (numbers as text)
   * @param count rows with it
   */
  public record CategoryCount(String value, long count) {}

  /**
   * Summary statistics of one column. Numeric fields are NaN for string-stored columns.
   *
   * @param name the column
   * @param type its type
   * @param count non-missing values
   * @param missing missing values
   * @param missingPercent missing values in percent of rows
   * @param distinct distinct non-missing values
   * @param mean the mean
   * @param std the sample standard deviation
   * @param min the minimum
   * @param q1 the first quartile
   * @param median the median
   * @param q3 the third quartile
   * @param max the maximum
   * @param skewness the adjusted sample skewness
   * @param kurtosis the adjusted sample excess kurtosis
   * @param topCategories the most frequent values (string and boolean columns)
   */
  public record ColumnSummary(
      String name,
      ColumnType type,
      int count,
      int missing,
      double missingPercent,
      int distinct,
      double mean,
      double std,
      double min,
      double q1,
      double median,
      double q3,
      double max,
      double skewness,
      double kurtosis,
      List<CategoryCount> topCategories) {
    /** Copies the list. */
    public ColumnSummary {
      topCategories = List.copyOf(topCategories);
    }
  }

  /**
   * A labelled matrix of association values.
   *
   * @param rows row labels
   * @param columns column labels
   * @param values {@code values[row][column]}, NaN where undefined
   */
  public record Matrix(List<String> rows, List<String> columns, double[][] values) {
    /** Copies the lists. */
    public Matrix {
      rows = List.copyOf(rows);
      columns = List.copyOf(columns);
    }

    /**
     * An empty matrix.
     *
     * @return a matrix without rows or columns
     */
    public static Matrix empty() {
      return new Matrix(List.of(), List.of(), new double[0][0]);
    }

    /**
     * One value by labels.
     *
     * @param row the row label
     * @param column the column label
     * @return the value
     * @throws IllegalArgumentException for unknown labels
     */
    public double get(String row, String column) {
      int r = rows.indexOf(row);
      int c = columns.indexOf(column);
      if (r < 0 || c < 0) {
        throw new IllegalArgumentException("no cell (" + row + ", " + column + ")");
      }
      return values[r][c];
    }

    /**
     * Whether the matrix has no cells.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
      return rows.isEmpty() || columns.isEmpty();
    }
  }

  /**
   * How strongly a column is associated with the target.
   *
   * @param column the column
   * @param measure {@code pearson} (numeric column, regression target; value is r), {@code eta}
   *     (correlation ratio) or {@code cramers_v}
   * @param value the association
   */
  public record TargetAssociation(String column, String measure, double value) {}

  /**
   * Missing values of one column.
   *
   * @param column the column
   * @param missing missing values
   * @param percent in percent of rows
   */
  public record MissingColumn(String column, int missing, double percent) {}

  /**
   * Two columns that tend to be missing in the same rows.
   *
   * @param first a column
   * @param second another column
   * @param both rows where both are missing
   * @param jaccard rows where both are missing divided by rows where either is
   */
  public record CoMissing(String first, String second, int both, double jaccard) {}

  /**
   * The missing-value analysis.
   *
   * @param columns every column with its missing count, frame order
   * @param rowsWithAnyMissing rows with at least one missing value
   * @param coMissing column pairs with a Jaccard overlap of their missing rows of at least 0.5
   */
  public record MissingAnalysis(
      List<MissingColumn> columns, int rowsWithAnyMissing, List<CoMissing> coMissing) {
    /** Copies the lists. */
    public MissingAnalysis {
      columns = List.copyOf(columns);
      coMissing = List.copyOf(coMissing);
    }
  }

  /**
   * Outliers of one numeric column by two rules.
   *
   * @param column the column
   * @param q1 first quartile
   * @param q3 third quartile
   * @param iqrLower lower IQR fence {@code q1 - 1.5 IQR}
   * @param iqrUpper upper IQR fence {@code q3 + 1.5 IQR}
   * @param iqrOutliers values outside the IQR fences
   * @param zLower {@code mean - 3 sd}
   * @param zUpper {@code mean + 3 sd}
   * @param zOutliers values with {@code |z| > 3}
   */
  public record OutlierSummary(
      String column,
      double q1,
      double q3,
      double iqrLower,
      double iqrUpper,
      int iqrOutliers,
      double zLower,
      double zUpper,
      int zOutliers) {}

  /**
   * The target analysis.
   *
   * @param name the target column
   * @param task regression or classification
   * @param count rows with a target value
   * @param missing rows without one
   * @param mean regression: the mean (NaN for classification)
   * @param std regression: the standard deviation
   * @param min regression: the minimum
   * @param max regression: the maximum
   * @param skewness regression: the skewness
   * @param suggestLog1p regression: whether a log1p transform is suggested (skewness above 1 and no
   *     values below 0)
   * @param classes classification: the class counts, most frequent first
   * @param imbalanceRatio classification: largest class count over smallest
   */
  public record TargetSummary(
      String name,
      TabularTask task,
      int count,
      int missing,
      double mean,
      double std,
      double min,
      double max,
      double skewness,
      boolean suggestLog1p,
      List<CategoryCount> classes,
      double imbalanceRatio) {
    /** Copies the list. */
    public TargetSummary {
      classes = List.copyOf(classes);
    }
  }

  /**
   * One warning.
   *
   * @param kind what kind of problem
   * @param columns the columns involved
   * @param message a one-line explanation
   */
  public record EdaWarning(WarningKind kind, List<String> columns, String message) {
    /** Copies the list. */
    public EdaWarning {
      columns = List.copyOf(columns);
    }
  }

  /** Kinds of {@link EdaWarning}. */
  public enum WarningKind {
    /** A column with a single value. */
    CONSTANT,
    /** Two columns with the same information (identical, one-to-one recoding, or r &gt; 0.999). */
    DUPLICATE,
    /** A categorical column with very many distinct values. */
    HIGH_CARDINALITY,
    /** A column that looks like a row identifier. */
    ID_LIKE,
    /** A column with more than half its values missing. */
    MANY_MISSING,
    /** A column that predicts the target (almost) perfectly: check it is known at prediction. */
    LEAKAGE,
    /** A regression target with a strong skew. */
    SKEWED_TARGET,
    /** A classification target whose largest class is over three times the smallest. */
    IMBALANCED_TARGET
  }
}
