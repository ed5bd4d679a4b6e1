package dev.mle4j.tabular.ensemble;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.Fold;
import dev.mle4j.core.data.KFold;
import dev.mle4j.core.data.StratifiedKFold;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import dev.mle4j.tabular.model.TabularLearner;
import dev.mle4j.tabular.model.TabularModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stacked generalisation: the base learners' out-of-fold predictions on the training rows (inner
 * k-fold, stratified for classification when every class has at least k rows) become the features
 * of a meta-learner; the base learners are then refitted on all training rows.
 *
 * <p>Meta-features: one column per base learner for regression; for classification the positive
 * class probability per base learner (two classes) or every class probability (more classes). The
 * default meta-learner is {@link RidgeMetaLearner} for regression and {@link LogisticMetaLearner}
 * for classification.
 */
public final class StackingLearner implements TabularLearner {

  private final List<TabularLearner> bases;
  private final TabularLearner meta;
  private final int innerFolds;
  private final long seed;

  /**
   * Stacking with the default meta-learner, 5 inner folds and seed 42.
   *
   * @param bases the base learners, at least one, all of one task
   */
  public StackingLearner(List<TabularLearner> bases) {
    this(bases, null, 5, 42L);
  }

  /**
   * Stacking.
   *
   * @param bases the base learners, at least one, all of one task
   * @param meta the meta-learner, or null for the default of the task
   * @param innerFolds folds for the out-of-fold base predictions, at least 2
   * @param seed the seed of the inner folds
   */
  public StackingLearner(
      List<TabularLearner> bases, TabularLearner meta, int innerFolds, long seed) {
    this.bases = List.copyOf(EnsembleChecks.learners(bases));
    TabularTask task = this.bases.get(0).task();
    if (meta == null) {
      meta = task == TabularTask.REGRESSION ? new RidgeMetaLearner() : new LogisticMetaLearner();
    }
    if (meta.task() != task) {
      throw new MlException(
          "meta-learner '" + meta.name() + "' solves " + meta.task() + ", the bases " + task);
    }
    if (innerFolds < 2) {
      throw new MlException("stacking needs at least 2 inner folds, got " + innerFolds);
    }
    this.meta = meta;
    this.innerFolds = innerFolds;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "stacking";
  }

  @Override
  public TabularTask task() {
    return bases.get(0).task();
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("bases", bases.stream().map(TabularLearner::name).toList());
    p.put("meta", meta.name());
    p.put("inner_folds", innerFolds);
    p.put("seed", seed);
    return p;
  }

  @Override
  public TabularModel fit(FeatureMatrix x, Target y) {
    if (y.task() != task()) {
      throw new MlException("stacking " + task() + " learners on a " + y.task() + " target");
    }
    int n = x.size();
    if (n < innerFolds) {
      throw new MlException(
          "stacking needs at least " + innerFolds + " training rows for its inner folds, got " + n);
    }
    List<Fold> folds = innerFolds(y);
    List<String> metaNames = metaFeatureNames(y.labels());
    double[][] metaRows = new double[n][metaNames.size()];
    for (Fold fold : folds) {
      FeatureMatrix train = x.rows(fold.train());
      Target trainY = y.rows(fold.train());
      FeatureMatrix test = x.rows(fold.test());
      for (int b = 0; b < bases.size(); b++) {
        try (TabularModel m = bases.get(b).fit(train, trainY)) {
          double[][] p = m.predict(test.rows());
          for (int j = 0; j < fold.test().length; j++) {
            StackingModel.putMetaFeatures(metaRows[fold.test()[j]], b, p[j], task());
          }
        }
      }
    }
    TabularModel metaModel = meta.fit(new FeatureMatrix(metaNames, metaRows), y);
    List<TabularModel> fitted = new ArrayList<>();
    for (TabularLearner l : bases) {
      fitted.add(l.fit(x, y));
    }
    return new StackingModel(
        task(),
        x.names(),
        y.labels(),
        fitted,
        bases.stream().map(TabularLearner::name).toList(),
        metaModel);
  }

  private List<Fold> innerFolds(Target y) {
    if (y.task() == TabularTask.CLASSIFICATION) {
      int[] counts = new int[y.labels().size()];
      for (int i = 0; i < y.size(); i++) {
        counts[(int) y.value(i)]++;
      }
      int smallest = Integer.MAX_VALUE;
      for (int c : counts) {
        if (c > 0) {
          smallest = Math.min(smallest, c);
        }
      }
      boolean allPresent = java.util.Arrays.stream(counts).allMatch(c -> c > 0);
      if (allPresent && smallest >= innerFolds) {
        return StratifiedKFold.split(y.labelStrings(), innerFolds, seed);
      }
    }
    return KFold.split(y.size(), innerFolds, true, seed);
  }

  private List<String> metaFeatureNames(List<String> labels) {
    List<String> names = new ArrayList<>();
    for (int b = 0; b < bases.size(); b++) {
      String base = "base" + b + "_" + bases.get(b).name();
      if (task() == TabularTask.REGRESSION) {
        names.add(base);
      } else if (labels.size() == 2) {
        names.add(base + "_p_" + labels.get(1));
      } else {
        for (String l : labels) {
          names.add(base + "_p_" + l);
        }
      }
    }
    return names;
  }
}
