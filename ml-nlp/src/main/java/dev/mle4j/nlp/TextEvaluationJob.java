package dev.mle4j.nlp;

import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.data.SplitIndices;
import dev.mle4j.core.data.SplitRatios;
import dev.mle4j.core.metrics.ClassMetrics;
import dev.mle4j.core.metrics.ClassificationReport;
import dev.mle4j.core.report.HtmlReport;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.data.TextDatasets;
import dev.mle4j.nlp.tfidf.TfidfLogRegTrainer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates an already trained text classifier (any format: loaded through {@link
 * dev.mle4j.core.ModelLoaders}) on labelled texts and writes the same outputs as a training run's
 * evaluation.
 *
 * <p>The data is read and split by the code {@link TextClassificationJob} uses, so with the same
 * data, split ratios and seed the evaluated rows are exactly that job's held-out test split and the
 * metrics equal the test metrics it reported. With {@link Builder#allRows(boolean)} every row of a
 * CSV file is evaluated instead (a new labelled file). The output folder gets:
 *
 * <ul>
 *   <li>{@code metrics.json} in the training run's layout: {@code models.<model>} with {@code
 *       accuracy}, {@code macro_f1}, {@code weighted_f1}, per-class precision, recall and F1 and
 *       {@code roc_auc} (when the scores allow it); the model key is the card's {@value
 *       TextClassificationJob#MODEL_PARAMETER} parameter (e.g. {@code tfidf-logreg}) or else its
 *       name;
 *   <li>{@code model-card.json}: the evaluated model's card, unchanged;
 *   <li>{@code confusion-matrix.png}, {@code roc-curve.png} (when ROC-AUC is defined) and {@code
 *       report.html}.
 * </ul>
 */
public final class TextEvaluationJob {

  /** The split name of an evaluation of every row. */
  public static final String ALL_ROWS = "all";

  /** The split name of an evaluation of the held-out test split. */
  public static final String TEST_SPLIT = "test";

  private static final Logger LOG = LoggerFactory.getLogger(TextEvaluationJob.class);

  private final String datasetId;
  private final DatasetCatalog catalog;
  private final TextClassificationJob.CsvSource csv;
  private final SplitRatios ratios;
  private final long seed;
  private final boolean allRows;
  private final Path outDir;
  private final Classifier<String> classifier;

  private TextEvaluationJob(Builder b) {
    this.datasetId = b.datasetId;
    this.catalog = b.catalog;
    this.csv = b.csv;
    this.ratios = b.ratios;
    this.seed = b.seed;
    this.allRows = b.allRows;
    this.outDir = b.outDir;
    this.classifier = b.classifier;
  }

  /**
   * Starts a builder: split 0.8/0.1/0.1, seed 42 (the defaults of {@link TextClassificationJob}).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What an evaluation produced.
   *
   * @param dataset the data set name
   * @param split {@value #TEST_SPLIT} or {@value #ALL_ROWS}
   * @param modelKey the model's key in {@code metrics.json}
   * @param card the evaluated model's card
   * @param report the metrics
   * @param rows how many texts were evaluated
   * @param warnings mismatches between the model's card and this evaluation (other split seed,
   *     ratios or data); empty when none
   * @param outDir the output folder
   * @param metricsFile {@code metrics.json}
   * @param reportFile {@code report.html}
   * @param charts the PNG charts written
   */
  public record Result(
      String dataset,
      String split,
      String modelKey,
      ModelCard card,
      ClassificationReport report,
      int rows,
      List<String> warnings,
      Path outDir,
      Path metricsFile,
      Path reportFile,
      List<Path> charts) {

    /** Copies the lists. */
    public Result {
      warnings = List.copyOf(warnings);
      charts = List.copyOf(charts);
    }
  }

