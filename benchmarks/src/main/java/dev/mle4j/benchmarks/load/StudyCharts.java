package dev.mle4j.benchmarks.load;

import dev.mle4j.core.MlException;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the PNG charts of a {@link StudyResult} with XChart. */
final class StudyCharts {
  private static final int WIDTH = 960;
  private static final int HEIGHT = 600;
  private static final Color[] PALETTE = {
    new Color(31, 119, 180),
    new Color(255, 127, 14),
    new Color(44, 160, 44),
    new Color(214, 39, 40),
    new Color(148, 103, 189),
    new Color(140, 86, 75),
    new Color(227, 119, 194),
    new Color(127, 127, 127),
    new Color(188, 189, 34),
    new Color(23, 190, 207)
  };

  private StudyCharts() {}

  static List<Path> write(StudyResult result, Path dir) {
    if (dir == null) {
      throw new MlException("StudyResult: chart folder must not be null");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new MlException("cannot create chart folder '" + dir + "': " + e.getMessage(), e);
    }
    List<Path> written = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<String> configs = result.configs();
    for (String model : result.models()) {
      XYChart chart = chart("QPS vs latency: " + model, "throughput (successful requests / s)");
      chart.getStyler().setYAxisTitleVisible(true);
      chart.setYAxisTitle("latency (ms): p50 solid, p95 dashed, p99 dotted");
      boolean any = false;
      for (int ci = 0; ci < configs.size(); ci++) {
        List<StudyLevel> ls = byUsers(result.levelsFor(model, configs.get(ci)));
        Color color = PALETTE[ci % PALETTE.length];
        any |= add(chart, configs.get(ci) + " p50", ls, StudyLevel::qps, StudyLevel::p50Ms, color);
        XYSeries p95 =
            addSeries(chart, configs.get(ci) + " p95", ls, StudyLevel::qps, StudyLevel::p95Ms);
        if (p95 != null) {
          style(p95, color).setLineStyle(SeriesLines.DASH_DASH);
        }
        XYSeries p99 =
            addSeries(chart, configs.get(ci) + " p99", ls, StudyLevel::qps, StudyLevel::p99Ms);
        if (p99 != null) {
          style(p99, color).setLineStyle(SeriesLines.DOT_DOT);
        }
      }
      if (any) {
        written.add(save(chart, dir, "qps-latency-" + model, names));
      }
    }

    int minUsers = result.config().concurrency().stream().mapToInt(i -> i).min().orElse(1);
    int maxUsers = result.config().concurrency().stream().mapToInt(i -> i).max().orElse(1);
    XYChart batchVsUsers = chart("Mean batch size vs users", "mean batch size (inputs per call)");
    batchVsUsers.setXAxisTitle("concurrency (virtual users)");
    batchVsUsers.getStyler().setXAxisLogarithmic(maxUsers >= 10L * minUsers);
    XYChart qpsVsBatch = chart("QPS vs mean batch size", "throughput (successful requests / s)");
    qpsVsBatch.setXAxisTitle("mean batch size (inputs per call)");
    boolean anyBatch = false;
    int si = 0;
    for (String model : result.models()) {
      for (String config : configs) {
        List<StudyLevel> ls = byUsers(result.levelsFor(model, config));
        Color color = PALETTE[si++ % PALETTE.length];
        String name = result.models().size() > 1 ? model + " " + config : config;
        anyBatch |=
            add(batchVsUsers, name, ls, l -> (double) l.users(), StudyLevel::meanBatchSize, color);
        add(qpsVsBatch, name, ls, StudyLevel::meanBatchSize, StudyLevel::qps, color);
      }
    }
    if (anyBatch) {
      written.add(save(batchVsUsers, dir, "batch-size-vs-users", names));
      written.add(save(qpsVsBatch, dir, "qps-vs-batch-size", names));
    }

    XYChart predicted = chart("Measured vs predicted QPS", "measured QPS");
    predicted.setXAxisTitle("predicted QPS = workers x mean batch size / mean inference time");
    predicted.getStyler().setXAxisLogarithmic(true);
    predicted.getStyler().setYAxisLogarithmic(true);
    predicted.getStyler().setYAxisMin(null);
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    boolean anyPredicted = false;
    int mi = 0;
    for (String model : result.models()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (StudyLevel l : result.levels()) {
        if (l.model().equals(model)
            && Double.isFinite(l.predictedQps())
            && l.predictedQps() > 0
            && l.qps() > 0) {
          xs.add(l.predictedQps());
          ys.add(l.qps());
          lo = Math.min(lo, Math.min(l.predictedQps(), l.qps()));
          hi = Math.max(hi, Math.max(l.predictedQps(), l.qps()));
        }
      }
      if (!xs.isEmpty()) {
        XYSeries s = predicted.addSeries(model, xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(PALETTE[mi % PALETTE.length]);
        anyPredicted = true;
      }
      mi++;
    }
    if (anyPredicted) {
      XYSeries same = predicted.addSeries("measured = predicted", List.of(lo, hi), List.of(lo, hi));
      same.setMarker(SeriesMarkers.NONE);
      same.setLineColor(Color.GRAY);
      same.setLineStyle(SeriesLines.DASH_DASH);
      double r = StudyLevel.SATURATION_RATIO;
      XYSeries sat =
          predicted.addSeries(
              "saturation threshold (" + r + "x)", List.of(lo, hi), List.of(lo * r, hi * r));
      sat.setMarker(SeriesMarkers.NONE);
      sat.setLineColor(Color.LIGHT_GRAY);
      sat.setLineStyle(SeriesLines.DOT_DOT);
      written.add(save(predicted, dir, "measured-vs-predicted", names));
    }
    return List.copyOf(written);
  }

  private static List<StudyLevel> byUsers(List<StudyLevel> levels) {
    return levels.stream().sorted(Comparator.comparingInt(StudyLevel::users)).toList();
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("throughput (successful requests / s)")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    return chart;
  }

  /** Adds a solid series in one colour; returns whether it had a point. */
  private static boolean add(
      XYChart chart,
      String name,
      List<StudyLevel> ls,
      ToDoubleFunction<StudyLevel> x,
      ToDoubleFunction<StudyLevel> y,
      Color color) {
    XYSeries s = addSeries(chart, name, ls, x, y);
    if (s == null) {
      return false;
    }
    style(s, color);
    return true;
  }

  /** Adds the finite points of one series, or nothing (null) when there is none. */
  private static XYSeries addSeries(
      XYChart chart,
      String name,
      List<StudyLevel> ls,
      ToDoubleFunction<StudyLevel> x,
      ToDoubleFunction<StudyLevel> y) {
    boolean logX = chart.getStyler().isXAxisLogarithmic();
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (StudyLevel l : ls) {
      double vx = x.applyAsDouble(l);
      double vy = y.applyAsDouble(l);
      if (Double.isFinite(vx) && Double.isFinite(vy) && (!logX || vx > 0)) {
        xs.add(vx);
        ys.add(vy);
      }
    }
    if (xs.isEmpty()) {
      return null;
    }
    return chart.addSeries(name, xs, ys);
  }

  private static XYSeries style(XYSeries s, Color color) {
    s.setLineColor(color);
    s.setMarkerColor(color);
    s.setMarker(SeriesMarkers.CIRCLE);
    return s;
  }

  private static Path save(XYChart chart, Path dir, String base, Set<String> names) {
    String clean = base.replaceAll("[^A-Za-z0-9._-]", "_");
    String name = clean;
    for (int i = 2; !names.add(name); i++) {
      name = clean + "-" + i;
    }
    Path file = dir.resolve(name + ".png");
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      return file;
    } catch (IOException e) {
      throw new MlException("cannot write chart '" + file + "': " + e.getMessage(), e);
    }
  }
}
