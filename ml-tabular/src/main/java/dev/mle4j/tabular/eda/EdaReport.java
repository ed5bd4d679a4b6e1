package dev.mle4j.tabular.eda;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.report.Charts;
import dev.mle4j.core.report.HtmlReport;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.eda.EdaResult.CategoryCount;
import dev.mle4j.tabular.eda.EdaResult.CoMissing;
import dev.mle4j.tabular.eda.EdaResult.ColumnSummary;
import dev.mle4j.tabular.eda.EdaResult.EdaWarning;
import dev.mle4j.tabular.eda.EdaResult.Matrix;
import dev.mle4j.tabular.eda.EdaResult.MissingAnalysis;
import dev.mle4j.tabular.eda.EdaResult.MissingColumn;
import dev.mle4j.tabular.eda.EdaResult.OutlierSummary;
import dev.mle4j.tabular.eda.EdaResult.TargetAssociation;
import dev.mle4j.tabular.eda.EdaResult.TargetSummary;
import dev.mle4j.tabular.eda.EdaResult.WarningKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exploratory data analysis of a frame: computes an {@link EdaResult} on all rows and (with an
 * output folder) writes distribution charts, correlation heat maps, a missing-value chart, a target
 * chart, {@code report.html} and {@code eda.json}.
 *
 * <pre>{@code
 * EdaResult eda = EdaReport.builder(frame).target("survived").outputDir(dir).build().write();
 * eda.leakageSuspects(); // [alive]
 * }</pre>
 *
 * <p>Numeric columns are NUMERIC columns; categorical columns for association measures are
 * CATEGORICAL columns with 2 to 100 values and BOOLEAN columns. TEXT and ID columns get a summary
 * and warnings only. Matrices are limited to the first 40 columns of each kind.
 */
public final class EdaReport {

  private static final Logger LOG = LoggerFactory.getLogger(EdaReport.class);
  private static final int MATRIX_LIMIT = 40;
  private static final int ASSOCIATION_LEVELS = 100;
  private static final int PAIR_LIMIT = 60;

  private final DataFrame frame;
  private final String targetName;
  private final TabularTask targetTask;
  private final Target target;
  private final Path outputDir;
  private final int maxCategories;
  private final int sampleLimit;
  private final int maxCharts;
  private final String title;

  private EdaReport(Builder b) {
    this.frame = b.frame;
    this.targetName = b.targetName;
    this.targetTask = b.targetTask;
    this.target = b.target;
    this.outputDir = b.outputDir;
    this.maxCategories = b.maxCategories;
    this.sampleLimit = b.sampleLimit;
    this.maxCharts = b.maxCharts;
    this.title = b.title;
  }

  /**
   * Starts a report on a frame.
   *
   * @param frame the rows to explore
   * @return a builder
   */
  public static Builder builder(DataFrame frame) {
    return new Builder(frame);
  }

  /**
   * Computes the analysis without writing files.
   *
   * @return the findings (no chart names)
   */
  public EdaResult analyze() {
    return new Analysis().run(false);
  }

  /**
   * Computes the analysis and writes charts, {@code report.html} and {@code eda.json} to the output
   * folder.
   *
   * @return the findings with the chart names
   * @throws MlException without an output folder or when a file cannot be written
   */
  public EdaResult write() {
    if (outputDir == null) {
      throw new MlException("EDA report: no output folder set (builder.outputDir)");
    }
    return new Analysis().run(true);
  }

  /** Builds an {@link EdaReport}. */
  public static final class Builder {
    private final DataFrame frame;
    private String targetName;
    private TabularTask targetTask;
    private Target target;
    private Path outputDir;
    private int maxCategories = 20;
    private int sampleLimit = 20_000;
    private int maxCharts = 40;
    private String title = "Exploratory data analysis";

    private Builder(DataFrame frame) {
      this.frame = Objects.requireNonNull(frame, "frame");
    }

    /**
     * The target column; the task is inferred (string and boolean columns and integer columns with
     * at most 10 values are classification targets).
     *
     * @param column the target column of the frame
     * @return this builder
     */
    public Builder target(String column) {
      this.targetName = Objects.requireNonNull(column, "column");
      this.targetTask = null;
      this.target = null;
      return this;
    }

    /**
     * The target column and task.
     *
     * @param column the target column of the frame
     * @param task regression or classification
     * @return this builder
     */
    public Builder target(String column, TabularTask task) {
      this.targetName = Objects.requireNonNull(column, "column");
      this.targetTask = Objects.requireNonNull(task, "task");
      this.target = null;
      return this;
    }

    /**
     * A target given as values (one per frame row); a frame column of the same name is excluded
     * from the features.
     *
     * @param target the target
     * @return this builder
     */
    public Builder target(Target target) {
      this.target = Objects.requireNonNull(target, "target");
      this.targetName = target.name();
      this.targetTask = target.task();
      return this;
    }

    /**
     * The folder for charts, {@code report.html} and {@code eda.json} (created if needed).
     *
     * @param dir the folder
     * @return this builder
     */
    public Builder outputDir(Path dir) {
      this.outputDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * How many most frequent values to show per categorical column (default 20).
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder maxCategories(int n) {
      if (n < 1) {
        throw new MlException("maxCategories must be >= 1, got " + n);
      }
      this.maxCategories = n;
      return this;
    }

    /**
     * The most values drawn in one histogram; larger columns are sampled (seed 42) for charts only
     * (default 20,000).
     *
     * @param n at least 100
     * @return this builder
     */
    public Builder sampleLimit(int n) {
      if (n < 100) {
        throw new MlException("sampleLimit must be >= 100, got " + n);
      }
      this.sampleLimit = n;
      return this;
    }

    /**
     * The most distribution charts (default 40); the columns left out are listed.
     *
     * @param n at least 0
     * @return this builder
     */
    public Builder maxCharts(int n) {
      if (n < 0) {
        throw new MlException("maxCharts must be >= 0, got " + n);
      }
      this.maxCharts = n;
      return this;
    }

    /**
     * The report title (default "Exploratory data analysis").
     *
     * @param text the title
     * @return this builder
     */
    public Builder title(String text) {
      this.title = Objects.requireNonNull(text, "text");
      return this;
    }

    /**
     * Builds the report.
     *
     * @return the report
     * @throws MlException on an unknown target column, a datetime/text/id target, a target with the
     *     wrong length or a frame without rows
     */
    public EdaReport build() {
      if (frame.rows() == 0) {
        throw new MlException("EDA: the frame has no rows");
      }
      if (frame.columns().isEmpty()) {
        throw new MlException("EDA: the frame has no columns");
      }
      if (target != null) {
        if (target.size() != frame.rows()) {
          throw new MlException(
              "EDA: target '"
                  + target.name()
                  + "' has "
                  + target.size()
                  + " values but the frame has "
                  + frame.rows()
                  + " rows");
        }
      } else if (targetName != null) {
        ColumnType t = frame.type(targetName);
        if (t == ColumnType.DATETIME || t == ColumnType.ID || t == ColumnType.TEXT) {
          throw new MlException(
              "EDA: target column '" + targetName + "' is " + t + "; it cannot be a target");
        }
        if (targetTask == TabularTask.REGRESSION && !t.isNumberStored()) {
          throw new MlException(
              "EDA: regression target '" + targetName + "' is " + t + ", not numeric");
        }
      }
      return new EdaReport(this);
    }
  }

