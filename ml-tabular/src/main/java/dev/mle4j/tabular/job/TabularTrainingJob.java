package dev.mle4j.tabular.job;

import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.core.report.Charts;
import dev.mle4j.core.report.HtmlReport;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.tabular.data.CsvWriter;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularDataset;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.eda.EdaReport;
import dev.mle4j.tabular.ensemble.AveragingLearner;
import dev.mle4j.tabular.ensemble.StackingLearner;
import dev.mle4j.tabular.eval.CrossValidation;
import dev.mle4j.tabular.eval.CvResult;
import dev.mle4j.tabular.eval.FeatureImportanceChart;
import dev.mle4j.tabular.eval.FittedFold;
import dev.mle4j.tabular.eval.FoldsFile;
import dev.mle4j.tabular.eval.LearningCurve;
import dev.mle4j.tabular.eval.MetricDirection;
import dev.mle4j.tabular.eval.ModelComparison;
import dev.mle4j.tabular.eval.PermutationImportance;
import dev.mle4j.tabular.eval.ResidualAnalysis;
import dev.mle4j.tabular.eval.TargetTransform;
import dev.mle4j.tabular.features.AutoFeatures;
import dev.mle4j.tabular.features.FeaturePipeline;
import dev.mle4j.tabular.features.FitContext;
import dev.mle4j.tabular.model.Learners;
import dev.mle4j.tabular.model.LogTargetModel;
import dev.mle4j.tabular.model.TabularLearner;
import dev.mle4j.tabular.model.TabularModel;
import dev.mle4j.tabular.serving.TabularArtifact;
import dev.mle4j.tabular.tuning.TpeSearch;
import dev.mle4j.tabular.tuning.TuningResult;
import dev.mle4j.tabular.tuning.TuningSetup;
import java.io.IOException;
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
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From a table to a tuned, explained, registered model: EDA report, the default feature pipeline
 * ({@link AutoFeatures}), k-fold cross-validation of every default learner, TPE tuning of one
 * learner within a trial budget, averaging and stacking ensembles of the best three, an optional
 * feature ablation study, and the best model refitted on all rows and saved (pipeline + model) as
 * one artifact.
 *
 * <p>Writes to the output folder: {@code metrics.json} (one entry per model under {@code models}
 * with {@code cv_<metric>}, {@code cv_<metric>_std} and {@code train_seconds}, plus {@code
 * best_model}), {@code model-card.json}, {@code comparison_table.csv}, {@code folds.json} (for the
 * Python peers), {@code tuning_trials.csv}, {@code ablation.csv}, PNG charts, {@code report.html},
 * the EDA report under {@code eda/} and the artifact under {@code model/}.
 */
public final class TabularTrainingJob {

  private static final Logger LOG = LoggerFactory.getLogger(TabularTrainingJob.class);

  private final Builder b;

  /** What one run found that the report shows (kept per run, not on the builder). */
  private static final class RunNotes {
    private List<List<String>> ablationRows;
    private String ablationLearner;
    private Map<String, Double> residualSummary;
  }

  private TabularTrainingJob(Builder b) {
    this.b = b;
  }

