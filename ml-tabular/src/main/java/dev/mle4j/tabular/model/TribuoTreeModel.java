package dev.mle4j.tabular.model;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;

/**
 * A fitted Tribuo CART tree or forest (formats {@code tribuo-tree/v1} and {@code
 * tribuo-forest/v1}): the Tribuo model is saved with Tribuo's protobuf serialisation ({@code
 * tribuo-model.pb}), the feature names, labels and importance in {@code model.json}. Feature
 * importance is the mean decrease in impurity (variance or Gini, weighted by rows) of the training
 * rows routed through each tree, normalised to sum 1. Rejects NaN features.
 */
public final class TribuoTreeModel implements TabularModel {

  /** The Tribuo model file. */
  static final String MODEL_FILE = "tribuo-model.pb";

  /** The single regression output dimension name. */
  static final String DIMENSION = "y";

  private final ModelMeta meta;
  private final Model<?> model;

  TribuoTreeModel(ModelMeta meta, Model<?> model) {
    this.meta = meta;
    this.model = model;
  }

  /**
   * Builds a Tribuo dataset from a feature matrix and a target.
   *
   * @param x the features
   * @param y the target
   * @return the dataset (Label outputs for classification, Regressor outputs for regression)
   */
  static MutableDataset<?> dataset(FeatureMatrix x, Target y) {
    String[] names = x.names().toArray(String[]::new);
    if (y.task() == TabularTask.CLASSIFICATION) {
      LabelFactory f = new LabelFactory();
      MutableDataset<Label> ds =
          new MutableDataset<>(new SimpleDataSourceProvenance("mle4j", f), f);
      for (int i = 0; i < x.size(); i++) {
        ds.add(new ArrayExample<>(new Label(y.labels().get((int) y.value(i))), names, x.rows()[i]));
      }
      return ds;
    }
    RegressionFactory f = new RegressionFactory();
    MutableDataset<Regressor> ds =
        new MutableDataset<>(new SimpleDataSourceProvenance("mle4j", f), f);
    for (int i = 0; i < x.size(); i++) {
      ds.add(new ArrayExample<>(new Regressor(DIMENSION, y.value(i)), names, x.rows()[i]));
    }
    return ds;
  }

