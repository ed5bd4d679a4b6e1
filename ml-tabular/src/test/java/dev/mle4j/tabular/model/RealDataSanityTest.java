package dev.mle4j.tabular.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mle4j.tabular.SharedData;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.SchemaInference;
import dev.mle4j.tabular.data.TableLoader;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Titanic with a few numeric columns: every classifier beats the majority class on a holdout. */
class RealDataSanityTest {

  @Test
  void titanicHoldoutAccuracy() {
    DataFrame df =
        TableLoader.read(
            SharedData.root().resolve("tabular/titanic.csv"), SchemaInference.defaults());
    int n = df.rows();
    double[] pclass = df.numeric("pclass");
    double[] age = df.numeric("age");
    double[] sibsp = df.numeric("sibsp");
    double[] fare = df.numeric("fare");
    String[] sex = df.strings("sex");
    double[] survived = df.numeric("survived");
    double[][] rows = new double[n][];
    double[][] imputed = new double[n][];
    String[] labels = new String[n];
    for (int i = 0; i < n; i++) {
      double female = "female".equals(sex[i]) ? 1 : 0;
      rows[i] = new double[] {pclass[i], age[i], sibsp[i], fare[i], female};
      imputed[i] = rows[i].clone();
      if (Double.isNaN(imputed[i][1])) {
        imputed[i][1] = 28;
      }
      labels[i] = survived[i] == 1 ? "1" : "0";
    }
    List<String> names = List.of("pclass", "age", "sibsp", "fare", "female");
    Target y = Target.classification("survived", labels);
    int cut = 600;
    int[] train = range(0, cut);
    int[] test = range(cut, n);
    Target yTest = y.rows(test);
    Map<String, Object> small = Map.of();
    for (String name : Learners.names(TabularTask.CLASSIFICATION)) {
      Map<String, Object> params =
          switch (name) {
            case "random-forest" -> Map.of("n_trees", 30);
            case "xgboost" -> Map.of("n_rounds", 150);
            case "lightgbm" -> Map.of("num_iterations", 150);
            default -> small;
          };
      TabularLearner l = Learners.byName(name, TabularTask.CLASSIFICATION, params, 42);
      // boosters take the raw ages with NaN; the others the imputed ones
      boolean raw = name.equals("xgboost") || name.equals("lightgbm");
      FeatureMatrix x = new FeatureMatrix(names, raw ? rows : imputed);
      try (TabularModel m = l.fit(x.rows(train), y.rows(train))) {
        double acc = Synth.accuracy(m.predict(x.rows(test).rows()), yTest);
        assertThat(acc).as(name).isGreaterThan(0.75);
        assertThat(m.featureImportance().get("female")).as(name).isGreaterThan(0.1);
      }
    }
  }

  private static int[] range(int from, int to) {
    int[] out = new int[to - from];
    for (int i = 0; i < out.length; i++) {
      out[i] = from + i;
    }
    return out;
  }
}
