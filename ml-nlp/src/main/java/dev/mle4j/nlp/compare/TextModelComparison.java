package dev.mle4j.nlp.compare;

import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.data.SplitIndices;
import dev.mle4j.core.data.SplitRatios;
import dev.mle4j.core.data.Splits;
import dev.mle4j.core.metrics.ClassMetrics;
import dev.mle4j.core.metrics.ClassificationMetrics;
import dev.mle4j.core.metrics.ClassificationReport;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.report.Charts;
import dev.mle4j.core.report.HtmlReport;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.nlp.SavableTextClassifier;
import dev.mle4j.nlp.TextClassifierTrainer;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.data.TextEda;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains several text classifiers on one stratified split and scores every one on the same held-out
 * test rows.
 *
 * <p>Per model it measures accuracy, macro and weighted F1, per-class precision/recall, ROC-AUC,
 * training time, latency of single {@code classify} calls (p50/p99 over up to 200 test texts after
 * a warm-up), throughput of {@code classifyAll} in batches of 32, and the size of the saved model
 * folder. It also analyses errors: misclassified test rows per model, rows every model gets wrong,
 * and how many errors each pair of models shares.
 *
 * <p>Writes to the output folder: the data exploration ({@code class-balance.png}, {@code
 * text-length.png}, vocabulary size), {@code metrics.json} (one entry per model under {@code
 * models}), {@code comparison_table.csv}, {@code errors.csv}, {@code split.json}, {@code
 * model-card.json} (of the best model by macro F1), charts ({@code accuracy_vs_latency.png}, {@code
 * macro_f1.png}, {@code train_seconds.png}, {@code confusion-<model>.png}), {@code report.html},
 * and every model under {@code models/<name>/}. A model that fails to train is reported and the
 * others go on.
 */
public final class TextModelComparison {
  private static final Logger LOG = LoggerFactory.getLogger(TextModelComparison.class);

  /** File holding the split's row indices, so peer scripts can use the same rows. */
  public static final String SPLIT_FILE = "split.json";

  private static final int LATENCY_SAMPLES = 200;
  private static final int WARM_UP = 20;
  private static final int THROUGHPUT_TEXTS = 1024;
  private static final int BATCH = 32;

  private final String dataset;
  private final List<LabeledText> data;
  private final String dataFingerprint;
  private final List<TextClassifierTrainer> trainers;
  private final SplitRatios ratios;
  private final long seed;
  private final Path outDir;

  private TextModelComparison(Builder b) {
    this.dataset = b.dataset;
    this.data = b.data;
    this.dataFingerprint = b.dataFingerprint;
    this.trainers = List.copyOf(b.trainers);
    this.ratios = b.ratios;
    this.seed = b.seed;
    this.outDir = b.outDir;
  }

  /**
   * Starts a builder.
   *
   * @return a builder (split 0.8/0.1/0.1, seed 42)
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the comparison.
   *
   * @return the measured results
   * @throws MlException on bad data or when no model trained
   */
  public ComparisonResult run() {
    List<String> labels = data.stream().map(LabeledText::label).toList();
    List<String> labelSet = List.copyOf(new TreeSet<>(labels));
    if (labelSet.size() < 2) {
      throw new MlException(
          "data set '" + dataset + "' has only the label(s) " + labelSet + ": need at least two");
    }
    SplitIndices split = Splits.stratified(labels, ratios, seed);
    List<LabeledText> train = pick(split.train());
    List<LabeledText> validation = pick(split.validation());
    List<LabeledText> test = pick(split.test());
    if (test.isEmpty()) {
      throw new MlException("the test split is empty: use a test ratio > 0 (got " + ratios + ")");
    }
    RunOutput out = RunOutput.create(outDir);
    writeSplit(out.file(SPLIT_FILE), split);
    Map<String, List<LabeledText>> splits = new LinkedHashMap<>();
    splits.put("train", train);
    splits.put("validation", validation);
    splits.put("test", test);
    TextEda.Report eda = TextEda.write(out.dir(), data, splits);
    LOG.info(
        "comparing {} models on {}: {} train, {} validation, {} test rows (seed {})",
        trainers.size(),
        dataset,
        train.size(),
        validation.size(),
        test.size(),
        seed);

    List<String> testTexts = test.stream().map(LabeledText::text).toList();
    List<String> testLabels = test.stream().map(LabeledText::label).toList();
    List<ModelResult> results = new ArrayList<>();
    Map<String, String> failures = new LinkedHashMap<>();
    Map<String, ModelCard> cards = new LinkedHashMap<>();
    int i = 0;
    for (TextClassifierTrainer trainer : trainers) {
      i++;
      String name = trainer.name();
      LOG.info("[{}/{}] {}: training", i, trainers.size(), name);
      try {
        ModelResult r =
            measure(trainer, train, validation, testTexts, testLabels, labelSet, out, cards);
        results.add(r);
        LOG.info(
            "[{}/{}] {}: accuracy {} macro F1 {}, trained in {} s, p50 {} ms",
            i,
            trainers.size(),
            name,
            fmt(r.test().accuracy()),
            fmt(r.test().macroF1()),
            fmt(r.trainSeconds()),
            fmt(r.p50Ms()));
      } catch (RuntimeException | OutOfMemoryError e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        failures.put(name, message);
        LOG.error("[{}/{}] {} failed: {}", i, trainers.size(), name, message, e);
      }
    }
    if (results.isEmpty()) {
      throw new MlException("no model trained: " + failures);
    }
    int shared = sharedErrors(results, testLabels);
    ComparisonResult result =
        new ComparisonResult(
            dataset,
            results,
            failures,
            train.size(),
            validation.size(),
            test.size(),
            shared,
            out.dir());
    writeOutputs(out, result, test, cards, eda);
    return result;
  }

