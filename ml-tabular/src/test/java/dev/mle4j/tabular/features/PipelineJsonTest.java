package dev.mle4j.tabular.features;

import static dev.mle4j.tabular.features.Fixtures.assertRowsEqualBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.select.CorrelationFilter;
import dev.mle4j.tabular.features.select.ImportanceSelector;
import dev.mle4j.tabular.features.select.RecursiveFeatureElimination;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A pipeline with every step: JSON round trip and one row equals the batch. */
class PipelineJsonTest {

  private static final String[] CITIES = {"rome", "oslo", "lima", "kiev", "rare-town"};

  static DataFrame frame(int n, long seed, boolean withUnseen) {
    Random r = new Random(seed);
    String[] id = new String[n];
    double[] when = new double[n];
    double[] end = new double[n];
    String[] city = new String[n];
    String[] kind = new String[n];
    String[] level = new String[n];
    String[] high = new String[n];
    double[] x = new double[n];
    double[] y2 = new double[n];
    double[] flag = new double[n];
    for (int i = 0; i < n; i++) {
      id[i] = "row" + seed + "-" + i;
      when[i] = 1.7e9 + r.nextInt(10_000_000);
      end[i] = r.nextInt(10) == 0 ? Double.NaN : when[i] + r.nextInt(7200);
      city[i] = r.nextInt(12) == 0 ? null : CITIES[r.nextInt(i % 20 == 0 ? 5 : 4)];
      if (withUnseen && i % 5 == 0) {
        city[i] = "atlantis";
      }
      kind[i] = r.nextBoolean() ? "a" : "b";
      level[i] = withUnseen && i % 7 == 0 ? "ultra" : (r.nextInt(3) == 0 ? "low" : "high");
      high[i] = "h" + r.nextInt(withUnseen ? 40 : 30);
      x[i] = r.nextInt(9) == 0 ? Double.NaN : Math.exp(r.nextGaussian() * 1.5);
      y2[i] = r.nextGaussian() * 3;
      flag[i] = r.nextBoolean() ? 1 : 0;
    }
    return DataFrame.empty(n)
        .with("id", ColumnType.ID, id)
        .with("when", ColumnType.DATETIME, when)
        .with("end", ColumnType.DATETIME, end)
        .with("city", ColumnType.CATEGORICAL, city)
        .with("kind", ColumnType.CATEGORICAL, kind)
        .with("level", ColumnType.CATEGORICAL, level)
        .with("high", ColumnType.CATEGORICAL, high)
        .with("x", ColumnType.NUMERIC, x)
        .with("y2", ColumnType.NUMERIC, y2)
        .with("flag", ColumnType.BOOLEAN, flag);
  }

  static Target target(DataFrame df, long seed) {
    Random r = new Random(seed);
    String[] labels = new String[df.rows()];
    for (int i = 0; i < labels.length; i++) {
      double s =
          df.numeric("y2")[i] + ("a".equals(df.strings("kind")[i]) ? 2 : 0) + r.nextGaussian();
      labels[i] = s > 2 ? "up" : s > -1 ? "flat" : "down";
    }
    return Target.classification("label", labels);
  }

  static StepPipeline everyStep() {
    return StepPipeline.of(
        List.of(
            DropColumns.named(List.of("id")),
            DatetimeFeatures.builder()
                .between("minutes", "when", "end", DatetimeFeatures.Unit.MINUTES)
                .build(),
            ExpressionFeature.parse("ratio = x / (abs(y2) + 1)"),
            FeatureCross.of(List.of("kind", "city")),
            Imputer.builder().indicators(true).groupBy("kind").build(),
            Log1pTransform.skewed(),
            OutlierCapper.iqr(),
            PolynomialFeatures.degree2(List.of("x", "y2")),
            Binning.quantile(3, true, List.of("y2")),
            Binning.equalWidth(4, false, List.of("x^2")),
            GroupStatistics.by(List.of("kind")).values(List.of("x")).targetMean(true, 5).build(),
            FrequencyEncoder.of(List.of("city"), true),
            OrdinalEncoder.byFrequency(List.of("level"), OrdinalEncoder.Unseen.MINUS_ONE),
            TargetEncoder.of(List.of("kind_x_city", "high"), 3),
            OneHotEncoder.of(List.of("city"), 5, OneHotEncoder.Unseen.RARE),
            CategoricalEncoder.of(List.of(), 10, 1, 10),
            Scalers.standard(List.of()),
            Scalers.minMax(List.of("ratio")),
            Scalers.robust(List.of("x")),
            CorrelationFilter.defaults(),
            ImportanceSelector.cumulativeShare(
                Fixtures.leastSquares(TabularTask.CLASSIFICATION), 0.99),
            RecursiveFeatureElimination.of(
                Fixtures.leastSquares(TabularTask.CLASSIFICATION), 12, 3)),
        new FitContext(11, 4));
  }