  /** One run of the analysis; holds the per-column views. */
  private final class Analysis {
    private final int n = frame.rows();
    private final List<String> all = frame.columns();
    private final Map<String, Integer> distinct = new HashMap<>();
    private final Map<String, String[]> stringViews = new HashMap<>();
    private final List<EdaWarning> warnings = new ArrayList<>();
    private final List<String> charts = new ArrayList<>();
    private final List<String> leftOut = new ArrayList<>();

    private String tName;
    private TabularTask task;
    private String[] tLabels;
    private double[] tValues;

    EdaResult run(boolean writeFiles) {
      long start = System.nanoTime();
      resolveTarget();
      List<String> features = new ArrayList<>(all);
      features.remove(tName);
      List<ColumnSummary> summaries = new ArrayList<>();
      for (String c : all) {
        summaries.add(summarise(c));
      }
      List<String> numeric = new ArrayList<>();
      List<String> categorical = new ArrayList<>();
      for (String c : features) {
        ColumnType t = frame.type(c);
        int d = distinct.get(c);
        if (t == ColumnType.NUMERIC && d >= 2) {
          numeric.add(c);
        } else if ((t == ColumnType.CATEGORICAL || t == ColumnType.BOOLEAN)
            && d >= 2
            && d <= ASSOCIATION_LEVELS) {
          categorical.add(c);
        }
      }
      List<String> numericM = numeric.subList(0, Math.min(numeric.size(), MATRIX_LIMIT));
      List<String> catM = categorical.subList(0, Math.min(categorical.size(), MATRIX_LIMIT));
      Matrix pearson = correlations(numericM, false);
      Matrix spearman = correlations(numericM, true);
      Matrix cramers = cramers(catM);
      Matrix eta = etaMatrix(numericM, catM);
      TargetSummary targetSummary = tName == null ? null : targetSummary();
      List<TargetAssociation> targetAssoc =
          tName == null ? List.of() : targetAssociations(numeric, categorical);
      if (tName != null) {
        leakage(features, numeric);
      }
      columnWarnings(features, summaries, pearson);
      MissingAnalysis missing = missing();
      List<OutlierSummary> outliers = outliers();
      EdaResult result =
          new EdaResult(
              title,
              n,
              summaries,
              targetSummary,
              pearson,
              spearman,
              cramers,
              eta,
              targetAssoc,
              missing,
              outliers,
              sortWarnings(),
              List.of(),
              List.of());
      if (writeFiles) {
        result = writeFiles(result, features);
      }
      LOG.info(
          "EDA of {} rows x {} columns in {} ms: {} warnings",
          n,
          all.size(),
          (System.nanoTime() - start) / 1_000_000,
          result.warnings().size());
      return result;
    }

    private List<EdaWarning> sortWarnings() {
      List<EdaWarning> out = new ArrayList<>(warnings);
      out.sort(
          Comparator.comparing(w -> w.kind() == WarningKind.LEAKAGE ? -1 : w.kind().ordinal()));
      return out;
    }

    // ---------------------------------------------------------------- target

    private void resolveTarget() {
      if (target != null) {
        tName = target.name();
        task = target.task();
        tValues = target.values();
        if (task == TabularTask.CLASSIFICATION) {
          tLabels = target.labelStrings().toArray(new String[0]);
        }
        return;
      }
      if (targetName == null) {
        return;
      }
      tName = targetName;
      ColumnType t = frame.type(tName);
      task = targetTask;
      if (task == null) {
        task = inferTask(t);
      }
      if (task == TabularTask.CLASSIFICATION) {
        tLabels = view(tName);
        Map<String, Integer> index = new TreeMap<>();
        for (String s : tLabels) {
          if (s != null) {
            index.putIfAbsent(s, 0);
          }
        }
        int k = 0;
        for (Map.Entry<String, Integer> e : index.entrySet()) {
          e.setValue(k++);
        }
        tValues = new double[n];
        for (int i = 0; i < n; i++) {
          tValues[i] = tLabels[i] == null ? Double.NaN : index.get(tLabels[i]);
        }
      } else {
        tValues = frame.numeric(tName);
      }
    }

    private TabularTask inferTask(ColumnType t) {
      if (!t.isNumberStored() || t == ColumnType.BOOLEAN) {
        return TabularTask.CLASSIFICATION;
      }
      double[] v = frame.numeric(tName);
      Set<Double> values = new HashSet<>();
      for (double d : v) {
        if (!Double.isNaN(d)) {
          if (d != Math.rint(d)) {
            return TabularTask.REGRESSION;
          }
          values.add(d);
          if (values.size() > 10) {
            return TabularTask.REGRESSION;
          }
        }
      }
      return TabularTask.CLASSIFICATION;
    }

