package dev.mle4j.tabular.ensemble;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.model.TabularModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model of a {@link StackingLearner}: base models whose predictions feed a meta-model. Saved as
 * {@code ensemble.json}, one sub-folder {@code model-i/} per base model and {@code meta/} for the
 * meta-model, format {@value #FORMAT}.
 */
public final class StackingModel implements TabularModel {

  /** The format id. */
  public static final String FORMAT = "ensemble-stacking/v1";

  private final TabularTask task;
  private final List<String> featureNames;
  private final List<String> labels;
  private final List<TabularModel> bases;
  private final List<String> baseNames;
  private final TabularModel meta;

  StackingModel(
      TabularTask task,
      List<String> featureNames,
      List<String> labels,
      List<TabularModel> bases,
      List<String> baseNames,
      TabularModel meta) {
    this.task = task;
    this.featureNames = List.copyOf(featureNames);
    this.labels = List.copyOf(labels);
    this.bases = List.copyOf(bases);
    this.baseNames = List.copyOf(baseNames);
    this.meta = meta;
    int width = metaWidth(task, labels.size(), bases.size());
    if (meta.featureNames().size() != width) {
      throw new MlException(
          "meta-model expects "
              + meta.featureNames().size()
              + " features but "
              + bases.size()
              + " base models give "
              + width);
    }
  }

  static int metaWidth(TabularTask task, int classes, int bases) {
    if (task == TabularTask.REGRESSION || classes == 2) {
      return bases;
    }
    return bases * classes;
  }

  static void putMetaFeatures(double[] row, int base, double[] prediction, TabularTask task) {
    if (task == TabularTask.REGRESSION) {
      row[base] = prediction[0];
    } else if (prediction.length == 2) {
      row[base] = prediction[1];
    } else {
      System.arraycopy(prediction, 0, row, base * prediction.length, prediction.length);
    }
  }

  /**
   * The base models, refitted on all training rows.
   *
   * @return the base models in order
   */
  public List<TabularModel> bases() {
    return bases;
  }

  /**
   * The meta-model over the base predictions.
   *
   * @return the meta-model
   */
  public TabularModel meta() {
    return meta;
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
    double[][] metaRows = new double[rows.length][meta.featureNames().size()];
    for (int b = 0; b < bases.size(); b++) {
      double[][] p = bases.get(b).predict(rows);
      for (int i = 0; i < rows.length; i++) {
        putMetaFeatures(metaRows[i], b, p[i], task);
      }
    }
    return meta.predict(metaRows);
  }

  @Override
  public void save(Path dir) {
    List<EnsembleManifest.Entry> entries = new ArrayList<>();
    for (int b = 0; b < bases.size(); b++) {
      entries.add(EnsembleManifest.saveSub(dir, "model-" + b, bases.get(b), baseNames.get(b)));
    }
    EnsembleManifest.Entry metaEntry = EnsembleManifest.saveSub(dir, "meta", meta, "meta");
    new EnsembleManifest(FORMAT, task, featureNames, labels, new double[0], entries, metaEntry)
        .write(dir);
  }

  static StackingModel read(Path dir) {
    EnsembleManifest m = EnsembleManifest.read(dir, FORMAT);
    if (m.meta() == null) {
      throw new MlException(dir.resolve(EnsembleManifest.FILE) + " lacks the meta-model entry");
    }
    List<String> names = m.models().stream().map(EnsembleManifest.Entry::name).toList();
    return new StackingModel(
        m.task(),
        m.featureNames(),
        m.labels(),
        m.loadModels(dir),
        names,
        EnsembleManifest.load(dir, m.meta()));
  }

  @Override
  public void close() {
    for (TabularModel m : bases) {
      m.close();
    }
    meta.close();
  }
}
