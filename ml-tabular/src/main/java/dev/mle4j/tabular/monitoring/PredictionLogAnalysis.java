package dev.mle4j.tabular.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mle4j.core.MlException;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.CsvWriter;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.SchemaInference;
import dev.mle4j.tabular.data.TableLoader;
import dev.mle4j.tabular.drift.DriftConfig;
import dev.mle4j.tabular.drift.DriftDetector;
import dev.mle4j.tabular.drift.DriftReport;
import dev.mle4j.tabular.drift.DriftResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Summarises a server's prediction log per model and version: request counts, latency percentiles,
 * the prediction distribution per time window (class shares, or quantiles of a regression value),
 * and, given a reference CSV, the feature drift of the logged inputs against it ({@link
 * DriftDetector}).
 *
 * <pre>{@code
 * Summary s = PredictionLogAnalysis.builder()
 *     .window(Duration.ofHours(1))
 *     .reference(Path.of("train.csv"))
 *     .build()
 *     .analyze(Path.of("predictions.jsonl"));
 * }</pre>
 */
public final class PredictionLogAnalysis {
  /** Quantile levels (percent) reported for regression predictions. */
  public static final double[] QUANTILES = {10, 25, 50, 75, 90};

  private final Duration window;
  private final Path reference;
  private final DriftConfig driftConfig;

  private PredictionLogAnalysis(Builder b) {
    this.window = b.window;
    this.reference = b.reference;
    this.driftConfig = b.driftConfig;
  }

  /**
   * Starts a builder (hourly windows, no drift check).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Latency percentiles in milliseconds.
   *
   * @param mean mean
   * @param p50 median
   * @param p90 90th percentile
   * @param p95 95th percentile
   * @param p99 99th percentile
   * @param max maximum
   */
  public record Latency(double mean, double p50, double p90, double p95, double p99, double max) {
    static Latency of(double[] ms) {
      return new Latency(
          Stats.mean(ms),
          Stats.percentile(ms, 50),
          Stats.percentile(ms, 90),
          Stats.percentile(ms, 95),
          Stats.percentile(ms, 99),
          Stats.percentile(ms, 100));
    }
  }

  /**
   * One time window of one model version.
   *
   * @param start window start (inclusive, UTC-aligned)
   * @param end window end (exclusive)
   * @param count predictions in the window
   * @param latency latency percentiles in the window
   * @param classShares predicted label to share (classification; empty for regression)
   * @param quantiles "p10".."p90" to predicted value quantile (regression; empty otherwise)
   */
  public record Window(
      Instant start,
      Instant end,
      long count,
      Latency latency,
      Map<String, Double> classShares,
      Map<String, Double> quantiles) {
    /** Copies the maps, keeping their order. */
    public Window {
      classShares = Collections.unmodifiableMap(new LinkedHashMap<>(classShares));
      quantiles = Collections.unmodifiableMap(new LinkedHashMap<>(quantiles));
    }
  }

  /**
   * The summary of one model version.
   *
   * @param model model name
   * @param version model version
   * @param regression whether its records carry regression values
   * @param count number of predictions
   * @param first first timestamp
   * @param last last timestamp
   * @param latency latency percentiles over all predictions
   * @param windows non-empty windows in time order
   * @param drift feature drift of its inputs against the reference, or null without reference
   */
  public record ModelSummary(
      String model,
      String version,
      boolean regression,
      long count,
      Instant first,
      Instant last,
      Latency latency,
      List<Window> windows,
      DriftResult drift) {
    /** Copies the list. */
    public ModelSummary {
      windows = List.copyOf(windows);
    }
  }

  /**
   * The summary of a log.
   *
   * @param source the log file
   * @param window the window length
   * @param records number of records read
   * @param models one summary per model version, sorted by model then version
   */
  public record Summary(Path source, Duration window, long records, List<ModelSummary> models) {
    /** Copies the list. */
    public Summary {
      models = List.copyOf(models);
    }

    /**
     * The summary of one model version.
     *
     * @param model model name
     * @param version version
     * @return the summary
     * @throws MlException when the log has no such model version
     */
    public ModelSummary model(String model, String version) {
      return models.stream()
          .filter(m -> m.model().equals(model) && m.version().equals(version))
          .findFirst()
          .orElseThrow(
              () ->
                  new MlException(
                      "no predictions of "
                          + model
                          + "@"
                          + version
                          + " in the log; present: "
                          + models.stream().map(m -> m.model() + "@" + m.version()).toList()));
    }
  }

  /**
   * Reads and summarises a log file.
   *
   * @param log the JSONL prediction log
   * @return the summary
   * @throws MlException on a missing or malformed log (naming file:line), an empty log, or a
   *     reference problem
   */
  public Summary analyze(Path log) {
    List<LoggedPrediction> records = PredictionLogReader.read(log);
    if (records.isEmpty()) {
      throw new MlException("prediction log " + log + " has no records");
    }
    return analyze(records, log);
  }

