package dev.mle4j.tabular.eval;

import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A table of cross-validation results: one row per model with mean ± std of every metric and the
 * total fit seconds; picks the best model by a metric.
 */
public final class ModelComparison {

  private final List<CvResult> results;
  private final List<String> metrics;

  private ModelComparison(List<CvResult> results) {
    this.results = List.copyOf(results);
    List<String> names = new ArrayList<>();
    for (CvResult r : results) {
      for (String m : r.mean().keySet()) {
        if (!names.contains(m)) {
          names.add(m);
        }
      }
    }
    this.metrics = List.copyOf(names);
  }

  /**
   * A comparison of results.
   *
   * @param results one result per model, at least one
   * @return the comparison
   * @throws MlException on an empty list or results of different tasks
   */
  public static ModelComparison of(List<CvResult> results) {
    if (results == null || results.isEmpty()) {
      throw new MlException("nothing to compare: no cross-validation results");
    }
    for (CvResult r : results) {
      if (r.task() != results.get(0).task()) {
        throw new MlException(
            "cannot compare " + r.task() + " '" + r.learner() + "' with " + results.get(0).task());
      }
    }
    return new ModelComparison(results);
  }

  /**
   * The results.
   *
   * @return the results in input order
   */
  public List<CvResult> results() {
    return results;
  }

  /**
   * The metric names present in any result.
   *
   * @return the names, in first-seen order
   */
  public List<String> metrics() {
    return metrics;
  }

  /**
   * The model names, made unique by a {@code -2}, {@code -3}, ... suffix on repeats.
   *
   * @return one name per result
   */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (CvResult r : results) {
      int k = seen.merge(r.learner(), 1, Integer::sum);
      out.add(k == 1 ? r.learner() : r.learner() + "-" + k);
    }
    return out;
  }

  /**
   * The table header for {@link dev.mle4j.core.report.HtmlReport.Builder#table}.
   *
   * @return {@code model}, one column per metric, {@code fit_seconds}
   */
  public List<String> header() {
    List<String> h = new ArrayList<>();
    h.add("model");
    h.addAll(metrics);
    h.add("fit_seconds");
    return h;
  }

  /**
   * The table rows: model name, {@code mean ± std} per metric (4 significant decimals, empty when
   * not computed), total fit seconds.
   *
   * @return one row per model
   */
  public List<List<String>> rows() {
    List<List<String>> rows = new ArrayList<>();
    List<String> names = names();
    for (int i = 0; i < results.size(); i++) {
      CvResult r = results.get(i);
      List<String> row = new ArrayList<>();
      row.add(names.get(i));
      for (String m : metrics) {
        Double mean = r.mean().get(m);
        row.add(
            mean == null ? "" : String.format(Locale.ROOT, "%.4f ± %.4f", mean, r.std().get(m)));
      }
      row.add(String.format(Locale.ROOT, "%.2f", r.fitSeconds()));
      rows.add(row);
    }
    return rows;
  }

  /**
   * The results ordered best first by a metric; results without the metric come last.
   *
   * @param metric the metric
   * @param direction whether higher or lower is better
   * @return the ordered results
   */
  public List<CvResult> ranked(String metric, MetricDirection direction) {
    List<CvResult> out = new ArrayList<>(results);
    out.sort(
        Comparator.comparingDouble(
            r -> {
              Double v = r.mean().get(metric);
              return v == null ? Double.POSITIVE_INFINITY : direction.toLoss(v);
            }));
    return out;
  }

  /**
   * The best result by a metric (the first one on ties).
   *
   * @param metric the metric
   * @param direction whether higher or lower is better
   * @return the best result
   * @throws MlException if no result has the metric
   */
  public CvResult best(String metric, MetricDirection direction) {
    CvResult best = ranked(metric, direction).get(0);
    if (!best.mean().containsKey(metric)) {
      throw new MlException("no result has metric '" + metric + "'; metrics: " + metrics);
    }
    return best;
  }

  /**
   * The mean metrics per model plus {@code train_seconds}, the shape of the {@code models} object
   * of metrics.json.
   *
   * @return model name to metric name to value
   */
  public Map<String, Map<String, Double>> metricsByModel() {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    List<String> names = names();
    for (int i = 0; i < results.size(); i++) {
      Map<String, Double> m = new LinkedHashMap<>(results.get(i).mean());
      m.put("train_seconds", results.get(i).fitSeconds());
      out.put(names.get(i), m);
    }
    return out;
  }

  /**
   * Writes the comparison as CSV: {@code model}, {@code <metric>_mean} and {@code <metric>_std} per
   * metric, {@code fit_seconds}.
   *
   * @param file the CSV file
   */
  public void writeCsv(Path file) {
    StringBuilder sb = new StringBuilder("model");
    for (String m : metrics) {
      sb.append(',').append(m).append("_mean,").append(m).append("_std");
    }
    sb.append(",fit_seconds\n");
    List<String> names = names();
    for (int i = 0; i < results.size(); i++) {
      CvResult r = results.get(i);
      String name = names.get(i);
      sb.append(name.contains(",") ? "\"" + name.replace("\"", "\"\"") + "\"" : name);
      for (String m : metrics) {
        Double mean = r.mean().get(m);
        sb.append(',').append(mean == null ? "" : mean);
        sb.append(',').append(mean == null ? "" : r.std().get(m));
      }
      sb.append(',').append(r.fitSeconds()).append('\n');
    }
    AtomicFiles.writeString(file, sb.toString());
  }
}
