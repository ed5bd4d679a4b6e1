package dev.mle4j.tabular.eval;

import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.report.Charts;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Residuals of regression predictions ({@code residual = actual - predicted}): summary statistics,
 * the worst rows, a residual-vs-predicted scatter chart and a residual histogram.
 */
public final class ResidualAnalysis {

  private ResidualAnalysis() {}

  /**
   * One badly predicted row.
   *
   * @param row the row index in the evaluated data
   * @param actual the true value
   * @param predicted the prediction
   * @param residual actual - predicted
   */
  public record WorstRow(int row, double actual, double predicted, double residual) {}

  /**
   * The analysis.
   *
   * @param rows the rows analysed (rows without a prediction are skipped)
   * @param meanResidual mean residual (bias; positive means under-prediction)
   * @param stdResidual standard deviation of the residuals
   * @param mae mean absolute residual
   * @param rmse root mean squared residual
   * @param medianResidual median residual
   * @param p05 5th percentile of the residuals
   * @param p95 95th percentile of the residuals
   * @param maxAbsResidual largest absolute residual
   * @param predicted the predictions of the analysed rows
   * @param residuals their residuals
   * @param worst the rows with the largest absolute residuals, worst first
   */
  public record Report(
      int rows,
      double meanResidual,
      double stdResidual,
      double mae,
      double rmse,
      double medianResidual,
      double p05,
      double p95,
      double maxAbsResidual,
      double[] predicted,
      double[] residuals,
      List<WorstRow> worst) {

    /**
     * The summary statistics as a flat map (snake_case names), e.g. for a report table.
     *
     * @return name to value
     */
    public Map<String, Double> summary() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("rows", (double) rows);
      m.put("mean_residual", meanResidual);
      m.put("std_residual", stdResidual);
      m.put("mae", mae);
      m.put("rmse", rmse);
      m.put("median_residual", medianResidual);
      m.put("p05_residual", p05);
      m.put("p95_residual", p95);
      m.put("max_abs_residual", maxAbsResidual);
      return m;
    }

    /**
     * Draws residual against predicted value as a PNG scatter chart with a zero line.
     *
     * @param png the file to write
     * @param title the chart title
     */
    public void writeScatter(Path png, String title) {
      XYChart chart =
          new XYChartBuilder()
              .width(Charts.WIDTH)
              .height(Charts.HEIGHT)
              .title(title)
              .xAxisTitle("predicted")
              .yAxisTitle("residual (actual - predicted)")
              .build();
      chart.getStyler().setChartBackgroundColor(Color.WHITE);
      chart.getStyler().setLegendVisible(false);
      chart.getStyler().setMarkerSize(4);
      chart.getStyler().setXAxisDecimalPattern("#,##0.###");
      chart.getStyler().setYAxisDecimalPattern("#,##0.###");
      XYSeries points = chart.addSeries("residuals", predicted.clone(), residuals.clone());
      points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      double lo = Arrays.stream(predicted).min().orElse(0);
      double hi = Arrays.stream(predicted).max().orElse(1);
      XYSeries zero = chart.addSeries("zero", new double[] {lo, hi}, new double[] {0, 0});
      zero.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      zero.setMarker(SeriesMarkers.NONE);
      zero.setLineColor(Color.GRAY);
      try {
        AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
      } catch (IOException e) {
        throw new MlException("cannot render chart " + png + ": " + e.getMessage(), e);
      }
    }

    /**
     * Draws a PNG histogram of the residuals.
     *
     * @param png the file to write
     * @param bins the number of bins
     */
    public void writeHistogram(Path png, int bins) {
      Charts.histogram(png, "Residuals", "residual (actual - predicted)", residuals, bins);
    }
  }

  /**
   * Analyses predictions; rows whose prediction is NaN (never tested) are skipped.
   *
   * @param actual the true values
   * @param predicted the predictions
   * @param worstK how many worst rows to list
   * @return the report
   * @throws MlException on mismatched lengths or no row with a prediction
   */
  public static Report analyze(double[] actual, double[] predicted, int worstK) {
    if (actual.length != predicted.length) {
      throw new MlException(
          actual.length + " actual values but " + predicted.length + " predictions");
    }
    if (worstK < 0) {
      throw new MlException("worstK must be >= 0, got " + worstK);
    }
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < actual.length; i++) {
      if (!Double.isNaN(predicted[i])) {
        if (!Double.isFinite(predicted[i]) || !Double.isFinite(actual[i])) {
          throw new MlException("row " + i + " has a non-finite actual or predicted value");
        }
        kept.add(i);
      }
    }
    int n = kept.size();
    if (n == 0) {
      throw new MlException("no row has a prediction to analyse");
    }
    double[] pred = new double[n];
    double[] res = new double[n];
    double sum = 0;
    double abs = 0;
    double sq = 0;
    double maxAbs = 0;
    for (int j = 0; j < n; j++) {
      int i = kept.get(j);
      pred[j] = predicted[i];
      res[j] = actual[i] - predicted[i];
      sum += res[j];
      abs += Math.abs(res[j]);
      sq += res[j] * res[j];
      maxAbs = Math.max(maxAbs, Math.abs(res[j]));
    }
    double mean = sum / n;
    double var = 0;
    for (double r : res) {
      var += (r - mean) * (r - mean);
    }
    double[] sorted = res.clone();
    Arrays.sort(sorted);
    Integer[] order = kept.toArray(Integer[]::new);
    Arrays.sort(
        order,
        Comparator.comparingDouble((Integer i) -> -Math.abs(actual[i] - predicted[i]))
            .thenComparingInt(i -> i));
    List<WorstRow> worst = new ArrayList<>();
    for (int j = 0; j < Math.min(worstK, n); j++) {
      int i = order[j];
      worst.add(new WorstRow(i, actual[i], predicted[i], actual[i] - predicted[i]));
    }
    return new Report(
        n,
        mean,
        Math.sqrt(var / n),
        abs / n,
        Math.sqrt(sq / n),
        quantile(sorted, 0.5),
        quantile(sorted, 0.05),
        quantile(sorted, 0.95),
        maxAbs,
        pred,
        res,
        worst);
  }

  /**
   * Analyses the out-of-fold predictions of a regression cross-validation.
   *
   * @param cv the result
   * @param y the target it was run on
   * @param worstK how many worst rows to list
   * @return the report
   */
  public static Report of(CvResult cv, Target y, int worstK) {
    if (cv.task() != TabularTask.REGRESSION || y.task() != TabularTask.REGRESSION) {
      throw new MlException("residual analysis needs a regression result");
    }
    return analyze(y.values(), cv.outOfFoldValues(), worstK);
  }

  /** Linear-interpolated quantile of sorted values (numpy's default). */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
