package dev.mle4j.tabular.monitoring;

import dev.mle4j.core.MlException;
import dev.mle4j.core.report.Charts;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.tabular.data.CsvWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model performance over time as labels arrive: joins logged predictions with a labels file ({@link
 * LabelsFile}) and computes metrics per time window of the predictions. A window's metrics use only
 * the labels that had arrived by the window's end (plus an optional {@link
 * Builder#labelDelay(Duration) delay}), which is what a dashboard would have shown then; the
 * overall metrics use every label.
 *
 * <p>Classification: {@code accuracy}, {@code f1} (F1 of the positive label for two classes, else
 * macro F1) and, for two classes with logged confidences, {@code roc_auc} (score of the positive
 * label = confidence when it was predicted, else 1 − confidence). Regression: {@code rmse}, {@code
 * mae}. Metrics of windows without labels are NaN.
 */
public final class PerformanceMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(PerformanceMonitor.class);

  private final Duration window;
  private final Duration labelDelay;
  private final LabelsFile labels;
  private final String positiveLabel;

  private PerformanceMonitor(Builder b) {
    this.window = b.window;
    this.labelDelay = b.labelDelay;
    this.labels = b.labels;
    this.positiveLabel = b.positiveLabel;
  }

  /**
   * Starts a builder (daily windows, default labels file columns, no delay).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The metrics of one window of one model version.
   *
   * @param model model name
   * @param version model version
   * @param start window start (inclusive)
   * @param end window end (exclusive)
   * @param predictions predictions made in the window
   * @param labelled of those, predictions whose label had arrived by the evaluation time
   * @param metrics metric name to value (NaN without labels), in a fixed order
   */
  public record WindowMetrics(
      String model,
      String version,
      Instant start,
      Instant end,
      long predictions,
      long labelled,
      Map<String, Double> metrics) {
    /** Copies the map keeping its order. */
    public WindowMetrics {
      metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * The share of predictions with a label.
     *
     * @return labelled / predictions
     */
    public double coverage() {
      return predictions == 0 ? 0.0 : labelled / (double) predictions;
    }
  }

  /**
   * The outcome.
   *
   * @param regression whether the models are regressors
   * @param primaryMetric the metric charted ({@code accuracy} or {@code rmse})
   * @param windows window metrics, by model version then time
   * @param overall model@version to metrics over every joined label (plus {@code labelled})
   */
  public record Result(
      boolean regression,
      String primaryMetric,
      List<WindowMetrics> windows,
      Map<String, Map<String, Double>> overall) {
    /** Copies the collections. */
    public Result {
      windows = List.copyOf(windows);
      overall = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overall));
    }
  }

  /**
   * Reads a prediction log and a labels file and computes the windowed metrics.
   *
   * @param log the JSONL prediction log
   * @param labelsCsv the labels CSV
   * @return the result
   * @throws MlException on a missing or malformed file, an empty log, a log mixing classification
   *     and regression, or a non-numeric regression label
   */
  public Result evaluate(Path log, Path labelsCsv) {
    Map<String, LabelsFile.Label> truth = labels.read(labelsCsv);
    List<LoggedPrediction> records = PredictionLogReader.read(log);
    if (records.isEmpty()) {
      throw new MlException("prediction log " + log + " has no records");
    }
    return evaluate(records, truth);
  }

  /**
   * Computes the windowed metrics of records already read.
   *
   * @param records the predictions
   * @param truth id to label
   * @return the result
   */
  public Result evaluate(List<LoggedPrediction> records, Map<String, LabelsFile.Label> truth) {
    if (records.isEmpty()) {
      throw new MlException("no prediction records to evaluate");
    }
    boolean regression = records.get(0).isRegression();
    for (LoggedPrediction p : records) {
      if (p.isRegression() != regression) {
        throw new MlException(
            "prediction log line "
                + p.line()
                + ": the log mixes classification and regression records");
      }
    }
    Map<String, List<LoggedPrediction>> byModel = new TreeMap<>();
    for (LoggedPrediction p : records) {
      byModel.computeIfAbsent(p.modelKey(), k -> new ArrayList<>()).add(p);
    }
    List<WindowMetrics> windows = new ArrayList<>();
    Map<String, Map<String, Double>> overall = new LinkedHashMap<>();
    int joined = 0;
    for (Map.Entry<String, List<LoggedPrediction>> e : byModel.entrySet()) {
      List<LoggedPrediction> group = e.getValue();
      String positive = regression ? null : positive(group, truth);
      TreeMap<Instant, List<LoggedPrediction>> buckets = new TreeMap<>();
      for (LoggedPrediction p : group) {
        buckets
            .computeIfAbsent(Stats.windowStart(p.timestamp(), window), k -> new ArrayList<>())
            .add(p);
      }
      for (Map.Entry<Instant, List<LoggedPrediction>> b : buckets.entrySet()) {
        Instant end = b.getKey().plus(window);
        Instant cutoff = end.plus(labelDelay);
        List<LoggedPrediction> ps = b.getValue();
        List<LoggedPrediction> labelled = new ArrayList<>();
        List<String> ys = new ArrayList<>();
        for (LoggedPrediction p : ps) {
          LabelsFile.Label l = lookup(truth, p);
          if (l != null && !l.arrivedAt().isAfter(cutoff)) {
            labelled.add(p);
            ys.add(l.value());
          }
        }
        LoggedPrediction h = ps.get(0);
        windows.add(
            new WindowMetrics(
                h.model(),
                h.version(),
                b.getKey(),
                end,
                ps.size(),
                labelled.size(),
                metrics(labelled, ys, regression, positive)));
      }
      List<LoggedPrediction> all = new ArrayList<>();
      List<String> ys = new ArrayList<>();
      for (LoggedPrediction p : group) {
        LabelsFile.Label l = lookup(truth, p);
        if (l != null) {
          all.add(p);
          ys.add(l.value());
        }
      }
      joined += all.size();
      Map<String, Double> m = new LinkedHashMap<>(metrics(all, ys, regression, positive));
      m.put("labelled", (double) all.size());
      m.put("predictions", (double) group.size());
      overall.put(e.getKey(), m);
    }
    if (joined == 0) {
      LOG.warn("no logged prediction matched a label: check the id column / input id field");
    }
    return new Result(regression, regression ? "rmse" : "accuracy", windows, overall);
  }

  private LabelsFile.Label lookup(Map<String, LabelsFile.Label> truth, LoggedPrediction p) {
    String key = labels.key(p);
    return key == null ? null : truth.get(key);
  }

  private String positive(List<LoggedPrediction> group, Map<String, LabelsFile.Label> truth) {
    TreeSet<String> classes = new TreeSet<>();
    for (LoggedPrediction p : group) {
      classes.add(p.label());
      LabelsFile.Label l = lookup(truth, p);
      if (l != null) {
        classes.add(l.value());
      }
    }
    if (positiveLabel != null) {
      return classes.size() <= 2 ? positiveLabel : null;
    }
    return classes.size() == 2 ? classes.last() : null;
  }

  static Map<String, Double> metrics(
      List<LoggedPrediction> ps, List<String> ys, boolean regression, String positive) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (regression) {
      double[] yTrue = new double[ys.size()];
      double[] yPred = new double[ys.size()];
      for (int i = 0; i < yTrue.length; i++) {
        try {
          yTrue[i] = Double.parseDouble(ys.get(i));
        } catch (NumberFormatException e) {
          throw new MlException(
              "the label of request "
                  + ps.get(i).requestId()
                  + " is '"
                  + ys.get(i)
                  + "', not a number (the model is a regressor)",
              e);
        }
        yPred[i] = ps.get(i).prediction();
      }
      m.put("rmse", Stats.rmse(yTrue, yPred));
      m.put("mae", Stats.mae(yTrue, yPred));
      return m;
    }
    List<String> yPred = ps.stream().map(LoggedPrediction::label).toList();
    m.put("accuracy", Stats.accuracy(ys, yPred));
    m.put("f1", Stats.f1(ys, yPred, positive));
    double auc = Double.NaN;
    if (positive != null && ps.stream().allMatch(p -> Double.isFinite(p.confidence()))) {
      boolean[] isPos = new boolean[ys.size()];
      double[] score = new double[ys.size()];
      for (int i = 0; i < isPos.length; i++) {
        isPos[i] = ys.get(i).equals(positive);
        LoggedPrediction p = ps.get(i);
        score[i] = p.label().equals(positive) ? p.confidence() : 1.0 - p.confidence();
      }
      auc = Stats.rocAuc(isPos, score);
    }
    m.put("roc_auc", auc);
    return m;
  }

  /**
   * Writes {@code performance.csv} (one row per window), {@code performance.png} (the primary
   * metric per window, one line per model version, x = hours since the first window) and {@code
   * metrics.json} (the overall metrics).
   *
   * @param result the result
   * @param dir the output folder (created if missing)
   * @return the run output
   */
  public static RunOutput write(Result result, Path dir) {
    RunOutput out = RunOutput.create(dir);
    List<String> metricNames =
        result.windows().isEmpty()
            ? List.of()
            : List.copyOf(result.windows().get(0).metrics().keySet());
    List<String> header =
        new ArrayList<>(
            List.of(
                "model",
                "version",
                "window_start",
                "window_end",
                "predictions",
                "labelled",
                "coverage"));
    header.addAll(metricNames);
    List<String> lines = new ArrayList<>();
    lines.add(CsvWriter.line(header));
    Instant origin =
        result.windows().stream()
            .map(WindowMetrics::start)
            .min(Instant::compareTo)
            .orElse(Instant.EPOCH);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (WindowMetrics w : result.windows()) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  w.model(),
                  w.version(),
                  w.start().toString(),
                  w.end().toString(),
                  Long.toString(w.predictions()),
                  Long.toString(w.labelled()),
                  PredictionLogAnalysis.fmt(w.coverage())));
      for (String name : metricNames) {
        row.add(PredictionLogAnalysis.fmt(w.metrics().getOrDefault(name, Double.NaN)));
      }
      lines.add(CsvWriter.line(row));
      double y = w.metrics().getOrDefault(result.primaryMetric(), Double.NaN);
      if (Double.isFinite(y)) {
        double x = Duration.between(origin, w.start()).toMillis() / 3_600_000.0;
        series
            .computeIfAbsent(w.model() + "@" + w.version(), k -> new ArrayList<>())
            .add(new double[] {x, y});
      }
    }
    try {
      Files.write(out.file("performance.csv"), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MlException("cannot write performance.csv in " + dir + ": " + e, e);
    }
    if (!series.isEmpty()) {
      Map<String, double[][]> xy = new LinkedHashMap<>();
      series.forEach(
          (k, pts) -> {
            double[] xs = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] ys = pts.stream().mapToDouble(p -> p[1]).toArray();
            xy.put(k, new double[][] {xs, ys});
          });
      Charts.lines(
          out.file("performance.png"),
          "Windowed " + result.primaryMetric() + " (labels arrived by window end)",
          "hours since " + origin,
          result.primaryMetric(),
          xy);
    } else {
      LOG.warn("no window has labels: performance.png not drawn");
    }
    Map<String, Map<String, Double>> models = new LinkedHashMap<>();
    result
        .overall()
        .forEach(
            (k, m) -> {
              Map<String, Double> finite = new LinkedHashMap<>();
              m.forEach(
                  (name, v) -> {
                    if (Double.isFinite(v)) {
                      finite.put(name, v);
                    }
                  });
              models.put(k, finite);
            });
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("windows", result.windows().size());
    out.writeMetrics(
        new MetricsFile(
            "prediction-log",
            result.regression()
                ? "tabular-regression-monitoring"
                : "tabular-classification-monitoring",
            models,
            extra));
    return out;
  }

  /** Options of a {@link PerformanceMonitor}. */
  public static final class Builder {
    private Duration window = Duration.ofDays(1);
    private Duration labelDelay = Duration.ZERO;
    private LabelsFile labels = LabelsFile.defaults();
    private String positiveLabel;

    private Builder() {}

    /**
     * The window length (default one day, aligned to the UTC epoch).
     *
     * @param window at least one millisecond
     * @return this builder
     */
    public Builder window(Duration window) {
      if (window == null || window.toMillis() < 1) {
        throw new MlException("window must be at least 1 ms, got " + window);
      }
      this.window = window;
      return this;
    }

    /**
     * Extra time after a window's end during which arriving labels still count for it (default
     * zero).
     *
     * @param delay zero or positive
     * @return this builder
     */
    public Builder labelDelay(Duration delay) {
      if (delay == null || delay.isNegative()) {
        throw new MlException("labelDelay must be zero or positive, got " + delay);
      }
      this.labelDelay = delay;
      return this;
    }

    /**
     * How to read and join the labels file.
     *
     * @param labels the spec
     * @return this builder
     */
    public Builder labels(LabelsFile labels) {
      this.labels = Objects.requireNonNull(labels, "labels");
      return this;
    }

    /**
     * The positive label of a binary classifier (default: the larger of the two labels in string
     * order, e.g. {@code 1} or {@code yes}).
     *
     * @param label the positive label
     * @return this builder
     */
    public Builder positiveLabel(String label) {
      this.positiveLabel = Objects.requireNonNull(label, "label");
      return this;
    }

    /**
     * Builds the monitor.
     *
     * @return the monitor
     */
    public PerformanceMonitor build() {
      return new PerformanceMonitor(this);
    }
  }
}
