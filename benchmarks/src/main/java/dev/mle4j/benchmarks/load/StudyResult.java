package dev.mle4j.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.MlException;
import dev.mle4j.core.report.HtmlReport;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The outcome of a {@link ServingStudy}: its configuration and one {@link StudyLevel} per model,
 * batching configuration and concurrency level (plus the overload levels), with writers for {@code
 * study.json}, {@code study.csv}, {@code metrics.json}, PNG charts and {@code report.html}.
 *
 * @param config what was run
 * @param levels the levels in run order (non-empty, unique keys; copied)
 */
public record StudyResult(StudyConfig config, List<StudyLevel> levels) {

  /** File name of the full result as JSON. */
  public static final String JSON_FILE = "study.json";

  /** File name of the result table as CSV. */
  public static final String CSV_FILE = "study.csv";

  /** Task name in {@code metrics.json}. */
  public static final String TASK = "loadtest-study";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final List<String> TABLE_HEADER =
      List.of(
          "model",
          "config",
          "users",
          "requests",
          "errors (503)",
          "QPS",
          "p50 ms",
          "p95 ms",
          "p99 ms",
          "batches",
          "mean batch",
          "collect ms",
          "infer ms",
          "predicted QPS",
          "measured/predicted",
          "saturated");

  /** Validates and copies the levels. */
  public StudyResult {
    Objects.requireNonNull(config, "config");
    if (levels == null || levels.isEmpty() || levels.stream().anyMatch(Objects::isNull)) {
      throw new MlException("StudyResult: levels must be non-empty and not contain null");
    }
    levels = List.copyOf(levels);
    Set<String> keys = new HashSet<>();
    for (StudyLevel l : levels) {
      if (!keys.add(l.key())) {
        throw new MlException("StudyResult: duplicate level " + l.key());
      }
    }
  }

  /**
   * The model labels, in order of first appearance.
   *
   * @return the labels
   */
  public List<String> models() {
    return levels.stream().map(StudyLevel::model).distinct().toList();
  }

  /**
   * The batching configuration names, in order of first appearance.
   *
   * @return the names
   */
  public List<String> configs() {
    return levels.stream().map(StudyLevel::config).distinct().toList();
  }

  /**
   * The regular (not overload) levels of one model and configuration, in run order.
   *
   * @param model model label
   * @param config configuration name
   * @return the levels (empty if none)
   */
  public List<StudyLevel> levelsFor(String model, String config) {
    return levels.stream()
        .filter(l -> !l.overload() && l.model().equals(model) && l.config().equals(config))
        .toList();
  }

  /**
   * The overload levels, in run order.
   *
   * @return the levels (empty without an overload level)
   */
  public List<StudyLevel> overloadLevels() {
    return levels.stream().filter(StudyLevel::overload).toList();
  }