  /**
   * Runs the evaluation. The classifier stays open (the caller closes it).
   *
   * @return metrics and written files
   * @throws MlException on bad data (missing file or column, labels the model does not know, an
   *     empty test split) or when an output cannot be written
   */
  public Result run() {
    TextClassificationJob.LoadedData loaded = TextClassificationJob.load(datasetId, catalog, csv);
    List<LabeledText> rows;
    String splitName;
    if (allRows) {
      rows = loaded.rows();
      splitName = ALL_ROWS;
    } else {
      TextDatasets.requireTrainable(loaded.rows(), loaded.file().toString());
      SplitIndices split = TextClassificationJob.split(loaded.rows(), ratios, seed);
      if (split.test().length == 0) {
        throw new MlException(
            "the test split of " + loaded.file() + " is empty with ratios " + ratios);
      }
      rows = TextClassificationJob.pick(loaded.rows(), split.test());
      splitName = TEST_SPLIT;
    }
    String where = allRows ? loaded.file().toString() : "test split of " + loaded.dataset();
    requireModelLabels(classifier.labels(), rows, where);

    ModelCard card = classifier.card();
    String modelKey = card.parameters().getOrDefault(TextClassificationJob.MODEL_PARAMETER, "");
    if (modelKey.isBlank()) {
      modelKey = card.name();
    }
    List<String> warnings = warnings(card, loaded);
    warnings.forEach(w -> LOG.warn("{}", w));
    LOG.info(
        "evaluating {} ({}) on {} texts ({}) of {}",
        modelKey,
        card.format(),
        rows.size(),
        splitName,
        loaded.dataset());

    TextClassificationJob.Evaluation eval = TextClassificationJob.evaluate(classifier, rows);
    ClassificationReport report = eval.report();

    RunOutput out = RunOutput.create(outDir);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("split", splitName);
    if (!allRows) {
      extra.put("seed", seed);
      extra.put("split_ratios", List.of(ratios.train(), ratios.validation(), ratios.test()));
    }
    extra.put("rows", rows.size());
    extra.put("labels", classifier.labels());
    extra.put("data_sha256", loaded.fingerprint());
    extra.put("model_name", card.name());
    extra.put("model_version", card.version());
    extra.put("model_format", card.format());
    Path metricsFile =
        out.writeMetrics(
            new MetricsFile(
                loaded.dataset(),
                TfidfLogRegTrainer.TASK,
                Map.of(modelKey, report.toMap()),
                extra));
    out.writeModelCard(card);
    String splitLabel = allRows ? "all rows" : "test split";
    List<Path> charts = TextClassificationJob.writeCharts(out, eval, splitLabel);
    Path reportFile =
        writeReport(out, loaded, modelKey, card, report, rows.size(), splitLabel, warnings, charts);
    LOG.info(
        "{}: accuracy {} macro F1 {}; outputs in {}",
        splitLabel,
        String.format(java.util.Locale.ROOT, "%.4f", report.accuracy()),
        String.format(java.util.Locale.ROOT, "%.4f", report.macroF1()),
        out.dir());
    return new Result(
        loaded.dataset(),
        splitName,
        modelKey,
        card,
        report,
        rows.size(),
        warnings,
        out.dir(),
        metricsFile,
        reportFile,
        charts);
  }

  /** The card's training split and data against this evaluation's. */
  private List<String> warnings(ModelCard card, TextClassificationJob.LoadedData loaded) {
    List<String> warnings = new ArrayList<>();
    Map<String, String> p = card.parameters();
    if (!allRows) {
      String trainedSeed = p.get("split_seed");
      if (trainedSeed != null && !trainedSeed.equals(Long.toString(seed))) {
        warnings.add(
            "the model was trained with split seed "
                + trainedSeed
                + ", this evaluation uses seed "
                + seed
                + ": the test rows may include training rows");
      }
      String trainedRatios = p.get("split_ratios");
      String ratioText = ratios.train() + "/" + ratios.validation() + "/" + ratios.test();
      if (trainedRatios != null && !trainedRatios.equals(ratioText)) {
        warnings.add(
            "the model was trained with split "
                + trainedRatios
                + ", this evaluation uses "
                + ratioText
                + ": the test rows may include training rows");
      }
    }
    String fingerprint = card.dataFingerprint();
    if (!allRows
        && fingerprint != null
        && !fingerprint.isBlank()
        && !fingerprint.equals(loaded.fingerprint())) {
      warnings.add(
          "the model was trained on other data (SHA-256 "
              + abbreviate(fingerprint)
              + ", this data "
              + abbreviate(loaded.fingerprint())
              + "): its test split is not this one");
    }
    return warnings;
  }

