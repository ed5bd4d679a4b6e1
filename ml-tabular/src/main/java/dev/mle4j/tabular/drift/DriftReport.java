package dev.mle4j.tabular.drift;

import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.report.HtmlReport;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.tabular.data.DataFrame;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Writes a drift check to a run folder: {@code metrics.json} (model "drift" with drift_share,
 * drifted_columns and dataset_drift; extra {@code drift_share}, {@code dataset_drift} and {@code
 * columns}: column to test, score, threshold and drift) and {@code report.html} with a table and
 * one chart per column overlaying reference and current shares.
 */
public final class DriftReport {
  private static final int MAX_CATEGORIES = 20;

  private DriftReport() {}

  /**
   * Writes metrics.json, the charts and report.html into a folder.
   *
   * @param result the drift result
   * @param reference reference frame the result was computed from
   * @param current current frame
   * @param dir output folder (created if missing)
   * @return the run output
   */
  public static RunOutput write(
      DriftResult result, DataFrame reference, DataFrame current, Path dir) {
    RunOutput out = RunOutput.create(dir);
    out.writeMetrics(metrics(result));
    HtmlReport.Builder html =
        HtmlReport.builder("Data drift: " + result.dataset())
            .subtitle(
                String.format(
                    Locale.ROOT,
                    "%d reference rows, %d current rows",
                    result.referenceRows(),
                    result.currentRows()));
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("Drifted columns", result.driftedColumns() + " of " + result.features().size());
    summary.put("Drift share", fmt(result.driftShare()));
    summary.put("Drift share threshold", fmt(result.driftShareThreshold()));
    summary.put("Dataset drift", result.datasetDrift());
    if (result.target() != null) {
      summary.put("Target drift", result.target().drift());
    }
    if (result.prediction() != null) {
      summary.put("Prediction drift", result.prediction().drift());
    }
    html.section("Summary").keyValues(summary);
    List<List<?>> rows = new ArrayList<>();
    for (ColumnDrift c : result.allColumns()) {
      rows.add(
          List.of(
              c.column(),
              c.role().name().toLowerCase(Locale.ROOT),
              c.method().id(),
              fmt(c.score()),
              fmt(c.threshold()),
              c.drift() ? "DRIFT" : "ok"));
    }
    html.section("Columns")
        .table(List.of("column", "role", "test", "score", "threshold", "drift"), rows);
    if (!result.alerts().isEmpty()) {
      List<List<?>> alertRows = new ArrayList<>();
      for (DriftAlert a : result.alerts()) {
        alertRows.add(List.of(a.kind().name(), a.column(), a.message()));
      }
      html.section("Alerts").table(List.of("kind", "column", "message"), alertRows);
    }
    html.section("Distributions");
    int i = 0;
    for (ColumnDrift c : result.allColumns()) {
      Path png = out.file(String.format(Locale.ROOT, "drift-%02d.png", i++));
      chart(png, c, reference, current);
      html.image(png, c.column() + " (" + c.method().id() + " " + fmt(c.score()) + ")");
    }
    html.build().write(out.file(RunOutput.REPORT_FILE));
    return out;
  }

  /**
   * The metrics file of a drift result.
   *
   * @param result the result
   * @return metrics with model "drift" and extra per-column entries
   */
  public static MetricsFile metrics(DriftResult result) {
    Map<String, Double> model = new LinkedHashMap<>();
    model.put("drift_share", result.driftShare());
    model.put("drifted_columns", (double) result.driftedColumns());
    model.put("dataset_drift", result.datasetDrift() ? 1.0 : 0.0);
    if (result.target() != null) {
      model.put("target_drift", result.target().drift() ? 1.0 : 0.0);
    }
    if (result.prediction() != null) {
      model.put("prediction_drift", result.prediction().drift() ? 1.0 : 0.0);
    }
    Map<String, Object> columns = new LinkedHashMap<>();
    for (ColumnDrift c : result.allColumns()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("test", c.method().id());
      entry.put("score", Double.isFinite(c.score()) ? c.score() : null);
      entry.put("threshold", c.threshold());
      entry.put("drift", c.drift());
      entry.put("role", c.role().name().toLowerCase(Locale.ROOT));
      columns.put(c.column(), entry);
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("drift_share", result.driftShare());
    extra.put("dataset_drift", result.datasetDrift());
    extra.put("columns", columns);
    return new MetricsFile(result.dataset(), "drift", Map.of("drift", model), extra);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static void chart(Path png, ColumnDrift c, DataFrame reference, DataFrame current) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(700)
            .height(360)
            .title(c.column() + (c.drift() ? " (drift)" : ""))
            .xAxisTitle(c.column())
            .yAxisTitle("share")
            .build();
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart
        .getStyler()
        .setSeriesColors(new Color[] {new Color(31, 119, 180, 150), new Color(214, 39, 40, 150)});
    chart.getStyler().setXAxisLabelRotation(45);
    List<String> labels;
    double[] r;
    double[] k;
    boolean numericHistogram =
        reference.type(c.column()).isNumberStored()
            && (c.method() == DriftMethod.KS || c.method() == DriftMethod.WASSERSTEIN);
    if (numericHistogram) {
      double[] ref = finite(reference.numeric(c.column()));
      double[] cur = finite(current.numeric(c.column()));
      double[] edges = DriftStatistics.sturgesEdges(ref, cur);
      r = DriftStatistics.histogramShares(ref, edges);
      k = DriftStatistics.histogramShares(cur, edges);
      labels = new ArrayList<>();
      for (int b = 0; b < r.length; b++) {
        labels.add(String.format(Locale.ROOT, "%.3g", (edges[b] + edges[b + 1]) / 2));
      }
    } else {
      Map<String, double[]> shares = new TreeMap<>();
      addShares(shares, reference, c.column(), 0);
      addShares(shares, current, c.column(), 1);
      List<Map.Entry<String, double[]>> entries = new ArrayList<>(shares.entrySet());
      entries.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
      entries = entries.subList(0, Math.min(MAX_CATEGORIES, entries.size()));
      labels = new ArrayList<>();
      r = new double[entries.size()];
      k = new double[entries.size()];
      for (int b = 0; b < entries.size(); b++) {
        labels.add(entries.get(b).getKey());
        r[b] = entries.get(b).getValue()[0];
        k[b] = entries.get(b).getValue()[1];
      }
    }
    chart.addSeries("reference", labels, box(r));
    chart.addSeries("current", labels, box(k));
    byte[] bytes;
    try {
      bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new MlException("cannot render drift chart " + png + ": " + e, e);
    }
    AtomicFiles.write(png, bytes);
  }

  private static void addShares(Map<String, double[]> shares, DataFrame f, String col, int slot) {
    List<String> values = new ArrayList<>();
    if (f.type(col).isNumberStored()) {
      for (double v : f.numeric(col)) {
        if (Double.isFinite(v)) {
          values.add(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
        }
      }
    } else {
      for (String s : f.strings(col)) {
        if (s != null) {
          values.add(s);
        }
      }
    }
    for (String v : values) {
      shares.computeIfAbsent(v, x -> new double[2])[slot] += 1.0 / values.size();
    }
  }

  private static double[] finite(double[] values) {
    return Arrays.stream(values).filter(Double::isFinite).toArray();
  }

  private static List<Double> box(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(v);
    }
    return out;
  }
}
