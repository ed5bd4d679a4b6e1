package dev.mle4j.tabular.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeLearnersTest {

  @TempDir Path tmp;

  private static List<TabularLearner> treeLearners(TabularTask task, long seed) {
    return List.of(
        DecisionTreeLearner.builder(task).maxDepth(6).minLeaf(3).seed(seed).build(),
        RandomForestLearner.builder(task).trees(30).maxDepth(8).seed(seed).build(),
        XGBoostLearner.builder(task).rounds(100).eta(0.1).maxDepth(4).seed(seed).build(),
        LightGbmLearner.builder(task).iterations(100).learningRate(0.1).seed(seed).build());
  }

  @Test
  void lightGbmNativeLibraryLoads() {
    assertThat(LightGbmLearner.isAvailable()).isTrue();
  }

  @Test
  void treesLearnAnInteractionRegression() {
    Synth.Data train = Synth.interactionRegression(600, 11);
    Synth.Data test = Synth.interactionRegression(300, 12);
    for (TabularLearner l : treeLearners(TabularTask.REGRESSION, 1)) {
      try (TabularModel m = l.fit(train.x(), train.y())) {
        double[][] p = m.predict(test.x().rows());
        double r2 = 1 - Math.pow(Synth.rmse(p, test.y()), 2) / Synth.variance(test.y());
        assertThat(r2).as(l.name()).isGreaterThan(0.85);
        Map<String, Double> imp = m.featureImportance();
        assertThat(imp.values().stream().mapToDouble(Double::doubleValue).sum())
            .as(l.name())
            .isCloseTo(1.0, within(1e-9));
        assertThat(imp.get("x2")).as(l.name()).isLessThan(Math.min(imp.get("x0"), imp.get("x1")));
      }
    }
  }

  @Test
  void treesLearnXorWhereLogisticCannot() {
    Synth.Data train = Synth.xor(600, 13);
    Synth.Data test = Synth.xor(300, 14);
    for (TabularLearner l : treeLearners(TabularTask.CLASSIFICATION, 1)) {
      try (TabularModel m = l.fit(train.x(), train.y())) {
        double[][] p = m.predict(test.x().rows());
        assertThat(m.labels()).containsExactly("no", "yes");
        assertThat(Synth.accuracy(p, test.y())).as(l.name()).isGreaterThan(0.9);
        for (double[] row : p) {
          assertThat(row[0] + row[1]).isCloseTo(1.0, within(1e-6));
        }
      }
    }
    TabularModel logistic = LogisticRegressionLearner.builder().build().fit(train.x(), train.y());
    assertThat(Synth.accuracy(logistic.predict(test.x().rows()), test.y())).isLessThan(0.65);
  }

  @Test
  void treesHandleThreeClasses() {
    Synth.Data train = Synth.threeClass(300, 15);
    Synth.Data test = Synth.threeClass(150, 16);
    for (TabularLearner l : treeLearners(TabularTask.CLASSIFICATION, 1)) {
      try (TabularModel m = l.fit(train.x(), train.y())) {
        double[][] p = m.predict(test.x().rows());
        assertThat(Synth.accuracy(p, test.y())).as(l.name()).isGreaterThan(0.85);
        for (double[] row : p) {
          assertThat(row).hasSize(3);
          assertThat(row[0] + row[1] + row[2]).as(l.name()).isCloseTo(1.0, within(1e-6));
          for (double v : row) {
            assertThat(v).isBetween(0.0, 1.0);
          }
        }
        assertThat(m.featureImportance().get("x2"))
            .as(l.name())
            .isLessThan(m.featureImportance().get("x0"));
      }
    }
  }

  @Test
  void sameSeedSamePredictionsAndOtherSeedDiffers() {
    Synth.Data d = Synth.interactionRegression(300, 17);
    List<TabularLearner> a = treeLearners(TabularTask.REGRESSION, 5);
    List<TabularLearner> b = treeLearners(TabularTask.REGRESSION, 5);
    List<TabularLearner> c = treeLearners(TabularTask.REGRESSION, 6);
    for (int i = 0; i < a.size(); i++) {
      try (TabularModel ma = a.get(i).fit(d.x(), d.y());
          TabularModel mb = b.get(i).fit(d.x(), d.y());
          TabularModel mc = c.get(i).fit(d.x(), d.y())) {
        double[][] pa = ma.predict(d.x().rows());
        assertThat(mb.predict(d.x().rows())).as(a.get(i).name()).isDeepEqualTo(pa);
        if (i > 0) { // a single tree without sampling does not depend on the seed
          assertThat(mc.predict(d.x().rows())).as(a.get(i).name()).isNotEqualTo(pa);
        }
      }
    }
  }

  @Test
  void everyTreeFormatRoundTripsExactly() {
    Synth.Data reg = Synth.interactionRegression(200, 18);
    Synth.Data cls = Synth.threeClass(150, 18);
    Synth.Data bin = Synth.xor(200, 18);
    int k = 0;
    for (TabularTask task : TabularTask.values()) {
      for (TabularLearner l : treeLearners(task, 3)) {
        List<Synth.Data> sets = task == TabularTask.REGRESSION ? List.of(reg) : List.of(cls, bin);
        for (Synth.Data d : sets) {
          Path dir = tmp.resolve("m" + k++);
          try (TabularModel m = l.fit(d.x(), d.y())) {
            m.save(dir);
            try (TabularModel back = TabularModels.load(dir, m.format())) {
              assertThat(back.format()).isEqualTo(m.format());
              assertThat(back.labels()).isEqualTo(m.labels());
              assertThat(back.featureNames()).isEqualTo(m.featureNames());
              assertThat(back.predict(d.x().rows()))
                  .as(l.name())
                  .isDeepEqualTo(m.predict(d.x().rows()));
              assertThat(back.featureImportance()).isEqualTo(m.featureImportance());
            }
          }
        }
      }
    }
  }

  @Test
  void boostersAcceptNaNAndCartRejectsIt() {
    Synth.Data d = Synth.interactionRegression(300, 19);
    for (int i = 0; i < 300; i += 7) {
      d.x().rows()[i][2] = Double.NaN;
    }
    for (TabularLearner l : treeLearners(TabularTask.REGRESSION, 1).subList(2, 4)) {
      try (TabularModel m = l.fit(d.x(), d.y())) {
        double[][] p = m.predict(new double[][] {{0.5, 0.5, Double.NaN}, {0.5, -0.5, Double.NaN}});
        assertThat(p[0][0]).as(l.name()).isGreaterThan(2);
        assertThat(p[1][0]).as(l.name()).isLessThan(-2);
      }
    }
    assertThatThrownBy(
            () -> DecisionTreeLearner.builder(TabularTask.REGRESSION).build().fit(d.x(), d.y()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'x2'")
        .hasMessageContaining("NaN");
    assertThatThrownBy(
            () -> RandomForestLearner.builder(TabularTask.REGRESSION).build().fit(d.x(), d.y()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("missing values");
  }

  @Test
  void badTreeParametersAreRejected() {
    assertThatThrownBy(
            () -> RandomForestLearner.builder(TabularTask.REGRESSION).maxFeatures(0).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("max_features");
    assertThatThrownBy(() -> XGBoostLearner.builder(TabularTask.REGRESSION).eta(2).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("eta");
    assertThatThrownBy(() -> LightGbmLearner.builder(TabularTask.REGRESSION).numLeaves(1).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("num_leaves");
  }
}
