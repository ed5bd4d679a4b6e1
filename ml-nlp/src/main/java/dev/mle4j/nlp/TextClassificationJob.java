package dev.mle4j.nlp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.data.Fingerprints;
import dev.mle4j.core.data.SplitIndices;
import dev.mle4j.core.data.SplitRatios;
import dev.mle4j.core.data.Splits;
import dev.mle4j.core.metrics.ClassMetrics;
import dev.mle4j.core.metrics.ClassificationMetrics;
import dev.mle4j.core.metrics.ClassificationReport;
import dev.mle4j.core.metrics.RocCurve;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.core.report.Charts;
import dev.mle4j.core.report.HtmlReport;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.nlp.classical.ClassicalTextTrainers;
import dev.mle4j.nlp.classical.SearchMode;
import dev.mle4j.nlp.classical.SearchResult;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.data.TextDatasets;
import dev.mle4j.nlp.data.TextEda;
import dev.mle4j.nlp.tfidf.TfidfLogRegClassifier;
import dev.mle4j.nlp.tfidf.TfidfLogRegTrainer;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains and evaluates a TF-IDF + logistic-regression text classifier end to end.
 *
 * <p>{@link #run()} loads the data (the {@code sms-spam} or {@code spam-assassin} catalog data set,
 * or a user CSV), checks it (see {@link TextDatasets}: empty and one-class data sets are rejected,
 * blank texts skipped with a warning, labels of the validation or test split that training never
 * saw are an error naming the label), splits it stratified by label with a seed (the same seed
 * always gives the same test set), fits the model on the training split only, evaluates it on the
 * validation and test splits and writes into the output folder:
 *
 * <ul>
 *   <li>{@code metrics.json}: {@code models."tfidf-logreg"} with the test metrics ({@code
 *       accuracy}, {@code macro_f1}, {@code weighted_f1}, {@code roc_auc}, per-class precision,
 *       recall and F1), {@code validation_*} metrics, {@code train_seconds} and {@code size_bytes};
 *       split sizes, seed and data fingerprint at the top level;
 *   <li>{@code model-card.json} (format {@code tfidf-logreg/v1});
 *   <li>{@code confusion-matrix.png}, {@code roc-curve.png}, {@code class-balance.png}, {@code
 *       text-length.png} and a self-contained {@code report.html};
 *   <li>{@code model/}: the saved classifier, see {@link TfidfLogRegClassifier#save(Path)}.
 * </ul>
 *
 * When a {@link ModelRegistry} is given, the model is registered under the model name and, if a
 * stage is given, promoted to it.
 */
public final class TextClassificationJob {

  /** The model name used in {@code metrics.json}. */
  public static final String MODEL_KEY = "tfidf-logreg";

  /**
   * File in the output folder holding the row indices (in data-file order) of each split, so peer
   * tools can train and score on exactly the same rows.
   */
  public static final String SPLIT_FILE = "split.json";

  /**
   * Model card parameter naming the trained text model ({@code tfidf-logreg}, {@code tfidf-nb}...),
   * the key of its entry in {@code metrics.json}.
   */
  public static final String MODEL_PARAMETER = "model";

  private static final Logger LOG = LoggerFactory.getLogger(TextClassificationJob.class);

  private final String datasetId;
  private final DatasetCatalog catalog;
  private final CsvSource csv;
  private final Path outDir;
  private final SplitRatios ratios;
  private final long seed;
  private final SearchMode search;
  private final boolean quickSearch;
  private final TextClassifierTrainer trainer;
  private final ModelRegistry registry;
  private final String modelName;
  private final String stage;

  private TextClassificationJob(Builder b) {
    this.datasetId = b.datasetId;
    this.catalog = b.catalog;
    this.csv = b.csv;
    this.outDir = b.outDir;
    this.ratios = b.ratios;
    this.seed = b.seed;
    this.search = b.search;
    this.quickSearch = b.quickSearch;
    this.trainer = b.trainer;
    this.registry = b.registry;
    this.modelName = b.modelName;
    this.stage = b.stage;
  }

  /**
   * Starts a builder: data set {@code sms-spam}, split 0.8/0.1/0.1, seed 42, default trainer.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the job.
   *
   * @return metrics, model card, written files and registry version
   * @throws MlException on bad data or settings, or when an output cannot be written
   */
  public TextClassificationResult run() {
    // 1. data
    LoadedData loaded = load(datasetId, catalog, csv);
    String dataset = loaded.dataset();
    Path dataFile = loaded.file();
    List<LabeledText> data = loaded.rows();
    String fingerprint = loaded.fingerprint();
    SortedMap<String, Integer> classCounts =
        TextDatasets.requireTrainable(data, dataFile.toString());
    LOG.info(
        "loaded {} texts of data set '{}' from {}: {}",
        data.size(),
        dataset,
        dataFile,
        classCounts);

    // 2. split
    SplitIndices split = split(data, ratios, seed);
    if (split.test().length == 0) {
      throw new MlException("the test split is empty: use a test ratio > 0 (got " + ratios + ")");
    }
    List<LabeledText> train = pick(data, split.train());
    List<LabeledText> validation = pick(data, split.validation());
    List<LabeledText> test = pick(data, split.test());
    LOG.info(
        "split with seed {}: {} train, {} validation, {} test",
        seed,
        train.size(),
        validation.size(),
        test.size());

    // 3. optional hyper-parameter search on the training rows only, then train
    TextClassifierTrainer chosen = trainer;
    SearchResult searchResult = null;
    if (search != null) {
      ClassicalTextTrainers classical = new ClassicalTextTrainers();
      if (!classical.names().contains(trainer.name())) {
        throw new MlException(
            "hyper-parameter search is available for "
                + classical.names()
                + ", not '"
                + trainer.name()
                + "'");
      }
      searchResult = classical.search(trainer.name(), train, search, quickSearch, seed);
      chosen =
          classical.create(trainer.name(), searchResult.best().parameters(), quickSearch, seed);
      LOG.info(
          "search ({}) picked {} (cross-validated macro F1 {})",
          search,
          searchResult.best().parameters(),
          fmt(searchResult.best().meanMacroF1()));
    }
    long start = System.nanoTime();
    SavableTextClassifier trained = chosen.train(train, validation);
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    LOG.info("trained in {} s", String.format(Locale.ROOT, "%.2f", trainSeconds));

    try (trained) {
      // 4. evaluate (labels the model never saw cannot be scored: a clear error, not a silent 0)
      TextDatasets.requireKnownLabels(trained.labels(), validation, "validation split");
      TextDatasets.requireKnownLabels(trained.labels(), test, "test split");
      Evaluation testEval = evaluate(trained, test);
      ClassificationReport testReport = testEval.report();
      Optional<ClassificationReport> validationReport =
          validation.isEmpty()
              ? Optional.empty()
              : Optional.of(evaluate(trained, validation).report());
      LOG.info(
          "test: accuracy {} macro F1 {}{}",
          fmt(testReport.accuracy()),
          fmt(testReport.macroF1()),
          validationReport
              .map(
                  v ->
                      "; validation: accuracy "
                          + fmt(v.accuracy())
                          + " macro F1 "
                          + fmt(v.macroF1()))
              .orElse(""));

      // 5. save the model, then the card with all metrics
      RunOutput out = RunOutput.create(outDir);
      if (searchResult != null) {
        searchResult.writeTo(out.dir());
      }
      Path modelDir = out.dir().resolve("model");
      trained.save(modelDir);
      long sizeBytes = folderSize(modelDir) + trained.externalBytes();

      Map<String, Double> metrics = new LinkedHashMap<>(testReport.toMap());
      validationReport.ifPresent(
          v -> {
            metrics.put("validation_accuracy", v.accuracy());
            metrics.put("validation_macro_f1", v.macroF1());
            metrics.put("validation_weighted_f1", v.weightedF1());
            v.rocAuc().ifPresent(auc -> metrics.put("validation_roc_auc", auc));
          });
      metrics.put("train_seconds", trainSeconds);
      metrics.put("size_bytes", (double) sizeBytes);

      Map<String, String> parameters = new LinkedHashMap<>(chosen.parameters());
      parameters.putIfAbsent(MODEL_PARAMETER, trainer.name());
      parameters.put("dataset", dataset);
      parameters.put(
          "split_ratios", ratios.train() + "/" + ratios.validation() + "/" + ratios.test());
      parameters.put("split_seed", Long.toString(seed));
      ModelCard card =
          new ModelCard(
              modelName,
              "",
              TfidfLogRegTrainer.TASK,
              trained.card().format(),
              trained.labels(),
              metrics,
              fingerprint,
              parameters,
              Instant.now());
      ModelCardJson.write(card, modelDir.resolve(ModelCardJson.FILE_NAME));

      // 6. metrics.json, model-card.json, charts, report
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("seed", seed);
      extra.put("train_rows", train.size());
      extra.put("validation_rows", validation.size());
      extra.put("test_rows", test.size());
      extra.put("labels", trained.labels());
      if (trained instanceof TfidfLogRegClassifier tfidf) {
        extra.put("vocabulary_size", tfidf.vectorizer().size());
      }
      extra.put("data_sha256", fingerprint);
      Path metricsFile =
          out.writeMetrics(
              new MetricsFile(
                  dataset, TfidfLogRegTrainer.TASK, Map.of(trainer.name(), metrics), extra));
      out.writeModelCard(card);
      writeSplit(out.file(SPLIT_FILE), split);
      Map<String, List<LabeledText>> splits = new LinkedHashMap<>();
      splits.put("train", train);
      splits.put("validation", validation);
      splits.put("test", test);
      TextEda.Report eda = TextEda.write(out.dir(), data, splits);
      List<Path> charts = writeCharts(out, testEval, "test split");
      charts.addAll(eda.charts());
      Path reportFile =
          writeReport(
              out,
              dataset,
              card,
              testReport,
              validationReport,
              charts,
              eda,
              train,
              validation,
              test);
      LOG.info("wrote metrics, model card, {} charts and report to {}", charts.size(), out.dir());

      // 7. registry
      Optional<ModelVersion> registered = Optional.empty();
      if (registry != null) {
        ModelVersion version = registry.register(modelName, modelDir, card);
        if (stage != null) {
          version = registry.promote(modelName, version.version(), stage);
        }
        LOG.info(
            "registered {} version {}{}",
            modelName,
            version.version(),
            stage == null ? "" : " (stage " + stage + ")");
        registered = Optional.of(version);
      }
      return new TextClassificationResult(
          dataset,
          card,
          testReport,
          validationReport,
          trainSeconds,
          sizeBytes,
          train.size(),
          validation.size(),
          test.size(),
          out.dir(),
          modelDir,
          metricsFile,
          reportFile,
          charts,
          registered);
    }
  }

  /** Texts loaded from a catalog data set or a CSV file, with the data's fingerprint. */
  record LoadedData(String dataset, Path file, List<LabeledText> rows, String fingerprint) {}

  /**
   * Loads the texts exactly as {@link #run()} does (shared with {@link TextEvaluationJob}, so both
   * see the same rows in the same order).
   */
  static LoadedData load(String datasetId, DatasetCatalog catalog, CsvSource csv) {
    String dataset = csv == null ? datasetId : csv.datasetName();
    Path dataFile;
    List<LabeledText> data;
    String fingerprint;
    if (csv == null) {
      DatasetCatalog cat = catalog == null ? DatasetCatalog.defaults() : catalog;
      if (TextDatasets.SMS_SPAM.equals(datasetId)) {
        dataFile = cat.resolve(datasetId);
        data = TextDatasets.smsSpam(dataFile);
        fingerprint = Fingerprints.sha256(dataFile);
      } else if (TextDatasets.SPAM_ASSASSIN.equals(datasetId)) {
        dataFile = cat.resolve(datasetId);
        data = TextDatasets.spamAssassinMessages(dataFile).stream().map(m -> m.example()).toList();
        fingerprint = Fingerprints.sha256OfTree(dataFile);
      } else {
        throw new MlException(
            "data set '"
                + datasetId
                + "' is not a text classification data set known to this job (known: "
                + TextDatasets.SMS_SPAM
                + ", "
                + TextDatasets.SPAM_ASSASSIN
                + "); use csv(file, textColumn, labelColumn, separator) for your own data");
      }
    } else {
      dataFile = csv.file();
      data =
          TextDatasets.fromCsv(
              csv.file(), csv.textColumn(), csv.labelColumn(), csv.separator(), csv.charset());
      fingerprint = Fingerprints.sha256(dataFile);
    }
    return new LoadedData(dataset, dataFile, data, fingerprint);
  }

  /** The stratified split of {@link #run()} (the same seed always gives the same test rows). */
  static SplitIndices split(List<LabeledText> data, SplitRatios ratios, long seed) {
    return Splits.stratified(data.stream().map(LabeledText::label).toList(), ratios, seed);
  }

  static List<LabeledText> pick(List<LabeledText> data, int[] indices) {
    List<LabeledText> out = new ArrayList<>(indices.length);
    for (int i : indices) {
      out.add(data.get(i));
    }
    return out;
  }

  /** A split's report with the inputs it was computed from. */
  record Evaluation(
      ClassificationReport report, List<String> labels, List<String> yTrue, double[][] scores) {}

  /** Evaluates on a split; labels the model never saw get a zero score column. */
  static Evaluation evaluate(Classifier<String> model, List<LabeledText> rows) {
    TreeSet<String> labelSet = new TreeSet<>(model.labels());
    rows.forEach(r -> labelSet.add(r.label()));
    List<String> labels = List.copyOf(labelSet);
    List<Classification> predictions =
        model.classifyAll(rows.stream().map(LabeledText::text).toList());
    List<String> yTrue = rows.stream().map(LabeledText::label).toList();
    List<String> yPred = predictions.stream().map(Classification::label).toList();
    double[][] scores = new double[rows.size()][labels.size()];
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Double> s = predictions.get(i).scores();
      for (int j = 0; j < labels.size(); j++) {
        scores[i][j] = s.getOrDefault(labels.get(j), 0.0);
      }
    }
    ClassificationReport report;
    try {
      report = ClassificationMetrics.evaluate(yTrue, yPred, labels, scores);
    } catch (MlException e) {
      // e.g. a label without samples in this split: ROC-AUC is undefined, the rest is not
      LOG.warn("ROC-AUC left out: {}", e.getMessage());
      report = ClassificationMetrics.evaluate(yTrue, yPred, labels);
    }
    return new Evaluation(report, labels, yTrue, scores);
  }

  /** Confusion matrix and ROC curve PNGs of one evaluated split, e.g. {@code test split}. */
  static List<Path> writeCharts(RunOutput out, Evaluation testEval, String splitName) {
    List<Path> charts = new ArrayList<>();
    ClassificationReport testReport = testEval.report();
    Path cm = out.file("confusion-matrix.png");
    Charts.confusionMatrix(
        cm,
        "Confusion matrix (" + splitName + ")",
        testReport.labels(),
        testReport.confusionMatrix().counts());
    charts.add(cm);

    Map<String, double[][]> curves = rocCurves(testEval);
    if (!curves.isEmpty()) {
      curves.put("chance", new double[][] {{0, 1}, {0, 1}});
      Path roc = out.file("roc-curve.png");
      Charts.lines(
          roc,
          "ROC curve (" + splitName + ")",
          "false positive rate",
          "true positive rate",
          curves);
      charts.add(roc);
    }
    return charts;
  }

  /** ROC curves of the test split: the positive label for two labels, one-vs-rest otherwise. */
  private static Map<String, double[][]> rocCurves(Evaluation eval) {
    Map<String, double[][]> curves = new LinkedHashMap<>();
    if (eval.report().rocAuc().isEmpty()) {
      return curves; // undefined on this split
    }
    List<String> labels = eval.labels();
    if (labels.size() == 2) {
      eval.report().rocCurve().ifPresent(roc -> addCurve(curves, roc));
      return curves;
    }
    for (int k = 0; k < labels.size(); k++) {
      String positive = labels.get(k);
      String negative = "not " + positive;
      List<String> yTrue = new ArrayList<>();
      double[][] scores = new double[eval.scores().length][];
      for (int i = 0; i < scores.length; i++) {
        yTrue.add(eval.yTrue().get(i).equals(positive) ? positive : negative);
        scores[i] = new double[] {1 - eval.scores()[i][k], eval.scores()[i][k]};
      }
      ClassificationMetrics.evaluate(yTrue, yTrue, List.of(negative, positive), scores)
          .rocCurve()
          .ifPresent(roc -> addCurve(curves, roc));
    }
    return curves;
  }

  private static void addCurve(Map<String, double[][]> curves, RocCurve roc) {
    curves.put(
        roc.positiveLabel() + " (AUC " + fmt(roc.auc()) + ")",
        new double[][] {roc.fpr(), roc.tpr()});
  }

  private Path writeReport(
      RunOutput out,
      String dataset,
      ModelCard card,
      ClassificationReport testReport,
      Optional<ClassificationReport> validationReport,
      List<Path> charts,
      TextEda.Report eda,
      List<LabeledText> train,
      List<LabeledText> validation,
      List<LabeledText> test) {
    List<List<Object>> perClass = new ArrayList<>();
    for (ClassMetrics m : testReport.perClass()) {
      perClass.add(List.of(m.label(), m.precision(), m.recall(), m.f1(), m.support()));
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("accuracy", testReport.accuracy());
    summary.put("macro F1", testReport.macroF1());
    summary.put("weighted F1", testReport.weightedF1());
    testReport.rocAuc().ifPresent(auc -> summary.put("ROC-AUC", auc));
    summary.put("train seconds", card.metrics().get("train_seconds"));
    summary.put("model size (bytes)", card.metrics().get("size_bytes").longValue());
    HtmlReport.Builder html =
        HtmlReport.builder("Text classification: " + dataset)
            .subtitle(
                "TF-IDF + logistic regression (Tribuo); "
                    + train.size()
                    + " train / "
                    + validation.size()
                    + " validation / "
                    + test.size()
                    + " test texts, split seed "
                    + seed)
            .section("Test metrics")
            .keyValues(summary)
            .table(List.of("label", "precision", "recall", "F1", "support"), perClass);
    validationReport.ifPresent(
        v -> {
          Map<String, Object> vm = new LinkedHashMap<>();
          vm.put("accuracy", v.accuracy());
          vm.put("macro F1", v.macroF1());
          vm.put("weighted F1", v.weightedF1());
          v.rocAuc().ifPresent(auc -> vm.put("ROC-AUC", auc));
          html.section("Validation metrics").keyValues(vm);
        });
    html.section("Data").keyValues(eda.keyValues());
    html.section("Charts");
    for (Path chart : charts) {
      html.image(chart, caption(chart));
    }
    Map<String, Object> about = new LinkedHashMap<>();
    about.put("model name", card.name());
    about.put("format", card.format());
    about.put("labels", String.join(", ", card.labels()));
    about.put("data SHA-256", card.dataFingerprint());
    html.section("Model").keyValues(about).section("Parameters").keyValues(card.parameters());
    Path report = out.file(RunOutput.REPORT_FILE);
    html.build().write(report);
    return report;
  }

  private static String caption(Path chart) {
    return switch (chart.getFileName().toString()) {
      case "confusion-matrix.png" -> "Confusion matrix on the test split (rows: true label)";
      case "roc-curve.png" -> "ROC curve on the test split";
      case "class-balance.png" -> "Texts per label in each split";
      case "text-length.png" -> "Distribution of text length in characters";
      default -> chart.getFileName().toString();
    };
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** A user CSV source. */
  record CsvSource(
      Path file, String textColumn, String labelColumn, char separator, Charset charset) {
    String datasetName() {
      String name = file.getFileName().toString();
      int dot = name.lastIndexOf('.');
      return dot > 0 ? name.substring(0, dot) : name;
    }
  }

  private void writeSplit(Path file, SplitIndices split) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seed", seed);
    json.put("train", split.train());
    json.put("validation", split.validation());
    json.put("test", split.test());
    try {
      AtomicFiles.writeString(file, new ObjectMapper().writeValueAsString(json));
    } catch (IOException e) {
      throw new MlException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static long folderSize(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      long total = 0;
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          total += Files.size(p);
        }
      }
      return total;
    } catch (IOException e) {
      throw new MlException("cannot measure " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Builds a {@link TextClassificationJob}. */
  public static final class Builder {
    private String datasetId = TextDatasets.SMS_SPAM;
    private DatasetCatalog catalog;
    private CsvSource csv;
    private Path outDir;
    private SplitRatios ratios = SplitRatios.of(0.8, 0.1, 0.1);
    private long seed = 42L;
    private SearchMode search;
    private boolean quickSearch;
    private TextClassifierTrainer trainer;
    private ModelRegistry registry;
    private String modelName;
    private String stage;

    private Builder() {}

    /**
     * A catalog data set id: {@code sms-spam} (default) or {@code spam-assassin}.
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
     * Uses a user CSV file with a header row instead of a catalog data set.
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
          new CsvSource(
              file,
              textColumn,
              labelColumn,
              separator,
              csv == null ? StandardCharsets.UTF_8 : csv.charset());
      return this;
    }

    /**
     * The charset of the {@link #csv} file (default UTF-8). Bytes that are not valid in it stop the
     * run with an error naming the file and line; {@code ISO-8859-1} or {@code windows-1252} accept
     * any byte (the lenient choice for files that are not UTF-8).
     *
     * @param charset the charset
     * @return this builder
     * @throws MlException if {@code csv(...)} was not set first
     */
    public Builder csvCharset(Charset charset) {
      Objects.requireNonNull(charset, "charset");
      if (csv == null) {
        throw new MlException(
            "csvCharset needs csv(file, textColumn, labelColumn, separator) first");
      }
      this.csv =
          new CsvSource(csv.file(), csv.textColumn(), csv.labelColumn(), csv.separator(), charset);
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
     * Train/validation/test fractions (default 0.8/0.1/0.1; the test fraction must be > 0).
     *
     * @param value the ratios
     * @return this builder
     */
    public Builder splitRatios(SplitRatios value) {
      this.ratios = value;
      return this;
    }

    /**
     * Seed of the stratified split (default 42).
     *
     * @param value the seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Runs a hyper-parameter search (stratified k-fold on the training rows only) before training
     * and trains the best setting; the search table is written as {@code search_results.csv} and
     * {@code .json}. Available for the classical models.
     *
     * @param mode grid or random
     * @param quick smaller search (3 folds, fewer trials)
     * @return this builder
     */
    public Builder search(SearchMode mode, boolean quick) {
      this.search = Objects.requireNonNull(mode, "mode");
      this.quickSearch = quick;
      return this;
    }

    /**
     * The trainer of the model to train (default {@code TfidfLogRegTrainer.builder().build()}, i.e.
     * {@code tfidf-logreg}); any {@link TextClassifierTrainer}, e.g. from {@link TextTrainers}.
     *
     * @param value the trainer
     * @return this builder
     */
    public Builder trainer(TextClassifierTrainer value) {
      this.trainer = value;
      return this;
    }

    /**
     * Registers the trained model in this registry (default: none).
     *
     * @param value the registry
     * @return this builder
     */
    public Builder registry(ModelRegistry value) {
      this.registry = value;
      return this;
    }

    /**
     * The model name in the card and registry (default: the data set id, e.g. {@code sms-spam}, or
     * the CSV file name in lower case).
     *
     * @param value the name
     * @return this builder
     */
    public Builder modelName(String value) {
      this.modelName = value;
      return this;
    }

    /**
     * The registry stage to promote the new version to, e.g. {@code production} (default: none;
     * needs a registry).
     *
     * @param value the stage
     * @return this builder
     */
    public Builder promoteTo(String value) {
      this.stage = value;
      return this;
    }

    /**
     * Builds and validates the job.
     *
     * @return the job
     * @throws MlException on missing or inconsistent settings
     */
    public TextClassificationJob build() {
      if (csv == null && (datasetId == null || datasetId.isBlank())) {
        throw new MlException("no data: set dataset(id) or csv(file, ...)");
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
      if (ratios.test() <= 0) {
        throw new MlException("the test ratio must be > 0, got " + ratios.test());
      }
      if (stage != null && registry == null) {
        throw new MlException("promoteTo('" + stage + "') needs a registry");
      }
      if (outDir == null) {
        outDir = RunOutput.defaultDir("text");
      }
      if (trainer == null) {
        trainer = TfidfLogRegTrainer.builder().build();
      }
      if (modelName == null) {
        modelName =
            csv == null
                ? datasetId
                : csv.datasetName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
      }
      if (modelName.isBlank()) {
        throw new MlException("model name is empty");
      }
      return new TextClassificationJob(this);
    }
  }
}
