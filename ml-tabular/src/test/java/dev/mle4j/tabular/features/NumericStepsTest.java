package dev.mle4j.tabular.features;

import static dev.mle4j.tabular.features.Fixtures.fit;
import static dev.mle4j.tabular.features.Fixtures.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumericStepsTest {

  private static final double NAN = Double.NaN;

  private static DataFrame imputerFrame() {
    return frame(4)
        .num("x", 1, NAN, 3, 10)
        .cat("c", "a", null, "a", "b")
        .cat("g", "p", "p", "q", "q")
        .build();
  }

  @Test
  void imputerFillsMedianAndConstantWithIndicators() {
    FeatureStep.Fit f = fit(Imputer.builder().indicators(true).build(), imputerFrame());
    DataFrame out = f.transformed();
    assertThat(out.numeric("x")).containsExactly(1, 3, 3, 10);
    assertThat(out.strings("c")).containsExactly("a", "__missing__", "a", "b");
    assertThat(out.numeric("x__missing")).containsExactly(0, 1, 0, 0);
    assertThat(out.numeric("c__missing")).containsExactly(0, 1, 0, 0);
    assertThat(out.type("x__missing")).isEqualTo(ColumnType.BOOLEAN);
    assertThat(out.has("g__missing")).isFalse();
  }

  @Test
  void imputerMeanModeAndConstant() {
    DataFrame out =
        fit(
                Imputer.builder().numeric(Imputer.NumericStrategy.MEAN).categoricalMode().build(),
                imputerFrame())
            .transformed();
    assertThat(out.numeric("x")[1]).isCloseTo(14.0 / 3, within(1e-12));
    assertThat(out.strings("c")[1]).isEqualTo("a");
    DataFrame constant =
        fit(
                Imputer.builder().numericConstant(-1).categoricalConstant("none").build(),
                imputerFrame())
            .transformed();
    assertThat(constant.numeric("x")[1]).isEqualTo(-1);
    assertThat(constant.strings("c")[1]).isEqualTo("none");
  }

  @Test
  void imputerGroupMedianFallsBackToGlobal() {
    FittedStep s = fit(Imputer.builder().groupBy("g").build(), imputerFrame()).step();
    DataFrame serve =
        frame(4)
            .num("x", NAN, NAN, NAN, NAN)
            .cat("c", "a", "a", "a", "a")
            .cat("g", "p", "q", "r", null)
            .build();
    // group p: median of [1] = 1; q: median of [3, 10] = 6.5; unseen / missing: global median 3
    assertThat(s.transform(serve).numeric("x")).containsExactly(1, 6.5, 3, 3);
  }

  @Test
  void imputerAllMissingColumnFillsZero() {
    DataFrame df = frame(2).num("x", NAN, NAN).build();
    assertThat(fit(Imputer.defaults(), df).transformed().numeric("x")).containsExactly(0, 0);
  }

  @Test
  void imputerErrors() {
    assertThatThrownBy(
            () -> fit(Imputer.builder().numericColumns(List.of("c")).build(), imputerFrame()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("column 'c' is CATEGORICAL");
    assertThatThrownBy(
            () -> fit(Imputer.builder().numericColumns(List.of("nope")).build(), imputerFrame()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("lacks column 'nope'");
    FittedStep s = fit(Imputer.defaults(), imputerFrame()).step();
    assertThatThrownBy(() -> s.transform(imputerFrame().drop(List.of("x"))))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("imputer: input lacks column 'x'");
    DataFrame wrong =
        imputerFrame()
            .drop(List.of("x"))
            .with("x", ColumnType.CATEGORICAL, new String[] {"1", "2", "3", "4"});
    assertThatThrownBy(() -> s.transform(wrong))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("column 'x' is CATEGORICAL, expected a numeric column");
  }

  @Test
  void capperUsesIqrFencesAndSkipsZeroIqr() {
    DataFrame df = frame(6).num("x", 1, 2, 3, 4, 100, NAN).num("z", 0, 0, 0, 0, 5, 0).build();
    FeatureStep.Fit f = fit(OutlierCapper.iqr(), df);
    // x: Q1 = 2, Q3 = 4 (of 1,2,3,4,100), IQR 2, fences -1 and 7
    assertThat(f.transformed().numeric("x")).containsExactly(1, 2, 3, 4, 7, NAN);
    assertThat(f.transformed().numeric("z")).containsExactly(0, 0, 0, 0, 5, 0);
    DataFrame serve = frame(2).num("x", -50, 5).num("z", 9, 9).build();
    assertThat(f.step().transform(serve).numeric("x")).containsExactly(-1, 5);
  }

  @Test
  void capperZScore() {
    DataFrame df = frame(4).num("x", 1, 2, 3, 4).build();
    FittedStep s = fit(OutlierCapper.zScore(1, List.of("x")), df).step();
    double sd = Math.sqrt(1.25);
    assertThat(s.transform(frame(2).num("x", 10, -10).build()).numeric("x"))
        .containsExactly(2.5 + sd, 2.5 - sd);
    assertThatThrownBy(() -> OutlierCapper.iqr(0, List.of())).isInstanceOf(MlException.class);
  }

  @Test
  void scalers() {
    DataFrame df = frame(4).num("x", 1, 2, 3, 4).typed("b", ColumnType.BOOLEAN, 0, 1, 1, 0).build();
    double sd = Math.sqrt(1.25);
    DataFrame std = fit(Scalers.standard(List.of()), df).transformed();
    assertThat(std.numeric("x")).containsExactly(-1.5 / sd, -0.5 / sd, 0.5 / sd, 1.5 / sd);
    assertThat(std.numeric("b")).containsExactly(0, 1, 1, 0);
    assertThat(fit(Scalers.minMax(List.of()), df).transformed().numeric("x"))
        .containsExactly(0, 1.0 / 3, 2.0 / 3, 1);
    // median 2.5, Q1 1.75, Q3 3.25
    assertThat(fit(Scalers.robust(List.of()), df).transformed().numeric("x"))
        .containsExactly(-1, -1.0 / 3, 1.0 / 3, 1);
    DataFrame constant = frame(2).num("k", 5, 5).build();
    assertThat(fit(Scalers.standard(List.of()), constant).transformed().numeric("k"))
        .containsExactly(0, 0);
    assertThatThrownBy(() -> fit(Scalers.standard(List.of("b")), df))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("column 'b' is BOOLEAN");
  }

  @Test
  void log1pChoosesSkewedNonNegativeColumns() {
    DataFrame df =
        frame(9)
            .num("skewed", 0, 0, 0, 0, 0, 0, 0, 0, 100)
            .num("flat", 1, 2, 3, 4, 5, 6, 7, 8, 9)
            .num("negative", -1, 0, 0, 0, 0, 0, 0, 0, 100)
            .build();
    FeatureStep.Fit f = fit(Log1pTransform.skewed(), df);
    assertThat(((Log1pTransform.FittedLog1p) f.step()).columns()).containsExactly("skewed");
    assertThat(f.transformed().numeric("skewed")[8]).isEqualTo(Math.log1p(100));
    assertThat(f.transformed().numeric("flat")).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(
            f.step()
                .transform(frame(1).num("skewed", -3).num("flat", 0).num("negative", 0).build())
                .numeric("skewed"))
        .containsExactly(0);
    assertThat(Log1pTransform.skewness(new double[] {1, 2, 3})).isZero();
    assertThatThrownBy(() -> fit(Log1pTransform.of(List.of("negative")), df))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("column 'negative' has negative values");
  }

  @Test
  void polynomialSquaresAndProducts() {
    DataFrame df = frame(2).num("a", 1, 2).num("b", 3, NAN).build();
    DataFrame out = fit(PolynomialFeatures.degree2(List.of()), df).transformed();
    assertThat(out.columns()).containsExactly("a", "b", "a^2", "a*b", "b^2");
    assertThat(out.numeric("a^2")).containsExactly(1, 4);
    assertThat(out.numeric("a*b")).containsExactly(3, NAN);
    DataFrame inter = fit(PolynomialFeatures.interactionsOnly(List.of()), df).transformed();
    assertThat(inter.columns()).containsExactly("a", "b", "a*b");
  }

  @Test
  void binningEqualWidthQuantileAndOneHot() {
    DataFrame df = frame(11).num("x", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, NAN).build();
    // range 0..9 in 3 bins: edges 3 and 6
    assertThat(fit(Binning.equalWidth(3, false, List.of()), df).transformed().numeric("x"))
        .containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 2, 2, NAN);
    // median 4.5
    assertThat(fit(Binning.quantile(2, false, List.of()), df).transformed().numeric("x"))
        .containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, NAN);
    DataFrame oh = fit(Binning.equalWidth(3, true, List.of()), df).transformed();
    assertThat(oh.columns()).containsExactly("x_bin=0", "x_bin=1", "x_bin=2");
    assertThat(oh.numeric("x_bin=1")).containsExactly(0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0);
    assertThat(oh.numeric("x_bin=2")[10]).isZero();
    DataFrame dup = frame(4).num("x", 0, 0, 0, 1).build();
    Binning.FittedBinning fb =
        (Binning.FittedBinning) fit(Binning.quantile(4, false, List.of()), dup).step();
    assertThat(fb.edges().get("x")).containsExactly(0.25);
    assertThatThrownBy(() -> Binning.quantile(1, false, List.of())).isInstanceOf(MlException.class);
  }
}
