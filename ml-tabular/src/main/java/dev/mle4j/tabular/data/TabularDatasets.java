package dev.mle4j.tabular.data;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.CsvReader;
import dev.mle4j.core.data.CsvTable;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.data.Fingerprints;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in tabular problems (titanic, telco-churn, bike-sharing, house-prices, taxis, penguins,
 * diamonds) and loading of any CSV file as a {@link TabularDataset}.
 */
public final class TabularDatasets {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(TabularDatasets.class);

  /**
   * A built-in problem.
   *
   * @param id the name users type ({@code --dataset})
   * @param catalogId the {@link DatasetCatalog} id holding its file
   * @param file the CSV path relative to the catalog's data root
   * @param problem target, task, special columns, dropped columns, metric
   * @param description one line for listings
   */
  public record BuiltIn(
      String id, String catalogId, String file, CsvProblem problem, String description) {}

  private static final List<BuiltIn> BUILT_INS =
      List.of(
          new BuiltIn(
              "titanic",
              "titanic",
              "tabular/titanic.csv",
              CsvProblem.builder("survived")
                  .task(TabularTask.CLASSIFICATION)
                  .drop(List.of("alive"), "the target as yes/no text (leaks the answer)")
                  .primaryMetric("accuracy")
                  .build(),
              "Titanic survival (891 passengers), accuracy"),
          new BuiltIn(
              "telco-churn",
              "telco-churn",
              "tabular/telco-churn.csv",
              CsvProblem.builder("Churn")
                  .task(TabularTask.CLASSIFICATION)
                  .idColumn("customerID")
                  .primaryMetric("roc_auc")
                  .build(),
              "IBM Telco customer churn (7,043 customers, 26.5% churn), ROC-AUC"),
          new BuiltIn(
              "bike-sharing",
              "bike-sharing-hour",
              "tabular/bike-sharing-hour.csv",
              CsvProblem.builder("cnt")
                  .task(TabularTask.REGRESSION)
                  .idColumn("instant")
                  .timeColumn("dteday")
                  .drop(
                      List.of("casual", "registered"),
                      "casual + registered = cnt: parts of the target (leak)")
                  .logTarget(true)
                  .primaryMetric("rmsle")
                  .build(),
              "UCI bike sharing, hourly rentals (17,379 hours), RMSLE, time-ordered folds"),
          new BuiltIn(
              "house-prices",
              "house-prices",
              "tabular/house-prices/train.csv",
              CsvProblem.builder("SalePrice")
                  .task(TabularTask.REGRESSION)
                  .idColumn("Id")
                  .logTarget(true)
                  .primaryMetric("rmse_log")
                  .build(),
              "Kaggle House Prices (Ames, 1,460 sales), RMSE of log price"),
          new BuiltIn(
              "taxis",
              "taxis",
              "tabular/taxis.csv",
              CsvProblem.builder("tip")
                  .task(TabularTask.REGRESSION)
                  .timeColumn("pickup")
                  .drop(List.of("total"), "total includes the tip (leak)")
                  .primaryMetric("rmse")
                  .build(),
              "NYC taxi trips (6,433), tip amount, RMSE"),
          new BuiltIn(
              "penguins",
              "penguins",
              "tabular/penguins.csv",
              CsvProblem.builder("species")
                  .task(TabularTask.CLASSIFICATION)
                  .primaryMetric("accuracy")
                  .build(),
              "Palmer penguins species (344), accuracy"),
          new BuiltIn(
              "diamonds",
              "diamonds",
              "tabular/diamonds.csv",
              CsvProblem.builder("price")
                  .task(TabularTask.REGRESSION)
                  .logTarget(true)
                  .primaryMetric("rmsle")
                  .build(),
              "Diamond prices (53,940), RMSLE"));

  /**
   * The id of the full De Cock Ames housing data (2,930 sales; the superset of Kaggle's House
   * Prices training rows), read from the Debian package r-cran-modeldata by {@link AmesHousing}.
   */
  public static final String AMES = "ames";

  private TabularDatasets() {}

  /**
   * The built-in problems.
   *
   * @return the list
   */
  public static List<BuiltIn> builtIns() {
    List<BuiltIn> all = new ArrayList<>(BUILT_INS);
    all.add(builtIn(AMES));
    return List.copyOf(all);
  }

