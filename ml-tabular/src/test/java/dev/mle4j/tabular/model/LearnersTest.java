package dev.mle4j.tabular.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnersTest {

  @TempDir Path tmp;

  @Test
  void defaultsListEveryLearnerByName() {
    Map<String, TabularLearner> reg = Learners.defaults(TabularTask.REGRESSION, 7);
    assertThat(reg.keySet())
        .containsExactly(
            "linear",
            "ridge",
            "lasso",
            "elasticnet",
            "decision-tree",
            "random-forest",
            "xgboost",
            "lightgbm");
    Map<String, TabularLearner> cls = Learners.defaults(TabularTask.CLASSIFICATION, 7);
    assertThat(cls.keySet())
        .containsExactly("logistic", "decision-tree", "random-forest", "xgboost", "lightgbm");
    reg.forEach(
        (name, l) -> {
          assertThat(l.name()).isEqualTo(name);
          assertThat(l.task()).isEqualTo(TabularTask.REGRESSION);
        });
    cls.values().forEach(l -> assertThat(l.task()).isEqualTo(TabularTask.CLASSIFICATION));
    assertThat(reg.get("xgboost").parameters())
        .containsEntry("seed", 7L)
        .containsEntry("eta", 0.05);
  }

  @Test
  void byNameAppliesParametersGivenAsNumbersOrText() {
    TabularLearner l =
        Learners.byName(
            "xgboost", TabularTask.CLASSIFICATION, Map.of("n_rounds", "50", "max_depth", 3), 1);
    assertThat(l.parameters()).containsEntry("n_rounds", 50).containsEntry("max_depth", 3);
    assertThat(
            Learners.byName("ridge", TabularTask.REGRESSION, Map.of("alpha", 2.5), 1).parameters())
        .containsEntry("alpha", 2.5);
  }

  @Test
  void unknownNamesAndParametersListTheValidOnes() {
    assertThatThrownBy(() -> Learners.byName("svm", TabularTask.REGRESSION, Map.of(), 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'svm'")
        .hasMessageContaining("ridge");
    assertThatThrownBy(() -> Learners.byName("ridge", TabularTask.CLASSIFICATION, Map.of(), 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("logistic");
    assertThatThrownBy(
            () -> Learners.byName("ridge", TabularTask.REGRESSION, Map.of("lambda", 1.0), 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("[lambda]")
        .hasMessageContaining("alpha");
    assertThatThrownBy(
            () -> Learners.byName("lightgbm", TabularTask.REGRESSION, Map.of("num_leaves", 3.5), 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("integer");
    assertThatThrownBy(
            () -> Learners.byName("lasso", TabularTask.REGRESSION, Map.of("alpha", "big"), 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'big'");
    assertThatThrownBy(() -> Learners.searchSpace("knn", TabularTask.REGRESSION))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("valid learners");
  }

  @Test
  void searchSpaceSamplesBuildValidLearners() {
    Random r = new Random(3);
    for (TabularTask task : TabularTask.values()) {
      for (String name : Learners.names(task)) {
        ParamSpace space = Learners.searchSpace(name, task);
        if (!name.equals("linear")) {
          assertThat(space.params()).as(name).isNotEmpty();
        }
        for (int i = 0; i < 20; i++) {
          Map<String, Object> sample = space.sample(r);
          TabularLearner l = Learners.byName(name, task, sample, 1);
          assertThat(l.parameters()).containsAllEntriesOf(sample);
        }
      }
    }
  }

  @Test
  void badTrainingInputGivesClearErrors() {
    for (TabularLearner l : Learners.defaults(TabularTask.CLASSIFICATION, 1).values()) {
      FeatureMatrix empty = new FeatureMatrix(List.of("a"), new double[0][]);
      Target none = new Target("y", TabularTask.CLASSIFICATION, new double[0], List.of("n", "y"));
      assertThatThrownBy(() -> l.fit(empty, none))
          .as(l.name())
          .isInstanceOf(MlException.class)
          .hasMessageContaining("no rows");
    }
  }

  @Test
  void oneClassMismatchedRowsAndWrongTaskAreRejected() {
    FeatureMatrix x = new FeatureMatrix(List.of("a"), new double[][] {{1}, {2}, {3}, {4}});
    Target oneClass =
        new Target("y", TabularTask.CLASSIFICATION, new double[] {1, 1, 1, 1}, List.of("n", "y"));
    Target three = Target.regression("y", new double[] {1, 2, 3});
    Target reg = Target.regression("y", new double[] {1, 2, 3, 4});
    for (TabularLearner l : Learners.defaults(TabularTask.CLASSIFICATION, 1).values()) {
      assertThatThrownBy(() -> l.fit(x, oneClass))
          .as(l.name())
          .isInstanceOf(MlException.class)
          .hasMessageContaining("only one class");
      assertThatThrownBy(() -> l.fit(x, reg))
          .as(l.name())
          .isInstanceOf(MlException.class)
          .hasMessageContaining("regression target");
    }
    for (TabularLearner l : Learners.defaults(TabularTask.REGRESSION, 1).values()) {
      assertThatThrownBy(() -> l.fit(x, three))
          .as(l.name())
          .isInstanceOf(MlException.class)
          .hasMessageContaining("4 rows")
          .hasMessageContaining("has 3");
      FeatureMatrix noCols = new FeatureMatrix(List.of(), new double[][] {{}, {}, {}, {}});
      assertThatThrownBy(() -> l.fit(noCols, reg))
          .as(l.name())
          .isInstanceOf(MlException.class)
          .hasMessageContaining("no columns");
    }
  }

  @Test
  void loadingUnknownFormatsOrMissingFilesFails() throws Exception {
    assertThatThrownBy(() -> TabularModels.load(tmp, "nope/v1"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("ridge/v1");
    assertThatThrownBy(() -> TabularModels.load(tmp, "xgboost/v1"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("does not exist");
    Synth.Data d = Synth.linear(50, 0.1, 1);
    Path dir = tmp.resolve("ridge");
    RidgeLearner.builder().build().fit(d.x(), d.y()).save(dir);
    assertThatThrownBy(() -> TabularModels.load(dir, "lasso/v1"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("has format 'ridge/v1'");
    Files.writeString(dir.resolve("model.json"), "{ not json");
    assertThatThrownBy(() -> TabularModels.load(dir, "ridge/v1"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cannot read");
  }
}
