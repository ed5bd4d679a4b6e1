package dev.mle4j.tabular.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Test selection, thresholds, custom rules, target/prediction drift and bad input. */
class DriftDetectorTest {

  private static DataFrame frame(int rows, long seed, double shift) {
    Random r = new Random(seed);
    double[] x = new double[rows];
    double[] few = new double[rows];
    String[] cat = new String[rows];
    String[] bin = new String[rows];
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      x[i] = r.nextGaussian() + shift;
      few[i] = r.nextInt(4);
      cat[i] = "c" + r.nextInt(5);
      bin[i] = r.nextBoolean() ? "yes" : "no";
      y[i] = x[i] * 2 + r.nextGaussian();
    }
    return DataFrame.empty(rows)
        .with("x", ColumnType.NUMERIC, x)
        .with("few", ColumnType.NUMERIC, few)
        .with("cat", ColumnType.CATEGORICAL, cat)
        .with("bin", ColumnType.CATEGORICAL, bin)
        .with("y", ColumnType.NUMERIC, y);
  }

  @Test
  void smallReferenceUsesKsChiSquareAndZ() {
    DriftResult r =
        new DriftDetector(DriftConfig.defaults()).detect("s", frame(500, 1, 0), frame(400, 2, 0));
    assertThat(r.feature("x").orElseThrow().method()).isEqualTo(DriftMethod.KS);
    assertThat(r.feature("few").orElseThrow().method()).isEqualTo(DriftMethod.CHI_SQUARE);
    assertThat(r.feature("cat").orElseThrow().method()).isEqualTo(DriftMethod.CHI_SQUARE);
    assertThat(r.feature("bin").orElseThrow().method()).isEqualTo(DriftMethod.Z_TEST);
    assertThat(r.datasetDrift()).isFalse();
  }

  @Test
  void largeReferenceUsesWassersteinAndJensenShannon() {
    DriftResult r =
        new DriftDetector(DriftConfig.defaults()).detect("l", frame(1001, 1, 0), frame(300, 2, 0));
    assertThat(r.feature("x").orElseThrow().method()).isEqualTo(DriftMethod.WASSERSTEIN);
    assertThat(r.feature("few").orElseThrow().method()).isEqualTo(DriftMethod.JENSEN_SHANNON);
    assertThat(r.feature("cat").orElseThrow().method()).isEqualTo(DriftMethod.JENSEN_SHANNON);
    assertThat(r.feature("bin").orElseThrow().method()).isEqualTo(DriftMethod.JENSEN_SHANNON);
    assertThat(r.feature("x").orElseThrow().threshold()).isEqualTo(0.1);
  }

  @Test
  void defaultMethodBoundaries() {
    DriftDetector d = new DriftDetector(DriftConfig.defaults());
    assertThat(d.defaultMethod(1000, true, 6)).isEqualTo(DriftMethod.KS);
    assertThat(d.defaultMethod(1000, true, 5)).isEqualTo(DriftMethod.CHI_SQUARE);
    assertThat(d.defaultMethod(1000, true, 2)).isEqualTo(DriftMethod.Z_TEST);
    assertThat(d.defaultMethod(1000, false, 40)).isEqualTo(DriftMethod.CHI_SQUARE);
    assertThat(d.defaultMethod(1001, true, 6)).isEqualTo(DriftMethod.WASSERSTEIN);
    assertThat(d.defaultMethod(1001, true, 5)).isEqualTo(DriftMethod.JENSEN_SHANNON);
    assertThat(d.defaultMethod(1001, false, 2)).isEqualTo(DriftMethod.JENSEN_SHANNON);
  }

  @Test
  void shiftedNumericColumnDriftsAndTargetAndPredictionAreTestedSeparately() {
    DataFrame ref = frame(500, 1, 0);
    DataFrame cur = frame(500, 2, 1.0);
    DriftConfig config = DriftConfig.builder().target("y").prediction("x").build();
    DriftResult r = new DriftDetector(config).detect("t", ref, cur);
    assertThat(r.features()).extracting(ColumnDrift::column).containsExactly("few", "cat", "bin");
    assertThat(r.target().drift()).isTrue();
    assertThat(r.target().role()).isEqualTo(ColumnDrift.Role.TARGET);
    assertThat(r.prediction().drift()).isTrue();
    assertThat(r.alerts())
        .extracting(DriftAlert::kind)
        .contains(DriftAlert.Kind.TARGET_DRIFT, DriftAlert.Kind.PREDICTION_DRIFT);
  }

  @Test
  void overridesChangeMethodAndThresholdsAndDriftShare() {
    DataFrame ref = frame(500, 1, 0);
    DataFrame cur = frame(500, 2, 0.3);
    DriftConfig config =
        DriftConfig.builder()
            .method("x", DriftMethod.PSI)
            .threshold("x", 1e-6)
            .stattestThreshold(0.999999)
            .driftShare(0.2)
            .build();
    DriftResult r = new DriftDetector(config).detect("o", ref, cur);
    ColumnDrift x = r.feature("x").orElseThrow();
    assertThat(x.method()).isEqualTo(DriftMethod.PSI);
    assertThat(x.threshold()).isEqualTo(1e-6);
    assertThat(x.drift()).isTrue();
    assertThat(r.feature("cat").orElseThrow().threshold()).isEqualTo(0.999999);
    assertThat(r.datasetDrift()).isTrue();
    assertThat(r.alerts()).extracting(DriftAlert::kind).contains(DriftAlert.Kind.DATASET_DRIFT);
  }

  @Test
  void medianShiftRuleAlertsAboveTwentyPercent() {
    double[] ref = {10, 11, 12, 13, 14};
    double[] small = {10.5, 11.5, 12.5, 13.5, 14.5};
    double[] big = {14, 15, 16, 17, 18};
    DataFrame r = DataFrame.empty(5).with("v", ColumnType.NUMERIC, ref);
    DriftConfig config = DriftConfig.builder().rule(StatisticShiftRule.median("v", 0.2)).build();
    DriftResult ok =
        new DriftDetector(config)
            .detect("m", r, DataFrame.empty(5).with("v", ColumnType.NUMERIC, small));
    assertThat(ok.rules().get(0).change()).isCloseTo(0.5 / 12, within(1e-12));
    assertThat(ok.rules().get(0).violated()).isFalse();
    DriftResult bad =
        new DriftDetector(config)
            .detect("m", r, DataFrame.empty(5).with("v", ColumnType.NUMERIC, big));
    assertThat(bad.rules().get(0).change()).isCloseTo(4.0 / 12, within(1e-12));
    assertThat(bad.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(DriftAlert.Kind.RULE);
              assertThat(a.message()).contains("median of 'v' changed by 33.3%");
            });
  }

  @Test
  void missingValuesAreDropped() {
    double[] ref = new double[40];
    double[] cur = new double[40];
    for (int i = 0; i < 40; i++) {
      ref[i] = i % 10 == 0 ? Double.NaN : i;
      cur[i] = i % 7 == 0 ? Double.POSITIVE_INFINITY : i;
    }
    DriftResult r =
        new DriftDetector(DriftConfig.defaults())
            .detect(
                "n",
                DataFrame.empty(40).with("v", ColumnType.NUMERIC, ref),
                DataFrame.empty(40).with("v", ColumnType.NUMERIC, cur));
    ColumnDrift v = r.features().get(0);
    assertThat(v.referenceCount()).isEqualTo(36);
    assertThat(v.currentCount()).isEqualTo(34);
    double[] rf = Arrays.stream(ref).filter(Double::isFinite).toArray();
    double[] cf = Arrays.stream(cur).filter(Double::isFinite).toArray();
    assertThat(v.score()).isEqualTo(DriftStatistics.ksTwoSample(rf, cf).pValue());
  }

  @Test
  void badInputGivesClearMessages() {
    DriftDetector d = new DriftDetector(DriftConfig.defaults());
    DataFrame ok = frame(50, 1, 0);
    assertThatThrownBy(() -> d.detect("b", DataFrame.empty(0), ok))
        .isInstanceOf(MlException.class)
        .hasMessage("drift: the reference data is empty");
    assertThatThrownBy(() -> d.detect("b", ok, DataFrame.empty(0)))
        .isInstanceOf(MlException.class)
        .hasMessage("drift: the current data is empty");
    assertThatThrownBy(() -> d.detect("b", ok, ok.drop(List.of("cat"))))
        .isInstanceOf(MlException.class)
        .hasMessage("drift: column 'cat' is missing in the current data");
    double[] nan = new double[50];
    Arrays.fill(nan, Double.NaN);
    assertThatThrownBy(() -> d.detect("b", ok, ok.with("x", ColumnType.NUMERIC, nan)))
        .isInstanceOf(MlException.class)
        .hasMessage("drift: column 'x' has no non-missing values in the current data");
    String[] text = new String[50];
    Arrays.fill(text, "a");
    assertThatThrownBy(() -> d.detect("b", ok, ok.with("x", ColumnType.CATEGORICAL, text)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'x' is NUMERIC in the reference but CATEGORICAL");
    DriftDetector ks =
        new DriftDetector(DriftConfig.builder().method("cat", DriftMethod.KS).build());
    assertThatThrownBy(() -> ks.detect("b", ok, ok))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("ks needs a numeric column, 'cat' is categorical");
    assertThatThrownBy(() -> DriftConfig.builder().driftShare(0).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("driftShare");
    assertThatThrownBy(() -> StatisticShiftRule.median("v", -1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("maxRelativeChange");
  }
}