  /**
   * Summarises records already read.
   *
   * @param records the records
   * @param source the log they came from (for the summary; may be null)
   * @return the summary
   */
  public Summary analyze(List<LoggedPrediction> records, Path source) {
    if (records.isEmpty()) {
      throw new MlException("no prediction records to analyse");
    }
    Map<String, List<LoggedPrediction>> byModel = new TreeMap<>();
    for (LoggedPrediction p : records) {
      byModel.computeIfAbsent(p.model() + "\u0000" + p.version(), k -> new ArrayList<>()).add(p);
    }
    DataFrame ref =
        reference == null ? null : TableLoader.read(reference, SchemaInference.defaults());
    List<ModelSummary> models = new ArrayList<>();
    for (List<LoggedPrediction> group : byModel.values()) {
      models.add(summarise(group, ref));
    }
    return new Summary(source, window, records.size(), models);
  }

  private ModelSummary summarise(List<LoggedPrediction> group, DataFrame ref) {
    LoggedPrediction head = group.get(0);
    boolean regression = head.isRegression();
    for (LoggedPrediction p : group) {
      if (p.isRegression() != regression) {
        throw new MlException(
            "line "
                + p.line()
                + ": "
                + p.modelKey()
                + " mixes classification and regression records");
      }
    }
    TreeMap<Instant, List<LoggedPrediction>> buckets = new TreeMap<>();
    Instant first = head.timestamp();
    Instant last = head.timestamp();
    for (LoggedPrediction p : group) {
      buckets
          .computeIfAbsent(Stats.windowStart(p.timestamp(), window), k -> new ArrayList<>())
          .add(p);
      first = p.timestamp().isBefore(first) ? p.timestamp() : first;
      last = p.timestamp().isAfter(last) ? p.timestamp() : last;
    }
    List<Window> windows = new ArrayList<>();
    for (Map.Entry<Instant, List<LoggedPrediction>> e : buckets.entrySet()) {
      List<LoggedPrediction> ps = e.getValue();
      Map<String, Double> shares = Map.of();
      Map<String, Double> quantiles = new LinkedHashMap<>();
      if (regression) {
        double[] values = ps.stream().mapToDouble(LoggedPrediction::prediction).toArray();
        for (double q : QUANTILES) {
          quantiles.put("p" + (int) q, Stats.percentile(values, q));
        }
      } else {
        shares = Stats.shares(ps.stream().map(LoggedPrediction::label).toList());
      }
      windows.add(
          new Window(
              e.getKey(),
              e.getKey().plus(window),
              ps.size(),
              Latency.of(latencies(ps)),
              shares,
              quantiles));
    }
    DriftResult drift = ref == null ? null : drift(head.modelKey(), group, ref);
    return new ModelSummary(
        head.model(),
        head.version(),
        regression,
        group.size(),
        first,
        last,
        Latency.of(latencies(group)),
        windows,
        drift);
  }

  private static double[] latencies(List<LoggedPrediction> ps) {
    return ps.stream().mapToDouble(LoggedPrediction::latencyMs).toArray();
  }

  private DriftResult drift(String name, List<LoggedPrediction> group, DataFrame ref) {
    DataFrame current = inputsFrame(group, ref, name);
    List<String> common = current.columns();
    return new DriftDetector(driftConfig).detect(name, ref.select(common), current);
  }

  /**
   * Turns logged inputs into a frame with the reference's types, keeping the reference columns
   * present in at least one input.
   *
   * @param group the records
   * @param ref the reference frame
   * @param name what the records are, for messages
   * @return the frame
   * @throws MlException when no reference column appears in the inputs, or a numeric column holds a
   *     non-number (naming the log line)
   */
  static DataFrame inputsFrame(List<LoggedPrediction> group, DataFrame ref, String name) {
    DataFrame current = DataFrame.empty(group.size());
    for (String column : ref.columns()) {
      boolean present = group.stream().anyMatch(p -> p.input().has(column));
      if (!present) {
        continue;
      }
      ColumnType type = ref.type(column);
      if (type.isNumberStored()) {
        double[] values = new double[group.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = numberOf(group.get(i), column, type);
        }
        current = current.with(column, type, values);
      } else {
        String[] values = new String[group.size()];
        for (int i = 0; i < values.length; i++) {
          JsonNode v = group.get(i).input().get(column);
          values[i] = v == null || v.isNull() ? null : v.asText();
        }
        current = current.with(column, type, values);
      }
    }
    if (current.columns().isEmpty()) {
      throw new MlException(
          "drift of "
              + name
              + ": no reference column "
              + ref.columns()
              + " appears in the logged inputs");
    }
    return current;
  }

