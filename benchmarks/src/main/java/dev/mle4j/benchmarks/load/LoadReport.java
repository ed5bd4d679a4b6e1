package dev.mle4j.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.MlException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Results of a load run, one {@link LevelResult} per target and concurrency level, with writers for
 * CSV, {@code metrics.json}, PNG charts and a Markdown table.
 *
 * @param results the results (non-empty, one per target and level; copied)
 */
public record LoadReport(List<LevelResult> results) {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String CSV_HEADER =
      "target,concurrency,requests,errors,errors_by_kind,duration_s,throughput_per_s,"
          + "p50_ms,p95_ms,p99_ms,max_ms,mean_ms";

  /** Validates and copies the results. */
  public LoadReport {
    if (results == null || results.isEmpty()) {
      throw new MlException("LoadReport: results must not be empty");
    }
    if (results.stream().anyMatch(Objects::isNull)) {
      throw new MlException("LoadReport: results must not contain null");
    }
    results = List.copyOf(results);
    Set<String> keys = new HashSet<>();
    for (LevelResult r : results) {
      if (!keys.add(r.key())) {
        throw new MlException("LoadReport: duplicate result for " + r.key());
      }
    }
  }

  /**
   * Returns the target names in order of first appearance.
   *
   * @return the target names
   */
  public List<String> targets() {
    return results.stream().map(LevelResult::target).distinct().toList();
  }

  /**
   * Returns the results of one target, in run order of the levels.
   *
   * @param target the target name
   * @return its results (empty if unknown)
   */
  public List<LevelResult> resultsFor(String target) {
    return results.stream().filter(r -> r.target().equals(target)).toList();
  }

  /**
   * Writes a CSV file: a header row, then one row per target and level. Latencies that were not
   * measured (no response) are empty fields; {@code errors_by_kind} reads {@code kind=count;...}.
   *
   * @param file the CSV file (parent folders are created)
   * @return the file
   * @throws MlException if the file cannot be written
   */
  public Path writeCsv(Path file) {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
    for (LevelResult r : results) {
      String kinds =
          r.errorsByKind().entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining(";"));
      sb.append(ReportFiles.csvField(r.target()))
          .append(',')
          .append(r.concurrency())
          .append(',')
          .append(r.requests())
          .append(',')
          .append(r.errors())
          .append(',')
          .append(ReportFiles.csvField(kinds))
          .append(',')
          .append(ReportFiles.num(r.durationSeconds(), "%.3f"))
          .append(',')
          .append(ReportFiles.num(r.throughputPerS(), "%.3f"))
          .append(',')
          .append(ReportFiles.num(r.p50Ms(), "%.3f"))
          .append(',')
          .append(ReportFiles.num(r.p95Ms(), "%.3f"))
          .append(',')
          .append(ReportFiles.num(r.p99Ms(), "%.3f"))
          .append(',')
          .append(ReportFiles.num(r.maxMs(), "%.3f"))
          .append(',')
          .append(ReportFiles.num(r.meanMs(), "%.3f"))
          .append('\n');
    }
    return write(file, sb.toString());
  }

  /**
   * Writes {@code metrics.json}: {@code {"task":"loadtest","models":{"<target>@c<level>":{...}}}}
   * with {@code concurrency}, {@code requests}, {@code errors}, {@code throughput_per_s}, {@code
   * p50_ms}, {@code p95_ms}, {@code p99_ms}, {@code max_ms} and {@code mean_ms}; a latency that was
   * not measured is {@code null}.
   *
   * @param file the JSON file (parent folders are created)
   * @return the file
   * @throws MlException if the file cannot be written
   */
  public Path writeJson(Path file) {
    ObjectNode root = JSON.createObjectNode();
    root.put("task", "loadtest");
    ObjectNode models = root.putObject("models");
    for (LevelResult r : results) {
      ObjectNode m = models.putObject(r.key());
      m.put("concurrency", r.concurrency());
      m.put("requests", r.requests());
      m.put("errors", r.errors());
      ReportFiles.putNumber(m, "throughput_per_s", r.throughputPerS());
      ReportFiles.putNumber(m, "p50_ms", r.p50Ms());
      ReportFiles.putNumber(m, "p95_ms", r.p95Ms());
      ReportFiles.putNumber(m, "p99_ms", r.p99Ms());
      ReportFiles.putNumber(m, "max_ms", r.maxMs());
      ReportFiles.putNumber(m, "mean_ms", r.meanMs());
    }
    try {
      return write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw new MlException("cannot serialise load report: " + e.getMessage(), e);
    }
  }

  /**
   * Writes PNG charts into {@code dir}: {@code throughput.png} (successful requests per second vs
   * concurrency, one series per target) and {@code latency-<target>.png} per target (p50, p95 and
   * p99 vs concurrency). A target without any measured latency gets no latency chart.
   *
   * @param dir output folder (created if missing)
   * @return the files written
   * @throws MlException if a file cannot be written
   */
  public List<Path> writeCharts(Path dir) {
    return LoadCharts.write(this, dir);
  }

  /**
   * Renders the results as a Markdown table, one row per target and level.
   *
   * @return the table, ending with a newline
   */
  public String toMarkdownTable() {
    StringBuilder sb =
        new StringBuilder(
            "| target | concurrency | requests | errors | throughput (2xx/s) | p50 ms | p95 ms |"
                + " p99 ms | max ms | mean ms |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (LevelResult r : results) {
      sb.append("| ")
          .append(r.target().replace("|", "\\|"))
          .append(" | ")
          .append(r.concurrency())
          .append(" | ")
          .append(r.requests())
          .append(" | ")
          .append(r.errors())
          .append(" | ")
          .append(md(r.throughputPerS(), "%.1f"))
          .append(" | ")
          .append(md(r.p50Ms(), "%.2f"))
          .append(" | ")
          .append(md(r.p95Ms(), "%.2f"))
          .append(" | ")
          .append(md(r.p99Ms(), "%.2f"))
          .append(" | ")
          .append(md(r.maxMs(), "%.2f"))
          .append(" | ")
          .append(md(r.meanMs(), "%.2f"))
          .append(" |\n");
    }
    return sb.toString();
  }

  private static String md(double v, String format) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "n/a";
  }

  private static Path write(Path file, String text) {
    return ReportFiles.write(file, text, "LoadReport", "load report");
  }
}
