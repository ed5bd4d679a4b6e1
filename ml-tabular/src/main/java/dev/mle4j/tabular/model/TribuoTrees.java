package dev.mle4j.tabular.model;

import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.ensemble.BaggingTrainer;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/** Builds and trains Tribuo CART trees and forests for the tree learners. */
final class TribuoTrees {

  /**
   * Tribuo's bagging trainer logs one INFO line per tree through java.util.logging; this keeps a
   * strong reference to its logger, raised to WARNING, so forests do not flood the log.
   */
  private static final java.util.logging.Logger BAGGING_LOG = quietBaggingLog();

  private TribuoTrees() {}

  private static java.util.logging.Logger quietBaggingLog() {
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger(BaggingTrainer.class.getName());
    log.setLevel(java.util.logging.Level.WARNING);
    return log;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static TribuoTreeModel fit(
      String format,
      TabularTask task,
      Map<String, Object> params,
      FeatureMatrix x,
      Target y,
      int maxDepth,
      float minLeaf,
      float maxFeatures,
      int trees,
      long seed) {
    BAGGING_LOG.getLevel();
    MutableDataset<?> ds = TribuoTreeModel.dataset(x, y);
    int depth = maxDepth <= 0 ? Integer.MAX_VALUE : maxDepth;
    Model<?> model;
    if (task == TabularTask.CLASSIFICATION) {
      CARTClassificationTrainer cart =
          new CARTClassificationTrainer(
              depth, minLeaf, 0.0f, maxFeatures, false, new GiniIndex(), seed);
      Trainer<Label> trainer =
          trees <= 0
              ? cart
              : maxFeatures < 1f
                  ? new RandomForestTrainer<>(cart, new FullyWeightedVotingCombiner(), trees, seed)
                  : new BaggingTrainer<>(cart, new FullyWeightedVotingCombiner(), trees, seed);
      model = trainer.train((MutableDataset<Label>) ds);
    } else {
      CARTRegressionTrainer cart =
          new CARTRegressionTrainer(
              depth, minLeaf, 0.0f, maxFeatures, false, new MeanSquaredError(), seed);
      Trainer<Regressor> trainer =
          trees <= 0
              ? (Trainer) cart
              : maxFeatures < 1f
                  ? new RandomForestTrainer<>(cart, new AveragingCombiner(), trees, seed)
                  : new BaggingTrainer<>(cart, new AveragingCombiner(), trees, seed);
      model = trainer.train((MutableDataset<Regressor>) ds);
    }
    double[] imp = TribuoTreeModel.impurityImportance(model, x, y);
    ModelMeta meta =
        new ModelMeta(
            format, task, x.names(), y.labels(), ModelSupport.normalise(x.names(), imp), params);
    return new TribuoTreeModel(meta, model);
  }
}