  /**
   * Writes the configuration and every level as JSON: {@code {"config": {...}, "levels": [...]}}.
   * Numbers that were not measured are {@code null}.
   *
   * @param file the file (parent folders are created)
   * @return the file
   * @throws MlException if it cannot be written
   */
  public Path writeJson(Path file) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode c = root.putObject("config");
    ArrayNode models = c.putArray("models");
    config.models().forEach(models::add);
    ArrayNode batchings = c.putArray("batching");
    for (BatchingConfig b : config.batchings()) {
      ObjectNode o = batchings.addObject();
      o.put("name", b.name());
      o.put("batching", b.batching());
      o.put("max_batch_size", b.maxBatchSize());
      o.put("max_queue_delay_ms", b.maxQueueDelayMs());
      ArrayNode preferred = o.putArray("preferred_batch_sizes");
      b.preferredBatchSizes().forEach(preferred::add);
      o.put("workers", b.workers());
      o.put("queue_capacity", b.queueCapacity());
    }
    ArrayNode users = c.putArray("concurrency");
    config.concurrency().forEach(users::add);
    c.put("duration_s", config.durationSeconds());
    c.put("warmup_s", config.warmUpSeconds());
    c.put("request_timeout_s", config.requestTimeoutSeconds());
    c.put("endpoint", config.endpoint().routeName());
    c.put("dataset", config.dataset());
    c.put("bodies", config.bodies());
    c.put("overload_users", config.overloadUsers());
    c.put("overload_queue_capacity", config.overloadQueueCapacity());
    c.put("cores", config.cores());
    c.put("java", config.javaVersion());
    c.put("saturation_ratio", StudyLevel.SATURATION_RATIO);
    ArrayNode array = root.putArray("levels");
    for (StudyLevel l : levels) {
      ObjectNode o = array.addObject();
      o.put("model", l.model());
      o.put("config", l.config());
      o.put("users", l.users());
      o.put("overload", l.overload());
      o.put("requests", l.requests());
      o.put("ok", l.ok());
      o.put("errors", l.errors());
      o.put("rejected_503", l.rejected());
      o.put("timeouts", l.timeouts());
      ObjectNode status = o.putObject("status_counts");
      l.statusCounts().forEach(status::put);
      ReportFiles.putNumber(o, "duration_s", l.durationSeconds());
      ReportFiles.putNumber(o, "qps", l.qps());
      ReportFiles.putNumber(o, "p50_ms", l.p50Ms());
      ReportFiles.putNumber(o, "p95_ms", l.p95Ms());
      ReportFiles.putNumber(o, "p99_ms", l.p99Ms());
      ReportFiles.putNumber(o, "max_ms", l.maxMs());
      o.put("batches", l.batches());
      o.put("batch_items", l.batchItems());
      ReportFiles.putNumber(o, "mean_batch_size", l.meanBatchSize());
      ObjectNode histogram = o.putObject("size_histogram");
      l.sizeHistogram().forEach((size, n) -> histogram.put(Integer.toString(size), n));
      ReportFiles.putNumber(o, "mean_collect_ms", l.meanCollectMs());
      ReportFiles.putNumber(o, "mean_infer_ms", l.meanInferMs());
      o.put("level_items", l.levelItems());
      o.put("level_server_ok", l.levelServerOk());
      o.put("workers", l.workers());
      ReportFiles.putNumber(o, "predicted_qps", l.predictedQps());
      ReportFiles.putNumber(o, "measured_to_predicted", l.measuredToPredicted());
      o.put("saturated", l.saturated());
    }
    try {
      return write(file, JSON.writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw new MlException("cannot serialize the study result: " + e.getMessage(), e);
    }
  }

  /**
   * Writes one CSV row per level; unmeasured numbers are empty fields, {@code status_counts} reads
   * {@code kind=count;...} and {@code size_histogram} reads {@code size=count;...}.
   *
   * @param file the file (parent folders are created)
   * @return the file
   * @throws MlException if it cannot be written
   */
  public Path writeCsv(Path file) {
    StringBuilder sb =
        new StringBuilder(
            "model,config,users,overload,requests,ok,errors,rejected_503,timeouts,status_counts,"
                + "duration_s,qps,p50_ms,p95_ms,p99_ms,max_ms,batches,batch_items,"
                + "mean_batch_size,size_histogram,mean_collect_ms,mean_infer_ms,level_items,"
                + "level_server_ok,workers,predicted_qps,measured_to_predicted,saturated\n");
    for (StudyLevel l : levels) {
      List<String> row = new ArrayList<>();
      row.add(ReportFiles.csvField(l.model()));
      row.add(ReportFiles.csvField(l.config()));
      row.add(Integer.toString(l.users()));
      row.add(Boolean.toString(l.overload()));
      row.add(Long.toString(l.requests()));
      row.add(Long.toString(l.ok()));
      row.add(Long.toString(l.errors()));
      row.add(Long.toString(l.rejected()));
      row.add(Long.toString(l.timeouts()));
      row.add(ReportFiles.csvField(joined(l.statusCounts())));
      row.add(ReportFiles.num(l.durationSeconds(), "%.3f"));
      row.add(ReportFiles.num(l.qps(), "%.3f"));
      row.add(ReportFiles.num(l.p50Ms(), "%.3f"));
      row.add(ReportFiles.num(l.p95Ms(), "%.3f"));
      row.add(ReportFiles.num(l.p99Ms(), "%.3f"));
      row.add(ReportFiles.num(l.maxMs(), "%.3f"));
      row.add(Long.toString(l.batches()));
      row.add(Long.toString(l.batchItems()));
      row.add(ReportFiles.num(l.meanBatchSize(), "%.4f"));
      row.add(ReportFiles.csvField(joined(l.sizeHistogram())));
      row.add(ReportFiles.num(l.meanCollectMs(), "%.4f"));
      row.add(ReportFiles.num(l.meanInferMs(), "%.4f"));
      row.add(Long.toString(l.levelItems()));
      row.add(Long.toString(l.levelServerOk()));
      row.add(Integer.toString(l.workers()));
      row.add(ReportFiles.num(l.predictedQps(), "%.1f"));
      row.add(ReportFiles.num(l.measuredToPredicted(), "%.4f"));
      row.add(Boolean.toString(l.saturated()));
      sb.append(String.join(",", row)).append('\n');
    }
    return write(file, sb.toString());
  }