    private TargetSummary targetSummary() {
      if (task == TabularTask.REGRESSION) {
        double[] sorted = Statistics.sortedFinite(tValues);
        double skew = Statistics.skewness(tValues);
        double min = sorted.length == 0 ? Double.NaN : sorted[0];
        boolean log = skew > 1 && min >= 0;
        if (skew > 1) {
          warnings.add(
              new EdaWarning(
                  WarningKind.SKEWED_TARGET,
                  List.of(tName),
                  String.format(
                      Locale.ROOT,
                      "target '%s' is right-skewed (skewness %.2f)%s",
                      tName,
                      skew,
                      log ? "; consider a log1p transform of the target" : "")));
        } else if (skew < -1) {
          warnings.add(
              new EdaWarning(
                  WarningKind.SKEWED_TARGET,
                  List.of(tName),
                  String.format(
                      Locale.ROOT, "target '%s' is left-skewed (skewness %.2f)", tName, skew)));
        }
        return new TargetSummary(
            tName,
            task,
            sorted.length,
            n - sorted.length,
            Statistics.mean(tValues),
            Statistics.std(tValues),
            min,
            sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1],
            skew,
            log,
            List.of(),
            Double.NaN);
      }
      List<CategoryCount> classes = counts(tLabels, Integer.MAX_VALUE);
      int count = 0;
      for (CategoryCount c : classes) {
        count += (int) c.count();
      }
      double ratio =
          classes.isEmpty()
              ? Double.NaN
              : (double) classes.get(0).count() / classes.get(classes.size() - 1).count();
      if (ratio > 3) {
        warnings.add(
            new EdaWarning(
                WarningKind.IMBALANCED_TARGET,
                List.of(tName),
                String.format(
                    Locale.ROOT,
                    "target '%s' is imbalanced: the largest class has %.1fx the rows of the"
                        + " smallest; prefer ROC-AUC/PR-AUC/F1 and stratified folds",
                    tName,
                    ratio)));
      }
      return new TargetSummary(
          tName,
          task,
          count,
          n - count,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          false,
          classes,
          ratio);
    }

    private List<TargetAssociation> targetAssociations(
        List<String> numeric, List<String> categorical) {
      List<TargetAssociation> out = new ArrayList<>();
      for (String c : numeric) {
        if (task == TabularTask.REGRESSION) {
          out.add(
              new TargetAssociation(c, "pearson", Statistics.pearson(frame.numeric(c), tValues)));
        } else {
          out.add(
              new TargetAssociation(
                  c, "eta", Statistics.correlationRatio(tLabels, frame.numeric(c))));
        }
      }
      for (String c : categorical) {
        if (task == TabularTask.REGRESSION) {
          out.add(new TargetAssociation(c, "eta", Statistics.correlationRatio(view(c), tValues)));
        } else {
          out.add(new TargetAssociation(c, "cramers_v", Statistics.cramersV(view(c), tLabels)));
        }
      }
      out.sort(
          Comparator.comparingDouble(
              (TargetAssociation a) -> Double.isNaN(a.value()) ? 1 : -Math.abs(a.value())));
      return out;
    }

    // ---------------------------------------------------------------- leakage

    private void leakage(List<String> features, List<String> numeric) {
      Set<String> flagged = new HashSet<>();
      for (String c : features) {
        ColumnType t = frame.type(c);
        int d = distinct.get(c);
        if (d < 2) {
          continue;
        }
        String[] v = view(c);
        int present = 0;
        for (String s : v) {
          if (s != null) {
            present++;
          }
        }
        boolean lowCardinality = d <= Math.max(2, Math.min(50, present / 20));
        if (task == TabularTask.CLASSIFICATION) {
          if (lowCardinality && present >= n / 2) {
            double[] p = purity(v, tLabels);
            if (p[0] >= 0.99 && p[1] < 1 && (p[0] - p[1]) / (1 - p[1]) >= 0.95) {
              flag(
                  flagged,
                  List.of(c),
                  String.format(
                      Locale.ROOT,
                      "each value of '%s' maps to one class of target '%s' in %.1f%% of rows"
                          + " (majority class: %.1f%%): possible target leakage",
                      c,
                      tName,
                      100 * p[0],
                      100 * p[1]));
              continue;
            }
          }
          if (t == ColumnType.NUMERIC) {
            double eta = Statistics.correlationRatio(tLabels, frame.numeric(c));
            double r =
                distinctLabels() == 2 ? Statistics.pearson(frame.numeric(c), tValues) : Double.NaN;
            if (eta > 0.98 || Math.abs(r) > 0.98) {
              flag(
                  flagged,
                  List.of(c),
                  String.format(
                      Locale.ROOT,
                      "'%s' separates the classes of target '%s' almost perfectly (eta %.3f%s):"
                          + " possible target leakage",
                      c,
                      tName,
                      eta,
                      Double.isNaN(r) ? "" : String.format(Locale.ROOT, ", r %.3f", r)));
            }
          }
        } else {
          if (t == ColumnType.NUMERIC || t == ColumnType.BOOLEAN) {
            double r = Statistics.pearson(frame.numeric(c), tValues);
            if (Math.abs(r) > 0.9) {
              flag(
                  flagged,
                  List.of(c),
                  String.format(
                      Locale.ROOT,
                      "'%s' has correlation r = %.3f with target '%s': %s",
                      c,
                      r,
                      tName,
                      Math.abs(r) > 0.98
                          ? "possible target leakage"
                          : "check that it is known at prediction time (possible leakage)"));
              continue;
            }
          }
          if (lowCardinality && t != ColumnType.NUMERIC) {
            double eta = Statistics.correlationRatio(v, tValues);
            if (eta >= 0.98) {
              flag(
                  flagged,
                  List.of(c),
                  String.format(
                      Locale.ROOT,
                      "the values of '%s' determine target '%s' (eta %.3f): possible target"
                          + " leakage",
                      c,
                      tName,
                      eta));
            }
          }
        }
      }
      if (task == TabularTask.REGRESSION) {
        sumLeakage(numeric.subList(0, Math.min(numeric.size(), PAIR_LIMIT)), flagged);
      }
    }

