package dev.mle4j.examples.cli;

import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.examples.Locations;
import dev.mle4j.tabular.monitoring.LabelsFile;
import dev.mle4j.tabular.monitoring.PerformanceMonitor;
import dev.mle4j.tabular.monitoring.PredictionLogAnalysis;
import dev.mle4j.tabular.monitoring.ShadowComparison;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mle4j tabular monitor} and {@code mle4j tabular shadow-compare}: the prediction log
 * analysis, windowed performance and shadow comparison of {@code dev.mle4j.tabular.monitoring} on
 * the command line.
 */
public final class TabularMonitorCommand {
  private TabularMonitorCommand() {}

  /** The labels file and how to read and join it. */
  static final class Labels {
    @Option(
        names = "--labels",
        required = true,
        paramLabel = "FILE",
        description = "CSV of true labels that arrived later.")
    Path file;

    @Option(
        names = "--label-id-col",
        defaultValue = "request_id",
        paramLabel = "COL",
        description = "Its id column (default ${DEFAULT-VALUE}).")
    String idColumn;

    @Option(
        names = "--label-col",
        defaultValue = "label",
        paramLabel = "COL",
        description = "Its true label column (default ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(
        names = "--label-time-col",
        defaultValue = "label_timestamp",
        paramLabel = "COL",
        description =
            "Its label arrival time column, used when present (default ${DEFAULT-VALUE}).")
    String timeColumn;

    @Option(
        names = "--join-field",
        paramLabel = "FIELD",
        description = "Join on this logged input field instead of the request id.")
    String joinField;

    LabelsFile spec() {
      LabelsFile.Builder b =
          LabelsFile.builder()
              .idColumn(idColumn)
              .labelColumn(labelColumn)
              .timestampColumn(timeColumn);
      if (joinField != null) {
        b.inputIdField(joinField);
      }
      return b.build();
    }
  }

  /** Durations such as {@code 1d}, {@code 1h}, {@code 30m} or ISO-8601 {@code PT1H}. */
  static final class WindowConverter implements ITypeConverter<Duration> {
    private static final Pattern DAYS = Pattern.compile("(\\d+)d");

    @Override
    public Duration convert(String value) {
      Matcher m = DAYS.matcher(value.trim());
      if (m.matches()) {
        return Duration.ofDays(Long.parseLong(m.group(1)));
      }
      return new DurationConverter().convert(value);
    }
  }

  /** {@code mle4j tabular monitor}. */
  @Command(
      name = "monitor",
      mixinStandardHelpOptions = true,
      description = {
        "Analyze a server prediction log: count, latency and prediction distribution per model"
            + " version and time window, input drift against a reference CSV, and (with"
            + " --labels) windowed accuracy/F1/ROC-AUC or RMSE/MAE using only labels that had"
            + " arrived by each window's end. Writes windows.csv and metrics.json, plus"
            + " performance/performance.csv, performance.png and metrics.json with labels."
      })
  static final class Monitor implements Callable<Integer> {
    @Option(names = "--log", required = true, paramLabel = "FILE", description = "JSONL log.")
    Path log;

    @ArgGroup(exclusive = false)
    Labels labels;

    @Option(names = "--positive-label", paramLabel = "LABEL", description = "Binary F1/AUC.")
    String positiveLabel;

    @Option(
        names = "--reference",
        paramLabel = "FILE",
        description = "Training CSV to test the logged inputs for drift.")
    Path reference;

