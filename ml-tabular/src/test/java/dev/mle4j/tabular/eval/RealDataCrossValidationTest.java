package dev.mle4j.tabular.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mle4j.core.data.Fold;
import dev.mle4j.tabular.SharedData;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.SchemaInference;
import dev.mle4j.tabular.data.TableLoader;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.ensemble.LogisticMetaLearner;
import dev.mle4j.tabular.ensemble.RidgeMetaLearner;
import dev.mle4j.tabular.ensemble.StackingLearner;
import dev.mle4j.tabular.features.StepPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cross-validation on shared real data sets (numeric columns only, no feature engineering). */
class RealDataCrossValidationTest {

  private static final StepPipeline IDENTITY = StepPipeline.of(List.of());

  @Test
  void penguinSpeciesFromBodyMeasurements() {
    DataFrame all =
        TableLoader.read(
            SharedData.root().resolve("tabular/penguins.csv"), SchemaInference.defaults());
    List<String> numeric =
        List.of("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g");
    int[] complete =
        IntStream.range(0, all.rows())
            .filter(i -> numeric.stream().noneMatch(c -> Double.isNaN(all.numeric(c)[i])))
            .toArray();
    DataFrame x = all.select(numeric).rows(complete);
    Target y = Target.classification("species", all.rows(complete).strings("species"));
    assertThat(x.rows()).isEqualTo(342);
    assertThat(y.labels()).containsExactly("Adelie", "Chinstrap", "Gentoo");
    CrossValidation cv = CrossValidation.builder().folds(5).seed(42).build();
    CvResult logistic = cv.run(x, y, IDENTITY, new LogisticMetaLearner());
    CvResult centroid = cv.run(x, y, IDENTITY, new ToyLearners.NearestCentroidLearner());
    CvResult stacked =
        cv.run(
            x,
            y,
            IDENTITY,
            new StackingLearner(
                List.of(new LogisticMetaLearner(), new ToyLearners.NearestCentroidLearner())));
    assertThat(logistic.mean("accuracy")).isGreaterThan(0.95);
    assertThat(logistic.mean("roc_auc")).isGreaterThan(0.98);
    // unscaled grams dominate the centroid distance: a weak model
    assertThat(centroid.mean("accuracy")).isLessThan(logistic.mean("accuracy"));
    assertThat(stacked.mean("accuracy")).isGreaterThan(centroid.mean("accuracy"));
    ModelComparison c = ModelComparison.of(List.of(logistic, centroid, stacked));
    assertThat(c.best("log_loss", MetricDirection.LOWER_IS_BETTER).learner())
        .isNotEqualTo("nearest-centroid");
  }

  @Test
  void bikeRentalsWithTimeOrderedFoldsAndLogTarget(@TempDir Path tmp) throws Exception {
    // the first 3000 hourly rows (about four months) keep the test fast
    List<String> lines =
        Files.readAllLines(SharedData.root().resolve("tabular/bike-sharing-hour.csv"))
            .subList(0, 3001);
    Path csv = Files.write(tmp.resolve("bike.csv"), lines);
    DataFrame all = TableLoader.read(csv, SchemaInference.defaults());
    DataFrame x = all.select(List.of("dteday", "hr", "temp", "hum", "windspeed", "workingday"));
    Target y = Target.regression("cnt", all.numeric("cnt"));
    CrossValidation plain = CrossValidation.builder().folds(4).timeOrdered("dteday").build();
    CrossValidation logged = plain.toBuilder().targetTransform(TargetTransform.LOG1P).build();
    CvResult a = plain.run(x, y, IDENTITY, new RidgeMetaLearner());
    CvResult b = logged.run(x, y, IDENTITY, new RidgeMetaLearner());
    double[] day = x.numeric("dteday");
    for (Fold f : a.folds()) {
      double lastTrain = Arrays.stream(f.train()).mapToDouble(i -> day[i]).max().orElseThrow();
      double firstTest = Arrays.stream(f.test()).mapToDouble(i -> day[i]).min().orElseThrow();
      assertThat(lastTrain).isLessThanOrEqualTo(firstTest);
    }
    assertThat(a.folds().get(0).train()).hasSize(600);
    long untested = Arrays.stream(b.outOfFold()).filter(p -> Double.isNaN(p[0])).count();
    assertThat(untested).isEqualTo(600);
    // expm1 of any prediction is > -1, and the log model fits the skewed counts better in log space
    assertThat(
            Arrays.stream(b.outOfFoldValues()).filter(v -> !Double.isNaN(v)).allMatch(v -> v > -1))
        .isTrue();
    assertThat(b.mean("rmsle")).isLessThan(a.mean("rmsle"));
  }
}
