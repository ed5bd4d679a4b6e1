package dev.mle4j.examples.cli;

import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.ModelLoader;
import dev.mle4j.core.ModelLoaders;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.examples.Locations;
import dev.mle4j.nlp.TextEvaluationJob;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mle4j text evaluate}: evaluates a saved text model (a folder written by {@code text train}
 * or a registry version, any text format) on the held-out test split of the data it was trained on,
 * or on every row of a labelled CSV file, and writes metrics.json, model-card.json, charts and
 * report.html.
 */
@Command(
    name = "evaluate",
    description = {
      "Evaluate a saved text model (--model-dir DIR or --name NAME from the registry; any text"
          + " format) on the held-out test split that 'text train' used (same --split and --seed),"
          + " or on every row of a labelled CSV with --all; write metrics.json (the layout of"
          + " 'text train'), model-card.json, PNG charts and report.html."
    })
public final class TextEvaluateCommand implements Callable<Integer> {

  /** Which saved model to evaluate. */
  static final class ModelRef {
    @Option(
        names = "--model-dir",
        paramLabel = "DIR",
        description = "Saved model folder (e.g. OUT/model of 'text train --out OUT').")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME", description = "Registered model name.")
    String name;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  ModelRef model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  TextCommand.Source source;

  @Option(names = "--text-col", description = "Text column of --csv (default text).")
  String textCol = "text";

  @Option(names = "--label-col", description = "Label column of --csv (default label).")
  String labelCol = "label";

  @Option(names = "--separator", description = "Field separator of --csv (default ',').")
  char separator = ',';

  @Option(
      names = "--split",
      defaultValue = "0.8,0.1,0.1",
      split = ",",
      description =
          "Train/validation/test fractions of the training run (default ${DEFAULT-VALUE}).")
  List<Double> split;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Split seed of the training run (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--all",
      description = "Evaluate every row of --csv (a new labelled file) instead of the test split.")
  boolean all;

  @Option(names = "--registry", paramLabel = "DIR", description = "Registry folder (with --name).")
  Path registry;

  @Option(names = "--version", paramLabel = "V", description = "Registry version (with --name).")
  String version;

  @Option(
      names = "--stage",
      paramLabel = "S",
      description = "Registry stage (with --name; default: production, else the latest version).")
  String stage;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
  Path out;

  // no mixinStandardHelpOptions: its --version would clash with the registry version option
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Spec CommandSpec spec;

  /** Creates the command. */
  public TextEvaluateCommand() {}

  @Override
  public Integer call() {
    if (all && source.csv == null) {
      throw new MlException("--all evaluates every row of a CSV file: give --csv FILE");
    }
    if (model.dir != null && (version != null || stage != null || registry != null)) {
      throw new MlException("--version, --stage and --registry select a model with --name");
    }
    if (version != null && stage != null) {
      throw new MlException("give --version or --stage, not both");
    }
    TextEvaluationJob.Builder job =
        TextEvaluationJob.builder()
            .splitRatios(TextCommand.ratios(split))
            .seed(seed)
            .allRows(all)
            .outDir(out != null ? out : RunOutput.defaultDir("text"));
    if (source.dataset != null) {
      job.dataset(source.dataset);
    } else {
      if (!Files.isRegularFile(source.csv)) {
        throw new MlException("--csv file not found: " + source.csv);
      }
      job.csv(source.csv, textCol, labelCol, separator);
    }
    try (Classifier<String> classifier = open()) {
      TextEvaluationJob.Result result = job.classifier(classifier).build().run();
      print(spec.commandLine().getOut(), result);
    }
    return 0;
  }

  /** Loads the model through the format registry the model server uses. */
  @SuppressWarnings("unchecked")
  private Classifier<String> open() {
    Path dir;
    ModelCard card;
    if (model.dir != null) {
      dir = modelFolder(model.dir);
      card = ModelCardJson.read(dir.resolve(ModelCardJson.FILE_NAME));
    } else {
      ModelVersion v = registryVersion();
      dir = v.dir();
      card = v.card();
    }
    ModelLoader loader = ModelLoaders.discover().forCard(card);
    if (!ModelLoader.TEXT_INPUT.equals(loader.inputKind()) || loader.isRegressor(card)) {
      throw new MlException(
          "model '"
              + card.name()
              + "' (format "
              + card.format()
              + ") is not a text classifier; 'text evaluate' evaluates text models");
    }
    return (Classifier<String>) loader.load(dir, card);
  }

  /** The folder holding model-card.json: DIR itself, or DIR/model for a training run's folder. */
  static Path modelFolder(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new MlException("--model-dir " + dir + " does not exist or is not a folder");
    }
    Path nested = dir.resolve("model");
    if (Files.isRegularFile(nested.resolve(ModelCardJson.FILE_NAME))
        && Files.isRegularFile(dir.resolve(RunOutput.METRICS_FILE))) {
      return nested; // a training run's output folder: its model is in model/
    }
    if (!Files.isRegularFile(dir.resolve(ModelCardJson.FILE_NAME))) {
      throw new MlException(
          "--model-dir "
              + dir
              + " holds no "
              + ModelCardJson.FILE_NAME
              + "; give the model folder a 'text train --out OUT' run wrote (OUT/model)");
    }
    return dir;
  }

  private ModelVersion registryVersion() {
    ModelRegistry reg = ModelRegistry.open(registry != null ? registry : Locations.registry());
    String name = model.name;
    if (version != null) {
      return reg.find(name, version)
          .orElseThrow(
              () ->
                  new MlException(
                      "model '" + name + "' has no version " + version + " in " + reg.root()));
    }
    if (stage != null) {
      return reg.stage(name, stage)
          .orElseThrow(
              () ->
                  new MlException(
                      "model '"
                          + name
                          + "' has no version in stage '"
                          + stage
                          + "' in "
                          + reg.root()));
    }
    return reg.stage(name, "production")
        .or(() -> reg.versions(name).stream().reduce((a, b) -> b))
        .orElseThrow(
            () ->
                new MlException(
                    "no registered model '"
                        + name
                        + "' in "
                        + reg.root()
                        + "; train one with 'mle4j text train'"));
  }

  static void print(PrintWriter out, TextEvaluationJob.Result r) {
    for (String warning : r.warnings()) {
      out.println("warning: " + warning);
    }
    out.printf(
        "%s: evaluated %s (%s) on %d %s rows%n",
        r.dataset(),
        r.modelKey(),
        r.card().format(),
        r.rows(),
        TextEvaluationJob.ALL_ROWS.equals(r.split()) ? "(all)" : "test");
    out.println(r.split() + " " + Formats.headline(r.report().toMap()));
    out.println("outputs in " + r.outDir());
    out.flush();
  }
}