  @Test
  void everyStepRoundTripsThroughJsonAndRowsEqualBatch() {
    DataFrame train = frame(200, 1, false);
    Target y = target(train, 2);
    FeaturePipeline.Fitted fitted = everyStep().fit(train, y);
    FittedPipeline p = fitted.pipeline();
    assertThat(p.features()).hasSize(12);
    String json = p.toJson();
    for (String type :
        List.of(
            "drop",
            "datetime",
            "expression",
            "feature-cross",
            "imputer",
            "log1p",
            "outlier-capper",
            "polynomial",
            "binning",
            "group-stats",
            "frequency",
            "ordinal",
            "target-encoder",
            "one-hot",
            "sequence",
            "scaler",
            "select")) {
      assertThat(json).contains("\"type\" : \"" + type + "\"");
    }
    FittedPipeline back = FittedPipeline.fromJson(json);
    assertThat(back.toJson()).isEqualTo(json);
    DataFrame serve = frame(80, 3, true);
    FeatureMatrix a = p.transform(serve);
    FeatureMatrix b = back.transform(serve);
    assertThat(b.names()).isEqualTo(a.names());
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.rows()[i]).containsExactly(a.rows()[i]);
    }
    Fixtures.assertAllFinite(a);
    assertRowsEqualBatch(back, serve, 80);
    assertRowsEqualBatch(back, train, 40);
  }

  @Test
  void everyStepAlsoRoundTripsForRegression() {
    DataFrame train = frame(120, 5, false);
    Target y = Target.regression("v", train.numeric("y2").clone());
    List<FeatureStep> steps = new java.util.ArrayList<>(everyStep().steps());
    steps.set(
        steps.size() - 2,
        ImportanceSelector.topK(Fixtures.leastSquares(TabularTask.REGRESSION), 15));
    steps.set(
        steps.size() - 1,
        RecursiveFeatureElimination.of(Fixtures.leastSquares(TabularTask.REGRESSION), 10, 2));
    FittedPipeline p = StepPipeline.of(steps).fit(train, y).pipeline();
    FittedPipeline back = FittedPipeline.fromJson(p.toJson());
    DataFrame serve = frame(50, 6, true);
    assertRowsEqualBatch(back, serve, 50);
    FeatureMatrix a = p.transform(serve);
    FeatureMatrix b = back.transform(serve);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.rows()[i]).containsExactly(a.rows()[i]);
    }
  }

  @Test
  void trainingMatrixIsOutOfFoldButServingUsesTheFullFit() {
    DataFrame train = frame(200, 1, false);
    Target y = target(train, 2);
    StepPipeline pipeline =
        StepPipeline.of(
            List.of(
                DropColumns.ofTypes(java.util.Set.of(ColumnType.ID, ColumnType.DATETIME)),
                Imputer.defaults(),
                GroupStatistics.by(List.of("kind"))
                    .values(List.of("x"))
                    .targetMean(true, 5)
                    .build(),
                TargetEncoder.of(List.of("high"), 3),
                OneHotEncoder.defaults()),
            new FitContext(11, 4));
    FeaturePipeline.Fitted fitted = pipeline.fit(train, y);
    int te = fitted.trainFeatures().names().indexOf("high__te=up");
    assertThat(te).isNotNegative();
    double[] oof = fitted.trainFeatures().column(te);
    double[] full = fitted.pipeline().transform(train).column(te);
    assertThat(oof).isNotEqualTo(full);
    // serving one row equals the batch (full fit), not the out-of-fold training value
    for (int i = 0; i < 20; i++) {
      assertThat(fitted.pipeline().transformRow(train.row(i))[te]).isEqualTo(full[i]);
    }
  }

  @Test
  void badJsonAndBadRows() {
    assertThatThrownBy(() -> FittedPipeline.fromJson("{\"format\":\"x\"}"))
        .isInstanceOf(MlException.class);
    DataFrame train = frame(100, 1, false);
    FittedPipeline p = everyStep().fit(train, target(train, 2)).pipeline();
    java.util.Map<String, Object> row = new java.util.HashMap<>(train.row(0));
    row.put("x", "not a number");
    assertThatThrownBy(() -> p.transformRow(row))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'x'");
  }
}
