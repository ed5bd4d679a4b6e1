package dev.mle4j.tabular.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.SchemaInference;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.model.TabularModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * On telco-churn with the target shuffled at random, target encoding of a unique id and of a
 * high-cardinality cross, and the target mean per group, must carry no signal in the training
 * matrix (out-of-fold), while the same encodings fitted and applied in-fold are far above chance.
 */
class LeakageTest {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LeakageTest.class);

  private static final List<String> COMBO =
      List.of(
          "gender",
          "SeniorCitizen",
          "Partner",
          "Dependents",
          "Contract",
          "PaymentMethod",
          "tenure");

  private record Encoded(DataFrame outOfFold, DataFrame inFold) {}

  private static Encoded encode(DataFrame df, Target y) {
    FitContext ctx = new FitContext(42, 5);
    FeatureStep.Fit cross = FeatureCross.named("combo", COMBO).fit(df, y, ctx);
    FeatureStep group =
        GroupStatistics.by(List.of("combo")).stats(Set.of()).targetMean(true, 10).build();
    FeatureStep.Fit grouped = group.fit(cross.transformed(), y, ctx);
    FeatureStep te = TargetEncoder.of(List.of("customerID", "combo"), 10);
    FeatureStep.Fit encoded = te.fit(grouped.transformed(), y, ctx);
    // the leaky alternative: fit on all rows and transform the same rows
    DataFrame inFold =
        te.fitOnly(grouped.transformed(), y, ctx)
            .transform(group.fitOnly(cross.transformed(), y, ctx).transform(cross.transformed()));
    return new Encoded(encoded.transformed(), inFold);
  }

  private static final List<String> COLUMNS =
      List.of("customerID__te", "combo__te", "grp_target_mean(combo)");

  @Test
  void outOfFoldEncodingsOfAShuffledTargetAreAtChance() {
    DataFrame df =
        Fixtures.csv(
            "telco-churn",
            SchemaInference.withOverrides(Map.of("customerID", ColumnType.CATEGORICAL)));
    Target real = Fixtures.target(df, "Churn", TabularTask.CLASSIFICATION);
    List<Double> values = new ArrayList<>();
    for (double v : real.values()) {
      values.add(v);
    }
    Collections.shuffle(values, new Random(123));
    Target shuffled =
        new Target(
            "Churn",
            TabularTask.CLASSIFICATION,
            values.stream().mapToDouble(Double::doubleValue).toArray(),
            real.labels());
    Encoded e = encode(df.drop(List.of("Churn")), shuffled);
    for (String c : COLUMNS) {
      double oof = Fixtures.auc(e.outOfFold().numeric(c), shuffled);
      double leaky = Fixtures.auc(e.inFold().numeric(c), shuffled);
      LOG.info("{}: out-of-fold AUC {}, in-fold AUC {}", c, oof, leaky);
      assertThat(oof).as("out-of-fold AUC of %s", c).isBetween(0.45, 0.55);
      assertThat(leaky).as("in-fold AUC of %s", c).isGreaterThan(0.65);
    }
    // a simple model on the training matrix: chance with out-of-fold, far above with in-fold
    double oofFit = trainingAuc(e.outOfFold(), shuffled);
    double leakyFit = trainingAuc(e.inFold(), shuffled);
    LOG.info(
        "least squares on the training matrix: out-of-fold AUC {}, in-fold AUC {}",
        oofFit,
        leakyFit);
    assertThat(oofFit).isBetween(0.45, 0.55);
    assertThat(leakyFit).isGreaterThan(0.9);
  }

  private static double trainingAuc(DataFrame df, Target y) {
    FeatureMatrix x = FittedPipeline.toMatrix(df, COLUMNS);
    try (TabularModel m = Fixtures.leastSquares(TabularTask.CLASSIFICATION).fit(x, y)) {
      double[][] p = m.predict(x.rows());
      double[] s = new double[p.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = p[i][0];
      }
      return Fixtures.auc(s, y);
    }
  }
}