  /**
   * Mean decrease in impurity of the training rows over the model's trees.
   *
   * @param model a tree or an ensemble of trees
   * @param x the training features
   * @param y the training target
   * @return importance per feature (not normalised)
   */
  static double[] impurityImportance(Model<?> model, FeatureMatrix x, Target y) {
    double[] imp = new double[x.names().size()];
    List<Model<?>> members = new ArrayList<>();
    if (model instanceof EnsembleModel<?> e) {
      members.addAll(e.getModels());
    } else {
      members.add(model);
    }
    Map<String, Integer> index = new java.util.HashMap<>();
    for (int j = 0; j < x.names().size(); j++) {
      index.put(x.names().get(j), j);
    }
    int[] all = new int[x.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    for (Model<?> m : members) {
      ImmutableFeatureMap fmap = m.getFeatureIDMap();
      List<Node<?>> roots = new ArrayList<>();
      if (m instanceof IndependentRegressionTreeModel r) {
        roots.addAll(r.getRoots().values());
      } else if (m instanceof TreeModel<?> t) {
        roots.add(t.getRoot());
      }
      for (Node<?> root : roots) {
        walk(root, all, fmap, index, x, y, imp);
      }
    }
    return imp;
  }

  private static void walk(
      Node<?> node,
      int[] rows,
      ImmutableFeatureMap fmap,
      Map<String, Integer> index,
      FeatureMatrix x,
      Target y,
      double[] imp) {
    if (node == null || node.isLeaf() || rows.length == 0 || !(node instanceof SplitNode<?> s)) {
      return;
    }
    Integer j = index.get(fmap.get(s.getFeatureID()).getName());
    if (j == null) {
      return;
    }
    int greater = 0;
    for (int r : rows) {
      if (x.rows()[r][j] > s.splitValue()) {
        greater++;
      }
    }
    int[] hi = new int[greater];
    int[] lo = new int[rows.length - greater];
    int a = 0;
    int b = 0;
    for (int r : rows) {
      if (x.rows()[r][j] > s.splitValue()) {
        hi[a++] = r;
      } else {
        lo[b++] = r;
      }
    }
    imp[j] += weightedImpurity(rows, y) - weightedImpurity(hi, y) - weightedImpurity(lo, y);
    walk(s.getGreaterThan(), hi, fmap, index, x, y, imp);
    walk(s.getLessThanOrEqual(), lo, fmap, index, x, y, imp);
  }

  /** Rows times impurity: the sum of squared deviations, or rows times the Gini index. */
  private static double weightedImpurity(int[] rows, Target y) {
    if (rows.length == 0) {
      return 0;
    }
    if (y.task() == TabularTask.REGRESSION) {
      double mean = 0;
      for (int r : rows) {
        mean += y.value(r);
      }
      mean /= rows.length;
      double ss = 0;
      for (int r : rows) {
        double d = y.value(r) - mean;
        ss += d * d;
      }
      return ss;
    }
    double[] counts = new double[y.labels().size()];
    for (int r : rows) {
      counts[(int) y.value(r)]++;
    }
    double sq = 0;
    for (double c : counts) {
      sq += c * c;
    }
    return rows.length - sq / rows.length;
  }

  /**
   * Reads a saved model.
   *
   * @param dir the folder
   * @param format the expected format
   * @return the model
   */
  static TribuoTreeModel read(Path dir, String format) {
    ModelMeta meta = ModelSupport.readJson(dir.resolve(ModelSupport.META_FILE), ModelMeta.class);
    ModelSupport.checkFormat(meta, format, dir);
    Path file = dir.resolve(MODEL_FILE);
    if (!Files.isRegularFile(file)) {
      throw new MlException("model file " + file + " does not exist");
    }
    try {
      return new TribuoTreeModel(meta, Model.deserializeFromFile(file));
    } catch (IOException | RuntimeException e) {
      throw new MlException("cannot read Tribuo model " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String format() {
    return meta.format();
  }

  @Override
  public List<String> featureNames() {
    return meta.featureNames();
  }

  @Override
  public List<String> labels() {
    return meta.labels();
  }

  @Override
  public double[][] predict(double[][] rows) {
    ModelSupport.checkPredict(meta.format(), meta.featureNames(), rows, false);
    String[] names = meta.featureNames().toArray(String[]::new);
    double[][] out = new double[rows.length][];
    if (meta.task() == TabularTask.CLASSIFICATION) {
      @SuppressWarnings("unchecked")
      Model<Label> m = (Model<Label>) model;
      List<Example<Label>> examples = new ArrayList<>(rows.length);
      for (double[] r : rows) {
        examples.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, r));
      }
      List<Prediction<Label>> preds = m.predict(examples);
      List<String> labels = meta.labels();
      for (int i = 0; i < rows.length; i++) {
        Map<String, Label> scores = preds.get(i).getOutputScores();
        double[] p = new double[labels.size()];
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
          Label l = scores.get(labels.get(c));
          p[c] = l == null ? 0 : Math.max(0, l.getScore());
          sum += p[c];
        }
        if (sum > 0) {
          for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
          }
        } else {
          p[labels.indexOf(preds.get(i).getOutput().getLabel())] = 1;
        }
        out[i] = p;
      }
      return out;
    }
    @SuppressWarnings("unchecked")
    Model<Regressor> m = (Model<Regressor>) model;
    List<Example<Regressor>> examples = new ArrayList<>(rows.length);
    for (double[] r : rows) {
      examples.add(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, names, r));
    }
    List<Prediction<Regressor>> preds = m.predict(examples);
    for (int i = 0; i < rows.length; i++) {
      out[i] = new double[] {preds.get(i).getOutput().getValues()[0]};
    }
    return out;
  }

  @Override
  public Map<String, Double> featureImportance() {
    return meta.importance();
  }

  @Override
  public void save(Path dir) {
    try {
      Files.createDirectories(dir);
      model.serializeToFile(dir.resolve(MODEL_FILE));
    } catch (IOException e) {
      throw new MlException("cannot write Tribuo model to " + dir + ": " + e.getMessage(), e);
    }
    ModelSupport.writeJson(dir.resolve(ModelSupport.META_FILE), meta);
  }

  /**
   * The underlying Tribuo model.
   *
   * @return the model
   */
  public Model<?> tribuoModel() {
    return model;
  }
}
