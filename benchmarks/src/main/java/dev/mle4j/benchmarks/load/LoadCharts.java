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
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the PNG charts of a {@link LoadReport} with XChart. */
final class LoadCharts {
  private static final Logger LOG = LoggerFactory.getLogger(LoadCharts.class);
  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;

  private LoadCharts() {}

  static List<Path> write(LoadReport report, Path dir) {
    if (dir == null) {
      throw new MlException("LoadReport: chart folder must not be null");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new MlException("cannot create chart folder '" + dir + "': " + e.getMessage(), e);
    }
    List<Path> written = new ArrayList<>();
    XYChart throughput = chart("Throughput vs concurrency", "successful requests / s", report);
    for (String target : report.targets()) {
      addSeries(throughput, target, report.resultsFor(target), LevelResult::throughputPerS);
    }
    written.add(save(throughput, dir.resolve("throughput.png")));

    Set<String> fileNames = new HashSet<>();
    for (String target : report.targets()) {
      List<LevelResult> rs = report.resultsFor(target);
      XYChart latency = chart("Latency vs concurrency: " + target, "latency (ms)", report);
      boolean any = addSeries(latency, "p50", rs, LevelResult::p50Ms);
      any |= addSeries(latency, "p95", rs, LevelResult::p95Ms);
      any |= addSeries(latency, "p99", rs, LevelResult::p99Ms);
      if (!any) {
        LOG.warn("no latency measured for target '{}': no latency chart written", target);
        continue;
      }
      String base = "latency-" + target.replaceAll("[^A-Za-z0-9._-]", "_");
      String name = base;
      for (int i = 2; !fileNames.add(name); i++) {
        name = base + "-" + i;
      }
      written.add(save(latency, dir.resolve(name + ".png")));
    }
    return List.copyOf(written);
  }

  private static XYChart chart(String title, String yTitle, LoadReport report) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("concurrency (virtual users)")
            .yAxisTitle(yTitle)
            .build();
    int min = report.results().stream().mapToInt(LevelResult::concurrency).min().orElse(1);
    int max = report.results().stream().mapToInt(LevelResult::concurrency).max().orElse(1);
    // levels such as 1, 10, 50, 100 read best on a logarithmic axis
    chart.getStyler().setXAxisLogarithmic(max >= 10L * min);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    return chart;
  }

  /** Adds the finite points of one series; returns whether it had any. */
  private static boolean addSeries(
      XYChart chart, String name, List<LevelResult> rs, ToDoubleFunction<LevelResult> y) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    List<LevelResult> sorted =
        rs.stream().sorted(Comparator.comparingInt(LevelResult::concurrency)).toList();
    for (LevelResult r : sorted) {
      double v = y.applyAsDouble(r);
      if (Double.isFinite(v)) {
        xs.add((double) r.concurrency());
        ys.add(v);
      }
    }
    if (xs.isEmpty()) {
      return false;
    }
    chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
    return true;
  }

  private static Path save(XYChart chart, Path file) {
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      return file;
    } catch (IOException e) {
      throw new MlException("cannot write chart '" + file + "': " + e.getMessage(), e);
    }
  }
}