  /**
   * Looks a built-in problem up.
   *
   * @param id its id
   * @return the problem
   * @throws MlException listing the known ids
   */
  public static BuiltIn builtIn(String id) {
    if (AMES.equals(id)) {
      return new BuiltIn(
          AMES,
          AmesHousing.DEBIAN_PACKAGE,
          "debian/" + AmesHousing.DEBIAN_PACKAGE,
          CsvProblem.builder(AmesHousing.TARGET)
              .task(TabularTask.REGRESSION)
              .logTarget(true)
              .primaryMetric("rmse_log")
              .build(),
          "Ames housing, De Cock (2,930 sales, Debian r-cran-modeldata), RMSE of log price");
    }
    for (BuiltIn b : BUILT_INS) {
      if (b.id().equals(id)) {
        return b;
      }
    }
    List<String> ids = new ArrayList<>();
    BUILT_INS.forEach(b -> ids.add(b.id()));
    ids.add(AMES);
    throw new MlException("unknown tabular data set '" + id + "'; known: " + ids);
  }

  /**
   * Loads a built-in problem through the catalog (verifying checksums, fetching when missing).
   *
   * @param id the problem id
   * @param catalog the data catalog
   * @return the data set
   */
  public static TabularDataset load(String id, DatasetCatalog catalog) {
    if (AMES.equals(id)) {
      AmesHousing ames = AmesHousing.defaults();
      ames.locateOrFetch();
      return ames.dataset();
    }
    BuiltIn b = builtIn(id);
    Path root = catalog.resolve(b.catalogId());
    Path file = root.resolve(b.file());
    if (!Files.isRegularFile(file)) {
      Path alt = catalog.dataRoot().resolve(b.file());
      file = Files.isRegularFile(alt) ? alt : root;
    }
    if (!Files.isRegularFile(file)) {
      throw new MlException("data set '" + id + "': file " + b.file() + " not found under " + root);
    }
    return fromCsv(id, file, b.problem());
  }

