package dev.mle4j.tabular.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.features.FeatureMatrix;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearLearnersTest {

  @TempDir Path tmp;

  @Test
  void ordinaryLeastSquaresRecoversCoefficients() {
    Synth.Data d = Synth.linear(400, 0.01, 1);
    LinearModel m = (LinearModel) new LinearRegressionLearner().fit(d.x(), d.y());
    double[] c = m.coefficients()[0];
    assertThat(c[0]).isCloseTo(2.0, within(0.01));
    assertThat(c[1]).isCloseTo(-1.5, within(0.001));
    assertThat(c[2]).isCloseTo(0.5, within(0.001));
    assertThat(c[3]).isCloseTo(0.0, within(0.01));
    assertThat(m.intercepts()[0]).isCloseTo(3.0, within(0.02));
    assertThat(m.format()).isEqualTo("linear/v1");
    assertThat(m.labels()).isEmpty();
  }

  @Test
  void ridgeWithSmallAlphaIsNearExactAndLargeAlphaShrinks() {
    Synth.Data d = Synth.linear(400, 0.01, 2);
    LinearModel small = (LinearModel) RidgeLearner.builder().alpha(1e-6).build().fit(d.x(), d.y());
    assertThat(small.coefficients()[0][1]).isCloseTo(-1.5, within(0.001));
    assertThat(small.intercepts()[0]).isCloseTo(3.0, within(0.02));
    LinearModel large = (LinearModel) RidgeLearner.builder().alpha(1e4).build().fit(d.x(), d.y());
    double smallNorm = norm(small.standardisedCoefficients()[0]);
    double largeNorm = norm(large.standardisedCoefficients()[0]);
    assertThat(largeNorm).isLessThan(0.5 * smallNorm);
  }

  @Test
  void ridgeMatchesClosedFormOnTinyProblem() {
    // one feature x = (-1, 0, 1) (sd sqrt(2/3)), y = (0, 1, 5): standardised z = x / sd
    // w_std = z'y / (z'z + alpha) with z'z = 3, z'y = 5 / sd
    double[][] rows = {{-1}, {0}, {1}};
    FeatureMatrix x = new FeatureMatrix(List.of("x"), rows);
    var y = dev.mle4j.tabular.data.Target.regression("y", new double[] {0, 1, 5});
    LinearModel m = (LinearModel) RidgeLearner.builder().alpha(1.0).build().fit(x, y);
    double sd = Math.sqrt(2.0 / 3);
    double expected = (5 / sd) / (3 + 1.0);
    assertThat(m.standardisedCoefficients()[0][0]).isCloseTo(expected, within(1e-9));
    assertThat(m.predict(new double[][] {{0}})[0][0]).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void lassoZeroesTheNoiseFeatureAndElasticNetFits() {
    Synth.Data d = Synth.linear(400, 0.5, 3);
    LinearModel lasso = (LinearModel) LassoLearner.builder().alpha(0.01).build().fit(d.x(), d.y());
    assertThat(lasso.coefficients()[0][3]).isEqualTo(0.0);
    assertThat(lasso.coefficients()[0][1]).isCloseTo(-1.5, within(0.05));
    LinearModel en =
        (LinearModel)
            ElasticNetLearner.builder().alpha(0.001).l1Ratio(0.5).build().fit(d.x(), d.y());
    assertThat(en.coefficients()[0][0]).isCloseTo(2.0, within(0.1));
    assertThat(Synth.rmse(en.predict(d.x().rows()), d.y())).isLessThan(0.6);
    // alpha 0 elastic net equals least squares
    LinearModel ols = (LinearModel) new LinearRegressionLearner().fit(d.x(), d.y());
    LinearModel en0 =
        (LinearModel)
            ElasticNetLearner.builder()
                .alpha(0)
                .tol(1e-10)
                .maxIter(10000)
                .build()
                .fit(d.x(), d.y());
    assertThat(en0.coefficients()[0][2]).isCloseTo(ols.coefficients()[0][2], within(1e-6));
  }

  @Test
  void importanceIsAbsoluteStandardisedCoefficient() {
    Synth.Data d = Synth.linear(400, 0.01, 4);
    TabularModel m = RidgeLearner.builder().build().fit(d.x(), d.y());
    Map<String, Double> imp = m.featureImportance();
    assertThat(imp.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, within(1e-9));
    // b has sd 10 and coefficient -1.5 -> the largest standardised effect
    assertThat(imp.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey())
        .isEqualTo("b");
    assertThat(imp.get("noise")).isLessThan(0.001);
  }

  @Test
  void logisticThreeClassProbabilitiesSumToOne() {
    Synth.Data d = Synth.threeClass(300, 5);
    TabularModel m = LogisticRegressionLearner.builder().build().fit(d.x(), d.y());
    double[][] p = m.predict(d.x().rows());
    assertThat(m.labels()).containsExactly("a", "b", "c");
    for (double[] row : p) {
      assertThat(row).hasSize(3);
      assertThat(row[0] + row[1] + row[2]).isCloseTo(1.0, within(1e-9));
    }
    assertThat(Synth.accuracy(p, d.y())).isGreaterThan(0.9);
  }

  @Test
  void logisticBinaryRecoversTrueSlopeAndIsCalibrated() {
    Synth.Data d = Synth.logistic(4000, 6);
    LinearModel m =
        (LinearModel) LogisticRegressionLearner.builder().c(100).build().fit(d.x(), d.y());
    assertThat(m.coefficients()[0][0]).isCloseTo(2.0, within(0.2));
    assertThat(m.coefficients()[0][1]).isCloseTo(0.0, within(0.15));
    // mean predicted probability equals the observed rate (a property of the logistic MLE)
    double[][] p = m.predict(d.x().rows());
    double mean = 0;
    double rate = 0;
    for (int i = 0; i < p.length; i++) {
      mean += p[i][1];
      rate += d.y().value(i);
    }
    assertThat(mean / p.length).isCloseTo(rate / p.length, within(0.005));
  }

  @Test
  void linearModelsCannotLearnAnInteraction() {
    Synth.Data d = Synth.interactionRegression(400, 7);
    TabularModel m = new LinearRegressionLearner().fit(d.x(), d.y());
    double r2 = 1 - Math.pow(Synth.rmse(m.predict(d.x().rows()), d.y()), 2) / Synth.variance(d.y());
    assertThat(r2).isLessThan(0.1);
  }

  @Test
  void everyLinearFormatRoundTripsExactly() {
    Synth.Data reg = Synth.linear(200, 0.3, 8);
    Synth.Data cls = Synth.threeClass(150, 8);
    Synth.Data bin = Synth.logistic(200, 8);
    List<TabularModel> models =
        List.of(
            new LinearRegressionLearner().fit(reg.x(), reg.y()),
            RidgeLearner.builder().alpha(3).build().fit(reg.x(), reg.y()),
            LassoLearner.builder().build().fit(reg.x(), reg.y()),
            ElasticNetLearner.builder().build().fit(reg.x(), reg.y()),
            LogisticRegressionLearner.builder().build().fit(cls.x(), cls.y()),
            LogisticRegressionLearner.builder().build().fit(bin.x(), bin.y()));
    int k = 0;
    for (TabularModel m : models) {
      Path dir = tmp.resolve("m" + k++);
      m.save(dir);
      double[][] rows =
          m.labels().size() == 3
              ? cls.x().rows()
              : m.labels().isEmpty() ? reg.x().rows() : bin.x().rows();
      try (TabularModel back = TabularModels.load(dir, m.format())) {
        assertThat(back.format()).isEqualTo(m.format());
        assertThat(back.featureNames()).isEqualTo(m.featureNames());
        assertThat(back.labels()).isEqualTo(m.labels());
        assertThat(back.predict(rows)).isDeepEqualTo(m.predict(rows));
        assertThat(back.featureImportance()).isEqualTo(m.featureImportance());
      }
    }
  }

  @Test
  void linearLearnersRejectNaN() {
    Synth.Data d = Synth.linear(50, 0.1, 9);
    d.x().rows()[7][2] = Double.NaN;
    assertThatThrownBy(() -> RidgeLearner.builder().build().fit(d.x(), d.y()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'c'")
        .hasMessageContaining("row 7")
        .hasMessageContaining("impute");
    Synth.Data c = Synth.logistic(50, 9);
    c.x().rows()[3][0] = Double.NaN;
    assertThatThrownBy(() -> LogisticRegressionLearner.builder().build().fit(c.x(), c.y()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("NaN");
    Synth.Data ok = Synth.linear(50, 0.1, 9);
    TabularModel m = new LinearRegressionLearner().fit(ok.x(), ok.y());
    assertThatThrownBy(() -> m.predict(new double[][] {{1, Double.NaN, 2, 3}}))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'b'");
    assertThatThrownBy(() -> m.predict(new double[][] {{1, 2}}))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("expects 4 features");
  }

  @Test
  void badHyperParametersAreRejected() {
    assertThatThrownBy(() -> RidgeLearner.builder().alpha(-1).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("alpha");
    assertThatThrownBy(() -> ElasticNetLearner.builder().l1Ratio(1.5).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("l1_ratio");
    assertThatThrownBy(() -> LogisticRegressionLearner.builder().c(0).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'C'");
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
