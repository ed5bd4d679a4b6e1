package dev.mle4j.examples.cli;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.data.SplitRatios;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.nlp.TextTrainers;
import dev.mle4j.nlp.compare.ComparisonResult;
import dev.mle4j.nlp.compare.ModelResult;
import dev.mle4j.nlp.compare.TextModelComparison;
import dev.mle4j.nlp.data.TextSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mle4j text compare}: every text model family on the same split and test rows. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Train the text models (all by default) on one stratified split and compare them on the"
          + " same test rows: accuracy, macro F1, per-class metrics, training time, latency,"
          + " throughput, size, shared errors. Writes metrics.json, comparison_table.csv,"
          + " errors.csv, PNG charts and report.html."
    })
public final class TextCompareCommand implements Callable<Integer> {
  @ArgGroup(exclusive = true, multiplicity = "0..1")
  TextCommand.Source source;

  @Option(names = "--text-col", description = "Text column of --csv (default text).")
  String textCol = "text";

  @Option(names = "--label-col", description = "Label column of --csv (default label).")
  String labelCol = "label";

  @Option(names = "--separator", description = "Field separator of --csv (default ',').")
  char separator = ',';

  @Option(
      names = "--models",
      split = ",",
      paramLabel = "NAME",
      description = "Models to compare (default: all; see --list).")
  List<String> models = new ArrayList<>();

  @Option(names = "--list", description = "List the model names and exit.")
  boolean list;

  @Option(names = "--quick", description = "Small training budget for every model.")
  boolean quick;

  @Option(
      names = "--split",
      defaultValue = "0.8,0.1,0.1",
      split = ",",
      description = "Train/validation/test fractions (default ${DEFAULT-VALUE}).")
  List<Double> split;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed.")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Spec CommandSpec spec;

  /** Creates the command. */
  public TextCompareCommand() {}

  @Override
  public Integer call() {
    TextTrainers trainers = TextTrainers.discover();
    PrintWriter pw = spec.commandLine().getOut();
    if (list) {
      trainers.names().forEach(pw::println);
      pw.flush();
      return 0;
    }
    if (source == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "Missing required argument: --dataset=ID or --csv=FILE");
    }
    SplitRatios ratios = TextCommand.ratios(split);
    List<String> names = models.isEmpty() ? trainers.names() : models;
    TextModelComparison.Builder cmp =
        TextModelComparison.builder()
            .splitRatios(ratios)
            .seed(seed)
            .outDir(out != null ? out : RunOutput.defaultDir("text-compare"));
    for (String name : names) {
      cmp.add(trainers.create(name, quick, seed));
    }
    TextSource data =
        source.dataset != null
            ? TextSource.dataset(source.dataset, DatasetCatalog.defaults())
            : TextSource.csv(source.csv, textCol, labelCol, separator);
    cmp.data(data.name(), data.rows(), data.fingerprint());
    ComparisonResult result = cmp.build().run();
    pw.printf(
        "%s: %d train / %d validation / %d test rows%n",
        result.dataset(), result.trainRows(), result.validationRows(), result.testRows());
    pw.printf(
        "%-20s %9s %9s %9s %9s %9s %12s %9s%n",
        "model", "accuracy", "macro_f1", "train_s", "p50_ms", "p99_ms", "texts/s@32", "size_MB");
    for (ModelResult m : result.models()) {
      pw.printf(
          Locale.ROOT,
          "%-20s %9.4f %9.4f %9.1f %9.3f %9.3f %12.0f %9.2f%n",
          m.name(),
          m.test().accuracy(),
          m.test().macroF1(),
          m.trainSeconds(),
          m.p50Ms(),
          m.p99Ms(),
          m.throughputBatch32(),
          m.sizeBytes() / 1e6);
    }
    result.failures().forEach((n, why) -> pw.println("FAILED " + n + ": " + why));
    pw.println(
        "test rows every model gets wrong: "
            + result.sharedErrors()
            + "; outputs in "
            + result.outDir());
    pw.flush();
    if (!result.failures().isEmpty()) {
      throw new MlException(result.failures().size() + " model(s) failed: " + result.failures());
    }
    return 0;
  }
}