  private ModelResult measure(
      TextClassifierTrainer trainer,
      List<LabeledText> train,
      List<LabeledText> validation,
      List<String> testTexts,
      List<String> testLabels,
      List<String> labelSet,
      RunOutput out,
      Map<String, ModelCard> cards) {
    String name = trainer.name();
    long start = System.nanoTime();
    try (SavableTextClassifier model = trainer.train(train, validation)) {
      double trainSeconds = (System.nanoTime() - start) / 1e9;
      List<Classification> predicted = model.classifyAll(testTexts);
      List<String> predictions = predicted.stream().map(Classification::label).toList();
      double[][] scores = new double[predicted.size()][labelSet.size()];
      for (int r = 0; r < predicted.size(); r++) {
        Map<String, Double> s = predicted.get(r).scores();
        for (int c = 0; c < labelSet.size(); c++) {
          scores[r][c] = s.getOrDefault(labelSet.get(c), 0.0);
        }
      }
      List<String> evalLabels = unionLabels(labelSet, predictions);
      ClassificationReport report =
          evalLabels.size() == labelSet.size()
              ? ClassificationMetrics.evaluate(testLabels, predictions, labelSet, scores)
              : ClassificationMetrics.evaluate(testLabels, predictions, evalLabels);
      double[] latency = latencies(model, testTexts);
      double throughput = throughput(model, testTexts);
      Path modelDir = out.dir().resolve("models").resolve(name);
      model.save(modelDir);
      long size = folderSize(modelDir) + model.externalBytes();
      Map<String, Double> metrics = new LinkedHashMap<>(report.toMap());
      metrics.put("train_seconds", trainSeconds);
      ModelCard card = model.card();
      cards.put(
          name,
          new ModelCard(
              card.name(),
              card.version(),
              card.task(),
              card.format(),
              card.labels(),
              metrics,
              dataFingerprint,
              trainer.parameters(),
              Instant.now()));
      Charts.confusionMatrix(
          out.file("confusion-" + name + ".png"),
          "Confusion matrix: " + name,
          report.confusionMatrix().labels(),
          report.confusionMatrix().counts());
      return new ModelResult(
          name,
          report,
          trainSeconds,
          percentile(latency, 50),
          percentile(latency, 99),
          throughput,
          size,
          modelDir,
          predictions);
    }
  }

  private static List<String> unionLabels(List<String> labelSet, List<String> predictions) {
    TreeSet<String> all = new TreeSet<>(labelSet);
    all.addAll(predictions);
    return List.copyOf(all);
  }

