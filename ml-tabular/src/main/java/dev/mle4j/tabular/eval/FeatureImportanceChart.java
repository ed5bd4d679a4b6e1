package dev.mle4j.tabular.eval;

import dev.mle4j.core.MlException;
import dev.mle4j.core.report.Charts;
import dev.mle4j.tabular.model.TabularModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Bar charts of a model's built-in feature importance (gain for trees, |weight| for linear). */
public final class FeatureImportanceChart {

  /** The default number of features shown. */
  public static final int DEFAULT_TOP = 20;

  private FeatureImportanceChart() {}

  /**
   * The largest importances, largest first (ties by name).
   *
   * @param importance feature to importance
   * @param top how many to keep
   * @return the entries
   */
  public static List<Map.Entry<String, Double>> top(Map<String, Double> importance, int top) {
    List<Map.Entry<String, Double>> entries = new ArrayList<>();
    for (Map.Entry<String, Double> e : importance.entrySet()) {
      entries.add(Map.entry(e.getKey(), e.getValue()));
    }
    entries.sort(
        Comparator.comparingDouble((Map.Entry<String, Double> e) -> -e.getValue())
            .thenComparing(Map.Entry::getKey));
    return List.copyOf(entries.subList(0, Math.min(Math.max(top, 0), entries.size())));
  }

  /**
   * Draws the top importances as a PNG bar chart.
   *
   * @param png the file to write
   * @param title the chart title
   * @param importance feature to importance
   * @param top how many features to show, at least 1
   * @return the entries drawn
   * @throws MlException if there are no importances
   */
  public static List<Map.Entry<String, Double>> write(
      Path png, String title, Map<String, Double> importance, int top) {
    if (importance.isEmpty()) {
      throw new MlException("no feature importances to draw for '" + title + "'");
    }
    if (top < 1) {
      throw new MlException("top must be >= 1, got " + top);
    }
    List<Map.Entry<String, Double>> shown = top(importance, top);
    List<String> names = shown.stream().map(Map.Entry::getKey).toList();
    double[] values = shown.stream().mapToDouble(Map.Entry::getValue).toArray();
    Charts.bars(png, title, names, Map.of("importance", values));
    return shown;
  }

  /**
   * Draws the top 20 built-in importances of a model.
   *
   * @param png the file to write
   * @param model the fitted model
   * @return the entries drawn
   * @throws MlException if the model has no built-in importance
   */
  public static List<Map.Entry<String, Double>> writeGain(Path png, TabularModel model) {
    Map<String, Double> imp = model.featureImportance();
    if (imp.isEmpty()) {
      throw new MlException("model " + model.format() + " has no built-in feature importance");
    }
    return write(png, "Feature importance (" + model.format() + ")", imp, DEFAULT_TOP);
  }
}
