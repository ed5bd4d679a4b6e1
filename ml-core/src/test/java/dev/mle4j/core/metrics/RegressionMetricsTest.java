package dev.mle4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import org.junit.jupiter.api.Test;

class RegressionMetricsTest {

  private static final double TOL = 1e-12;

  @Test
  void byHand() {
    RegressionReport r = RegressionMetrics.evaluate(new double[] {1, 2, 3}, new double[] {1, 2, 5});
    assertThat(r.rmse()).isCloseTo(Math.sqrt(4.0 / 3), within(TOL));
    assertThat(r.mae()).isCloseTo(2.0 / 3, within(TOL));
    // total sum of squares around the mean 2 is 2; residual sum 4
    assertThat(r.r2()).isCloseTo(-1.0, within(TOL));
    double d = Math.log(4) - Math.log(6);
    assertThat(r.rmsle()).isCloseTo(Math.sqrt(d * d / 3), within(TOL));
    assertThat(r.hasRmsle()).isTrue();
    assertThat(r.toMap()).containsOnlyKeys("rmse", "mae", "r2", "rmsle");
    assertThat(r.toMap().keySet()).containsExactly("rmse", "mae", "r2", "rmsle");
  }

  @Test
  void perfectPredictions() {
    RegressionReport r =
        RegressionMetrics.evaluate(new double[] {0.5, 3, 7}, new double[] {0.5, 3, 7});
    assertThat(r.rmse()).isZero();
    assertThat(r.mae()).isZero();
    assertThat(r.r2()).isEqualTo(1.0);
    assertThat(r.rmsle()).isZero();
  }

  @Test
  void constantTruthFollowsForceFinite() {
    double[] y = {0.1, 0.1, 0.1};
    assertThat(RegressionMetrics.evaluate(y, y.clone()).r2()).isEqualTo(1.0);
    assertThat(RegressionMetrics.evaluate(y, new double[] {0.1, 0.2, 0.1}).r2()).isEqualTo(0.0);
  }

  @Test
  void singleSampleHasNoR2() {
    RegressionReport r = RegressionMetrics.evaluate(new double[] {3}, new double[] {2});
    assertThat(r.r2()).isNaN();
    assertThat(r.rmse()).isEqualTo(1.0);
    assertThat(r.toMap()).containsOnlyKeys("rmse", "mae", "rmsle");
  }

  @Test
  void rmsleUndefinedAtOrBelowMinusOne() {
    RegressionReport r =
        RegressionMetrics.evaluate(new double[] {1, -1, 2}, new double[] {1, 0, 2});
    assertThat(r.rmsle()).isNaN();
    assertThat(r.hasRmsle()).isFalse();
    assertThat(r.toMap()).containsOnlyKeys("rmse", "mae", "r2");
    assertThat(RegressionMetrics.evaluate(new double[] {1, 0, 2}, new double[] {1, 0, -3}).rmsle())
        .isNaN();
    // between -1 and 0 log1p is defined: scikit-learn 1.9 accepts it
    RegressionReport above =
        RegressionMetrics.evaluate(new double[] {-0.5, 0}, new double[] {0, 0});
    assertThat(above.rmsle()).isCloseTo(Math.sqrt(Math.log(0.5) * Math.log(0.5) / 2), within(TOL));
  }

  @Test
  void errorsNameTheProblem() {
    assertThatThrownBy(() -> RegressionMetrics.evaluate(new double[] {1, 2}, new double[] {1}))
        .isInstanceOf(MlException.class)
        .hasMessage("yTrue has 2 values but yPred has 1");
    assertThatThrownBy(() -> RegressionMetrics.evaluate(new double[0], new double[0]))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("yTrue is empty");
    assertThatThrownBy(
            () -> RegressionMetrics.evaluate(new double[] {1, 2}, new double[] {1, Double.NaN}))
        .isInstanceOf(MlException.class)
        .hasMessage("yPred[1] is NaN; values must be finite");
    assertThatThrownBy(
            () ->
                RegressionMetrics.evaluate(
                    new double[] {Double.POSITIVE_INFINITY}, new double[] {1}))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("yTrue[0] is Infinity");
    assertThatThrownBy(() -> RegressionMetrics.evaluate(null, new double[] {1}))
        .isInstanceOf(MlException.class)
        .hasMessage("yTrue is null");
  }
}