  /**
   * The content of {@code metrics.json}: one entry per level, keyed {@link StudyLevel#key()}, with
   * {@code users}, {@code requests}, {@code errors}, {@code rejected_503}, {@code timeouts}, {@code
   * throughput_per_s}, {@code p50_ms}, {@code p95_ms}, {@code p99_ms}, {@code batches}, {@code
   * mean_batch_size}, {@code mean_collect_ms}, {@code mean_infer_ms}, {@code predicted_qps} and
   * {@code measured_to_predicted} (numbers that were not measured are left out).
   *
   * @return the metrics
   */
  public MetricsFile metrics() {
    Map<String, Map<String, Double>> models = new LinkedHashMap<>();
    for (StudyLevel l : levels) {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("users", (double) l.users());
      m.put("requests", (double) l.requests());
      m.put("errors", (double) l.errors());
      m.put("rejected_503", (double) l.rejected());
      m.put("timeouts", (double) l.timeouts());
      finite(m, "throughput_per_s", l.qps());
      finite(m, "p50_ms", l.p50Ms());
      finite(m, "p95_ms", l.p95Ms());
      finite(m, "p99_ms", l.p99Ms());
      m.put("batches", (double) l.batches());
      finite(m, "mean_batch_size", l.meanBatchSize());
      finite(m, "mean_collect_ms", l.meanCollectMs());
      finite(m, "mean_infer_ms", l.meanInferMs());
      finite(m, "predicted_qps", l.predictedQps());
      finite(m, "measured_to_predicted", l.measuredToPredicted());
      models.put(l.key(), m);
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("endpoint", config.endpoint().routeName());
    extra.put("served_models", config.models());
    extra.put("batching_configs", config.batchings().stream().map(BatchingConfig::name).toList());
    extra.put("concurrency", config.concurrency());
    extra.put("duration_s", config.durationSeconds());
    extra.put("warmup_s", config.warmUpSeconds());
    extra.put("cores", config.cores());
    return new MetricsFile(config.dataset(), TASK, models, extra);
  }

  /**
   * Writes the PNG charts: per model QPS vs latency ({@code qps-latency-<model>.png}), mean batch
   * size vs users ({@code batch-size-vs-users.png}), QPS vs mean batch size ({@code
   * qps-vs-batch-size.png}) and measured vs predicted QPS ({@code measured-vs-predicted.png}).
   * Charts without a measured point are skipped.
   *
   * @param dir the folder (created if needed)
   * @return the files written
   * @throws MlException if a file cannot be written
   */
  public List<Path> writeCharts(Path dir) {
    return StudyCharts.write(this, dir);
  }

  /**
   * Builds {@code report.html}: the configuration, the results table, the overload levels and the
   * charts.
   *
   * @param charts chart files to embed
   * @return the report
   */
  public HtmlReport htmlReport(List<Path> charts) {
    Map<String, Object> setup = new LinkedHashMap<>();
    setup.put("models", String.join(", ", config.models()));
    setup.put(
        "batching",
        config.batchings().stream()
            .map(BatchingConfig::describe)
            .collect(Collectors.joining("; ")));
    setup.put("endpoint", "POST /v1/models/{name}/" + config.endpoint().routeName());
    setup.put("request bodies", config.bodies() + " (" + config.dataset() + ")");
    setup.put("users per level", config.concurrency().toString());
    setup.put(
        "per level",
        fixed(config.warmUpSeconds(), 1)
            + " s warm-up + "
            + fixed(config.durationSeconds(), 1)
            + " s measured");
    if (config.hasOverloadLevel()) {
      setup.put(
          "overload level",
          config.overloadUsers() + " users, queue capacity " + config.overloadQueueCapacity());
    }
    setup.put("machine", config.cores() + " cores, Java " + config.javaVersion());
    HtmlReport.Builder html =
        HtmlReport.builder("Serving study")
            .subtitle(
                "Every model under every batching configuration at every concurrency level;"
                    + " client-side latency and QPS next to the server's batches.")
            .section("Set-up")
            .keyValues(setup)
            .section("Results")
            .paragraph(
                "Batches are the model calls that ended inside each level's measured window."
                    + " Predicted QPS = workers x mean batch size / mean inference time (the"
                    + " capacity of the model calls alone); a level is saturated when the measured"
                    + " QPS reaches "
                    + fixed(StudyLevel.SATURATION_RATIO, 1)
                    + " of it. Well below that, HTTP, JSON and the load generator limit the"
                    + " throughput, not the model.")
            .table(TABLE_HEADER, rows(levels.stream().filter(l -> !l.overload()).toList()));
    List<StudyLevel> overload = overloadLevels();
    if (!overload.isEmpty()) {
      html.section("Overload")
          .paragraph(
              "One level far above capacity against a server with a small queue: requests that"
                  + " find the queue full are answered 503 at once (load shedding); timeouts"
                  + " should stay at zero.")
          .table(
              List.of(
                  "model",
                  "config",
                  "users",
                  "queue",
                  "requests",
                  "2xx",
                  "503",
                  "timeouts",
                  "QPS",
                  "p50 ms",
                  "p99 ms"),
              overload.stream()
                  .map(
                      l ->
                          List.<Object>of(
                              l.model(),
                              l.config(),
                              l.users(),
                              config.overloadQueueCapacity(),
                              l.requests(),
                              l.ok(),
                              l.rejected(),
                              l.timeouts(),
                              fixed(l.qps(), 1),
                              fixed(l.p50Ms(), 2),
                              fixed(l.p99Ms(), 2)))
                  .toList());
    }
    if (!charts.isEmpty()) {
      html.section("Charts");
      for (Path chart : charts) {
        html.image(chart, chart.getFileName().toString());
      }
    }
    return html.build();
  }

  /**
   * Writes everything into one run folder: {@code study.json}, {@code study.csv}, {@code
   * metrics.json}, the charts and {@code report.html}.
   *
   * @param dir the folder (created if needed)
   * @return the files written
   * @throws MlException if a file cannot be written
   */
  public List<Path> writeAll(Path dir) {
    RunOutput output = RunOutput.create(dir);
    List<Path> files = new ArrayList<>();
    files.add(writeJson(output.file(JSON_FILE)));
    files.add(writeCsv(output.file(CSV_FILE)));
    files.add(output.writeMetrics(metrics()));
    List<Path> charts = writeCharts(output.dir());
    files.addAll(charts);
    Path report = output.file(RunOutput.REPORT_FILE);
    htmlReport(charts).write(report);
    files.add(report);
    return List.copyOf(files);
  }

  /**
   * Renders every level as a Markdown table (the layout of the docs' results tables).
   *
   * @return the table, ending with a newline
   */
  public String toMarkdownTable() {
    StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", TABLE_HEADER));
    sb.append(" |\n|---|---|");
    sb.append("---:|".repeat(TABLE_HEADER.size() - 3)).append("---|\n");
    for (List<Object> row : rows(levels)) {
      sb.append("| ");
      sb.append(
          row.stream()
              .map(o -> String.valueOf(o).replace("|", "\\|"))
              .collect(Collectors.joining(" | ")));
      sb.append(" |\n");
    }
    return sb.toString();
  }

  private static List<List<Object>> rows(List<StudyLevel> levels) {
    List<List<Object>> rows = new ArrayList<>();
    for (StudyLevel l : levels) {
      List<Object> row = new ArrayList<>();
      row.add(l.model());
      row.add(l.config() + (l.overload() ? " (overload)" : ""));
      row.add(l.users());
      row.add(l.requests());
      row.add(l.errors() + " (" + l.rejected() + ")");
      row.add(fixed(l.qps(), 1));
      row.add(fixed(l.p50Ms(), 2));
      row.add(fixed(l.p95Ms(), 2));
      row.add(fixed(l.p99Ms(), 2));
      row.add(l.batches());
      row.add(fixed(l.meanBatchSize(), 2));
      row.add(fixed(l.meanCollectMs(), 3));
      row.add(fixed(l.meanInferMs(), 3));
      row.add(fixed(l.predictedQps(), 0));
      row.add(fixed(l.measuredToPredicted(), 2));
      row.add(l.saturated() ? "yes" : "no");
      rows.add(row);
    }
    return rows;
  }

  private static String joined(Map<?, Long> map) {
    return map.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(";"));
  }

  private static void finite(Map<String, Double> m, String key, double v) {
    if (Double.isFinite(v)) {
      m.put(key, v);
    }
  }

  private static String fixed(double v, int decimals) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%,." + decimals + "f", v) : "n/a";
  }

  private static Path write(Path file, String text) {
    return ReportFiles.write(file, text, "StudyResult", "study result");
  }
}