    private void sumLeakage(List<String> numeric, Set<String> flagged) {
      for (int i = 0; i < numeric.size(); i++) {
        double[] a = frame.numeric(numeric.get(i));
        for (int j = i + 1; j < numeric.size(); j++) {
          double[] b = frame.numeric(numeric.get(j));
          int complete = 0;
          int sum = 0;
          int diff = 0;
          int rdiff = 0;
          for (int r = 0; r < n; r++) {
            double y = tValues[r];
            if (Double.isNaN(a[r]) || Double.isNaN(b[r]) || Double.isNaN(y)) {
              continue;
            }
            complete++;
            double tol = 1e-6 * Math.max(1, Math.abs(y));
            sum += Math.abs(a[r] + b[r] - y) <= tol ? 1 : 0;
            diff += Math.abs(a[r] - b[r] - y) <= tol ? 1 : 0;
            rdiff += Math.abs(b[r] - a[r] - y) <= tol ? 1 : 0;
          }
          if (complete < 10) {
            continue;
          }
          String an = numeric.get(i);
          String bn = numeric.get(j);
          String op = null;
          int hits = 0;
          if (sum >= 0.99 * complete) {
            op = "'" + an + "' + '" + bn + "'";
            hits = sum;
          } else if (diff >= 0.99 * complete) {
            op = "'" + an + "' - '" + bn + "'";
            hits = diff;
          } else if (rdiff >= 0.99 * complete) {
            op = "'" + bn + "' - '" + an + "'";
            hits = rdiff;
          }
          if (op != null) {
            flag(
                flagged,
                List.of(an, bn),
                String.format(
                    Locale.ROOT,
                    "%s equals target '%s' in %.1f%% of rows: target leakage",
                    op,
                    tName,
                    100.0 * hits / complete));
          }
        }
      }
    }

    private void flag(Set<String> flagged, List<String> columns, String message) {
      flagged.addAll(columns);
      warnings.add(new EdaWarning(WarningKind.LEAKAGE, columns, message));
    }

    private int distinctLabels() {
      Set<String> s = new HashSet<>();
      for (String l : tLabels) {
        if (l != null) {
          s.add(l);
        }
      }
      return s.size();
    }