    @Option(
        names = "--window",
        paramLabel = "DURATION",
        converter = WindowConverter.class,
        description = "Window length, e.g. 1h or 1d (default: 1h for traffic, 1d for metrics).")
    Duration window;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (window != null && (window.isZero() || window.isNegative())) {
        throw new MlException("--window must be positive, got " + window);
      }
      Path dir = out != null ? out : RunOutput.defaultDir("monitor");
      PredictionLogAnalysis.Builder analysis = PredictionLogAnalysis.builder();
      if (window != null) {
        analysis.window(window);
      }
      if (reference != null) {
        analysis.reference(reference);
      }
      PredictionLogAnalysis.Summary s = analysis.build().analyze(log);
      PerformanceMonitor.Result perf = null;
      if (labels != null) {
        PerformanceMonitor.Builder monitor = PerformanceMonitor.builder().labels(labels.spec());
        if (window != null) {
          monitor.window(window);
        }
        if (positiveLabel != null) {
          monitor.positiveLabel(positiveLabel);
        }
        perf = monitor.build().evaluate(log, labels.file);
      }
      PredictionLogAnalysis.write(s, dir);
      if (perf != null) {
        PerformanceMonitor.write(perf, dir.resolve("performance"));
      }
      PrintWriter w = spec.commandLine().getOut();
      w.printf("%s: %d predictions, window %s%n", log, s.records(), s.window());
      for (PredictionLogAnalysis.ModelSummary m : s.models()) {
        w.printf(
            "  %-30s %8d predictions  latency p50 %s ms  p99 %s ms%s%n",
            m.model() + "@" + m.version(),
            m.count(),
            ms(m.latency().p50()),
            ms(m.latency().p99()),
            m.drift() == null
                ? ""
                : "  drift share "
                    + Formats.fixed(m.drift().driftShare(), 3)
                    + (m.drift().datasetDrift() ? " DRIFT" : ""));
      }
      if (perf != null) {
        printPerformance(w, perf);
      }
      w.println("outputs in " + dir);
      w.flush();
      return 0;
    }

