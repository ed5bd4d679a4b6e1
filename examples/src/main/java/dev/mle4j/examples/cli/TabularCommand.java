package dev.mle4j.examples.cli;

import dev.mle4j.core.MlException;
import dev.mle4j.core.config.ConfigLoader;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.examples.Locations;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.CsvProblem;
import dev.mle4j.tabular.data.TabularConfig;
import dev.mle4j.tabular.data.TabularDataset;
import dev.mle4j.tabular.data.TabularDatasets;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.eda.EdaReport;
import dev.mle4j.tabular.eda.EdaResult;
import dev.mle4j.tabular.job.TabularRunResult;
import dev.mle4j.tabular.job.TabularTrainingJob;
import dev.mle4j.tabular.serving.BatchPredictor;
import dev.mle4j.tabular.serving.TabularPredictor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mle4j tabular ...}: structured data prediction. */
@Command(
    name = "tabular",
    mixinStandardHelpOptions = true,
    description = "Tabular prediction: EDA, training with feature engineering, batch prediction.",
    subcommands = {
      TabularCommand.EdaCommand.class,
      TabularCommand.TrainCommand.class,
      TabularCommand.PredictCommand.class,
      TabularCommand.ListCommand.class,
      TabularCommand.ExportCommand.class,
      TabularCommand.DriftCommand.class,
      TabularFeaturesCommand.class,
      TabularMonitorCommand.Monitor.class,
      TabularMonitorCommand.ShadowCompare.class
    })
