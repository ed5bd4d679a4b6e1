package dev.mle4j.tabular.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.core.report.HtmlReport;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.ensemble.RidgeMetaLearner;
import dev.mle4j.tabular.features.StepPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationAnalysesTest {

  private static final StepPipeline IDENTITY = StepPipeline.of(List.of());

  private static void assertPng(Path png) throws Exception {
    assertThat(png).exists();
    byte[] head = Files.readAllBytes(png);
    assertThat(head.length).isGreaterThan(1000);
    assertThat(new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  /** y depends on the first of eight columns; the others are noise that small samples overfit. */
  private static ToyLearners.Data wide(int n, long seed) {
    Random r = new Random(seed);
    DataFrame df = DataFrame.empty(n);
    double[][] cols = new double[8][n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 8; j++) {
        cols[j][i] = r.nextGaussian();
      }
      y[i] = 2 * cols[0][i] + 0.5 * r.nextGaussian();
    }
    for (int j = 0; j < 8; j++) {
      df = df.with(j == 0 ? "signal" : "noise" + j, ColumnType.NUMERIC, cols[j]);
    }
    return new ToyLearners.Data(df, Target.regression("y", y));
  }

  @Test
  void learningCurveImprovesValidationScoreWithMoreRows(@TempDir Path dir) throws Exception {
    var data = wide(120, 1);
    CrossValidation cv = CrossValidation.builder().folds(3).seed(4).build();
    LearningCurve curve = LearningCurve.of(new double[] {0.1, 0.3, 0.6, 1.0}, cv, "rmse", 7);
    LearningCurve.Result r =
        curve.run(data.x(), data.y(), IDENTITY, new ToyLearners.LeastSquaresLearner());
    assertThat(r.trainSizes()).containsExactly(new double[] {8, 24, 48, 80}, within(1e-9));
    // with 8 rows and 9 coefficients least squares interpolates: train error ~0, validation bad
    assertThat(r.trainMean()[0]).isLessThan(0.05);
    assertThat(r.validMean()[3]).isLessThan(r.validMean()[0]);
    assertThat(r.validMean()[3]).isLessThan(0.7);
    assertThat(r.trainMean()[3]).isLessThan(r.validMean()[3]);
    assertThat(java.util.Arrays.stream(r.validStd()).allMatch(s -> s >= 0)).isTrue();
    Path png = dir.resolve("learning-curve.png");
    r.writeChart(png);
    assertPng(png);
    assertThat(LearningCurve.defaultFractions()).hasSize(10).endsWith(1.0);
  }

  @Test
  void permutationImportanceRanksTheInformativeColumnFirst(@TempDir Path dir) throws Exception {
    var data = ToyLearners.regression(100, 0.2, 2);
    int[] train = java.util.stream.IntStream.range(0, 70).toArray();
    int[] test = java.util.stream.IntStream.range(70, 100).toArray();
    CrossValidation cv = CrossValidation.builder().build();
    FittedFold fitted =
        cv.fit(data.x(), data.y(), IDENTITY, new ToyLearners.LeastSquaresLearner(), train);
    PermutationImportance pi = PermutationImportance.of("rmse", 5, 11);
    PermutationImportance.Result r = pi.compute(fitted, data.x().rows(test), data.y().rows(test));
    assertThat(r.columns()).hasSize(2);
    assertThat(r.columns().get(0).column()).isEqualTo("signal");
    assertThat(r.of("signal").mean()).isGreaterThan(1.0);
    assertThat(Math.abs(r.of("noise").mean())).isLessThan(0.1);
    assertThat(r.of("signal").drops()).hasSize(5);
    assertThat(r.baseline()).isLessThan(0.35);
    PermutationImportance.Result again =
        pi.compute(fitted, data.x().rows(test), data.y().rows(test));
    assertThat(again.of("signal").drops()).containsExactly(r.of("signal").drops());
    Path png = dir.resolve("permutation.png");
    r.writeChart(png, 20);
    assertPng(png);
    // a higher-is-better metric gives the same ranking
    PermutationImportance.Result r2 =
        PermutationImportance.of("r2", 3, 1)
            .compute(fitted, data.x().rows(test), data.y().rows(test));
    assertThat(r2.columns().get(0).column()).isEqualTo("signal");
    assertThat(r2.of("signal").mean()).isGreaterThan(0);
    assertThatThrownBy(() -> PermutationImportance.of("rmse", 0, 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("repeats >= 1");
    assertThatThrownBy(
            () ->
                pi.compute(fitted, data.x().rows(test).drop(List.of("noise")), data.y().rows(test)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("noise");
  }

  @Test
  void residualAnalysisSummarisesAndChartsResiduals(@TempDir Path dir) throws Exception {
    double[] actual = {1, 2, 3, 10, 5};
    double[] predicted = {1, 2, 2, 4, Double.NaN};
    ResidualAnalysis.Report r = ResidualAnalysis.analyze(actual, predicted, 2);
    // residuals 0, 0, 1, 6 (the NaN row is skipped)
    assertThat(r.rows()).isEqualTo(4);
    assertThat(r.meanResidual()).isCloseTo(1.75, within(1e-12));
    assertThat(r.mae()).isCloseTo(1.75, within(1e-12));
    assertThat(r.rmse()).isCloseTo(Math.sqrt(37 / 4.0), within(1e-12));
    assertThat(r.medianResidual()).isCloseTo(0.5, within(1e-12));
    assertThat(r.maxAbsResidual()).isEqualTo(6);
    assertThat(r.worst()).hasSize(2);
    assertThat(r.worst().get(0)).isEqualTo(new ResidualAnalysis.WorstRow(3, 10, 4, 6));
    assertThat(r.worst().get(1).row()).isEqualTo(2);
    assertThat(r.summary()).containsEntry("rows", 4.0).containsKey("p95_residual");
    r.writeScatter(dir.resolve("residuals.png"), "Residuals");
    r.writeHistogram(dir.resolve("hist.png"), 10);
    assertPng(dir.resolve("residuals.png"));
    assertPng(dir.resolve("hist.png"));
    assertThatThrownBy(() -> ResidualAnalysis.analyze(new double[] {1}, new double[] {1, 2}, 1))
        .isInstanceOf(MlException.class);
    assertThatThrownBy(
            () -> ResidualAnalysis.analyze(new double[] {1}, new double[] {Double.NaN}, 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no row has a prediction");
  }

  @Test
  void residualAnalysisOfCrossValidationUsesOutOfFoldPredictions() {
    var data = ToyLearners.regression(30, 0.2, 3);
    CvResult cv =
        CrossValidation.builder()
            .folds(3)
            .build()
            .run(data.x(), data.y(), IDENTITY, new ToyLearners.LeastSquaresLearner());
    ResidualAnalysis.Report r = ResidualAnalysis.of(cv, data.y(), 5);
    assertThat(r.rows()).isEqualTo(30);
    double overall = TabularMetrics.regression(data.y().values(), cv.outOfFoldValues()).get("rmse");
    assertThat(r.rmse()).isCloseTo(overall, within(1e-12));
  }

  @Test
  void gainImportanceChartShowsTheTopFeatures(@TempDir Path dir) throws Exception {
    var data = ToyLearners.regression(50, 0.1, 4);
    var model =
        new RidgeMetaLearner()
            .fit(
                dev.mle4j.tabular.features.FittedPipeline.toMatrix(data.x(), data.x().columns()),
                data.y());
    Path png = dir.resolve("gain.png");
    var shown = FeatureImportanceChart.writeGain(png, model);
    assertThat(shown.get(0).getKey()).isEqualTo("signal");
    assertPng(png);
    Map<String, Double> many = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 30; i++) {
      many.put("f" + i, (double) (i % 7));
    }
    var top = FeatureImportanceChart.top(many, 20);
    assertThat(top).hasSize(20);
    assertThat(top.get(0).getValue()).isEqualTo(6.0);
    assertThat(top.get(0).getKey()).isEqualTo("f13");
    assertThatThrownBy(() -> FeatureImportanceChart.write(png, "none", Map.of(), 20))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no feature importances");
  }

  @Test
  void modelComparisonTabulatesAndPicksTheBest(@TempDir Path dir) throws Exception {
    var data = ToyLearners.regression(40, 0.2, 5);
    CrossValidation cv = CrossValidation.builder().folds(4).build();
    CvResult ls = cv.run(data.x(), data.y(), IDENTITY, new ToyLearners.LeastSquaresLearner());
    CvResult mean = cv.run(data.x(), data.y(), IDENTITY, new ToyLearners.MeanLearner());
    ModelComparison c = ModelComparison.of(List.of(mean, ls, mean));
    assertThat(c.best("rmse", MetricDirection.LOWER_IS_BETTER).learner())
        .isEqualTo("least-squares");
    assertThat(c.best("r2", MetricDirection.HIGHER_IS_BETTER)).isSameAs(ls);
    assertThat(c.ranked("rmse", MetricDirection.LOWER_IS_BETTER).get(2).learner())
        .isEqualTo("mean");
    assertThat(c.names()).containsExactly("mean", "least-squares", "mean-2");
    assertThat(c.header()).startsWith("model", "rmse", "mae").endsWith("fit_seconds");
    List<List<String>> rows = c.rows();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1).get(1))
        .isEqualTo(
            String.format(java.util.Locale.ROOT, "%.4f ± %.4f", ls.mean("rmse"), ls.std("rmse")));
    String html = HtmlReport.builder("cmp").table(c.header(), rows).build().html();
    assertThat(html).contains("least-squares");
    Path csv = dir.resolve("comparison.csv");
    c.writeCsv(csv);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0))
        .startsWith("model,rmse_mean,rmse_std,mae_mean")
        .endsWith(",fit_seconds");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(2)).startsWith("least-squares," + ls.mean("rmse") + ",");
    assertThat(c.metricsByModel().get("least-squares")).containsKey("train_seconds");
    assertThatThrownBy(() -> ModelComparison.of(List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("nothing to compare");
    assertThatThrownBy(() -> c.best("accuracy", MetricDirection.HIGHER_IS_BETTER))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("accuracy");
  }

  @Test
  void learningCurveRejectsBadFractions() {
    CrossValidation cv = CrossValidation.builder().build();
    assertThatThrownBy(() -> LearningCurve.of(new double[0], cv, "rmse", 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> LearningCurve.of(new double[] {0.5, 1.5}, cv, "rmse", 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> LearningCurve.of(new double[] {0.5, 0.2}, cv, "rmse", 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("increase");
    var data = ToyLearners.regression(20, 0.1, 1);
    assertThatThrownBy(
            () ->
                LearningCurve.of(new double[] {1.0}, cv, "accuracy", 1)
                    .run(data.x(), data.y(), IDENTITY, new ToyLearners.MeanLearner()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("accuracy");
  }
}