    private static void printPerformance(PrintWriter w, PerformanceMonitor.Result perf) {
      w.println("performance by window (labels arrived by the window's end):");
      StringBuilder head =
          new StringBuilder(
              String.format(
                  Locale.ROOT, "  %-30s %-20s %6s %8s", "model", "window", "preds", "labelled"));
      List<String> names =
          perf.windows().isEmpty()
              ? List.of()
              : List.copyOf(perf.windows().get(0).metrics().keySet());
      names.forEach(n -> head.append(String.format(Locale.ROOT, " %8s", n)));
      w.println(head);
      for (PerformanceMonitor.WindowMetrics wm : perf.windows()) {
        StringBuilder row =
            new StringBuilder(
                String.format(
                    Locale.ROOT,
                    "  %-30s %-20s %6d %8d",
                    wm.model() + "@" + wm.version(),
                    wm.start(),
                    wm.predictions(),
                    wm.labelled()));
        names.forEach(
            n ->
                row.append(
                    String.format(
                        Locale.ROOT, " %8s", fixed(wm.metrics().getOrDefault(n, Double.NaN)))));
        w.println(row);
      }
      for (Map.Entry<String, Map<String, Double>> e : perf.overall().entrySet()) {
        StringBuilder row = new StringBuilder("  overall " + e.getKey() + ":");
        e.getValue()
            .forEach(
                (k, v) ->
                    row.append(' ')
                        .append(k)
                        .append('=')
                        .append(
                            k.equals("labelled") || k.equals("predictions")
                                ? Long.toString(Math.round(v))
                                : fixed(v)));
        w.println(row);
      }
    }
  }

  /** {@code mle4j tabular shadow-compare}. */
  @Command(
      name = "shadow-compare",
      mixinStandardHelpOptions = true,
      description = {
        "Compare a primary and a candidate model from a shadow log (both answers logged with the"
            + " same request id): agreement rate, latency, candidate missing answers and, with"
            + " --labels, each side's accuracy or RMSE. Promotes the candidate when it is better"
            + " by --margin with enough labelled pairs and few missing answers; with --promote"
            + " the decision is applied in the registry. Exit 0 whatever the decision."
      })
  static final class ShadowCompare implements Callable<Integer> {
    @Option(names = "--log", required = true, paramLabel = "FILE", description = "Shadow log.")
    Path log;

    @Option(
        names = "--primary",
        required = true,
        paramLabel = "VERSION",
        description = "The primary's version.")
    String primary;

    @Option(
        names = "--candidate",
        required = true,
        paramLabel = "VERSION",
        description = "The candidate's version.")
    String candidate;

    @ArgGroup(exclusive = false)
    Labels labels;

    @Option(
        names = "--margin",
        defaultValue = "0.0",
        paramLabel = "X",
        description = "How much better the candidate's metric must be (default ${DEFAULT-VALUE}).")
    double margin;

    @Option(
        names = "--max-error-rate",
        defaultValue = "0.01",
        paramLabel = "RATE",
        description = "Largest share of requests without a candidate answer (default 0.01).")
    double maxErrorRate;

    @Option(
        names = "--min-labelled",
        defaultValue = "30",
        paramLabel = "N",
        description = "Fewest labelled pairs needed to decide (default ${DEFAULT-VALUE}).")
    int minLabelled;

    @Option(
        names = "--promote",
        paramLabel = "MODEL",
        description = "Registered model name: promote the candidate when the decision says so.")
    String promote;

    @Option(names = "--registry", paramLabel = "DIR", description = "Registry folder.")
    Path registry;

    @Option(
        names = "--stage",
        defaultValue = "production",
        description = "Stage to promote to (default ${DEFAULT-VALUE}).")
    String stage;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ShadowComparison.Builder b =
          ShadowComparison.builder(primary, candidate)
              .margin(margin)
              .maxCandidateErrorRate(maxErrorRate)
              .minLabelled(minLabelled);
      if (labels != null) {
        b.labels(labels.spec());
      }
      ShadowComparison cmp = b.build();
      ModelRegistry reg = null;
      if (promote != null) {
        reg = ModelRegistry.open(registry != null ? registry : Locations.registry());
        if (reg.find(promote, candidate).isEmpty()) {
          throw new MlException(
              "registry " + reg.root() + " has no version " + candidate + " of '" + promote + "'");
        }
      }
      ShadowComparison.Report r = labels != null ? cmp.compare(log, labels.file) : cmp.compare(log);
      PrintWriter w = spec.commandLine().getOut();
      w.printf(
          "%d primary requests, %d pairs, candidate missing %d (%s)%n",
          r.primaryRequests(), r.pairs(), r.candidateMissing(), pct(r.candidateErrorRate()));
      w.printf(
          "agreement %s, mean |difference| %s%n",
          pct(r.agreementRate()), fixed(r.meanAbsDifference()));
      w.printf(
          "%s on %d labelled pairs: primary %s, candidate %s%n",
          r.metric(), r.labelled(), fixed(r.primaryMetric()), fixed(r.candidateMetric()));
      w.printf(
          "latency p50/p99 ms: primary %s/%s, candidate %s/%s%n",
          ms(r.primaryLatency().p50()),
          ms(r.primaryLatency().p99()),
          ms(r.candidateLatency().p50()),
          ms(r.candidateLatency().p99()));
      w.println(
          "decision: "
              + (r.decision().promote() ? "PROMOTE" : "KEEP PRIMARY")
              + " - "
              + r.decision().reason());
      if (reg != null) {
        Optional<ModelVersion> v = cmp.promoteIfBetter(r, reg, promote, stage);
        w.println(
            v.map(x -> "promoted " + promote + " version " + x.version() + " to " + stage)
                .orElse("not promoted; " + stage + " of " + promote + " unchanged"));
      }
      w.flush();
      return 0;
    }
  }

  private static String fixed(double v) {
    return Double.isFinite(v) ? Formats.fixed(v, 4) : "n/a";
  }

  private static String ms(double v) {
    return Double.isFinite(v) ? Formats.fixed(v, 2) : "n/a";
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? Formats.fixed(100 * v, 1) + "%" : "n/a";
  }
}