  private static double numberOf(LoggedPrediction p, String column, ColumnType type) {
    JsonNode v = p.input().get(column);
    if (v == null || v.isNull()) {
      return Double.NaN;
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? 1.0 : 0.0;
    }
    String text = v.asText().trim();
    if (text.isEmpty()) {
      return Double.NaN;
    }
    if (type == ColumnType.BOOLEAN) {
      if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("yes")) {
        return 1.0;
      }
      if (text.equalsIgnoreCase("false") || text.equalsIgnoreCase("no")) {
        return 0.0;
      }
    }
    if (type == ColumnType.DATETIME) {
      try {
        return LabelsFile.parseTime(text, "").getEpochSecond();
      } catch (MlException e) {
        // fall through to a plain number
      }
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new MlException(
          "prediction log line "
              + p.line()
              + ": input '"
              + column
              + "' = '"
              + text
              + "' is not a number (the reference column is "
              + type
              + ")",
          e);
    }
  }

  /**
   * Writes {@code windows.csv} (one row per model version and window), {@code metrics.json} (counts
   * and latency per model version) and, for each version with a drift result, the drift metrics in
   * {@code drift-<model>-<version>/metrics.json}.
   *
   * @param summary the summary
   * @param dir the output folder (created if missing)
   * @return the run output
   */
  public static RunOutput write(Summary summary, Path dir) {
    RunOutput out = RunOutput.create(dir);
    List<String> lines = new ArrayList<>();
    lines.add(
        CsvWriter.line(
            List.of(
                "model",
                "version",
                "window_start",
                "window_end",
                "count",
                "latency_p50_ms",
                "latency_p95_ms",
                "latency_p99_ms",
                "distribution")));
    Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("window_seconds", summary.window().toSeconds());
    for (ModelSummary m : summary.models()) {
      for (Window w : m.windows()) {
        Map<String, Double> dist = m.regression() ? w.quantiles() : w.classShares();
        StringBuilder d = new StringBuilder();
        new TreeMap<>(dist)
            .forEach(
                (k, v) -> d.append(d.isEmpty() ? "" : ";").append(k).append('=').append(fmt(v)));
        lines.add(
            CsvWriter.line(
                List.of(
                    m.model(),
                    m.version(),
                    w.start().toString(),
                    w.end().toString(),
                    Long.toString(w.count()),
                    fmt(w.latency().p50()),
                    fmt(w.latency().p95()),
                    fmt(w.latency().p99()),
                    d.toString())));
      }
      Map<String, Double> mm = new LinkedHashMap<>();
      mm.put("count", (double) m.count());
      putFinite(mm, "latency_p50_ms", m.latency().p50());
      putFinite(mm, "latency_p95_ms", m.latency().p95());
      putFinite(mm, "latency_p99_ms", m.latency().p99());
      if (m.drift() != null) {
        mm.put("drift_share", m.drift().driftShare());
        mm.put("dataset_drift", m.drift().datasetDrift() ? 1.0 : 0.0);
        String folder =
            ("drift-" + m.model() + "-" + m.version()).replaceAll("[^A-Za-z0-9._-]", "_");
        RunOutput.create(dir.resolve(folder)).writeMetrics(DriftReport.metrics(m.drift()));
      }
      metrics.put(m.model() + "@" + m.version(), mm);
    }
    try {
      Files.write(out.file("windows.csv"), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MlException("cannot write windows.csv in " + dir + ": " + e, e);
    }
    out.writeMetrics(new MetricsFile("prediction-log", "monitoring", metrics, extra));
    return out;
  }

  private static void putFinite(Map<String, Double> m, String key, double v) {
    if (Double.isFinite(v)) {
      m.put(key, v);
    }
  }

  static String fmt(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
  }

  /** Options of a {@link PredictionLogAnalysis}. */
  public static final class Builder {
    private Duration window = Duration.ofHours(1);
    private Path reference;
    private DriftConfig driftConfig = DriftConfig.defaults();

    private Builder() {}

    /**
     * The window length (default one hour; windows are aligned to the UTC epoch).
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
     * A reference CSV (e.g. the training data) to test the logged inputs' drift against.
     *
     * @param csv the file
     * @return this builder
     */
    public Builder reference(Path csv) {
      this.reference = Objects.requireNonNull(csv, "csv");
      return this;
    }

    /**
     * Drift options (default {@link DriftConfig#defaults()}); only feature columns present in both
     * the reference and the inputs are tested.
     *
     * @param config the options
     * @return this builder
     */
    public Builder driftConfig(DriftConfig config) {
      this.driftConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Builds the analysis.
     *
     * @return the analysis
     * @throws MlException when the reference file does not exist
     */
    public PredictionLogAnalysis build() {
      if (reference != null && !Files.isRegularFile(reference)) {
        throw new MlException("reference CSV " + reference + " does not exist");
      }
      return new PredictionLogAnalysis(this);
    }
  }
}