  /**
   * Starts a builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the job.
   *
   * @return the result
   * @throws MlException on bad input or a failing step
   */
  public TabularRunResult run() {
    long start = System.nanoTime();
    RunNotes notes = new RunNotes();
    TabularDataset ds = b.dataset;
    RunOutput out = RunOutput.create(b.outDir);
    DataFrame x = ds.features();
    Target y = ds.target();
    TabularTask task = ds.task();
    String metric = ds.primaryMetric();
    MetricDirection direction =
        ds.higherIsBetter() ? MetricDirection.HIGHER_IS_BETTER : MetricDirection.LOWER_IS_BETTER;
    LOG.info(
        "{}: {} rows, {} columns, {} on '{}', best model by {} ({} folds{})",
        ds.name(),
        x.rows(),
        x.columns().size(),
        task.name().toLowerCase(Locale.ROOT),
        y.name(),
        metric,
        b.folds,
        ds.timeColumn() == null ? "" : ", time-ordered by " + ds.timeColumn());

    if (b.eda) {
      LOG.info("EDA report -> {}", out.dir().resolve("eda"));
      EdaReport.builder(x)
          .target(y)
          .outputDir(out.dir().resolve("eda"))
          .title("EDA: " + ds.name())
          .build()
          .write();
    }

    UnaryOperator<AutoFeatures.Builder> base = fb -> fb.expressions(b.expressions);
    AutoFeatures features = base.apply(AutoFeatures.builder(x.schema(), task)).build();
    FitContext context = new FitContext(b.seed, 5);
    FeaturePipeline pipeline = features.pipeline(context);
    CrossValidation cv = crossValidation(ds, b.folds);
    FoldsFile.write(out.file("folds.json"), cv.folds(x, y), x.rows(), cv.resolve(task), b.seed);

    Map<String, CvResult> results = new LinkedHashMap<>();
    Map<String, TabularLearner> learners = new LinkedHashMap<>();
    Map<String, TabularLearner> defaults = Learners.defaults(task, b.seed);
    List<String> names = b.models.isEmpty() ? new ArrayList<>(defaults.keySet()) : b.models;
    for (String name : names) {
      TabularLearner learner = defaults.get(name);
      if (learner == null) {
        throw new MlException(
            "unknown model '" + name + "' for " + task + "; known: " + defaults.keySet());
      }
      LOG.info("cross-validating {}", name);
      results.put(name, renamed(cv.run(x, y, pipeline, learner), name));
      learners.put(name, learner);
      LOG.info("{}: cv {} = {}", name, metric, fmt(results.get(name).mean(metric)));
    }

    TuningResult tuning = null;
    String tuned = b.tune != null ? b.tune : names.contains("xgboost") ? "xgboost" : null;
    if (b.budget > 0 && tuned != null) {
      if (!defaults.containsKey(tuned)) {
        throw new MlException("cannot tune unknown model '" + tuned + "'");
      }
      LOG.info("tuning {} with TPE: {} trials of {}-fold CV", tuned, b.budget, b.tuneFolds);
      CrossValidation tuneCv = crossValidation(ds, b.tuneFolds).toBuilder().listener(null).build();
      String tname = tuned;
      TuningSetup setup =
          new TuningSetup(
              Learners.searchSpace(tuned, task),
              p -> Learners.byName(tname, task, p, b.seed),
              b.budget,
              tuneCv,
              metric,
              direction,
              b.seed);
      tuning = new TpeSearch(setup).run(x, y, pipeline);
      tuning.writeCsv(out.file("tuning_trials.csv"));
      tuning.writeJson(out.file("tuning_trials.json"));
      TabularLearner best = Learners.byName(tuned, task, tuning.best().params(), b.seed);
      String name = tuned + "-tuned";
      LOG.info("cross-validating {} with {}", name, tuning.best().params());
      results.put(name, renamed(cv.run(x, y, pipeline, best), name));
      learners.put(name, best);
      LOG.info("{}: cv {} = {}", name, metric, fmt(results.get(name).mean(metric)));
    }

    if (b.ensembles && learners.size() >= 3) {
      List<TabularLearner> top = new ArrayList<>();
      List<String> families = new ArrayList<>();
      for (CvResult r :
          ModelComparison.of(new ArrayList<>(results.values())).ranked(metric, direction)) {
        String family = r.learner().replace("-tuned", "");
        TabularLearner l = learners.get(r.learner());
        if (l != null && !families.contains(family) && top.size() < 3) {
          top.add(l);
          families.add(family);
        }
      }
      LOG.info("ensembles of {}", families);
      AveragingLearner avg = new AveragingLearner(top);
      results.put("averaging", renamed(cv.run(x, y, pipeline, avg), "averaging"));
      learners.put("averaging", avg);
      StackingLearner stack = new StackingLearner(top);
      results.put("stacking", renamed(cv.run(x, y, pipeline, stack), "stacking"));
      learners.put("stacking", stack);
      LOG.info(
          "averaging: cv {} = {}, stacking: {}",
          metric,
          fmt(results.get("averaging").mean(metric)),
          fmt(results.get("stacking").mean(metric)));
    }

    ModelComparison comparison = ModelComparison.of(new ArrayList<>(results.values()));
    comparison.writeCsv(out.file("comparison_table.csv"));
    CvResult bestCv = comparison.best(metric, direction);
    String bestName = bestCv.learner();
    LOG.info("best model: {} (cv {} = {})", bestName, metric, fmt(bestCv.mean(metric)));

    Map<String, Double> ablation = new LinkedHashMap<>();
    if (b.ablation) {
      String learnerName =
          b.ablationModel != null
              ? b.ablationModel
              : bestSingle(comparison, metric, direction, defaults);
      TabularLearner learner =
          learners.containsKey(learnerName) ? learners.get(learnerName) : defaults.get(learnerName);
      if (learner == null) {
        throw new MlException("unknown ablation model '" + learnerName + "'");
      }
      LOG.info("feature ablation with {}", learnerName);
      List<List<String>> rows = new ArrayList<>();
      for (Map.Entry<String, UnaryOperator<AutoFeatures.Builder>> v :
          FeatureAblation.variants(x, task, base).entrySet()) {
        FeaturePipeline p =
            v.getValue().apply(AutoFeatures.builder(x.schema(), task)).build().pipeline(context);
        CvResult r = cv.toBuilder().listener(null).build().run(x, y, p, learner);
        ablation.put(v.getKey(), r.mean(metric));
        rows.add(
            List.of(
                v.getKey(),
                fmt(r.mean(metric)),
                fmt(r.std(metric)),
                fmt(r.mean(metric) - ablation.get(FeatureAblation.BASELINE))));
        LOG.info("ablation '{}': cv {} = {}", v.getKey(), metric, fmt(r.mean(metric)));
      }
      writeCsv(
          out.file("ablation.csv"),
          List.of("variant", "cv_" + metric, "std", "delta_vs_default"),
          rows);
      notes.ablationRows = rows;
      notes.ablationLearner = learnerName;
    }

    // Final model: the pipeline and the best learner refitted on every row.
    LOG.info("refitting {} on all {} rows", bestName, x.rows());
    long fitStart = System.nanoTime();
    Target fitTarget = ds.logTarget() ? log1p(y) : y;
    FeaturePipeline.Fitted fitted = pipeline.fit(x, fitTarget);
    TabularModel model = learners.get(bestName).fit(fitted.trainFeatures(), fitTarget);
    if (ds.logTarget()) {
      model = new LogTargetModel(model);
    }
    double fitSeconds = (System.nanoTime() - fitStart) / 1e9;

    Map<String, Map<String, Double>> metrics = metricsByModel(results);
    Map<String, Double> cardMetrics = new LinkedHashMap<>(metrics.get(bestName));
    Map<String, String> params = new LinkedHashMap<>();
    params.put("learner", bestName);
    learners.get(bestName).parameters().forEach((k, v) -> params.put(k, String.valueOf(v)));
    params.put("features", String.join("; ", features.describe()));
    params.put("folds", Integer.toString(b.folds));
    params.put("cv_strategy", cv.resolve(task).name().toLowerCase(Locale.ROOT));
    params.put("log_target", Boolean.toString(ds.logTarget()));
    params.put("primary_metric", metric);
    params.put("example_row", exampleRow(x, 0));
    ModelCard card =
        new ModelCard(
            b.modelName != null ? b.modelName : ds.name() + "-tabular",
            "",
            task == TabularTask.REGRESSION ? "tabular-regression" : "tabular-classification",
            TabularArtifact.CARD_FORMAT,
            y.labels(),
            cardMetrics,
            ds.fingerprint(),
            params,
            Instant.now());
    Path artifactDir = out.dir().resolve("model");
    Optional<ModelVersion> registered = Optional.empty();
    try (TabularArtifact artifact =
        TabularArtifact.of(fitted.pipeline(), model, card, y.name(), x)) {
      artifact.save(artifactDir);
      out.writeModelCard(artifact.card());
      if (b.registry != null) {
        ModelVersion v = b.registry.register(artifact.card().name(), artifactDir, artifact.card());
        if (b.promoteTo != null) {
          v = b.registry.promote(v.name(), v.version(), b.promoteTo);
        }
        registered = Optional.of(v);
        LOG.info("registered {} version {}", v.name(), v.version());
      }
      analyses(out, ds, cv, pipeline, learners, comparison, bestCv, artifact.model(), notes);
    }

    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("best_model", bestName);
    extra.put("primary_metric", metric);
    extra.put("rows", x.rows());
    extra.put("feature_columns", x.columns().size());
    extra.put("model_features", fitted.pipeline().features().size());
    extra.put("cv_strategy", cv.resolve(task).name().toLowerCase(Locale.ROOT));
    extra.put("folds", b.folds);
    extra.put("log_target", ds.logTarget());
    extra.put("final_fit_seconds", fitSeconds);
    if (tuning != null) {
      extra.put("tuned_model", tuned);
      extra.put("tuning_trials", b.budget);
      extra.put("tuning_best_params", stringMap(tuning.best().params()));
    }
    if (!ablation.isEmpty()) {
      extra.put("ablation_model", notes.ablationLearner);
      extra.put("ablation", ablation);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    extra.put("job_seconds", seconds);
    out.writeMetrics(new MetricsFile(ds.name(), card.task(), metrics, extra));
    report(out, ds, features, comparison, bestName, metric, tuning, seconds, notes);
    LOG.info("outputs in {}", out.dir());
    return new TabularRunResult(
        ds.name(),
        task,
        metric,
        bestName,
        metrics,
        ablation,
        out.dir(),
        artifactDir,
        registered,
        seconds);
  }

  private CrossValidation crossValidation(TabularDataset ds, int folds) {
    CrossValidation.Builder cb =
        CrossValidation.builder()
            .folds(folds)
            .seed(b.seed)
            .targetTransform(ds.logTarget() ? TargetTransform.LOG1P : TargetTransform.NONE)
            .listener(
                (learner, fold, k, m, secs) ->
                    LOG.info(
                        "  {} fold {}/{}: {} = {} ({} s)",
                        learner,
                        fold + 1,
                        k,
                        ds.primaryMetric(),
                        fmt(m.getOrDefault(ds.primaryMetric(), Double.NaN)),
                        String.format(Locale.ROOT, "%.1f", secs)));
    if (ds.timeColumn() != null && b.timeOrdered) {
      cb.timeOrdered(ds.timeColumn());
    }
    return cb.build();
  }

  private static String bestSingle(
      ModelComparison comparison,
      String metric,
      MetricDirection direction,
      Map<String, TabularLearner> defaults) {
    for (CvResult r : comparison.ranked(metric, direction)) {
      if (defaults.containsKey(r.learner())) {
        return r.learner();
      }
    }
    return defaults.keySet().iterator().next();
  }

  private void analyses(
      RunOutput out,
      TabularDataset ds,
      CrossValidation cv,
      FeaturePipeline pipeline,
      Map<String, TabularLearner> learners,
      ModelComparison comparison,
      CvResult bestCv,
      TabularModel finalModel,
      RunNotes notes) {
    String metric = ds.primaryMetric();
    Map<String, Double> scores = new LinkedHashMap<>();
    for (CvResult r : comparison.results()) {
      scores.put(r.learner(), r.mean(metric));
    }
    double[] values = scores.values().stream().mapToDouble(Double::doubleValue).toArray();
    Charts.bars(
        out.file("model_comparison.png"),
        "Cross-validated " + metric + " by model",
        new ArrayList<>(scores.keySet()),
        Map.of("cv " + metric, values));
    Map<String, Double> importance =
        finalModel instanceof LogTargetModel l
            ? l.featureImportance()
            : finalModel.featureImportance();
    if (!importance.isEmpty()) {
      FeatureImportanceChart.write(
          out.file("feature_importance_gain.png"),
          "Feature importance of the final model",
          importance,
          FeatureImportanceChart.DEFAULT_TOP);
    }
    if (ds.task() == TabularTask.REGRESSION) {
      ResidualAnalysis.Report residuals = ResidualAnalysis.of(bestCv, ds.target(), 10);
      residuals.writeScatter(out.file("residuals_vs_predicted.png"), "Out-of-fold residuals");
      residuals.writeHistogram(out.file("residuals_histogram.png"), 40);
      notes.residualSummary = residuals.summary();
    }
    // Permutation importance of raw columns on the last fold's held-out rows, with the best
    // single learner refitted on that fold's training rows.
    TabularLearner single =
        learners.get(bestSingle(comparison, metric, metricDirection(ds), learners));
    List<dev.mle4j.core.data.Fold> folds = cv.folds(ds.features(), ds.target());
    dev.mle4j.core.data.Fold last = folds.get(folds.size() - 1);
    FittedFold ff = cv.fit(ds.features(), ds.target(), pipeline, single, last.train());
    try {
      PermutationImportance.Result pi =
          PermutationImportance.of(metric, b.permutationRepeats, b.seed)
              .compute(ff, ds.features().rows(last.test()), ds.target().rows(last.test()));
      pi.writeChart(out.file("permutation_importance.png"), 20);
    } finally {
      ff.model().close();
    }
    if (b.learningCurve) {
      LearningCurve.Result lc =
          LearningCurve.of(
                  LearningCurve.defaultFractions(),
                  cv.toBuilder().listener(null).build(),
                  metric,
                  b.seed)
              .run(ds.features(), ds.target(), pipeline, single);
      lc.writeChart(out.file("learning_curve.png"));
    }
  }

  private static MetricDirection metricDirection(TabularDataset ds) {
    return ds.higherIsBetter() ? MetricDirection.HIGHER_IS_BETTER : MetricDirection.LOWER_IS_BETTER;
  }

  private void report(
      RunOutput out,
      TabularDataset ds,
      AutoFeatures features,
      ModelComparison comparison,
      String bestName,
      String metric,
      TuningResult tuning,
      double seconds,
      RunNotes notes) {
    HtmlReport.Builder r =
        HtmlReport.builder("Tabular training: " + ds.name())
            .subtitle(
                ds.features().rows()
                    + " rows, target '"
                    + ds.target().name()
                    + "' ("
                    + ds.task().name().toLowerCase(Locale.ROOT)
                    + "), best model "
                    + bestName
                    + " by cross-validated "
                    + metric
                    + String.format(Locale.ROOT, ", %.0f s", seconds));
    r.section("Data");
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("rows", ds.features().rows());
    data.put("feature columns", ds.features().columns().size());
    data.put("dropped columns", ds.dropped().isEmpty() ? "none" : String.join("; ", ds.dropped()));
    data.put("id column", Objects.requireNonNullElse(ds.idColumn(), "none"));
    data.put("time column", Objects.requireNonNullElse(ds.timeColumn(), "none"));
    data.put("log target", ds.logTarget());
    data.put("EDA report", "eda/report.html");
    r.keyValues(data);
    r.section("Feature pipeline (fitted inside every fold on training rows only)");
    r.table(List.of("step"), features.describe().stream().map(s -> List.<Object>of(s)).toList());
    r.section("Model comparison (" + b.folds + "-fold cross-validation, mean ± std)");
    r.table(comparison.header(), comparison.rows());
    r.image(out.file("model_comparison.png"), "Cross-validated " + metric);
    if (tuning != null) {
      r.section("Tuning (TPE)");
      r.keyValues(
          Map.of(
              "trials",
              tuning.trials().size(),
              "best score",
              fmt(tuning.best().score()),
              "best parameters",
              tuning.best().params().toString()));
    }
    if (notes.ablationRows != null) {
      r.section("Feature ablation (" + notes.ablationLearner + ")");
      r.table(List.of("variant", "cv " + metric, "std", "delta vs default"), notes.ablationRows);
    }
    r.section("Explanations");
    if (Files.exists(out.file("feature_importance_gain.png"))) {
      r.image(out.file("feature_importance_gain.png"), "Model importance (gain / |coefficient|)");
    }
    if (Files.exists(out.file("permutation_importance.png"))) {
      r.image(out.file("permutation_importance.png"), "Permutation importance of raw columns");
    }
    if (Files.exists(out.file("learning_curve.png"))) {
      r.image(out.file("learning_curve.png"), "Learning curve");
    }
    if (notes.residualSummary != null) {
      r.section("Residuals (out-of-fold, best model)");
      Map<String, Object> s = new LinkedHashMap<>();
      notes.residualSummary.forEach((k, v) -> s.put(k, fmt(v)));
      r.keyValues(s);
      r.image(out.file("residuals_vs_predicted.png"), "Residual vs predicted");
      r.image(out.file("residuals_histogram.png"), "Residual distribution");
    }
    r.build().write(out.file(RunOutput.REPORT_FILE));
  }

  private static Map<String, Map<String, Double>> metricsByModel(Map<String, CvResult> results) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (CvResult r : results.values()) {
      Map<String, Double> m = new LinkedHashMap<>();
      r.mean()
          .forEach(
              (k, v) -> {
                if (Double.isFinite(v)) {
                  m.put("cv_" + k, v);
                }
              });
      r.std()
          .forEach(
              (k, v) -> {
                if (Double.isFinite(v)) {
                  m.put("cv_" + k + "_std", v);
                }
              });
      m.put("train_seconds", r.fitSeconds());
      out.put(r.learner(), m);
    }
    return out;
  }

