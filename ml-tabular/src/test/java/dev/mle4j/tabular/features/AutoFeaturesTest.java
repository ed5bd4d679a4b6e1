package dev.mle4j.tabular.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class AutoFeaturesTest {

  private static final Logger LOG = LoggerFactory.getLogger(AutoFeaturesTest.class);

  @ParameterizedTest
  @CsvSource({
    "titanic, survived, CLASSIFICATION",
    "telco-churn, Churn, CLASSIFICATION",
    "bike-sharing-hour, cnt, REGRESSION",
    "taxis, fare, REGRESSION",
    "penguins, species, CLASSIFICATION",
    "diamonds, price, REGRESSION"
  })
  void defaultPipelineWorksOnRealData(String dataset, String targetColumn, TabularTask task) {
    long loadStart = System.nanoTime();
    DataFrame all = Fixtures.presentRows(Fixtures.csv(dataset), targetColumn);
    LOG.info("{}: loaded in {} ms", dataset, (System.nanoTime() - loadStart) / 1_000_000);
    all = Fixtures.sample(all, 8_000, 5);
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < all.rows(); i++) {
      idx.add(i);
    }
    Collections.shuffle(idx, new Random(9));
    int cut = all.rows() * 4 / 5;
    DataFrame train = all.rows(idx.subList(0, cut).stream().mapToInt(i -> i).toArray());
    DataFrame test = all.rows(idx.subList(cut, idx.size()).stream().mapToInt(i -> i).toArray());
    Target y = Fixtures.target(train, targetColumn, task);
    DataFrame x = train.drop(List.of(targetColumn));
    AutoFeatures auto = AutoFeatures.builder(x.schema(), task).build();
    assertThat(auto.describe()).isNotEmpty();
    long start = System.nanoTime();
    FeaturePipeline.Fitted fitted = auto.pipeline().fit(x, y);
    FittedPipeline p = fitted.pipeline();
    LOG.info(
        "{}: {} training rows, {} input columns -> {} features in {} ms: {}",
        dataset,
        x.rows(),
        x.columns().size(),
        p.features().size(),
        (System.nanoTime() - start) / 1_000_000,
        p.features());
    auto.describe().forEach(line -> LOG.info("{}   {}", dataset, line));
    assertThat(p.features()).isNotEmpty();
    Fixtures.assertAllFinite(fitted.trainFeatures());
    DataFrame testX = test.drop(List.of(targetColumn));
    FeatureMatrix testFeatures = p.transform(testX);
    Fixtures.assertAllFinite(testFeatures);
    long rowStart = System.nanoTime();
    Fixtures.assertRowsEqualBatch(p, testX, 25);
    LOG.info(
        "{}: 25 single rows checked in {} ms", dataset, (System.nanoTime() - rowStart) / 1_000_000);
    FittedPipeline back = FittedPipeline.fromJson(p.toJson());
    FeatureMatrix again = back.transform(testX);
    for (int i = 0; i < testFeatures.size(); i += 50) {
      assertThat(again.rows()[i]).containsExactly(testFeatures.rows()[i]);
    }
    for (ColumnType dropped : List.of(ColumnType.ID, ColumnType.TEXT)) {
      for (String c : x.schema().namesOf(dropped)) {
        assertThat(p.features()).noneMatch(f -> f.startsWith(c));
      }
    }
  }

  @Test
  void switchesChangeTheSteps() {
    DataFrame df = Fixtures.csv("titanic").drop(List.of("survived"));
    AutoFeatures all =
        AutoFeatures.builder(df.schema(), TabularTask.CLASSIFICATION)
            .frequencyEncoding(true)
            .polynomial(true)
            .groupStatistics(List.of("sex"), true)
            .expressions(List.of("fare_per_person = fare / (sibsp + parch + 1)"))
            .build();
    assertThat(all.steps().stream().map(FeatureStep::name))
        .contains("expression", "polynomial", "frequency", "group-stats");
    AutoFeatures none =
        AutoFeatures.builder(df.schema(), TabularTask.CLASSIFICATION)
            .imputation(false, false)
            .outlierCapping(false, 1.5)
            .log1p(false, 0.75)
            .scaling(false)
            .correlationFilter(false, 0.95)
            .build();
    assertThat(none.steps().stream().map(FeatureStep::name)).containsExactly("categorical-encoder");
    assertThatThrownBy(
            () ->
                AutoFeatures.builder(df.schema(), TabularTask.CLASSIFICATION)
                    .drop(List.of("nope"))
                    .build()
                    .steps())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("unknown column 'nope'");
    assertThatThrownBy(
            () ->
                AutoFeatures.builder(df.schema(), TabularTask.CLASSIFICATION)
                    .expressions(List.of("bad = fare +")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("unexpected end");
  }

  @Test
  void expressionsAndGroupStatisticsRunOnTitanic() {
    DataFrame df = Fixtures.csv("titanic");
    Target y = Fixtures.target(df, "survived", TabularTask.CLASSIFICATION);
    DataFrame x = df.drop(List.of("survived", "alive"));
    FittedPipeline p =
        AutoFeatures.builder(x.schema(), TabularTask.CLASSIFICATION)
            .expressions(List.of("fare_per_person = fare / (sibsp + parch + 1)"))
            .groupStatistics(List.of("sex", "class"), true)
            .frequencyEncoding(true)
            .polynomial(true)
            .build()
            .pipeline()
            .fit(x, y)
            .pipeline();
    assertThat(p.features()).contains("fare_per_person", "grp_target_mean(sex+class)");
    FeatureMatrix m = p.transform(x);
    Fixtures.assertAllFinite(m);
    Fixtures.assertRowsEqualBatch(p, x, 30);
  }
}
