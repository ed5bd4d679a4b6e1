package dev.mle4j.tabular.eda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import org.junit.jupiter.api.Test;

class StatisticsTest {

  private static final double NAN = Double.NaN;

  @Test
  void spearmanAveragesTiedRanks() {
    // ranks of y = 5,6,7,8,7 are 1,2,3.5,5,3.5; sxy = 8, sxx = 10, syy = 9.5
    double rho = Statistics.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7});
    assertThat(rho).isCloseTo(8 / Math.sqrt(95), within(1e-12));
    assertThat(Statistics.ranks(new double[] {5, NAN, 7, 5})).containsExactly(1.5, NAN, 3, 1.5);
  }

  @Test
  void spearmanIsOneForMonotoneAndSkipsMissingPairs() {
    double[] x = {1, 2, 3, NAN, 5};
    double[] y = {1, 8, 27, 64, 125};
    assertThat(Statistics.spearman(x, y)).isCloseTo(1.0, within(1e-12));
    assertThat(Statistics.pearson(x, y)).isLessThan(0.99);
  }

  @Test
  void cramersVMatchesHandComputedTables() {
    // table [[3,1],[1,3]]: chi2 = 2, phi2 = 1/4, corrected phi2 = 1/4 - 1/7, denominator 6/7
    String[] a = {"x", "x", "x", "x", "y", "y", "y", "y"};
    String[] b = {"p", "p", "p", "q", "p", "q", "q", "q"};
    assertThat(Statistics.cramersV(a, b)).isCloseTo(Math.sqrt(0.125), within(1e-12));
    String[] perfect = {"p", "p", "p", "p", "q", "q", "q", "q"};
    assertThat(Statistics.cramersV(a, perfect)).isCloseTo(1.0, within(1e-12));
    String[] independent = {"p", "p", "q", "q", "p", "p", "q", "q"};
    assertThat(Statistics.cramersV(a, independent)).isCloseTo(0.0, within(1e-12));
    String[] constant = {"c", "c", "c", "c", "c", "c", "c", "c"};
    assertThat(Statistics.cramersV(a, constant)).isNaN();
  }

  @Test
  void correlationRatioMatchesHandComputedValue() {
    // group means 2 and 6 around 4: between 16, total 20
    double eta =
        Statistics.correlationRatio(
            new String[] {"a", "a", "b", "b", null}, new double[] {1, 3, 5, 7, 99});
    assertThat(eta).isCloseTo(Math.sqrt(0.8), within(1e-12));
    assertThat(Statistics.correlationRatio(new String[] {"a", "a", "b"}, new double[] {1, 1, 2}))
        .isCloseTo(1.0, within(1e-12));
  }

  @Test
  void momentsAndQuantilesMatchPandasAndNumpy() {
    double[] v = {1, 2, 3, 4, 10, 2.5, 7, NAN};
    assertThat(Statistics.skewness(v)).isCloseTo(1.1853364305393073, within(1e-12));
    assertThat(Statistics.kurtosis(v)).isCloseTo(0.5843388413282401, within(1e-12));
    assertThat(Statistics.quantile(new double[] {1, 2, 3, 4}, 0.25)).isEqualTo(1.75);
    assertThat(Statistics.std(new double[] {1, 2, 6, NAN})).isCloseTo(Math.sqrt(7), within(1e-12));
  }

  @Test
  void mismatchedLengthsAreRejected() {
    assertThatThrownBy(() -> Statistics.pearson(new double[2], new double[3]))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("different lengths");
  }
}
