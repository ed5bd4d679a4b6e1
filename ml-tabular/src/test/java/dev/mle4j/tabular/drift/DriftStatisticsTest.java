package dev.mle4j.tabular.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import org.junit.jupiter.api.Test;

/** Each statistic against values computed with SciPy 1.17.1 (the calls are named per constant). */
class DriftStatisticsTest {
  private static final double[] A = {0.1, 0.5, 0.9, 1.3, 2.0, 2.2, 3.1, 4.0};
  private static final double[] B = {0.4, 1.5, 1.6, 2.5, 3.3, 3.9, 4.4, 5.0};
  private static final double[] C = {0.3, 0.7, 2.5, 2.6, 2.8, 3.5, 4.1, 4.2, 6.0, 7.5, 8.0};

  private static double[] seq(int n, int mul, int mod, double div, double add) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = ((i * mul) % mod) / div + add;
    }
    return out;
  }

  @Test
  void ksEqualSizesMatchesScipyExact() {
    // scipy.stats.ks_2samp(A, B) -> statistic 0.375, pvalue 0.6601398601398599
    DriftStatistics.KsResult r = DriftStatistics.ksTwoSample(A, B);
    assertThat(r.statistic()).isCloseTo(0.375, within(1e-12));
    assertThat(r.pValue()).isCloseTo(0.6601398601398599, within(1e-12));
    assertThat(r.exact()).isTrue();
  }

  @Test
  void ksUnequalSizesMatchesScipyExact() {
    // scipy.stats.ks_2samp(A, C) -> 0.5681818181818182, pvalue 0.06533301579741209
    DriftStatistics.KsResult r = DriftStatistics.ksTwoSample(A, C);
    assertThat(r.statistic()).isCloseTo(0.5681818181818182, within(1e-12));
    assertThat(r.pValue()).isCloseTo(0.06533301579741209, within(1e-10));
  }

  @Test
  void ksWithTiesMatchesScipy() {
    // scipy.stats.ks_2samp([1,1,2,2,2,3,3,4,5,5], [2,2,3,3,3,4,4,4,5,6,6,7]) -> 1/3,
    // 0.4769564800524554
    double[] d = {1, 1, 2, 2, 2, 3, 3, 4, 5, 5};
    double[] e = {2, 2, 3, 3, 3, 4, 4, 4, 5, 6, 6, 7};
    DriftStatistics.KsResult r = DriftStatistics.ksTwoSample(d, e);
    assertThat(r.statistic()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(r.pValue()).isCloseTo(0.4769564800524554, within(1e-10));
  }

  @Test
  void ksMediumSamplesMatchScipy() {
    // x = [((i*37) % 101) / 10 for i in range(300)], y = [((j*53) % 97) / 9 + 0.5 for j in
    // range(450)], y2 = [((j*53) % 97) / 9.7 for j in range(300)]
    double[] x = seq(300, 37, 101, 10.0, 0);
    double[] y = seq(450, 53, 97, 9.0, 0.5);
    double[] y2 = seq(300, 53, 97, 9.7, 0);
    // scipy.stats.ks_2samp(x, y) -> 0.1111111111111111, pvalue 0.022219911446650562
    DriftStatistics.KsResult r = DriftStatistics.ksTwoSample(x, y);
    assertThat(r.statistic()).isCloseTo(0.1111111111111111, within(1e-12));
    assertThat(r.pValue()).isCloseTo(0.022219911446650562, within(1e-9));
    // scipy.stats.ks_2samp(x, y2) -> 0.02, pvalue 0.9999999905275543
    assertThat(DriftStatistics.ksTwoSample(x, y2).pValue())
        .isCloseTo(0.9999999905275543, within(1e-9));
    // stats.wasserstein_distance(x, y) / np.std(x) -> 0.27747175139524316
    assertThat(DriftStatistics.wassersteinNormed(x, y))
        .isCloseTo(0.27747175139524316, within(1e-12));
  }

  @Test
  void ksLargeSamplesUseAsymptoticDistribution() {
    // u = [((i*37) % 1009) / 100 for i in range(12000)], v = [((j*53) % 997) / 100 + 0.05 ...
    // range(11000)]: scipy.stats.ks_2samp(u, v) -> 0.006916666666666682, pvalue
    // 0.9447135875297779 (kstwo.sf); the limiting Kolmogorov distribution is within 1e-2.
    double[] u = seq(12000, 37, 1009, 100.0, 0);
    double[] v = seq(11000, 53, 997, 100.0, 0.05);
    DriftStatistics.KsResult r = DriftStatistics.ksTwoSample(u, v);
    assertThat(r.exact()).isFalse();
    assertThat(r.statistic()).isCloseTo(0.006916666666666682, within(1e-12));
    assertThat(r.pValue()).isCloseTo(0.9447135875297779, within(1e-2));
  }

  @Test
  void chiSquareSurvivalMatchesScipy() {
    // scipy.stats.chi2.sf(3.5, 2), chi2.sf(10.0, 5), chi2.sf(0.5, 1), chi2.sf(40.0, 17)
    assertThat(DriftStatistics.chiSquareSurvival(3.5, 2))
        .isCloseTo(0.1737739434504451, within(1e-13));
    assertThat(DriftStatistics.chiSquareSurvival(10.0, 5))
        .isCloseTo(0.07523524614651217, within(1e-13));
    assertThat(DriftStatistics.chiSquareSurvival(0.5, 1))
        .isCloseTo(0.47950012218695337, within(1e-13));
    assertThat(DriftStatistics.chiSquareSurvival(40.0, 17))
        .isCloseTo(0.0012941985337428965, within(1e-14));
  }

  @Test
  void normalCdfMatchesScipy() {
    // scipy.stats.norm.cdf(1.96), norm.cdf(-0.5), norm.cdf(3.2), norm.cdf(0)
    assertThat(DriftStatistics.normalCdf(1.96)).isCloseTo(0.9750021048517795, within(1e-14));
    assertThat(DriftStatistics.normalCdf(-0.5)).isCloseTo(0.3085375387259869, within(1e-14));
    assertThat(DriftStatistics.normalCdf(3.2)).isCloseTo(0.9993128620620841, within(1e-14));
    assertThat(DriftStatistics.normalCdf(0)).isCloseTo(0.5, within(1e-15));
  }

  @Test
  void chiSquareTestWassersteinAndJensenShannonMatchScipy() {
    // scipy.stats.chisquare([30, 14, 6], [25.0, 15.0, 10.0]).pvalue -> 0.2635971381157267
    assertThat(DriftStatistics.chiSquarePValue(new double[] {30, 14, 6}, new double[] {25, 15, 10}))
        .isCloseTo(0.2635971381157267, within(1e-13));
    // scipy.stats.wasserstein_distance(A, C) -> 2.0738636363636362
    assertThat(DriftStatistics.wasserstein(A, C)).isCloseTo(2.0738636363636362, within(1e-12));
    // scipy.spatial.distance.jensenshannon([0.1, 0.4, 0.5], [0.3, 0.3, 0.4]) -> 0.18035965602712561
    assertThat(
            DriftStatistics.jensenShannon(
                new double[] {0.1, 0.4, 0.5}, new double[] {0.3, 0.3, 0.4}))
        .isCloseTo(0.18035965602712561, within(1e-13));
  }

  @Test
  void sturgesEdgesMatchNumpy() {
    // numpy.histogram_bin_edges(A + C, bins="sturges") -> 0.1 .. 8.0 in 6 bins
    double[] edges = DriftStatistics.sturgesEdges(A, C);
    assertThat(edges).hasSize(7);
    assertThat(edges[1]).isCloseTo(1.41666667, within(1e-8));
    assertThat(edges[6]).isEqualTo(8.0);
    double[] shares = DriftStatistics.histogramShares(A, edges);
    assertThat(shares[0]).isCloseTo(4.0 / 8, within(1e-15));
    assertThat(java.util.Arrays.stream(shares).sum()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void zTestOfIdenticalProportionsIsOneAndOfOppositeIsTiny() {
    Object[] ref = {"a", "a", "b", "b"};
    assertThat(DriftStatistics.zTestDrift(ref, ref)).isCloseTo(1.0, within(1e-12));
    Object[] allA = new Object[40];
    Object[] allB = new Object[40];
    java.util.Arrays.fill(allA, "a");
    java.util.Arrays.fill(allB, "b");
    assertThat(DriftStatistics.zTestDrift(allA, allB)).isLessThan(1e-15);
    assertThat(DriftStatistics.zTestDrift(allA, allA)).isEqualTo(1.0);
  }

  @Test
  void badInputIsRejectedWithClearMessages() {
    assertThatThrownBy(() -> DriftStatistics.ksTwoSample(new double[0], A))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("first sample is empty");
    assertThatThrownBy(
            () -> DriftStatistics.zTestDrift(new Object[] {"a", "b"}, new Object[] {"c"}))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("3 distinct values");
    assertThatThrownBy(() -> DriftStatistics.regularizedGammaQ(-1, 2))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("a > 0");
  }
}
