package dev.mle4j.tabular.features.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureSelector;
import dev.mle4j.tabular.features.FeatureStep;
import dev.mle4j.tabular.features.FitContext;
import dev.mle4j.tabular.features.Fixtures;
import dev.mle4j.tabular.model.TabularLearner;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SelectionStepsTest {

  /** y = 3 a + 1 b + 0.3 c + noise; d is noise; a2 is a copy of a with tiny noise. */
  private static DataFrame frame() {
    Random r = new Random(1);
    int n = 300;
    double[] a = new double[n];
    double[] a2 = new double[n];
    double[] b = new double[n];
    double[] c = new double[n];
    double[] d = new double[n];
    String[] s = new String[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextGaussian();
      a2[i] = a[i] + 0.01 * r.nextGaussian();
      b[i] = r.nextGaussian();
      c[i] = r.nextGaussian();
      d[i] = r.nextGaussian();
      s[i] = i % 2 == 0 ? "x" : "y";
    }
    return DataFrame.empty(n)
        .with("a", ColumnType.NUMERIC, a)
        .with("a2", ColumnType.NUMERIC, a2)
        .with("b", ColumnType.NUMERIC, b)
        .with("c", ColumnType.NUMERIC, c)
        .with("d", ColumnType.NUMERIC, d)
        .with("s", ColumnType.CATEGORICAL, s);
  }

  private static Target target(DataFrame df) {
    Random r = new Random(2);
    double[] y = new double[df.rows()];
    for (int i = 0; i < y.length; i++) {
      y[i] =
          3 * df.numeric("a")[i]
              + df.numeric("b")[i]
              + 0.3 * df.numeric("c")[i]
              + 0.05 * r.nextGaussian();
    }
    return Target.regression("y", y);
  }

  private static FeatureSelector fit(FeatureStep step, DataFrame df, Target y) {
    return (FeatureSelector) step.fitOnly(df, y, FitContext.defaults());
  }

  private static final TabularLearner LS = Fixtures.leastSquares(TabularTask.REGRESSION);

  @Test
  void correlationFilterDropsTheLessRelevantOfAPair() {
    DataFrame df = frame();
    Target y = target(df);
    FeatureSelector s = fit(CorrelationFilter.defaults(), df, y);
    assertThat(s.dropped()).hasSize(1).containsAnyOf("a", "a2");
    // whichever is kept is the one more correlated with y
    String kept = s.dropped().contains("a") ? "a2" : "a";
    double rKept = Selection.pearson(df.numeric(kept), y.values());
    String other = kept.equals("a") ? "a2" : "a";
    assertThat(Math.abs(rKept))
        .isGreaterThanOrEqualTo(Math.abs(Selection.pearson(df.numeric(other), y.values())));
    assertThat(s.transform(df).columns()).containsExactly(s.keep().toArray(String[]::new));
    assertThat(s.keep()).contains("s", "b", "c", "d");
    assertThat(fit(CorrelationFilter.of(0.999999), df, y).dropped()).isEmpty();
    assertThatThrownBy(() -> CorrelationFilter.of(1.5)).isInstanceOf(MlException.class);
  }

  @Test
  void correlationFilterKeepsTheColumnCorrelatedWithTheTarget() {
    double[] x1 = {1, 2, 3, 4, 5, 6};
    double[] x2 = {1, 2, 3, 4, 5, 6.5};
    DataFrame df =
        DataFrame.empty(6).with("x1", ColumnType.NUMERIC, x1).with("x2", ColumnType.NUMERIC, x2);
    // y equals x2, so x2 is kept
    assertThat(fit(CorrelationFilter.defaults(), df, Target.regression("y", x2)).keep())
        .containsExactly("x2");
    assertThat(fit(CorrelationFilter.defaults(), df, Target.regression("y", x1)).keep())
        .containsExactly("x1");
  }

  @Test
  void correlationFilterDropsConstantColumnsUnlessAskedNotTo() {
    DataFrame df =
        DataFrame.empty(4)
            .with("x", ColumnType.NUMERIC, new double[] {1, 2, 3, 5})
            .with("zero", ColumnType.BOOLEAN, new double[] {0, 0, 0, 0})
            .with("gap", ColumnType.NUMERIC, new double[] {Double.NaN, 7, 7, Double.NaN});
    Target y = Target.regression("y", new double[] {1, 2, 3, 4});
    assertThat(fit(CorrelationFilter.defaults(), df, y).keep()).containsExactly("x");
    assertThat(fit(CorrelationFilter.of(0.95, false), df, y).keep())
        .containsExactly("x", "zero", "gap");
  }

  @Test
  void importanceSelectorTopKAndShare() {
    DataFrame df = frame().drop(java.util.List.of("a2"));
    Target y = target(df);
    FeatureSelector top = fit(ImportanceSelector.topK(LS, 2), df, y);
    assertThat(top.keep()).containsExactly("a", "b", "s");
    assertThat(top.dropped()).containsExactly("c", "d");
    // importances about 3, 1, 0.3, 0: 3 / 4.3 = 0.70 < 0.75 needs b too
    assertThat(fit(ImportanceSelector.cumulativeShare(LS, 0.75), df, y).keep())
        .containsExactly("a", "b", "s");
    assertThat(fit(ImportanceSelector.cumulativeShare(LS, 0.5), df, y).keep())
        .containsExactly("a", "s");
    assertThatThrownBy(() -> ImportanceSelector.topK(LS, 0)).isInstanceOf(MlException.class);
    TabularLearner classifier = Fixtures.leastSquares(TabularTask.CLASSIFICATION);
    assertThatThrownBy(() -> fit(ImportanceSelector.topK(classifier, 1), df, y))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("solves CLASSIFICATION but the target is REGRESSION");
  }

  @Test
  void recursiveEliminationDownToNAndScored() {
    DataFrame df = frame().drop(java.util.List.of("a2"));
    Target y = target(df);
    assertThat(fit(RecursiveFeatureElimination.of(LS, 1, 1), df, y).keep())
        .containsExactly("a", "s");
    assertThat(fit(RecursiveFeatureElimination.of(LS, 3, 2), df, y).keep())
        .containsExactly("a", "b", "c", "s");
    // score: R^2-like fit of the tiny learner minus 0.001 per feature -> a, b, c is best
    RecursiveFeatureElimination.SubsetScorer scorer =
        (x, t) -> {
          try (var m = LS.fit(x, t)) {
            double[][] p = m.predict(x.rows());
            double sse = 0;
            double sst = 0;
            double mean = java.util.Arrays.stream(t.values()).average().orElse(0);
            for (int i = 0; i < p.length; i++) {
              sse += Math.pow(p[i][0] - t.value(i), 2);
              sst += Math.pow(t.value(i) - mean, 2);
            }
            return 1 - sse / sst - 0.001 * x.names().size();
          }
        };
    FeatureSelector scored = fit(RecursiveFeatureElimination.scored(LS, 1, 1, scorer), df, y);
    assertThat(scored.keep()).containsExactly("a", "b", "c", "s");
    assertThat(scored.dropped()).containsExactly("d");
  }
}