public final class TabularCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Creates the command. */
  public TabularCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the table comes from: a built-in data set or any CSV file. */
  static final class Source {
    @Option(
        names = "--dataset",
        paramLabel = "ID",
        description = "Built-in data set (see 'tabular list'), e.g. titanic, telco-churn, ames.")
    String dataset;

    @ArgGroup(exclusive = false)
    CsvSource csv;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "YAML/JSON problem file: csv, target, task, id_column, time_column, drop,"
                + " types, log_target, metric, expressions.")
    Path config;
  }

  /** A user CSV file and its column roles. */
  static final class CsvSource {
    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "A CSV file.")
    Path file;

    @Option(names = "--target", required = true, paramLabel = "COL", description = "Target.")
    String target;

    @Option(
        names = "--task",
        paramLabel = "regression|classification",
        description = "The task (default: inferred from the target).")
    TabularTask task;

    @Option(names = "--time-col", paramLabel = "COL", description = "Time column (folds).")
    String timeCol;

    @Option(names = "--id-col", paramLabel = "COL", description = "Row id column.")
    String idCol;

    @Option(
        names = "--drop",
        split = ",",
        paramLabel = "COLS",
        description = "Columns to leave out (e.g. ones that leak the target).")
    List<String> drop = new ArrayList<>();

    @Option(
        names = "--type",
        split = ",",
        paramLabel = "COL=TYPE",
        description = "Column type overrides: numeric, categorical, boolean, datetime, text, id.")
    Map<String, ColumnType> types = new java.util.LinkedHashMap<>();

    @Option(
        names = "--log-target",
        negatable = true,
        description = "Learn log1p(target) (default: when the target is skewed and >= 0).")
    Boolean logTarget;

    @Option(names = "--metric", paramLabel = "NAME", description = "Metric that picks the best.")
    String metric;
  }

  static TabularDataset load(Source source) {
    if (source.dataset != null) {
      return TabularDatasets.load(source.dataset, DatasetCatalog.defaults());
    }
    if (source.config != null) {
      TabularConfig c = ConfigLoader.load(source.config, TabularConfig.class);
      Path dir = source.config.toAbsolutePath().getParent();
      Path file = c.csvPath(dir);
      String name = file.getFileName().toString();
      name = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
      return TabularDatasets.fromCsv(name.toLowerCase(Locale.ROOT), file, c.problem());
    }
    CsvSource c = source.csv;
    CsvProblem.Builder p =
        CsvProblem.builder(c.target)
            .task(c.task)
            .idColumn(c.idCol)
            .timeColumn(c.timeCol)
            .logTarget(c.logTarget)
            .primaryMetric(c.metric);
    if (!c.drop.isEmpty()) {
      p.drop(c.drop, "dropped with --drop");
    }
    c.types.forEach(p::type);
    String file = c.file.getFileName().toString();
    String name = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
    return TabularDatasets.fromCsv(name.toLowerCase(Locale.ROOT), c.file, p.build());
  }

  /** {@code mle4j tabular eda}. */
  @Command(
      name = "eda",
      mixinStandardHelpOptions = true,
      description =
          "Explore a table: distributions, correlations and associations, missing values,"
              + " outliers, target distribution, leakage warnings (report.html, PNGs, eda.json).")
  static final class EdaCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      TabularDataset ds = load(source);
      Path dir = out != null ? out : RunOutput.defaultDir("tabular-eda");
      EdaResult r =
          EdaReport.builder(ds.features())
              .target(ds.target())
              .outputDir(dir)
              .title("EDA: " + ds.name())
              .build()
              .write();
      PrintWriter w = spec.commandLine().getOut();
      w.printf(
          "%s: %d rows, %d columns; %d warnings%n",
          ds.name(), ds.features().rows(), ds.features().columns().size(), r.warnings().size());
      r.warnings().forEach(x -> w.println("  warning: " + x));
      w.println("report in " + dir.resolve("report.html"));
      w.flush();
      return 0;
    }
  }

  /** {@code mle4j tabular train}. */
  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = {
        "Cross-validate every default model on the automatic feature pipeline, tune one with TPE,"
            + " build averaging and stacking ensembles, refit the best on all rows, and register"
            + " it (pipeline + model) so 'mle4j serve' serves it at /v1/models/NAME/predict."
      })
  static final class TrainCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--folds", defaultValue = "5", description = "CV folds (default 5).")
    int folds;

    @Option(
        names = "--budget",
        defaultValue = "20",
        paramLabel = "N",
        description = "TPE tuning trials (default ${DEFAULT-VALUE}; 0 = no tuning).")
    int budget;

    @Option(names = "--tune", paramLabel = "MODEL", description = "Model to tune (xgboost).")
    String tune;

    @Option(
        names = "--models",
        split = ",",
        paramLabel = "NAMES",
        description = "Models to compare (default: all for the task).")
    List<String> models = new ArrayList<>();

    @Option(names = "--no-ensembles", description = "Skip averaging and stacking.")
    boolean noEnsembles;

    @Option(names = "--ablation", description = "Run the feature ablation study.")
    boolean ablation;

    @Option(names = "--ablation-model", paramLabel = "MODEL", description = "Its model.")
    String ablationModel;

    @Option(
        names = "--expr",
        paramLabel = "NAME=EXPR",
        description = "Domain feature, e.g. 'rooms_per_person = total_rooms / total_people'.")
    List<String> expressions = new ArrayList<>();

    @Option(names = "--quick", description = "3 folds, 5 trials, no learning curve, no EDA.")
    boolean quick;

    @Option(names = "--shuffled-folds", description = "Ignore the time column for folds.")
    boolean shuffled;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed.")
    long seed;

    @Mixin RegisterOptions registering = new RegisterOptions();

    @Option(names = "--name", description = "Registry name (default DATASET-tabular).")
    String name;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      TabularDataset ds = load(source);
      TabularTrainingJob.Builder job =
          TabularTrainingJob.builder()
              .dataset(ds)
              .outDir(out != null ? out : RunOutput.defaultDir("tabular"))
              .folds(quick ? Math.min(folds, 3) : folds)
              .budget(quick ? Math.min(budget, 5) : budget)
              .tune(tune)
              .models(models)
              .ensembles(!noEnsembles)
              .ablation(ablation, ablationModel)
              .expressions(expressionsOf(source, expressions))
              .timeOrdered(!shuffled)
              .seed(seed);
      if (quick) {
        job.eda(false).learningCurve(false);
      }
      if (registering.register()) {
        job.registry(registering.open(), name, registering.stage);
      }
      TabularRunResult r = job.build().run();
      print(spec.commandLine().getOut(), r);
      return 0;
    }
  }

  static List<String> expressionsOf(Source source, List<String> cli) {
    List<String> all = new ArrayList<>(cli);
    if (source.config != null) {
      all.addAll(ConfigLoader.load(source.config, TabularConfig.class).expressions());
    }
    return all;
  }

  static void print(PrintWriter out, TabularRunResult r) {
    out.printf(
        "%s (%s), cross-validated %s; %.0f s%n",
        r.dataset(), r.task().name().toLowerCase(Locale.ROOT), r.primaryMetric(), r.seconds());
    String key = "cv_" + r.primaryMetric();
    for (Map.Entry<String, Map<String, Double>> e : r.models().entrySet()) {
      Double v = e.getValue().get(key);
      Double sd = e.getValue().get(key + "_std");
      out.printf(
          "  %-18s %s %s +- %s  (%s s)%s%n",
          e.getKey(),
          r.primaryMetric(),
          v == null ? "n/a" : Formats.fixed(v, 4),
          sd == null ? "n/a" : Formats.fixed(sd, 4),
          Formats.fixed(e.getValue().getOrDefault("train_seconds", Double.NaN), 1),
          e.getKey().equals(r.bestModel()) ? "  <- best" : "");
    }
    if (!r.ablation().isEmpty()) {
      out.println("feature ablation (" + r.primaryMetric() + "):");
      r.ablation().forEach((k, v) -> out.printf("  %-40s %s%n", k, Formats.fixed(v, 4)));
    }
    r.registered()
        .ifPresent(
            (ModelVersion v) ->
                out.println(
                    "registered "
                        + v.name()
                        + " version "
                        + v.version()
                        + (v.stages().isEmpty() ? "" : " " + v.stages())));
    out.println("outputs in " + r.outDir());
    out.flush();
  }

  /** {@code mle4j tabular predict}. */
  @Command(
      name = "predict",
      mixinStandardHelpOptions = true,
      description =
          "Predict a CSV file with a registered model (or a saved artifact folder); every row is"
              + " validated against the training schema.")
  static final class PredictCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    ModelRef model;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "Input rows.")
    Path csv;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output CSV.")
    Path out;

    @Option(names = "--id-col", paramLabel = "COL", description = "Id column to copy.")
    String idCol;

    @Option(names = "--skip-invalid", description = "Skip invalid rows instead of failing.")
    boolean skipInvalid;

    @Option(names = "--registry", paramLabel = "DIR", description = "Registry folder.")
    Path registry;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Path dir;
      if (model.artifact != null) {
        dir = model.artifact;
      } else {
        ModelRegistry reg = ModelRegistry.open(registry != null ? registry : Locations.registry());
        ModelVersion v =
            reg.stage(model.name, "production")
                .or(() -> reg.versions(model.name).stream().reduce((a, b) -> b))
                .orElseThrow(() -> new MlException("no registered model '" + model.name + "'"));
        dir = v.dir();
      }
      if (!Files.isDirectory(dir)) {
        throw new MlException("model folder not found: " + dir);
      }
      try (TabularPredictor p = TabularPredictor.load(dir)) {
        BatchPredictor.Builder bp = BatchPredictor.builder(p).skipInvalidRows(skipInvalid);
        if (idCol != null) {
          bp.idColumn(idCol);
        }
        BatchPredictor.Summary s = bp.build().predict(csv, out);
        PrintWriter w = spec.commandLine().getOut();
        w.println(s);
        w.println("predictions in " + out);
        w.flush();
      }
      return 0;
    }
  }

  /** Which model to use. */
  static final class ModelRef {
    @Option(names = "--model", paramLabel = "NAME", description = "Registered model name.")
    String name;

    @Option(names = "--artifact", paramLabel = "DIR", description = "Saved artifact folder.")
    Path artifact;
  }

  /** {@code mle4j tabular export}. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write a data set (features + target, after dropping leaking columns) as CSV, e.g. to"
              + " feed the Python peers the Ames data read from its Debian package.")
  static final class ExportCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      TabularDataset ds = load(source);
      dev.mle4j.tabular.data.CsvWriter.write(ds, out);
      PrintWriter w = spec.commandLine().getOut();
      w.println(ds.features().rows() + " rows written to " + out);
      w.flush();
      return 0;
    }
  }

  /** {@code mle4j tabular drift}. */
  @Command(
      name = "drift",
      mixinStandardHelpOptions = true,
      description =
          "Data drift between a reference and a current CSV with Evidently's default tests (KS /"
              + " chi-squared / Z-test for references up to 1000 rows, normed Wasserstein /"
              + " Jensen-Shannon above); writes metrics.json (drift_share, dataset_drift,"
              + " columns), report.html and per-column histograms.")
  static final class DriftCommand implements Callable<Integer> {
    @Option(names = "--reference", required = true, paramLabel = "FILE", description = "CSV.")
    Path reference;

    @Option(names = "--current", required = true, paramLabel = "FILE", description = "CSV.")
    Path current;

    @Option(names = "--target", paramLabel = "COL", description = "Target column (target drift).")
    String target;

    @Option(
        names = "--prediction",
        paramLabel = "COL",
        description = "Prediction column (prediction drift).")
    String prediction;

    @Option(names = "--webhook", paramLabel = "URL", description = "POST alerts here as JSON.")
    java.net.URI webhook;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      dev.mle4j.tabular.data.DataFrame ref =
          dev.mle4j.tabular.data.TableLoader.read(
              reference, dev.mle4j.tabular.data.SchemaInference.defaults());
      dev.mle4j.tabular.data.DataFrame cur =
          dev.mle4j.tabular.data.TableLoader.read(current, ref.schema(), "reference");
      dev.mle4j.tabular.drift.DriftConfig.Builder config =
          dev.mle4j.tabular.drift.DriftConfig.builder();
      if (target != null) {
        config.target(target);
      }
      if (prediction != null) {
        config.prediction(prediction);
      }
      List<dev.mle4j.tabular.drift.AlertSink> sinks = new ArrayList<>();
      sinks.add(new dev.mle4j.tabular.drift.LogAlertSink());
      if (webhook != null) {
        sinks.add(
            new dev.mle4j.tabular.drift.WebhookAlertSink(
                webhook, java.time.Duration.ofSeconds(10)));
      }
      dev.mle4j.tabular.drift.DriftResult r =
          new dev.mle4j.tabular.drift.DriftDetector(
                  config.build(), sinks, java.time.Clock.systemUTC())
              .detect(reference.getFileName().toString(), ref, cur);
      Path dir = out != null ? out : RunOutput.defaultDir("tabular-drift");
      dev.mle4j.tabular.drift.DriftReport.write(r, ref, cur, dir);
      PrintWriter w = spec.commandLine().getOut();
      w.printf(
          "drift share %s (%d of %d columns), dataset drift: %s%n",
          Formats.fixed(r.driftShare(), 3),
          r.driftedColumns(),
          r.features().size(),
          r.datasetDrift());
      for (dev.mle4j.tabular.drift.ColumnDrift c : r.allColumns()) {
        w.printf(
            "  %-20s %-15s %s%s%n",
            c.column(), c.method().id(), Formats.fixed(c.score(), 4), c.drift() ? "  DRIFT" : "");
      }
      w.println("report in " + dir.resolve("report.html"));
      w.flush();
      return 0;
    }
  }

  /** {@code mle4j tabular list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "Built-in data sets.")
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter w = spec.commandLine().getOut();
      for (TabularDatasets.BuiltIn b : TabularDatasets.builtIns()) {
        w.printf("%-14s %s%n", b.id(), b.description());
      }
      w.flush();
      return 0;
    }
  }
}