  private static String abbreviate(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) : sha;
  }

  /** Every label of the evaluated texts must be one the model can predict. */
  private static void requireModelLabels(
      List<String> modelLabels, List<LabeledText> rows, String where) {
    Set<String> known = new HashSet<>(modelLabels);
    TreeMap<String, Integer> unknown = new TreeMap<>();
    for (LabeledText row : rows) {
      if (!known.contains(row.label())) {
        unknown.merge(row.label(), 1, Integer::sum);
      }
    }
    if (!unknown.isEmpty()) {
      throw new MlException(
          "labels of the data not known to the model: "
              + unknown
              + " (text counts) in the "
              + where
              + "; the model predicts "
              + modelLabels);
    }
  }

  private static Path writeReport(
      RunOutput out,
      TextClassificationJob.LoadedData loaded,
      String modelKey,
      ModelCard card,
      ClassificationReport report,
      int rows,
      String splitLabel,
      List<String> warnings,
      List<Path> charts) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("accuracy", report.accuracy());
    summary.put("macro F1", report.macroF1());
    summary.put("weighted F1", report.weightedF1());
    report.rocAuc().ifPresent(auc -> summary.put("ROC-AUC", auc));
    summary.put("texts", rows);
    List<List<Object>> perClass = new ArrayList<>();
    for (ClassMetrics m : report.perClass()) {
      perClass.add(List.of(m.label(), m.precision(), m.recall(), m.f1(), m.support()));
    }
    HtmlReport.Builder html =
        HtmlReport.builder("Text evaluation: " + modelKey + " on " + loaded.dataset())
            .subtitle(
                "Saved model "
                    + card.name()
                    + (card.version().isBlank() ? "" : " version " + card.version())
                    + " ("
                    + card.format()
                    + ") evaluated on the "
                    + splitLabel
                    + " of "
                    + loaded.file().getFileName()
                    + ": "
                    + rows
                    + " texts")
            .section("Metrics (" + splitLabel + ")")
            .keyValues(summary)
            .table(List.of("label", "precision", "recall", "F1", "support"), perClass);
    if (!warnings.isEmpty()) {
      html.section("Warnings");
      warnings.forEach(html::paragraph);
    }
    html.section("Charts");
    for (Path chart : charts) {
      html.image(
          chart, chart.getFileName().toString().replace(".png", "") + " (" + splitLabel + ")");
    }
    Map<String, Object> about = new LinkedHashMap<>();
    about.put("model name", card.name());
    about.put("version", card.version());
    about.put("format", card.format());
    about.put("labels", String.join(", ", card.labels()));
    about.put("trained on data SHA-256", card.dataFingerprint());
    about.put("evaluated data SHA-256", loaded.fingerprint());
    html.section("Model").keyValues(about).section("Parameters").keyValues(card.parameters());
    Path file = out.file(RunOutput.REPORT_FILE);
    html.build().write(file);
    return file;
  }

  /** Builds a {@link TextEvaluationJob}. */
  public static final class Builder {
    private String datasetId;
    private DatasetCatalog catalog;
    private TextClassificationJob.CsvSource csv;
    private SplitRatios ratios = SplitRatios.of(0.8, 0.1, 0.1);
    private long seed = 42L;
    private boolean allRows;
    private Path outDir;
    private Classifier<String> classifier;

    private Builder() {}

    /**
     * A catalog data set id ({@code sms-spam} or {@code spam-assassin}).
     *
     * @param id the id
     * @return this builder
     */
    public Builder dataset(String id) {
      this.datasetId = id;
      this.csv = null;
      return this;
    }

    /**
     * The catalog that resolves the data set (default {@link DatasetCatalog#defaults()}).
     *
     * @param value the catalog
     * @return this builder
     */
    public Builder catalog(DatasetCatalog value) {
      this.catalog = value;
      return this;
    }

    /**
     * A UTF-8 CSV file with a header row instead of a catalog data set.
     *
     * @param file the file
     * @param textColumn header name of the text column
     * @param labelColumn header name of the label column
     * @param separator field separator, e.g. {@code ','}
     * @return this builder
     */
    public Builder csv(Path file, String textColumn, String labelColumn, char separator) {
      Objects.requireNonNull(file, "file");
      this.csv =
          new TextClassificationJob.CsvSource(
              file, textColumn, labelColumn, separator, StandardCharsets.UTF_8);
      this.datasetId = null;
      return this;
    }

    /**
     * Train/validation/test fractions of the training run (default 0.8/0.1/0.1).
     *
     * @param value the ratios
     * @return this builder
     */
    public Builder splitRatios(SplitRatios value) {
      this.ratios = value;
      return this;
    }

    /**
     * Seed of the training run's stratified split (default 42).
     *
     * @param value the seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Evaluates every row of the CSV file instead of the test split (default false).
     *
     * @param value whether to use all rows
     * @return this builder
     */
    public Builder allRows(boolean value) {
      this.allRows = value;
      return this;
    }

    /**
     * The output folder (default {@code outputs/text/<timestamp>}).
     *
     * @param dir the folder
     * @return this builder
     */
    public Builder outDir(Path dir) {
      this.outDir = dir;
      return this;
    }

    /**
     * The text classifier to evaluate (the caller closes it after {@link #run()}).
     *
     * @param value the classifier
     * @return this builder
     */
    public Builder classifier(Classifier<String> value) {
      this.classifier = value;
      return this;
    }

    /**
     * Builds and validates the job.
     *
     * @return the job
     * @throws MlException on missing or inconsistent settings
     */
    public TextEvaluationJob build() {
      if (classifier == null) {
        throw new MlException("no classifier to evaluate: set classifier(model)");
      }
      if (csv == null && (datasetId == null || datasetId.isBlank())) {
        throw new MlException("no data: set dataset(id) or csv(file, ...)");
      }
      if (allRows && csv == null) {
        throw new MlException(
            "evaluating all rows needs a CSV file (a catalog data set is evaluated on its test"
                + " split)");
      }
      if (csv != null) {
        if (csv.textColumn() == null || csv.textColumn().isBlank()) {
          throw new MlException("csv text column name is empty");
        }
        if (csv.labelColumn() == null || csv.labelColumn().isBlank()) {
          throw new MlException("csv label column name is empty");
        }
      }
      if (ratios == null) {
        throw new MlException("split ratios are null");
      }
      if (!allRows && ratios.test() <= 0) {
        throw new MlException("the test ratio must be > 0, got " + ratios.test());
      }
      if (outDir == null) {
        outDir = RunOutput.defaultDir("text");
      }
      return new TextEvaluationJob(this);
    }
  }
}