    /** {purity of column values w.r.t. classes, majority class share}, on rows with both. */
    private double[] purity(String[] values, String[] classes) {
      Map<String, Map<String, Integer>> table = new HashMap<>();
      Map<String, Integer> classCounts = new HashMap<>();
      int m = 0;
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null || classes[i] == null) {
          continue;
        }
        table.computeIfAbsent(values[i], k -> new HashMap<>()).merge(classes[i], 1, Integer::sum);
        classCounts.merge(classes[i], 1, Integer::sum);
        m++;
      }
      if (m == 0) {
        return new double[] {0, 1};
      }
      int pure = 0;
      for (Map<String, Integer> row : table.values()) {
        pure += row.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      }
      int majority = classCounts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      return new double[] {(double) pure / m, (double) majority / m};
    }

    // ---------------------------------------------------------------- column warnings

    private void columnWarnings(
        List<String> features, List<ColumnSummary> summaries, Matrix pearson) {
      Map<String, ColumnSummary> byName = new HashMap<>();
      summaries.forEach(s -> byName.put(s.name(), s));
      for (String c : features) {
        ColumnSummary s = byName.get(c);
        ColumnType t = s.type();
        if (s.distinct() <= 1) {
          warnings.add(
              new EdaWarning(
                  WarningKind.CONSTANT,
                  List.of(c),
                  s.distinct() == 0
                      ? "'" + c + "' has no values"
                      : "'" + c + "' has a single value: it carries no information"));
        }
        if (s.missingPercent() > 50) {
          warnings.add(
              new EdaWarning(
                  WarningKind.MANY_MISSING,
                  List.of(c),
                  String.format(
                      Locale.ROOT, "'%s' is missing in %.1f%% of rows", c, s.missingPercent())));
        }
        boolean idLike = false;
        if (t == ColumnType.ID) {
          idLike = true;
        } else if (n >= 20 && s.distinct() == s.count() && s.count() >= 0.9 * n) {
          if (!t.isNumberStored()) {
            idLike = t != ColumnType.TEXT;
          } else if (t == ColumnType.NUMERIC) {
            idLike = integers(frame.numeric(c));
          }
        }
        if (idLike) {
          warnings.add(
              new EdaWarning(
                  WarningKind.ID_LIKE,
                  List.of(c),
                  "'"
                      + c
                      + "' looks like a row identifier ("
                      + s.distinct()
                      + " distinct values in "
                      + n
                      + " rows): drop it from the features"));
        } else if (t == ColumnType.CATEGORICAL && s.distinct() > 50) {
          warnings.add(
              new EdaWarning(
                  WarningKind.HIGH_CARDINALITY,
                  List.of(c),
                  "'"
                      + c
                      + "' has "
                      + s.distinct()
                      + " distinct values: group rare values or use a frequency/target"
                      + " encoding"));
        }
      }
      duplicates(features, pearson);
    }

    private boolean integers(double[] v) {
      for (double d : v) {
        if (!Double.isNaN(d) && d != Math.rint(d)) {
          return false;
        }
      }
      return true;
    }

    private void duplicates(List<String> features, Matrix pearson) {
      List<String> cols = new ArrayList<>();
      for (String c : features) {
        if (distinct.get(c) >= 2) {
          cols.add(c);
        }
      }
      cols = cols.subList(0, Math.min(cols.size(), PAIR_LIMIT));
      Map<String, int[]> codes = new HashMap<>();
      for (String c : cols) {
        codes.put(c, codes(c));
      }
      Set<String> pairs = new HashSet<>();
      for (int i = 0; i < cols.size(); i++) {
        for (int j = i + 1; j < cols.size(); j++) {
          String a = cols.get(i);
          String b = cols.get(j);
          if (!distinct.get(a).equals(distinct.get(b))) {
            continue;
          }
          if (oneToOne(codes.get(a), codes.get(b))) {
            pairs.add(a + "\u0000" + b);
            boolean identical = identical(a, b);
            warnings.add(
                new EdaWarning(
                    WarningKind.DUPLICATE,
                    List.of(a, b),
                    identical
                        ? "'" + b + "' is identical to '" + a + "': keep one"
                        : "'" + b + "' is a one-to-one recoding of '" + a + "': keep one"));
          }
        }
      }
      for (int i = 0; i < pearson.rows().size(); i++) {
        for (int j = i + 1; j < pearson.columns().size(); j++) {
          String a = pearson.rows().get(i);
          String b = pearson.columns().get(j);
          double r = pearson.values()[i][j];
          if (Math.abs(r) >= 0.999 && !pairs.contains(a + "\u0000" + b)) {
            warnings.add(
                new EdaWarning(
                    WarningKind.DUPLICATE,
                    List.of(a, b),
                    String.format(
                        Locale.ROOT,
                        "'%s' and '%s' are nearly identical (r = %.4f): keep one",
                        a,
                        b,
                        r)));
          }
        }
      }
    }

    private boolean identical(String a, String b) {
      if (frame.type(a).isNumberStored() != frame.type(b).isNumberStored()) {
        return false;
      }
      if (frame.type(a).isNumberStored()) {
        return java.util.Arrays.equals(frame.numeric(a), frame.numeric(b));
      }
      return java.util.Arrays.equals(frame.strings(a), frame.strings(b));
    }

    private int[] codes(String c) {
      int[] out = new int[n];
      if (frame.type(c).isNumberStored()) {
        Map<Double, Integer> ids = new HashMap<>();
        double[] v = frame.numeric(c);
        for (int i = 0; i < n; i++) {
          out[i] = Double.isNaN(v[i]) ? -1 : ids.computeIfAbsent(v[i], k -> ids.size());
        }
      } else {
        Map<String, Integer> ids = new HashMap<>();
        String[] v = frame.strings(c);
        for (int i = 0; i < n; i++) {
          out[i] = v[i] == null ? -1 : ids.computeIfAbsent(v[i], k -> ids.size());
        }
      }
      return out;
    }

    private boolean oneToOne(int[] a, int[] b) {
      Map<Integer, Integer> forward = new HashMap<>();
      Map<Integer, Integer> backward = new HashMap<>();
      for (int i = 0; i < n; i++) {
        if ((a[i] < 0) != (b[i] < 0)) {
          return false;
        }
        if (a[i] < 0) {
          continue;
        }
        Integer f = forward.putIfAbsent(a[i], b[i]);
        if (f != null && f != b[i]) {
          return false;
        }
        Integer g = backward.putIfAbsent(b[i], a[i]);
        if (g != null && g != a[i]) {
          return false;
        }
      }
      return true;
    }

    // ---------------------------------------------------------------- summaries

    private ColumnSummary summarise(String c) {
      ColumnType t = frame.type(c);
      if (t.isNumberStored()) {
        double[] v = frame.numeric(c);
        double[] s = Statistics.sortedFinite(v);
        int d = 0;
        for (int i = 0; i < s.length; i++) {
          if (i == 0 || s[i] != s[i - 1]) {
            d++;
          }
        }
        distinct.put(c, d);
        List<CategoryCount> top =
            t == ColumnType.BOOLEAN ? counts(view(c), maxCategories) : List.of();
        boolean any = s.length > 0;
        return new ColumnSummary(
            c,
            t,
            s.length,
            n - s.length,
            100.0 * (n - s.length) / n,
            d,
            Statistics.mean(v),
            Statistics.std(v),
            any ? s[0] : Double.NaN,
            Statistics.quantile(s, 0.25),
            Statistics.quantile(s, 0.5),
            Statistics.quantile(s, 0.75),
            any ? s[s.length - 1] : Double.NaN,
            Statistics.skewness(v),
            Statistics.kurtosis(v),
            top);
      }
      String[] v = frame.strings(c);
      Map<String, Long> counts = new HashMap<>();
      int present = 0;
      for (String s : v) {
        if (s != null) {
          counts.merge(s, 1L, Long::sum);
          present++;
        }
      }
      distinct.put(c, counts.size());
      double nan = Double.NaN;
      return new ColumnSummary(
          c,
          t,
          present,
          n - present,
          100.0 * (n - present) / n,
          counts.size(),
          nan,
          nan,
          nan,
          nan,
          nan,
          nan,
          nan,
          nan,
          nan,
          top(counts, maxCategories));
    }

    private List<CategoryCount> counts(String[] values, int limit) {
      Map<String, Long> counts = new HashMap<>();
      for (String s : values) {
        if (s != null) {
          counts.merge(s, 1L, Long::sum);
        }
      }
      return top(counts, limit);
    }

    private List<CategoryCount> top(Map<String, Long> counts, int limit) {
      return counts.entrySet().stream()
          .sorted(
              Map.Entry.<String, Long>comparingByValue()
                  .reversed()
                  .thenComparing(Map.Entry.comparingByKey()))
          .limit(limit)
          .map(e -> new CategoryCount(e.getKey(), e.getValue()))
          .toList();
    }

    /** A string view of a column (numbers formatted, integers without ".0"). */
    private String[] view(String c) {
      return stringViews.computeIfAbsent(
          c,
          k -> {
            if (!frame.type(k).isNumberStored()) {
              return frame.strings(k);
            }
            double[] v = frame.numeric(k);
            String[] out = new String[n];
            for (int i = 0; i < n; i++) {
              out[i] = Double.isNaN(v[i]) ? null : format(v[i]);
            }
            return out;
          });
    }

    // ---------------------------------------------------------------- matrices

    private Matrix correlations(List<String> cols, boolean rank) {
      int m = cols.size();
      double[][] out = new double[m][m];
      double[][] data = new double[m][];
      boolean[] complete = new boolean[m];
      for (int i = 0; i < m; i++) {
        double[] v = frame.numeric(cols.get(i));
        complete[i] = true;
        for (double d : v) {
          if (Double.isNaN(d)) {
            complete[i] = false;
            break;
          }
        }
        data[i] = rank && complete[i] ? Statistics.ranks(v) : v;
      }
      for (int i = 0; i < m; i++) {
        out[i][i] = 1;
        for (int j = i + 1; j < m; j++) {
          double r;
          if (!rank || (complete[i] && complete[j])) {
            r = Statistics.pearson(data[i], data[j]);
          } else {
            r = Statistics.spearman(data[i], data[j]);
          }
          out[i][j] = r;
          out[j][i] = r;
        }
      }
      return new Matrix(cols, cols, out);
    }

    private Matrix cramers(List<String> cols) {
      int m = cols.size();
      double[][] out = new double[m][m];
      for (int i = 0; i < m; i++) {
        out[i][i] = 1;
        for (int j = i + 1; j < m; j++) {
          double v = Statistics.cramersV(view(cols.get(i)), view(cols.get(j)));
          out[i][j] = v;
          out[j][i] = v;
        }
      }
      return new Matrix(cols, cols, out);
    }

    private Matrix etaMatrix(List<String> numeric, List<String> categorical) {
      double[][] out = new double[numeric.size()][categorical.size()];
      for (int i = 0; i < numeric.size(); i++) {
        for (int j = 0; j < categorical.size(); j++) {
          out[i][j] =
              Statistics.correlationRatio(view(categorical.get(j)), frame.numeric(numeric.get(i)));
        }
      }
      return new Matrix(numeric, categorical, out);
    }

    // ---------------------------------------------------------------- missing, outliers

    private MissingAnalysis missing() {
      List<MissingColumn> cols = new ArrayList<>();
      List<String> withMissing = new ArrayList<>();
      Map<String, boolean[]> masks = new LinkedHashMap<>();
      boolean[] any = new boolean[n];
      for (String c : all) {
        boolean[] mask = new boolean[n];
        int count = 0;
        double[] nums = frame.type(c).isNumberStored() ? frame.numeric(c) : null;
        String[] strs = nums == null ? frame.strings(c) : null;
        for (int i = 0; i < n; i++) {
          boolean miss = nums != null ? Double.isNaN(nums[i]) : strs[i] == null;
          if (miss) {
            mask[i] = true;
            any[i] = true;
            count++;
          }
        }
        cols.add(new MissingColumn(c, count, 100.0 * count / n));
        if (count > 0) {
          withMissing.add(c);
          masks.put(c, mask);
        }
      }
      int rowsAny = 0;
      for (boolean b : any) {
        rowsAny += b ? 1 : 0;
      }
      List<CoMissing> co = new ArrayList<>();
      List<String> limited = withMissing.subList(0, Math.min(withMissing.size(), PAIR_LIMIT));
      for (int i = 0; i < limited.size(); i++) {
        boolean[] a = masks.get(limited.get(i));
        for (int j = i + 1; j < limited.size(); j++) {
          boolean[] b = masks.get(limited.get(j));
          int both = 0;
          int either = 0;
          for (int r = 0; r < n; r++) {
            both += a[r] && b[r] ? 1 : 0;
            either += a[r] || b[r] ? 1 : 0;
          }
          double jac = either == 0 ? 0 : (double) both / either;
          if (both > 0 && jac >= 0.5) {
            co.add(new CoMissing(limited.get(i), limited.get(j), both, jac));
          }
        }
      }
      co.sort(Comparator.comparingDouble(CoMissing::jaccard).reversed());
      return new MissingAnalysis(cols, rowsAny, co.subList(0, Math.min(co.size(), 50)));
    }

    private List<OutlierSummary> outliers() {
      List<OutlierSummary> out = new ArrayList<>();
      for (String c : all) {
        if (frame.type(c) != ColumnType.NUMERIC) {
          continue;
        }
        double[] v = frame.numeric(c);
        double[] s = Statistics.sortedFinite(v);
        if (s.length < 2) {
          continue;
        }
        double q1 = Statistics.quantile(s, 0.25);
        double q3 = Statistics.quantile(s, 0.75);
        double lo = q1 - 1.5 * (q3 - q1);
        double hi = q3 + 1.5 * (q3 - q1);
        double mean = Statistics.mean(s);
        double sd = Statistics.std(s);
        double zlo = mean - 3 * sd;
        double zhi = mean + 3 * sd;
        int iqr = 0;
        int z = 0;
        for (double d : s) {
          iqr += d < lo || d > hi ? 1 : 0;
          z += sd > 0 && Math.abs(d - mean) > 3 * sd ? 1 : 0;
        }
        out.add(new OutlierSummary(c, q1, q3, lo, hi, iqr, zlo, zhi, z));
      }
      return out;
    }

    // ---------------------------------------------------------------- files

    private EdaResult writeFiles(EdaResult r, List<String> features) {
      try {
        Files.createDirectories(outputDir);
      } catch (IOException e) {
        throw new MlException("cannot create EDA output folder " + outputDir + ": " + e, e);
      }
      Map<String, String> captions = new LinkedHashMap<>();
      String targetChart = tName == null ? null : targetChart(r.target());
      if (targetChart != null) {
        captions.put(targetChart, "Target '" + tName + "'");
      }
      List<String> distributionCharts = new ArrayList<>();
      Set<String> usedNames = new HashSet<>();
      for (String c : features) {
        ColumnType t = frame.type(c);
        if (t == ColumnType.TEXT || t == ColumnType.ID || distinct.get(c) == 0) {
          continue;
        }
        if (distributionCharts.size() >= maxCharts) {
          leftOut.add(c);
          continue;
        }
        String file = uniqueName("dist-" + safe(c), usedNames) + ".png";
        Path png = outputDir.resolve(file);
        if (t == ColumnType.NUMERIC || t == ColumnType.DATETIME) {
          double[] values = Statistics.sortedFinite(frame.numeric(c));
          double[] drawn = sample(values);
          String note = drawn.length < values.length ? " (sample of " + drawn.length + ")" : "";
          Charts.histogram(
              png,
              c + note,
              t == ColumnType.DATETIME ? c + " (seconds since 1970)" : c,
              drawn,
              bins(drawn.length));
        } else {
          List<CategoryCount> top = r.column(c).orElseThrow().topCategories();
          double[] counts = top.stream().mapToDouble(CategoryCount::count).toArray();
          String note = distinct.get(c) > top.size() ? " (top " + top.size() + ")" : "";
          Charts.bars(
              png,
              c + note,
              top.stream().map(CategoryCount::value).toList(),
              Map.of("count", counts));
        }
        distributionCharts.add(file);
        captions.put(file, "Distribution of '" + c + "'");
      }
      if (r.pearson().rows().size() >= 2) {
        heat("pearson.png", "Pearson correlation", r.pearson(), -1, captions);
        heat("spearman.png", "Spearman rank correlation", r.spearman(), -1, captions);
      }
      if (r.cramersV().rows().size() >= 2) {
        heat("cramers-v.png", "Cramér's V (bias-corrected)", r.cramersV(), 0, captions);
      }
      if (!r.correlationRatio().isEmpty()) {
        heat(
            "eta.png",
            "Correlation ratio (eta): numeric vs categorical",
            r.correlationRatio(),
            0,
            captions);
      }
      List<MissingColumn> withMissing =
          r.missing().columns().stream().filter(m -> m.missing() > 0).toList();
      if (!withMissing.isEmpty()) {
        Charts.bars(
            outputDir.resolve("missing.png"),
            "Missing values (% of rows)",
            withMissing.stream().map(MissingColumn::column).toList(),
            Map.of(
                "missing %", withMissing.stream().mapToDouble(MissingColumn::percent).toArray()));
        captions.put("missing.png", "Missing values per column");
      }
      List<TargetAssociation> assoc =
          r.targetAssociations().stream().filter(a -> !Double.isNaN(a.value())).limit(30).toList();
      if (!assoc.isEmpty()) {
        Charts.bars(
            outputDir.resolve("target-associations.png"),
            "Association with target '" + tName + "' (|value|)",
            assoc.stream().map(a -> a.column() + " (" + a.measure() + ")").toList(),
            Map.of("association", assoc.stream().mapToDouble(a -> Math.abs(a.value())).toArray()));
        captions.put("target-associations.png", "Association of each column with the target");
      }
      EdaResult result =
          new EdaResult(
              r.title(),
              r.rows(),
              r.columns(),
              r.target(),
              r.pearson(),
              r.spearman(),
              r.cramersV(),
              r.correlationRatio(),
              r.targetAssociations(),
              r.missing(),
              r.outliers(),
              r.warnings(),
              new ArrayList<>(captions.keySet()),
              leftOut);
      writeJson(result);
      writeHtml(result, captions, distributionCharts);
      return result;
    }

    private void heat(
        String file, String chartTitle, Matrix m, double min, Map<String, String> captions) {
      EdaCharts.heatmap(
          outputDir.resolve(file), chartTitle, m.rows(), m.columns(), m.values(), min, 1);
      captions.put(file, chartTitle);
    }

    private String targetChart(TargetSummary ts) {
      if (ts.task() == TabularTask.REGRESSION) {
        double[] values = Statistics.sortedFinite(tValues);
        if (values.length == 0) {
          return null;
        }
        double[] drawn = sample(values);
        Charts.histogram(
            outputDir.resolve("target.png"),
            String.format(Locale.ROOT, "Target '%s' (skewness %.2f)", tName, ts.skewness()),
            tName,
            drawn,
            bins(drawn.length));
        return "target.png";
      }
      if (ts.classes().isEmpty()) {
        return null;
      }
      List<CategoryCount> shown = ts.classes().subList(0, Math.min(ts.classes().size(), 50));
      Charts.bars(
          outputDir.resolve("target.png"),
          String.format(
              Locale.ROOT, "Class balance of '%s' (imbalance %.2f)", tName, ts.imbalanceRatio()),
          shown.stream().map(CategoryCount::value).toList(),
          Map.of("rows", shown.stream().mapToDouble(CategoryCount::count).toArray()));
      return "target.png";
    }

    private double[] sample(double[] values) {
      if (values.length <= sampleLimit) {
        return values;
      }
      double[] copy = values.clone();
      Random random = new Random(42);
      for (int i = 0; i < sampleLimit; i++) {
        int j = i + random.nextInt(copy.length - i);
        double tmp = copy[i];
        copy[i] = copy[j];
        copy[j] = tmp;
      }
      return java.util.Arrays.copyOf(copy, sampleLimit);
    }

    private int bins(int count) {
      return (int) Math.clamp(Math.round(Math.sqrt(count)), 10, 60);
    }

    private String uniqueName(String base, Set<String> used) {
      String name = base;
      int k = 2;
      while (!used.add(name.toLowerCase(Locale.ROOT))) {
        name = base + "-" + k++;
      }
      return name;
    }

    private void writeJson(EdaResult result) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      SimpleModule module = new SimpleModule("eda-nan-as-null");
      JsonSerializer<Double> nullableDouble =
          new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
              if (value == null || !Double.isFinite(value)) {
                gen.writeNull();
              } else {
                gen.writeNumber(value);
              }
            }
          };
      module.addSerializer(Double.class, nullableDouble);
      module.addSerializer(Double.TYPE, nullableDouble);
      module.addSerializer(
          double[].class,
          new JsonSerializer<double[]>() {
            @Override
            public void serialize(double[] value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
              gen.writeStartArray();
              for (double d : value) {
                nullableDouble.serialize(d, gen, provider);
              }
              gen.writeEndArray();
            }
          });
      mapper.registerModule(module);
      try {
        AtomicFiles.writeString(outputDir.resolve("eda.json"), mapper.writeValueAsString(result));
      } catch (JsonProcessingException e) {
        throw new MlException("cannot write eda.json: " + e.getOriginalMessage(), e);
      }
    }

    private void writeHtml(
        EdaResult r, Map<String, String> captions, List<String> distributionCharts) {
      HtmlReport.Builder html =
          HtmlReport.builder(r.title())
              .subtitle(
                  r.rows()
                      + " rows, "
                      + r.columns().size()
                      + " columns"
                      + (tName == null
                          ? ""
                          : ", target '"
                              + tName
                              + "' ("
                              + task.name().toLowerCase(Locale.ROOT)
                              + ")"));
      Map<String, Object> overview = new LinkedHashMap<>();
      overview.put("rows", r.rows());
      overview.put("columns", r.columns().size());
      Map<ColumnType, Integer> types = new TreeMap<>();
      r.columns().forEach(c -> types.merge(c.type(), 1, Integer::sum));
      types.forEach((t, k) -> overview.put(t.name().toLowerCase(Locale.ROOT) + " columns", k));
      overview.put("rows with any missing value", r.missing().rowsWithAnyMissing());
      overview.put("warnings", r.warnings().size());
      html.section("Overview").keyValues(overview);

      html.section("Warnings");
      if (r.warnings().isEmpty()) {
        html.paragraph("No warnings.");
      } else {
        html.table(
            List.of("kind", "columns", "message"),
            r.warnings().stream()
                .map(
                    w ->
                        List.<Object>of(
                            w.kind().name().toLowerCase(Locale.ROOT),
                            String.join(", ", w.columns()),
                            w.message()))
                .toList());
      }

      html.section("Columns");
      List<List<Object>> rows = new ArrayList<>();
      for (ColumnSummary c : r.columns()) {
        rows.add(
            java.util.Arrays.asList(
                c.name(),
                c.type().name().toLowerCase(Locale.ROOT),
                c.count(),
                c.missing(),
                c.missingPercent(),
                c.distinct(),
                c.mean(),
                c.std(),
                c.min(),
                c.q1(),
                c.median(),
                c.q3(),
                c.max(),
                c.skewness(),
                c.kurtosis(),
                topText(c.topCategories())));
      }
      html.table(
          List.of(
              "column",
              "type",
              "count",
              "missing",
              "missing %",
              "distinct",
              "mean",
              "std",
              "min",
              "q1",
              "median",
              "q3",
              "max",
              "skewness",
              "kurtosis",
              "top values"),
          blankNaN(rows));

      if (r.target() != null) {
        TargetSummary ts = r.target();
        html.section("Target '" + ts.name() + "'");
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("task", ts.task().name().toLowerCase(Locale.ROOT));
        kv.put("rows with a target", ts.count());
        kv.put("rows without a target", ts.missing());
        if (ts.task() == TabularTask.REGRESSION) {
          kv.put("mean", ts.mean());
          kv.put("std", ts.std());
          kv.put("min", ts.min());
          kv.put("max", ts.max());
          kv.put("skewness", ts.skewness());
          kv.put(
              "suggestion",
              ts.suggestLog1p()
                  ? "the target is skewed: train on log1p(target) and report RMSLE"
                  : "no transform needed");
        } else {
          kv.put("classes", ts.classes().size());
          kv.put("imbalance ratio (largest / smallest)", ts.imbalanceRatio());
          kv.put("class counts", topText(ts.classes()));
        }
        html.keyValues(kv);
        image(html, "target.png", captions);
        if (!r.targetAssociations().isEmpty()) {
          html.paragraph(
              "Association of each column with the target: Pearson r (numeric column,"
                  + " regression), correlation ratio eta (numeric vs categorical) or"
                  + " bias-corrected Cramér's V (categorical vs class).");
          html.table(
              List.of("column", "measure", "value"),
              blankNaN(
                  r.targetAssociations().stream()
                      .map(a -> List.<Object>of(a.column(), a.measure(), a.value()))
                      .toList()));
          image(html, "target-associations.png", captions);
        }
      }

      html.section("Correlations and associations");
      if (r.pearson().rows().size() < 2 && r.cramersV().rows().size() < 2) {
        html.paragraph("Fewer than two numeric and two categorical columns: no matrices.");
      }
      image(html, "pearson.png", captions);
      image(html, "spearman.png", captions);
      image(html, "cramers-v.png", captions);
      image(html, "eta.png", captions);

      html.section("Missing values");
      html.paragraph(
          r.missing().rowsWithAnyMissing()
              + " of "
              + r.rows()
              + " rows have at least one missing value.");
      List<List<Object>> missRows =
          r.missing().columns().stream()
              .filter(m -> m.missing() > 0)
              .map(m -> List.<Object>of(m.column(), m.missing(), m.percent()))
              .toList();
      if (missRows.isEmpty()) {
        html.paragraph("No column has missing values.");
      } else {
        html.table(List.of("column", "missing", "missing %"), missRows);
        image(html, "missing.png", captions);
      }
      if (!r.missing().coMissing().isEmpty()) {
        html.paragraph("Columns missing together (Jaccard overlap of their missing rows >= 0.5):");
        html.table(
            List.of("column", "column", "both missing", "jaccard"),
            r.missing().coMissing().stream()
                .map(c -> List.<Object>of(c.first(), c.second(), c.both(), c.jaccard()))
                .toList());
      }

      html.section("Outliers");
      if (r.outliers().isEmpty()) {
        html.paragraph("No numeric columns.");
      } else {
        html.table(
            List.of(
                "column",
                "q1",
                "q3",
                "IQR lower",
                "IQR upper",
                "IQR outliers",
                "z lower",
                "z upper",
                "|z| > 3"),
            blankNaN(
                r.outliers().stream()
                    .map(
                        o ->
                            List.<Object>of(
                                o.column(),
                                o.q1(),
                                o.q3(),
                                o.iqrLower(),
                                o.iqrUpper(),
                                o.iqrOutliers(),
                                o.zLower(),
                                o.zUpper(),
                                o.zOutliers()))
                    .toList()));
      }

      html.section("Distributions");
      for (String file : distributionCharts) {
        image(html, file, captions);
      }
      if (!leftOut.isEmpty()) {
        html.paragraph(
            "Charts left out (limit "
                + maxCharts
                + " distribution charts): "
                + String.join(", ", leftOut));
      }
      html.build().write(outputDir.resolve("report.html"));
    }

    private void image(HtmlReport.Builder html, String file, Map<String, String> captions) {
      if (captions.containsKey(file)) {
        html.image(outputDir.resolve(file), captions.get(file));
      }
    }

    private List<List<Object>> blankNaN(List<? extends List<Object>> rows) {
      List<List<Object>> out = new ArrayList<>(rows.size());
      for (List<Object> row : rows) {
        List<Object> copy = new ArrayList<>(row.size());
        for (Object o : row) {
          copy.add(o instanceof Double d && d.isNaN() ? "" : o);
        }
        out.add(copy);
      }
      return out;
    }
  }

  private static String topText(List<CategoryCount> top) {
    StringBuilder sb = new StringBuilder();
    for (CategoryCount c : top) {
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append(c.value()).append(" (").append(c.count()).append(')');
    }
    return sb.toString();
  }

  private static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static String safe(String name) {
    String s = name.replaceAll("[^A-Za-z0-9_.-]", "_");
    return s.length() > 60 ? s.substring(0, 60) : s;
  }
}