  /**
   * Loads any CSV file (with a header row) as a prediction problem.
   *
   * @param name the data set name for outputs
   * @param csv the file
   * @param problem target, task and column roles
   * @return the data set
   * @throws MlException if the file is not a usable CSV or a named column is missing
   */
  public static TabularDataset fromCsv(String name, Path csv, CsvProblem problem) {
    checkLooksLikeCsv(csv);
    CsvTable table = CsvReader.builder().trim(true).build().read(csv);
    String source = csv.getFileName().toString();
    if (table.size() == 0) {
      throw new MlException(source + " has a header but no data rows");
    }
    List<String> columns = table.columns();
    requireColumn(columns, problem.target(), "target", source);
    if (problem.idColumn() != null) {
      requireColumn(columns, problem.idColumn(), "id", source);
    }
    if (problem.timeColumn() != null) {
      requireColumn(columns, problem.timeColumn(), "time", source);
    }
    for (String d : problem.drop().keySet()) {
      requireColumn(columns, d, "drop", source);
    }
    int targetIndex = table.columnIndex(problem.target());
    List<String[]> labelled = new ArrayList<>(table.size());
    for (String[] r : table.rows()) {
      if (targetIndex < r.length && !Values.isMissing(r[targetIndex])) {
        labelled.add(r);
      }
    }
    int unlabelled = table.size() - labelled.size();
    if (labelled.isEmpty()) {
      throw new MlException(source + ": target '" + problem.target() + "' is missing in every row");
    }
    if (unlabelled > 0) {
      LOG.warn(
          "{}: {} of {} rows have no value in target '{}' and are left out",
          source,
          unlabelled,
          table.size(),
          problem.target());
      table = new CsvTable(columns, labelled);
    }
    List<String> targetText = table.column(problem.target());
    TabularTask task = problem.task() != null ? problem.task() : inferTask(targetText);
    Target target;
    if (task == TabularTask.CLASSIFICATION) {
      target = Target.classification(problem.target(), targetText.toArray(String[]::new));
    } else {
      double[] y = new double[targetText.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] =
            TableLoader.parseCell(
                targetText.get(i), ColumnType.NUMERIC, source, i, problem.target());
        if (Double.isNaN(y[i])) {
          throw new MlException(
              source + ": target '" + problem.target() + "' is missing at data row " + (i + 1));
        }
      }
      target = Target.regression(problem.target(), y);
    }
    Set<String> removed = new HashSet<>(problem.drop().keySet());
    removed.add(problem.target());
    List<String> keep = new ArrayList<>();
    for (String c : columns) {
      if (!removed.contains(c)) {
        keep.add(c);
      }
    }
    CsvTable features = table.select(keep);
    // messy numbers ("$1,234", "45%", " 7 ") become plain numbers before type inference; the
    // served model's row validator rejects such text with a clear message instead
    dev.mle4j.tabular.clean.DtypeCorrections.CorrectedTable corrected =
        dev.mle4j.tabular.clean.DtypeCorrections.apply(features);
    corrected.corrections().forEach(c -> LOG.info("{}: corrected column {}", source, c));
    features = corrected.table();
    Map<String, ColumnType> overrides = new LinkedHashMap<>();
    problem
        .typeOverrides()
        .forEach(
            (k, v) -> {
              if (keep.contains(k)) {
                overrides.put(k, v);
              }
            });
    if (problem.idColumn() != null) {
      overrides.put(problem.idColumn(), ColumnType.ID);
    }
    Schema schema = SchemaInference.withOverrides(overrides).infer(features);
    if (problem.timeColumn() != null) {
      ColumnType t = schema.type(problem.timeColumn());
      if (t != ColumnType.DATETIME && t != ColumnType.NUMERIC) {
        throw new MlException(
            source
                + ": time column '"
                + problem.timeColumn()
                + "' is "
                + t
                + ", not a date-time or number");
      }
    }
    DataFrame frame = TableLoader.parse(features, schema, source);
    boolean log =
        task == TabularTask.REGRESSION
            && (problem.logTarget() != null ? problem.logTarget() : autoLog(target.values()));
    if (log) {
      for (double v : target.values()) {
        if (v < 0) {
          throw new MlException(
              source
                  + ": a log target needs non-negative values; '"
                  + problem.target()
                  + "' has "
                  + v);
        }
      }
    }
    String metric =
        problem.primaryMetric() != null
            ? problem.primaryMetric()
            : task == TabularTask.REGRESSION
                ? "rmse"
                : target.labels().size() == 2 ? "roc_auc" : "accuracy";
    List<String> dropped = new ArrayList<>();
    if (unlabelled > 0) {
      dropped.add(unlabelled + " rows without a target value (left out)");
    }
    problem.drop().forEach((c, why) -> dropped.add(c + ": " + why));
    return new TabularDataset(
        name,
        frame,
        target,
        problem.idColumn(),
        problem.timeColumn(),
        log,
        metric,
        higherIsBetter(metric),
        dropped,
        Fingerprints.sha256(csv));
  }

  /**
   * Whether larger values of a metric are better.
   *
   * @param metric a snake_case metric name
   * @return false for error metrics (rmse, mae, rmsle, rmse_log, log_loss)
   */
  public static boolean higherIsBetter(String metric) {
    return switch (metric) {
      case "rmse", "mae", "rmsle", "rmse_log", "log_loss" -> false;
      default -> true;
    };
  }

  private static void checkLooksLikeCsv(Path csv) {
    if (!Files.isRegularFile(csv)) {
      throw new MlException("CSV file not found: " + csv);
    }
    byte[] head = new byte[8192];
    int n;
    try (InputStream in = Files.newInputStream(csv)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new MlException("cannot read " + csv + ": " + e.getMessage(), e);
    }
    if (n == 0) {
      throw new MlException(csv.getFileName() + " is empty");
    }
    boolean newline = false;
    boolean sameByte = true;
    for (int i = 0; i < n; i++) {
      newline |= head[i] == '\n' || head[i] == '\r';
      sameByte &= head[i] == head[0];
    }
    if (sameByte && n > 16) {
      throw new MlException(
          csv.getFileName()
              + " is not a CSV file: its first "
              + n
              + " bytes are all '"
              + (char) head[0]
              + "' (the file is blanked or corrupt); replace it with the original");
    }
    if (!newline && n == head.length) {
      throw new MlException(
          csv.getFileName() + " is not a CSV file: no line break in its first " + n + " bytes");
    }
  }

  private static void requireColumn(List<String> columns, String name, String role, String src) {
    if (!columns.contains(name)) {
      throw new MlException(
          src + ": " + role + " column '" + name + "' not found; columns: " + columns);
    }
  }

  static TabularTask inferTask(List<String> target) {
    Set<String> distinct = new HashSet<>();
    boolean integers = true;
    boolean numbers = true;
    for (String s : target) {
      if (Values.isMissing(s)) {
        continue;
      }
      distinct.add(s.strip());
      numbers &= Values.isNumber(s);
      integers &= numbers && Values.parseNumber(s) == Math.rint(Values.parseNumber(s));
    }
    if (!numbers || (integers && distinct.size() <= 20)) {
      return TabularTask.CLASSIFICATION;
    }
    return TabularTask.REGRESSION;
  }

  private static boolean autoLog(double[] y) {
    double mean = 0;
    for (double v : y) {
      if (v < 0) {
        return false;
      }
      mean += v;
    }
    mean /= y.length;
    double m2 = 0;
    double m3 = 0;
    for (double v : y) {
      double d = v - mean;
      m2 += d * d;
      m3 += d * d * d;
    }
    m2 /= y.length;
    m3 /= y.length;
    return m2 > 0 && m3 / Math.pow(m2, 1.5) > 1.0;
  }
}
