package dev.mle4j.tabular.ensemble;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.model.TabularModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model of an {@link AveragingLearner}: the weighted mean of its sub-models' predictions. Saved
 * as {@code ensemble.json} plus one sub-folder {@code model-i/} per sub-model, format {@value
 * #FORMAT}.
 */
public final class AveragingModel implements TabularModel {

  /** The format id. */
  public static final String FORMAT = "ensemble-average/v1";

  private final TabularTask task;
  private final List<String> featureNames;
  private final List<String> labels;
  private final List<TabularModel> models;
  private final double[] weights;

  AveragingModel(
      TabularTask task,
      List<String> featureNames,
      List<String> labels,
      List<TabularModel> models,
      double[] weights) {
    this.task = task;
    this.featureNames = List.copyOf(featureNames);
    this.labels = List.copyOf(labels);
    this.models = List.copyOf(models);
    this.weights = weights.clone();
    for (TabularModel m : models) {
      if (!m.labels().equals(this.labels)) {
        throw new MlException(
            "sub-model " + m.format() + " has labels " + m.labels() + ", expected " + labels);
      }
    }
  }

  /**
   * The sub-models.
   *
   * @return the models in order
   */
  public List<TabularModel> models() {
    return models;
  }

  /**
   * The normalised weights.
   *
   * @return one weight per sub-model
   */
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public List<String> featureNames() {
    return featureNames;
  }

  @Override
  public List<String> labels() {
    return labels;
  }

  @Override
  public double[][] predict(double[][] rows) {
    double[][] out = null;
    for (int m = 0; m < models.size(); m++) {
      double[][] p = models.get(m).predict(rows);
      if (out == null) {
        out = new double[p.length][p.length == 0 ? 0 : p[0].length];
      }
      for (int i = 0; i < p.length; i++) {
        for (int k = 0; k < p[i].length; k++) {
          out[i][k] += weights[m] * p[i][k];
        }
      }
    }
    return out;
  }

  @Override
  public Map<String, Double> featureImportance() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int m = 0; m < models.size(); m++) {
      Map<String, Double> imp = models.get(m).featureImportance();
      double total = 0;
      for (double v : imp.values()) {
        total += Math.abs(v);
      }
      if (total == 0) {
        continue;
      }
      for (Map.Entry<String, Double> e : imp.entrySet()) {
        out.merge(e.getKey(), weights[m] * Math.abs(e.getValue()) / total, Double::sum);
      }
    }
    return out;
  }

  @Override
  public void save(Path dir) {
    List<EnsembleManifest.Entry> entries = new ArrayList<>();
    for (int m = 0; m < models.size(); m++) {
      entries.add(EnsembleManifest.saveSub(dir, "model-" + m, models.get(m), "model-" + m));
    }
    new EnsembleManifest(FORMAT, task, featureNames, labels, weights, entries, null).write(dir);
  }

  static AveragingModel read(Path dir) {
    EnsembleManifest m = EnsembleManifest.read(dir, FORMAT);
    if (m.weights() == null || m.weights().length != m.models().size()) {
      throw new MlException(dir.resolve(EnsembleManifest.FILE) + ": weights do not match models");
    }
    return new AveragingModel(
        m.task(), m.featureNames(), m.labels(), m.loadModels(dir), m.weights());
  }

  @Override
  public void close() {
    for (TabularModel m : models) {
      m.close();
    }
  }
}
