package dev.mle4j.examples.cli;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.SplitRatios;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.nlp.TextClassificationJob;
import dev.mle4j.nlp.TextClassificationResult;
import dev.mle4j.nlp.TextTrainers;
import dev.mle4j.nlp.classical.SearchMode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mle4j text ...}: text classification commands. */
@Command(
    name = "text",
    mixinStandardHelpOptions = true,
    description = "Text classification.",
    subcommands = {
      TextCommand.TrainCommand.class,
      TextEvaluateCommand.class,
      TextCompareCommand.class,
      TextQuantizeCommand.class
    })
public final class TextCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Creates the command. */
  public TextCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the training texts come from. */
  static final class Source {
    @Option(names = "--dataset", paramLabel = "ID", description = "Catalog dataset id (sms-spam).")
    String dataset;

    @Option(
        names = "--csv",
        paramLabel = "FILE",
        description = "Any CSV/TSV with a text and a label column.")
    Path csv;
  }

  /** {@code mle4j text train}. */
  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = {
        "Train one text model (default TF-IDF word 1-2 grams + logistic regression), evaluate it on"
            + " the held-out test split, write metrics.json, model-card.json, PNG charts and"
            + " report.html, and register the model so 'mle4j serve' serves it."
      })
  static final class TrainCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--text-col", description = "Text column of --csv (default text).")
    String textCol = "text";

    @Option(names = "--label-col", description = "Label column of --csv (default label).")
    String labelCol = "label";

    @Option(names = "--separator", description = "Field separator of --csv (default ',').")
    char separator = ',';

    @Option(
        names = "--model",
        defaultValue = "tfidf-logreg",
        description = "Model to train (default ${DEFAULT-VALUE}; 'text compare --list' lists all).")
    String model;

    @Option(names = "--quick", description = "Small training budget.")
    boolean quick;

    @Option(
        names = "--search",
        paramLabel = "grid|random",
        description =
            "Hyper-parameter search with stratified k-fold on the training rows before training"
                + " (classical models); writes search_results.csv.")
    SearchMode search;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(
        names = "--split",
        defaultValue = "0.8,0.1,0.1",
        split = ",",
        description = "Train/validation/test fractions (default ${DEFAULT-VALUE}).")
    List<Double> split;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed.")
    long seed;

    @Mixin RegisterOptions registering = new RegisterOptions();

    @Option(
        names = "--name",
        description =
            "Registry model name (default: the dataset id or CSV file name, plus -MODEL for models"
                + " other than tfidf-logreg).")
    String name;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      SplitRatios ratios = ratios(split);
      TextClassificationJob.Builder job =
          TextClassificationJob.builder()
              .splitRatios(ratios)
              .seed(seed)
              .trainer(TextTrainers.discover().create(model, quick, seed));
      if (search != null) {
        job.search(search, quick);
      }
      String modelName;
      if (source.dataset != null) {
        job.dataset(source.dataset);
        modelName = name != null ? name : source.dataset + suffix();
      } else {
        job.csv(source.csv, textCol, labelCol, separator);
        modelName = name != null ? name : csvModelName(source.csv) + suffix();
      }
      job.outDir(out != null ? out : RunOutput.defaultDir("text"));
      if (registering.register()) {
        job.registry(registering.open()).modelName(modelName).promoteTo(registering.stage);
      }
      TextClassificationResult result = job.build().run();
      print(spec.commandLine().getOut(), result);
      return 0;
    }

    /** Registry names: the data set for the default model, data set + model name otherwise. */
    private String suffix() {
      return "tfidf-logreg".equals(model) ? "" : "-" + model;
    }

    private static String csvModelName(Path csv) {
      String file = csv.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      String base = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
      String cleaned = base.replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
      return cleaned.isEmpty() ? "text-model" : cleaned;
    }
  }

  static SplitRatios ratios(List<Double> split) {
    if (split.size() != 3) {
      throw new MlException("--split needs three fractions (train,validation,test), got " + split);
    }
    try {
      return new SplitRatios(split.get(0), split.get(1), split.get(2));
    } catch (RuntimeException e) {
      throw new MlException("--split " + split + ": " + e.getMessage(), e);
    }
  }

  static void print(PrintWriter out, TextClassificationResult r) {
    out.printf(
        "%s: %d train / %d validation / %d test rows, trained in %s s%n",
        r.dataset(),
        r.trainRows(),
        r.validationRows(),
        r.testRows(),
        Formats.fixed(r.trainSeconds(), 2));
    out.println("test " + Formats.headline(r.test().toMap()));
    r.registered()
        .ifPresent(
            v ->
                out.println(
                    "registered "
                        + v.name()
                        + " version "
                        + v.version()
                        + (v.stages().isEmpty() ? "" : " " + v.stages())));
    out.println("outputs in " + r.outDir());
    out.flush();
  }
}
