package dev.mle4j.tabular.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TabularMetricsTest {

  @Test
  void regressionMetricsMatchHandComputedValues() {
    double[] y = {1, 2, 3, 4};
    double[] p = {1.5, 2, 2, 5};
    Map<String, Double> m = TabularMetrics.regression(y, p);
    // errors -0.5, 0, 1, -1: MSE 2.25 / 4
    assertThat(m.get("rmse")).isCloseTo(0.75, within(1e-12));
    assertThat(m.get("mae")).isCloseTo(0.625, within(1e-12));
    // total sum of squares 5
    assertThat(m.get("r2")).isCloseTo(1 - 2.25 / 5, within(1e-12));
    // sqrt(((ln1-ln1.5)^2 + 0 + (ln3-ln2)^2 + (ln4-ln5)^2) / 4)
    assertThat(m.get("rmse_log")).isCloseTo(0.3076511629587349, within(1e-12));
    assertThat(m.get("rmsle")).isCloseTo(0.20358976483055355, within(1e-12));
  }

  @Test
  void rmsleClipsNegativePredictionsAndLogMetricsNeedValidTargets() {
    assertThat(TabularMetrics.rmsle(new double[] {0, 1}, new double[] {-2, 1})).isZero();
    Map<String, Double> withZero =
        TabularMetrics.regression(new double[] {0, 2}, new double[] {1, 2});
    assertThat(withZero).containsKey("rmsle").doesNotContainKey("rmse_log");
    Map<String, Double> negative =
        TabularMetrics.regression(new double[] {-1, 2}, new double[] {1, 2});
    assertThat(negative).doesNotContainKeys("rmsle", "rmse_log");
    // rmse_log floors predictions at 1e-9
    double v = TabularMetrics.rmseLog(new double[] {1}, new double[] {-5});
    assertThat(v).isCloseTo(-Math.log(1e-9), within(1e-9));
  }

  @Test
  void averagePrecisionMatchesHandComputedExamples() {
    // scikit-learn documentation example: 0.8333
    assertThat(
            TabularMetrics.averagePrecision(
                new boolean[] {false, false, true, true}, new double[] {0.1, 0.4, 0.35, 0.8}))
        .isCloseTo(5.0 / 6, within(1e-12));
    // P@R steps: 1/3 * 1 + 1/3 * 2/3 + 1/3 * 3/4 = 29/36
    assertThat(
            TabularMetrics.averagePrecision(
                new boolean[] {true, false, true, true, false},
                new double[] {0.9, 0.8, 0.7, 0.6, 0.2}))
        .isCloseTo(29.0 / 36, within(1e-12));
    // ties enter together: one threshold, recall 1 at precision 1/2
    assertThat(
            TabularMetrics.averagePrecision(new boolean[] {true, false}, new double[] {0.5, 0.5}))
        .isCloseTo(0.5, within(1e-12));
    // ties: {0.9: P}, {0.5: P, N}, {0.3: N, P, P} -> 0.25*1 + 0.25*2/3 + 0.5*4/6 = 0.75
    assertThat(
            TabularMetrics.averagePrecision(
                new boolean[] {true, false, true, false, true, true},
                new double[] {0.5, 0.5, 0.3, 0.3, 0.3, 0.9}))
        .isCloseTo(0.75, within(1e-12));
    assertThatThrownBy(
            () -> TabularMetrics.averagePrecision(new boolean[] {false}, new double[] {0.2}))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void binaryClassificationMetricsMatchHandComputedValues() {
    double[] y = {0, 1, 1, 0};
    double[] p1 = {0.2, 0.7, 0.4, 0.6};
    double[][] probs = new double[4][];
    for (int i = 0; i < 4; i++) {
      probs[i] = new double[] {1 - p1[i], p1[i]};
    }
    Map<String, Double> m =
        TabularMetrics.compute(TabularTask.CLASSIFICATION, List.of("no", "yes"), y, probs);
    assertThat(m.get("accuracy")).isCloseTo(0.5, within(1e-12));
    assertThat(m.get("precision")).isCloseTo(0.5, within(1e-12));
    assertThat(m.get("recall")).isCloseTo(0.5, within(1e-12));
    assertThat(m.get("f1")).isCloseTo(0.5, within(1e-12));
    assertThat(m.get("roc_auc")).isCloseTo(0.75, within(1e-12));
    assertThat(m.get("pr_auc")).isCloseTo(5.0 / 6, within(1e-12));
    // -(ln .8 + ln .7 + ln .4 + ln .4) / 4
    assertThat(m.get("log_loss")).isCloseTo(0.6030999897503131, within(1e-12));
  }

  @Test
  void multiClassUsesMacroAveragesAndSkipsUndefinedAuc() {
    double[] y = {0, 1, 2, 2};
    double[][] probs = {{0.8, 0.1, 0.1}, {0.1, 0.2, 0.7}, {0.1, 0.1, 0.8}, {0.3, 0.4, 0.3}};
    Map<String, Double> m =
        TabularMetrics.compute(TabularTask.CLASSIFICATION, List.of("a", "b", "c"), y, probs);
    // predicted 0, 2, 2, 1: per-class precision 1, 0, 1/2; recall 1, 0, 1/2
    assertThat(m.get("accuracy")).isCloseTo(0.5, within(1e-12));
    assertThat(m.get("precision")).isCloseTo(0.5, within(1e-12));
    assertThat(m.get("recall")).isCloseTo(0.5, within(1e-12));
    assertThat(m).containsKey("roc_auc").doesNotContainKey("pr_auc");
    Map<String, Double> missingClass =
        TabularMetrics.compute(
            TabularTask.CLASSIFICATION,
            List.of("a", "b", "c"),
            new double[] {0, 0, 1},
            new double[][] {{0.8, 0.1, 0.1}, {0.6, 0.3, 0.1}, {0.2, 0.7, 0.1}});
    assertThat(missingClass).doesNotContainKey("roc_auc").containsKey("accuracy");
  }

  @Test
  void badShapesAreRejected() {
    assertThatThrownBy(
            () ->
                TabularMetrics.compute(
                    TabularTask.REGRESSION, List.of(), new double[] {1, 2}, new double[][] {{1}}))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("1 predictions for 2 targets");
    assertThatThrownBy(
            () ->
                TabularMetrics.compute(
                    TabularTask.CLASSIFICATION,
                    List.of("a", "b"),
                    new double[] {1},
                    new double[][] {{0.2, 0.3, 0.5}}))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("3 probabilities for 2 labels");
    assertThat(MetricDirection.of("rmse_log")).isEqualTo(MetricDirection.LOWER_IS_BETTER);
    assertThat(MetricDirection.of("roc_auc")).isEqualTo(MetricDirection.HIGHER_IS_BETTER);
  }
}