  private static double[] latencies(SavableTextClassifier model, List<String> texts) {
    for (int i = 0; i < Math.min(WARM_UP, texts.size()); i++) {
      model.classify(texts.get(i));
    }
    int n = Math.min(LATENCY_SAMPLES, texts.size());
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      model.classify(texts.get(i));
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  private static double throughput(SavableTextClassifier model, List<String> texts) {
    int total = Math.max(BATCH, Math.min(THROUGHPUT_TEXTS, texts.size()));
    List<String> batch = new ArrayList<>(BATCH);
    model.classifyAll(texts.subList(0, Math.min(BATCH, texts.size())));
    long start = System.nanoTime();
    int done = 0;
    while (done < total) {
      batch.clear();
      for (int j = 0; j < BATCH && done + j < total; j++) {
        batch.add(texts.get((done + j) % texts.size()));
      }
      model.classifyAll(batch);
      done += batch.size();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return done / Math.max(seconds, 1e-9);
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static int sharedErrors(List<ModelResult> results, List<String> truth) {
    int shared = 0;
    for (int r = 0; r < truth.size(); r++) {
      boolean all = true;
      for (ModelResult m : results) {
        if (m.predictions().get(r).equals(truth.get(r))) {
          all = false;
          break;
        }
      }
      if (all) {
        shared++;
      }
    }
    return shared;
  }

  private void writeOutputs(
      RunOutput out,
      ComparisonResult result,
      List<LabeledText> test,
      Map<String, ModelCard> cards,
      TextEda.Report eda) {
    Map<String, Map<String, Double>> models = new LinkedHashMap<>();
    for (ModelResult m : result.models()) {
      models.put(m.name(), m.toMap());
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("seed", seed);
    extra.put("train_rows", result.trainRows());
    extra.put("validation_rows", result.validationRows());
    extra.put("test_rows", result.testRows());
    extra.put("shared_errors", result.sharedErrors());
    extra.put("failed_models", List.copyOf(result.failures().keySet()));
    extra.put("data_sha256", dataFingerprint);
    extra.put("vocabulary_size", eda.eda().vocabularySize());
    result.best().ifPresent(b -> extra.put("best_model", b.name()));
    out.writeMetrics(new MetricsFile(dataset, "text-classification", models, extra));
    result.best().map(b -> cards.get(b.name())).ifPresent(out::writeModelCard);
    AtomicFiles.writeString(out.file("comparison_table.csv"), comparisonCsv(result));
    AtomicFiles.writeString(out.file("errors.csv"), errorsCsv(result, test));

    List<String> names = result.models().stream().map(ModelResult::name).toList();
    Map<String, double[]> points = new LinkedHashMap<>();
    for (ModelResult m : result.models()) {
      points.put(m.name(), new double[] {Math.max(m.p50Ms(), 1e-4), m.test().accuracy()});
    }
    Path scatter = out.file("accuracy_vs_latency.png");
    Charts.scatter(
        scatter,
        "Accuracy vs latency (test rows, one text per call)",
        "p50 latency, ms (log)",
        "accuracy",
        points,
        true);
    Path f1 = out.file("macro_f1.png");
    Charts.bars(
        f1,
        "Macro F1 on the test rows",
        names,
        Map.of(
            "macro F1", result.models().stream().mapToDouble(m -> m.test().macroF1()).toArray()));
    Path time = out.file("train_seconds.png");
    Charts.bars(
        time,
        "Training time (s)",
        names,
        Map.of(
            "seconds", result.models().stream().mapToDouble(ModelResult::trainSeconds).toArray()));
    writeReport(out, result, test, List.of(scatter, f1, time), eda);
  }

  private static String comparisonCsv(ComparisonResult result) {
    StringBuilder sb =
        new StringBuilder(
            "model,accuracy,macro_f1,weighted_f1,roc_auc,train_seconds,p50_ms,p99_ms,"
                + "throughput_batch32,size_bytes");
    List<String> labels = result.models().get(0).test().labels();
    for (String l : labels) {
      sb.append(",precision_").append(csv(l)).append(",recall_").append(csv(l));
    }
    sb.append('\n');
    for (ModelResult m : result.models()) {
      ClassificationReport t = m.test();
      sb.append(csv(m.name()))
          .append(',')
          .append(num(t.accuracy()))
          .append(',')
          .append(num(t.macroF1()))
          .append(',')
          .append(num(t.weightedF1()))
          .append(',')
          .append(t.rocAuc().isPresent() ? num(t.rocAuc().getAsDouble()) : "")
          .append(',')
          .append(num(m.trainSeconds()))
          .append(',')
          .append(num(m.p50Ms()))
          .append(',')
          .append(num(m.p99Ms()))
          .append(',')
          .append(num(m.throughputBatch32()))
          .append(',')
          .append(m.sizeBytes());
      for (String l : labels) {
        ClassMetrics c = t.labels().contains(l) ? t.forLabel(l) : null;
        sb.append(',')
            .append(c == null ? "" : num(c.precision()))
            .append(',')
            .append(c == null ? "" : num(c.recall()));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String errorsCsv(ComparisonResult result, List<LabeledText> test) {
    StringBuilder sb =
        new StringBuilder("model,test_row,true_label,predicted_label,wrong_by,text\n");
    int[] wrongBy = wrongCounts(result, test);
    for (ModelResult m : result.models()) {
      for (int r = 0; r < test.size(); r++) {
        String p = m.predictions().get(r);
        if (!p.equals(test.get(r).label())) {
          sb.append(csv(m.name()))
              .append(',')
              .append(r)
              .append(',')
              .append(csv(test.get(r).label()))
              .append(',')
              .append(csv(p))
              .append(',')
              .append(wrongBy[r])
              .append(',')
              .append(csv(test.get(r).text()))
              .append('\n');
        }
      }
    }
    return sb.toString();
  }

  private static int[] wrongCounts(ComparisonResult result, List<LabeledText> test) {
    int[] wrong = new int[test.size()];
    for (ModelResult m : result.models()) {
      for (int r = 0; r < test.size(); r++) {
        if (!m.predictions().get(r).equals(test.get(r).label())) {
          wrong[r]++;
        }
      }
    }
    return wrong;
  }

  private void writeReport(
      RunOutput out,
      ComparisonResult result,
      List<LabeledText> test,
      List<Path> charts,
      TextEda.Report eda) {
    HtmlReport.Builder html =
        HtmlReport.builder("Text classification comparison: " + dataset)
            .subtitle(
                result.models().size()
                    + " models, same stratified split (seed "
                    + seed
                    + "): "
                    + result.trainRows()
                    + " train / "
                    + result.validationRows()
                    + " validation / "
                    + result.testRows()
                    + " test rows");
    html.section("Data");
    html.keyValues(eda.keyValues());
    for (Path chart : eda.charts()) {
      html.image(chart, chart.getFileName().toString());
    }
    html.section("Results on the held-out test rows");
    List<List<Object>> rows = new ArrayList<>();
    for (ModelResult m : result.models()) {
      rows.add(
          List.of(
              m.name(),
              fmt(m.test().accuracy()),
              fmt(m.test().macroF1()),
              fmt(m.trainSeconds()),
              fmt(m.p50Ms()),
              fmt(m.p99Ms()),
              String.format(Locale.ROOT, "%.0f", m.throughputBatch32()),
              String.format(Locale.ROOT, "%.2f", m.sizeBytes() / 1e6)));
    }
    html.table(
        List.of(
            "model",
            "accuracy",
            "macro F1",
            "train s",
            "p50 ms",
            "p99 ms",
            "texts/s (batch 32)",
            "size MB"),
        rows);
    if (!result.failures().isEmpty()) {
      html.section("Models that failed");
      html.keyValues(result.failures());
    }
    for (Path chart : charts) {
      html.image(chart, chart.getFileName().toString());
    }
    html.section("Error analysis");
    int[] wrong = wrongCounts(result, test);
    Map<String, Object> counts = new LinkedHashMap<>();
    for (int k = 0; k <= result.models().size(); k++) {
      final int kk = k;
      counts.put(
          "test rows misclassified by " + k + " model(s)",
          Arrays.stream(wrong).filter(w -> w == kk).count());
    }
    html.keyValues(counts);
    html.paragraph("Errors shared by each pair of models (rows both get wrong):");
    List<String> header = new ArrayList<>();
    header.add("");
    result.models().forEach(m -> header.add(m.name()));
    List<List<Object>> overlap = new ArrayList<>();
    for (ModelResult a : result.models()) {
      List<Object> row = new ArrayList<>();
      row.add(a.name());
      for (ModelResult b : result.models()) {
        int both = 0;
        for (int r = 0; r < test.size(); r++) {
          String truth = test.get(r).label();
          if (!a.predictions().get(r).equals(truth) && !b.predictions().get(r).equals(truth)) {
            both++;
          }
        }
        row.add(both);
      }
      overlap.add(row);
    }
    html.table(header, overlap);
    List<List<Object>> hardest = new ArrayList<>();
    for (int r = 0; r < test.size() && hardest.size() < 25; r++) {
      if (wrong[r] * 2 >= result.models().size() && wrong[r] > 0) {
        hardest.add(List.of(r, test.get(r).label(), wrong[r], shorten(test.get(r).text())));
      }
    }
    html.paragraph("Test rows that at least half of the models get wrong (first 25):");
    html.table(List.of("test row", "true label", "wrong by", "text"), hardest);
    html.paragraph("Every misclassified row of every model is in errors.csv.");
    for (ModelResult m : result.models()) {
      html.image(out.file("confusion-" + m.name() + ".png"), "confusion matrix: " + m.name());
    }
    html.build().write(out.file(RunOutput.REPORT_FILE));
  }

  private List<LabeledText> pick(int[] rows) {
    List<LabeledText> out = new ArrayList<>(rows.length);
    for (int r : rows) {
      out.add(data.get(r));
    }
    return out;
  }

  private void writeSplit(Path file, SplitIndices split) {
    String json =
        "{\"seed\":"
            + seed
            + ",\"train\":"
            + Arrays.toString(split.train())
            + ",\"validation\":"
            + Arrays.toString(split.validation())
            + ",\"test\":"
            + Arrays.toString(split.test())
            + "}";
    AtomicFiles.writeString(file, json);
  }

  private static long folderSize(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    } catch (IOException | UncheckedIOException e) {
      throw new MlException("cannot measure the size of " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String shorten(String text) {
    return text.length() <= 160 ? text : text.substring(0, 157) + "...";
  }

  private static String csv(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** Builds a {@link TextModelComparison}. */
  public static final class Builder {
    private String dataset;
    private List<LabeledText> data;
    private String dataFingerprint = "";
    private final List<TextClassifierTrainer> trainers = new ArrayList<>();
    private SplitRatios ratios = new SplitRatios(0.8, 0.1, 0.1);
    private long seed = 42;
    private Path outDir;

    private Builder() {}

    /**
     * The labelled texts to split and compare on.
     *
     * @param name data set name for outputs
     * @param rows the rows (at least two labels)
     * @param fingerprint SHA-256 of the source data, recorded in model cards
     * @return this builder
     */
    public Builder data(String name, List<LabeledText> rows, String fingerprint) {
      this.dataset = Objects.requireNonNull(name, "name");
      this.data = List.copyOf(Objects.requireNonNull(rows, "rows"));
      this.dataFingerprint = fingerprint == null ? "" : fingerprint;
      return this;
    }

    /**
     * Adds a model to compare.
     *
     * @param trainer its trainer
     * @return this builder
     */
    public Builder add(TextClassifierTrainer trainer) {
      trainers.add(Objects.requireNonNull(trainer, "trainer"));
      return this;
    }

    /**
     * Split fractions (default 0.8/0.1/0.1).
     *
     * @param value the ratios
     * @return this builder
     */
    public Builder splitRatios(SplitRatios value) {
      this.ratios = Objects.requireNonNull(value, "ratios");
      return this;
    }

    /**
     * Random seed of the split (default 42).
     *
     * @param value the seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Output folder.
     *
     * @param dir the folder
     * @return this builder
     */
    public Builder outDir(Path dir) {
      this.outDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Checks the settings and builds the comparison.
     *
     * @return the comparison
     * @throws MlException when data, models or the output folder are missing, or two models share a
     *     name
     */
    public TextModelComparison build() {
      if (data == null || data.isEmpty()) {
        throw new MlException("no data to compare models on");
      }
      if (trainers.isEmpty()) {
        throw new MlException("no models to compare");
      }
      if (outDir == null) {
        throw new MlException("no output folder set");
      }
      TreeSet<String> names = new TreeSet<>();
      for (TextClassifierTrainer t : trainers) {
        if (!names.add(t.name())) {
          throw new MlException("model '" + t.name() + "' is listed twice");
        }
      }
      return new TextModelComparison(this);
    }
  }
}