  /**
   * One row as a JSON request body: numbers, booleans, ISO date-times, strings; missing values as
   * null; id columns left out.
   */
  static String exampleRow(DataFrame x, int row) {
    com.fasterxml.jackson.databind.node.ObjectNode o =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    for (dev.mle4j.tabular.data.ColumnSpec c : x.schema().columns()) {
      switch (c.type()) {
        case ID -> {
          // ids do not influence predictions
        }
        case NUMERIC -> {
          double v = x.numeric(c.name())[row];
          if (Double.isNaN(v)) {
            o.putNull(c.name());
          } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            o.put(c.name(), (long) v);
          } else {
            o.put(c.name(), v);
          }
        }
        case BOOLEAN -> {
          double v = x.numeric(c.name())[row];
          if (Double.isNaN(v)) {
            o.putNull(c.name());
          } else {
            o.put(c.name(), v == 1.0);
          }
        }
        case DATETIME -> {
          double v = x.numeric(c.name())[row];
          if (Double.isNaN(v)) {
            o.putNull(c.name());
          } else {
            o.put(
                c.name(),
                java.time.LocalDateTime.ofEpochSecond(
                        (long) Math.floor(v), 0, java.time.ZoneOffset.UTC)
                    .toString());
          }
        }
        default -> o.put(c.name(), x.strings(c.name())[row]);
      }
    }
    return o.toString();
  }

  /** The same result under the job's model name (learners name themselves generically). */
  private static CvResult renamed(CvResult r, String name) {
    return new CvResult(
        name,
        r.task(),
        r.labels(),
        r.strategy(),
        r.foldMetrics(),
        r.mean(),
        r.std(),
        r.outOfFold(),
        r.folds(),
        r.fitSeconds(),
        r.foldFitSeconds());
  }

  private static Target log1p(Target y) {
    double[] v = y.values();
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.log1p(v[i]);
    }
    return Target.regression(y.name(), v);
  }

  private static Map<String, String> stringMap(Map<String, Object> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  private static void writeCsv(Path file, List<String> header, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder(CsvWriter.line(header)).append('\n');
    for (List<String> row : rows) {
      sb.append(CsvWriter.line(row)).append('\n');
    }
    try {
      Files.writeString(file, sb);
    } catch (IOException e) {
      throw new MlException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** Options of a {@link TabularTrainingJob}. */
  public static final class Builder {
    private TabularDataset dataset;
    private Path outDir;
    private int folds = 5;
    private int tuneFolds = 3;
    private long seed = 42L;
    private int budget = 20;
    private String tune;
    private List<String> models = List.of();
    private boolean ensembles = true;
    private boolean ablation;
    private String ablationModel;
    private boolean eda = true;
    private boolean learningCurve = true;
    private boolean timeOrdered = true;
    private int permutationRepeats = 3;
    private List<String> expressions = List.of();
    private ModelRegistry registry;
    private String modelName;
    private String promoteTo = "production";

    private Builder() {}

    /**
     * Sets the data set (required).
     *
     * @param dataset the problem
     * @return this builder
     */
    public Builder dataset(TabularDataset dataset) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
      return this;
    }

    /**
     * Sets the output folder (default {@code outputs/tabular/<time>}).
     *
     * @param dir the folder
     * @return this builder
     */
    public Builder outDir(Path dir) {
      this.outDir = dir;
      return this;
    }

    /**
     * Sets the number of cross-validation folds (default 5).
     *
     * @param k folds, at least 2
     * @return this builder
     */
    public Builder folds(int k) {
      if (k < 2) {
        throw new MlException("folds must be >= 2, got " + k);
      }
      this.folds = k;
      return this;
    }

    /**
     * Sets the folds used inside tuning trials (default 3).
     *
     * @param k folds, at least 2
     * @return this builder
     */
    public Builder tuneFolds(int k) {
      if (k < 2) {
        throw new MlException("tuning folds must be >= 2, got " + k);
      }
      this.tuneFolds = k;
      return this;
    }

    /**
     * Sets the seed (default 42).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the tuning budget in trials (default 20; 0 skips tuning).
     *
     * @param trials the number of TPE trials
     * @return this builder
     */
    public Builder budget(int trials) {
      if (trials < 0) {
        throw new MlException("budget must be >= 0 trials, got " + trials);
      }
      this.budget = trials;
      return this;
    }

    /**
     * Sets the model to tune (default xgboost when it is among the models).
     *
     * @param model a learner name
     * @return this builder
     */
    public Builder tune(String model) {
      this.tune = model;
      return this;
    }

    /**
     * Restricts the learners (default: every learner of {@link Learners#defaults}).
     *
     * @param names learner names
     * @return this builder
     */
    public Builder models(List<String> names) {
      this.models = List.copyOf(names);
      return this;
    }

    /**
     * Switches the averaging and stacking ensembles (default on).
     *
     * @param on whether to build them
     * @return this builder
     */
    public Builder ensembles(boolean on) {
      this.ensembles = on;
      return this;
    }

    /**
     * Switches the feature ablation study (default off).
     *
     * @param on whether to run it
     * @param model the learner to run it with, or null for the best single learner
     * @return this builder
     */
    public Builder ablation(boolean on, String model) {
      this.ablation = on;
      this.ablationModel = model;
      return this;
    }

    /**
     * Switches the EDA report (default on).
     *
     * @param on whether to write it
     * @return this builder
     */
    public Builder eda(boolean on) {
      this.eda = on;
      return this;
    }

    /**
     * Switches the learning curve (default on).
     *
     * @param on whether to compute it
     * @return this builder
     */
    public Builder learningCurve(boolean on) {
      this.learningCurve = on;
      return this;
    }

    /**
     * Whether a data set's time column orders the folds (default true).
     *
     * @param on false for shuffled folds even when a time column exists
     * @return this builder
     */
    public Builder timeOrdered(boolean on) {
      this.timeOrdered = on;
      return this;
    }

    /**
     * Adds domain expressions such as {@code rooms_per_person = total_rooms / total_people}.
     *
     * @param definitions the expressions
     * @return this builder
     */
    public Builder expressions(List<String> definitions) {
      this.expressions = List.copyOf(definitions);
      return this;
    }

    /**
     * Registers the final model (default: not registered).
     *
     * @param registry the registry
     * @param name the model name (null: {@code <dataset>-tabular})
     * @param stage the stage to promote to, or null
     * @return this builder
     */
    public Builder registry(ModelRegistry registry, String name, String stage) {
      this.registry = registry;
      this.modelName = name;
      this.promoteTo = stage;
      return this;
    }

    /**
     * Builds the job.
     *
     * @return the job
     */
    public TabularTrainingJob build() {
      if (dataset == null) {
        throw new MlException("a tabular training job needs a data set");
      }
      if (outDir == null) {
        outDir = RunOutput.defaultDir("tabular");
      }
      return new TabularTrainingJob(this);
    }
  }
}
