package dev.mle4j.core.report;

import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes PNG charts for run reports with XChart, headless. Every chart is {@link #WIDTH} x {@link
 * #HEIGHT} pixels except the confusion matrix, which is a square of {@link
 * #confusionMatrixSide(int)} pixels. Inputs are plain arrays; any NaN, infinity, size mismatch or
 * empty input is rejected with an {@link MlException} naming the series and position. Files are
 * written atomically (temporary file + rename).
 */
public final class Charts {
  /** Width in pixels of line, bar and histogram charts. */
  public static final int WIDTH = 800;

  /** Height in pixels of line, bar and histogram charts. */
  public static final int HEIGHT = 600;

  /** Lines with more points than this are drawn without point markers. */
  private static final int MARKER_LIMIT = 40;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {}

  /**
   * The side length of a confusion matrix chart: 600 pixels, growing with many labels up to 1600.
   *
   * @param labels number of labels
   * @return side length in pixels
   */
  public static int confusionMatrixSide(int labels) {
    return Math.clamp(200 + 50L * labels, 600, 1600);
  }

  /**
   * Draws a confusion matrix as a heat map with each count written in its cell: rows are true
   * labels (first label on top), columns predicted labels.
   *
   * @param png the PNG file to write
   * @param title chart title
   * @param labels label names, in the order of the matrix rows and columns
   * @param counts {@code counts[true][predicted]}, square with one row per label, no negatives
   * @throws MlException on mismatched sizes, negative counts or a write error
   */
  public static void confusionMatrix(Path png, String title, List<String> labels, long[][] counts) {
    Objects.requireNonNull(png, "png");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(counts, "counts");
    int n = labels.size();
    if (n == 0) {
      throw new MlException("confusion matrix '" + title + "': no labels");
    }
    if (counts.length != n) {
      throw new MlException(
          "confusion matrix '" + title + "': " + counts.length + " rows for " + n + " labels");
    }
    long max = 0;
    List<Number[]> cells = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      if (counts[t] == null || counts[t].length != n) {
        throw new MlException(
            "confusion matrix '"
                + title
                + "': row "
                + t
                + " ("
                + labels.get(t)
                + ") has "
                + (counts[t] == null ? "no" : counts[t].length)
                + " columns, expected "
                + n);
      }
      for (int p = 0; p < n; p++) {
        long c = counts[t][p];
        if (c < 0) {
          throw new MlException(
              "confusion matrix '"
                  + title
                  + "': negative count "
                  + c
                  + " at ["
                  + t
                  + "]["
                  + p
                  + "]");
        }
        max = Math.max(max, c);
        // y index 0 is drawn at the bottom, so the first true label goes to the top row.
        cells.add(new Number[] {p, n - 1 - t, c});
      }
    }
    List<String> reversed = new ArrayList<>(labels);
    Collections.reverse(reversed);
    int side = confusionMatrixSide(n);
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(side)
            .height(side)
            .title(text(title))
            .xAxisTitle("Predicted label")
            .yAxisTitle("True label")
            .build();
    chart.getStyler().setShowValue(true);
    chart.getStyler().setHeatMapValueDecimalPattern("#,##0");
    chart.getStyler().setMin(0);
    chart.getStyler().setMax(Math.max(1, max));
    chart.getStyler().setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0x2171B5)});
    chart.getStyler().setValueFontColor(Color.BLACK);
    chart.getStyler().setLegendVisible(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    if (n > 6) {
      chart.getStyler().setXAxisLabelRotation(45);
    }
    chart.addSeries("count", new ArrayList<>(labels), reversed, cells);
    save(chart, png);
  }

  /**
   * Draws lines, one per series, e.g. ROC curves (false positive rate vs true positive rate) or
   * latency curves.
   *
   * @param png the PNG file to write
   * @param title chart title
   * @param xTitle x axis title
   * @param yTitle y axis title
   * @param series series name to {@code {xs, ys}} of equal, non-zero length, in legend order
   * @throws MlException on empty or mismatched series, non-finite values or a write error
   */
  public static void lines(
      Path png, String title, String xTitle, String yTitle, Map<String, double[][]> series) {
    Objects.requireNonNull(png, "png");
    requireSeries(title, series);
    XYChart chart = xyChart(title, xTitle, text(yTitle));
    styleNumericAxes(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    series.forEach(
        (name, xy) -> {
          String where = "chart '" + title + "', series '" + name + "'";
          if (xy == null || xy.length != 2 || xy[0] == null || xy[1] == null) {
            throw new MlException(where + ": expected {xs, ys}");
          }
          if (xy[0].length == 0 || xy[0].length != xy[1].length) {
            throw new MlException(
                where
                    + ": xs and ys need the same non-zero length, got "
                    + xy[0].length
                    + " and "
                    + xy[1].length);
          }
          requireFinite(where + " xs", xy[0]);
          requireFinite(where + " ys", xy[1]);
          XYSeries s = chart.addSeries(text(name), xy[0].clone(), xy[1].clone());
          if (xy[0].length > MARKER_LIMIT) {
            s.setMarker(SeriesMarkers.NONE);
          }
        });
    double[][] first = series.values().iterator().next();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[][] xy : series.values()) {
      for (double x : xy[0]) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    }
    if (hi > lo) {
      roundXTicks(chart, lo + (hi - lo) * 0.5001, first[1][0]);
    }
    save(chart, png);
  }

  /**
   * Draws labelled points, one legend entry per point, e.g. accuracy against latency per model.
   *
   * @param png the PNG file to write
   * @param title chart title
   * @param xTitle x axis title
   * @param yTitle y axis title
   * @param points point name to {@code {x, y}}, in legend order
   * @param logX use a logarithmic x axis (all x must then be positive)
   * @throws MlException on no points, a point that is not two finite numbers, or a write error
   */
  public static void scatter(
      Path png,
      String title,
      String xTitle,
      String yTitle,
      Map<String, double[]> points,
      boolean logX) {
    Objects.requireNonNull(png, "png");
    if (points == null || points.isEmpty()) {
      throw new MlException("scatter chart '" + title + "': no points");
    }
    XYChart chart = xyChart(title, xTitle, text(yTitle));
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(12);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setXAxisLogarithmic(logX);
    points.forEach(
        (name, xy) -> {
          String where = "scatter chart '" + title + "', point '" + name + "'";
          if (xy == null || xy.length != 2) {
            throw new MlException(where + ": expected {x, y}");
          }
          requireFinite(where, xy);
          if (logX && xy[0] <= 0) {
            throw new MlException(where + ": x must be positive on a logarithmic axis");
          }
          chart.addSeries(text(name), new double[] {xy[0]}, new double[] {xy[1]});
        });
    save(chart, png);
  }

  /**
   * Draws grouped bars: one group per category, one bar per series.
   *
   * @param png the PNG file to write
   * @param title chart title
   * @param categories category names along the x axis
   * @param series series name to one value per category, in legend order
   * @throws MlException on empty or mismatched series, non-finite values or a write error
   */
  public static void bars(
      Path png, String title, List<String> categories, Map<String, double[]> series) {
    Objects.requireNonNull(png, "png");
    Objects.requireNonNull(categories, "categories");
    if (categories.isEmpty()) {
      throw new MlException("bar chart '" + title + "': no categories");
    }
    requireSeries(title, series);
    CategoryChart chart =
        new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(text(title)).build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setLegendVisible(series.size() > 1);
    if (categories.size() > 6) {
      chart.getStyler().setXAxisLabelRotation(45);
    }
    List<String> xs = categories.stream().map(Charts::text).toList();
    series.forEach(
        (name, values) -> {
          String where = "bar chart '" + title + "', series '" + name + "'";
          if (values == null || values.length != categories.size()) {
            throw new MlException(
                where
                    + ": needs one value per category ("
                    + categories.size()
                    + "), got "
                    + (values == null ? "none" : values.length));
          }
          requireFinite(where, values);
          List<Double> ys = new ArrayList<>(values.length);
          for (double v : values) {
            ys.add(v);
          }
          chart.addSeries(text(name), xs, ys);
        });
    save(chart, png);
  }

  /**
   * Draws a histogram of values in equal-width bins spanning their range.
   *
   * @param png the PNG file to write
   * @param title chart title
   * @param xTitle x axis title (the y axis is the count)
   * @param values the values, at least one, all finite
   * @param bins number of bins, 1 to 1000
   * @throws MlException on empty or non-finite values, a bad bin count or a write error
   */
  public static void histogram(Path png, String title, String xTitle, double[] values, int bins) {
    Objects.requireNonNull(png, "png");
    Objects.requireNonNull(values, "values");
    if (values.length == 0) {
      throw new MlException("histogram '" + title + "': no values");
    }
    if (bins < 1 || bins > 1000) {
      throw new MlException("histogram '" + title + "': bins must be 1..1000, got " + bins);
    }
    requireFinite("histogram '" + title + "'", values);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (max == min) {
      // One distinct value: centre a unit-wide range on it so the bar is visible.
      double half = min == 0 ? 0.5 : Math.abs(min) * 0.05;
      min -= half;
      max += half;
    }
    double width = (max - min) / bins;
    double[] counts = new double[bins];
    for (double v : values) {
      int bin = (int) ((v - min) / width);
      counts[Math.min(Math.max(bin, 0), bins - 1)]++;
    }
    // Step area over the bin edges: edge i carries the count of bin i; the last edge repeats it.
    double[] edges = new double[bins + 1];
    double[] heights = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = i == bins ? max : min + i * width;
      heights[i] = counts[Math.min(i, bins - 1)];
    }
    XYChart chart = xyChart(title, xTitle, "Count");
    styleNumericAxes(chart.getStyler());
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setYAxisMin(0.0);
    XYSeries s = chart.addSeries("count", edges, heights);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
    s.setMarker(SeriesMarkers.NONE);
    roundXTicks(chart, min + width * 0.5, 0);
    save(chart, png);
  }

  private static void style(Styler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setAntiAlias(true);
  }

  private static void styleNumericAxes(AxesChartStyler styler) {
    styler.setXAxisDecimalPattern("#,##0.###");
    styler.setYAxisDecimalPattern("#,##0.###");
  }

  /**
   * XChart puts x ticks on the data points themselves (with labels like 0.2010050251) when all x
   * values are equally spaced, as in histograms and evenly sampled curves. A hidden one-point
   * series inside the plotted range breaks that spacing, so the usual round tick values are used.
   */
  private static void roundXTicks(XYChart chart, double x, double y) {
    XYSeries hidden = chart.addSeries("\u200b", new double[] {x}, new double[] {y});
    hidden.setMarker(SeriesMarkers.NONE);
    hidden.setShowInLegend(false);
    hidden.setEnabled(false);
  }

  private static void requireSeries(String title, Map<String, ?> series) {
    Objects.requireNonNull(series, "series");
    if (series.isEmpty()) {
      throw new MlException("chart '" + title + "': no series");
    }
  }

  private static void requireFinite(String where, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new MlException(where + ": value " + values[i] + " at index " + i + " is not finite");
      }
    }
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  private static void save(Chart<?, ?> chart, Path png) {
    byte[] bytes;
    try {
      bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new MlException("cannot render chart " + png + ": " + e, e);
    }
    AtomicFiles.write(png, bytes);
  }

  private static XYChart xyChart(String title, String xTitle, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(text(title))
            .xAxisTitle(text(xTitle))
            .yAxisTitle(yTitle)
            .build();
    style(chart.getStyler());
    return chart;
  }
}
