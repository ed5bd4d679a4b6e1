package dev.mle4j.tabular.eda;

import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

/** Charts the EDA report needs beyond {@link dev.mle4j.core.report.Charts}: a labelled heat map. */
public final class EdaCharts {

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private EdaCharts() {}

  /**
   * Draws a matrix as a heat map (first row on top), e.g. a correlation matrix. Cells with a NaN
   * value are left empty; values are written in the cells when the matrix is at most 20 by 20.
   *
   * @param png the PNG file to write
   * @param title chart title
   * @param rowLabels one label per matrix row
   * @param columnLabels one label per matrix column
   * @param values {@code values[row][column]}
   * @param min the value drawn in the first colour (e.g. -1 or 0)
   * @param max the value drawn in the last colour (e.g. 1)
   * @throws MlException on mismatched sizes, an empty matrix, {@code min >= max} or a write error
   */
  public static void heatmap(
      Path png,
      String title,
      List<String> rowLabels,
      List<String> columnLabels,
      double[][] values,
      double min,
      double max) {
    Objects.requireNonNull(png, "png");
    int rows = rowLabels.size();
    int cols = columnLabels.size();
    if (rows == 0 || cols == 0) {
      throw new MlException("heat map '" + title + "': empty matrix");
    }
    if (!(min < max)) {
      throw new MlException("heat map '" + title + "': min " + min + " must be below max " + max);
    }
    if (values.length != rows) {
      throw new MlException(
          "heat map '" + title + "': " + values.length + " rows for " + rows + " row labels");
    }
    List<Number[]> cells = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      if (values[r].length != cols) {
        throw new MlException(
            "heat map '"
                + title
                + "': row "
                + r
                + " has "
                + values[r].length
                + " values for "
                + cols
                + " column labels");
      }
      for (int c = 0; c < cols; c++) {
        double v = values[r][c];
        if (!Double.isNaN(v)) {
          cells.add(new Number[] {c, rows - 1 - r, Math.max(min, Math.min(max, v))});
        }
      }
    }
    List<String> reversed = new ArrayList<>(rowLabels);
    Collections.reverse(reversed);
    int width = Math.clamp(250 + 40L * cols, 600, 1800);
    int height = Math.clamp(200 + 32L * rows, 500, 1600);
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(width)
            .height(height)
            .title(title == null ? "" : title)
            .build();
    chart.getStyler().setShowValue(rows <= 20 && cols <= 20);
    chart.getStyler().setHeatMapValueDecimalPattern("0.00");
    chart.getStyler().setMin(min);
    chart.getStyler().setMax(max);
    Color[] colours =
        min < 0
            ? new Color[] {new Color(0x2166AC), Color.WHITE, new Color(0xB2182B)}
            : new Color[] {Color.WHITE, new Color(0xB2182B)};
    chart.getStyler().setRangeColors(colours);
    chart.getStyler().setValueFontColor(Color.BLACK);
    chart.getStyler().setLegendVisible(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisLabelRotation(cols > 4 ? 45 : 0);
    chart.addSeries("value", new ArrayList<>(columnLabels), reversed, cells);
    byte[] bytes;
    try {
      bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new MlException("cannot render heat map " + png + ": " + e, e);
    }
    AtomicFiles.write(png, bytes);
  }
}
