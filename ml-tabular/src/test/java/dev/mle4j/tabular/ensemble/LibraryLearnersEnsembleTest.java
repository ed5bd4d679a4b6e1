package dev.mle4j.tabular.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.eval.CrossValidation;
import dev.mle4j.tabular.eval.CvResult;
import dev.mle4j.tabular.eval.ToyLearners;
import dev.mle4j.tabular.features.FeatureMatrix;
import dev.mle4j.tabular.features.FittedPipeline;
import dev.mle4j.tabular.features.StepPipeline;
import dev.mle4j.tabular.model.Learners;
import dev.mle4j.tabular.model.TabularLearner;
import dev.mle4j.tabular.model.TabularModel;
import dev.mle4j.tabular.model.TabularModels;
import dev.mle4j.tabular.tuning.TpeSearch;
import dev.mle4j.tabular.tuning.TuningResult;
import dev.mle4j.tabular.tuning.TuningSetup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ensembles and tuning over the library's own learners ({@link Learners}). */
class LibraryLearnersEnsembleTest {

  @Test
  void stackingOfLibraryLearnersSavesAndLoadsWithMixedFormats(@TempDir Path dir) {
    var data = ToyLearners.regression(120, 0.3, 17);
    FeatureMatrix x = FittedPipeline.toMatrix(data.x(), data.x().columns());
    TabularLearner ridge = Learners.byName("ridge", TabularTask.REGRESSION, Map.of(), 1);
    TabularLearner tree = Learners.byName("decision-tree", TabularTask.REGRESSION, Map.of(), 1);
    TabularModel model = new StackingLearner(List.of(ridge, tree)).fit(x, data.y());
    model.save(dir);
    try (TabularModel loaded = TabularModels.load(dir, model.format())) {
      double[][] before = model.predict(x.rows());
      double[][] after = loaded.predict(x.rows());
      for (int i = 0; i < before.length; i++) {
        assertThat(after[i]).containsExactly(before[i]);
      }
    }
    CrossValidation cv = CrossValidation.builder().folds(3).seed(3).build();
    StepPipeline identity = StepPipeline.of(List.of());
    CvResult stacked =
        cv.run(data.x(), data.y(), identity, new StackingLearner(List.of(ridge, tree)));
    CvResult treeAlone = cv.run(data.x(), data.y(), identity, tree);
    assertThat(stacked.mean("rmse")).isLessThan(treeAlone.mean("rmse"));
  }

  @Test
  void tpeTunesALibraryLearnerWithItsSearchSpace() {
    var data = ToyLearners.regression(90, 0.3, 19);
    CrossValidation cv = CrossValidation.builder().folds(3).seed(3).build();
    TuningSetup setup =
        TuningSetup.of(
            Learners.searchSpace("ridge", TabularTask.REGRESSION),
            p -> Learners.byName("ridge", TabularTask.REGRESSION, p, 1),
            8,
            cv,
            "rmse",
            5);
    TuningResult r =
        new TpeSearch(setup)
            .withStartupTrials(4)
            .run(data.x(), data.y(), StepPipeline.of(List.of()));
    assertThat(r.trials()).hasSize(8).allMatch(t -> t.ok());
    assertThat(r.bestParams()).containsKey("alpha");
    assertThat(r.bestScore()).isLessThan(0.6);
  }
}
