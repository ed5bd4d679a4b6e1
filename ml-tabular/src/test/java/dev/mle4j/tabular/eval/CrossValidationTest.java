package dev.mle4j.tabular.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.data.Fold;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeatureStep;
import dev.mle4j.tabular.features.FitContext;
import dev.mle4j.tabular.features.FittedStep;
import dev.mle4j.tabular.features.StepPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossValidationTest {

  private static final StepPipeline IDENTITY = StepPipeline.of(List.of());

  /** Records the ids of the rows it was fitted on. */
  static final class SpyStep implements FeatureStep {
    final List<int[]> fittedIds = new ArrayList<>();

    @Override
    public String name() {
      return "spy";
    }

    @Override
    public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
      fittedIds.add(Arrays.stream(train.numeric("id")).mapToInt(d -> (int) d).toArray());
      return new PassThrough();
    }
  }

  /** Leaves rows unchanged. */
  record PassThrough() implements FittedStep {
    @Override
    public DataFrame transform(DataFrame frame) {
      return frame;
    }
  }

  private static void assertPartition(List<Fold> folds, int n) {
    int[] tested = new int[n];
    for (Fold f : folds) {
      for (int i : f.test()) {
        tested[i]++;
      }
      assertThat(f.train().length + f.test().length).isEqualTo(n);
      assertThat(Arrays.stream(f.train()).filter(i -> Arrays.binarySearch(f.test(), i) >= 0))
          .isEmpty();
    }
    assertThat(tested).containsOnly(1);
  }

  @Test
  void kfoldFoldsAreDisjointAndCoverEveryRow() {
    var data = ToyLearners.regression(23, 0.1, 1);
    List<Fold> folds = CrossValidation.builder().folds(5).seed(7).build().folds(data.x(), data.y());
    assertThat(folds).hasSize(5);
    assertPartition(folds, 23);
    assertThat(folds.stream().mapToInt(f -> f.test().length)).containsExactly(5, 5, 5, 4, 4);
  }

  @Test
  void stratifiedFoldsKeepClassShares() {
    String[] labels = new String[100];
    for (int i = 0; i < 100; i++) {
      labels[i] = i % 10 < 3 ? "yes" : "no";
    }
    Target y = Target.classification("churn", labels);
    DataFrame x = DataFrame.empty(100).with("a", ColumnType.NUMERIC, new double[100]);
    CrossValidation cv = CrossValidation.builder().folds(5).seed(3).build();
    assertThat(cv.resolve(y.task())).isEqualTo(CvStrategy.STRATIFIED);
    List<Fold> folds = cv.folds(x, y);
    assertPartition(folds, 100);
    for (Fold f : folds) {
      long positives = Arrays.stream(f.test()).filter(i -> y.value(i) == 1).count();
      assertThat(positives).isEqualTo(6);
      assertThat(f.test()).hasSize(20);
    }
  }

  @Test
  void timeOrderedFoldsNeverTrainOnLaterRows() {
    int n = 21;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = (i * 7) % n / 2; // shuffled times with ties (integer division)
    }
    DataFrame x =
        DataFrame.empty(n)
            .with("when", ColumnType.DATETIME, t)
            .with("v", ColumnType.NUMERIC, new double[n]);
    Target y = Target.regression("y", IntStream.range(0, n).asDoubleStream().toArray());
    CrossValidation cv = CrossValidation.builder().folds(3).timeOrdered("when").build();
    List<Fold> folds = cv.folds(x, y);
    assertThat(folds).hasSize(3);
    for (Fold f : folds) {
      double maxTrain = Arrays.stream(f.train()).mapToDouble(i -> t[i]).max().orElseThrow();
      double minTest = Arrays.stream(f.test()).mapToDouble(i -> t[i]).min().orElseThrow();
      assertThat(maxTrain).isLessThanOrEqualTo(minTest);
      assertThat(f.test()).hasSize(n / 4 + (folds.indexOf(f) + 1 < n % 4 ? 1 : 0));
    }
    // expanding window: each training set contains the previous one plus its test block
    for (int k = 1; k < folds.size(); k++) {
      int[] prev = folds.get(k - 1).train();
      int[] union =
          IntStream.concat(Arrays.stream(prev), Arrays.stream(folds.get(k - 1).test()))
              .sorted()
              .toArray();
      assertThat(folds.get(k).train()).containsExactly(union);
    }
    assertThat(folds.get(0).train()).hasSize(6);
    CvResult r = cv.run(x, y, IDENTITY, new ToyLearners.MeanLearner());
    long untested = Arrays.stream(r.outOfFold()).filter(p -> Double.isNaN(p[0])).count();
    assertThat(untested).isEqualTo(folds.get(0).train().length);
    assertThat(Arrays.stream(r.testFoldOfRow()).filter(v -> v == -1).count()).isEqualTo(untested);
  }

  @Test
  void timeOrderedTiesStayInRowOrder() {
    // all times equal: blocks follow row order exactly
    int n = 8;
    DataFrame x = DataFrame.empty(n).with("t", ColumnType.NUMERIC, new double[n]);
    Target y = Target.regression("y", new double[n]);
    List<Fold> folds = CrossValidation.builder().folds(3).timeOrdered("t").build().folds(x, y);
    assertThat(folds.get(0).train()).containsExactly(0, 1);
    assertThat(folds.get(0).test()).containsExactly(2, 3);
    assertThat(folds.get(1).test()).containsExactly(4, 5);
    assertThat(folds.get(2).train()).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(folds.get(2).test()).containsExactly(6, 7);
  }

  @Test
  void pipelineIsFittedOnTrainingRowsOnly() {
    int n = 30;
    var data = ToyLearners.regression(n, 0.1, 2);
    DataFrame x =
        data.x().with("id", ColumnType.NUMERIC, IntStream.range(0, n).asDoubleStream().toArray());
    SpyStep spy = new SpyStep();
    CrossValidation cv = CrossValidation.builder().folds(4).seed(5).build();
    cv.run(x, data.y(), StepPipeline.of(List.of(spy)), new ToyLearners.LeastSquaresLearner());
    List<Fold> folds = cv.folds(x, data.y());
    assertThat(spy.fittedIds).hasSize(4);
    for (int f = 0; f < 4; f++) {
      int[] seen = spy.fittedIds.get(f).clone();
      Arrays.sort(seen);
      assertThat(seen).containsExactly(folds.get(f).train());
      for (int test : folds.get(f).test()) {
        assertThat(seen).doesNotContain(test);
      }
    }
  }

  @Test
  void log1pTrainsOnLogTargetAndMapsPredictionsBack() {
    double[] yv = {1, 3, 7, 15, 31, 63};
    DataFrame x = DataFrame.empty(6).with("a", ColumnType.NUMERIC, new double[6]);
    Target y = Target.regression("price", yv);
    ToyLearners.MeanLearner mean = new ToyLearners.MeanLearner();
    CrossValidation cv =
        CrossValidation.builder().folds(2).seed(1).targetTransform(TargetTransform.LOG1P).build();
    CvResult r = cv.run(x, y, IDENTITY, mean);
    List<Fold> folds = cv.folds(x, y);
    // the learner saw log1p(y) of the last fold's training rows
    int[] lastTrain = folds.get(1).train();
    double[] expectedSeen = Arrays.stream(lastTrain).mapToDouble(i -> Math.log1p(yv[i])).toArray();
    assertThat(mean.lastTrainTargets).containsExactly(expectedSeen, within(1e-12));
    for (Fold f : folds) {
      double logMean =
          Arrays.stream(f.train()).mapToDouble(i -> Math.log1p(yv[i])).average().orElseThrow();
      for (int i : f.test()) {
        assertThat(r.outOfFold()[i][0]).isCloseTo(Math.expm1(logMean), within(1e-9));
      }
    }
    // metrics are computed on the original scale
    double[] oof = r.outOfFoldValues();
    double[] testY = Arrays.stream(folds.get(0).test()).mapToDouble(i -> yv[i]).toArray();
    double[] testP = Arrays.stream(folds.get(0).test()).mapToDouble(i -> oof[i]).toArray();
    assertThat(r.foldMetrics().get(0).get("rmse"))
        .isCloseTo(TabularMetrics.regression(testY, testP).get("rmse"), within(1e-9));
  }

  @Test
  void runReportsFoldMetricsMeansAndOutOfFoldPredictions() {
    var data = ToyLearners.regression(40, 0.1, 3);
    List<Integer> calls = new ArrayList<>();
    CrossValidation cv =
        CrossValidation.builder()
            .folds(4)
            .seed(9)
            .listener((name, fold, folds, metrics, secs) -> calls.add(fold))
            .build();
    CvResult r = cv.run(data.x(), data.y(), IDENTITY, new ToyLearners.LeastSquaresLearner());
    assertThat(calls).containsExactly(0, 1, 2, 3);
    assertThat(r.learner()).isEqualTo("least-squares");
    assertThat(r.strategy()).isEqualTo(CvStrategy.KFOLD);
    assertThat(r.foldMetrics()).hasSize(4);
    double mean = r.foldMetrics().stream().mapToDouble(m -> m.get("rmse")).average().orElseThrow();
    assertThat(r.mean("rmse")).isCloseTo(mean, within(1e-12));
    assertThat(r.mean("rmse")).isLessThan(0.2);
    assertThat(r.mean("r2")).isGreaterThan(0.98);
    assertThat(r.std("rmse")).isGreaterThanOrEqualTo(0);
    assertThat(r.foldFitSeconds()).hasSize(4);
    assertThat(r.fitSeconds()).isGreaterThanOrEqualTo(0);
    assertThat(Arrays.stream(r.outOfFoldValues()).noneMatch(Double::isNaN)).isTrue();
    assertThat(r.testFoldOfRow()).doesNotContain(-1);
    // the overall out-of-fold RMSE is close to the fold mean
    double overall = TabularMetrics.regression(data.y().values(), r.outOfFoldValues()).get("rmse");
    assertThat(overall).isCloseTo(r.mean("rmse"), within(0.05));
    assertThatThrownBy(() -> r.mean("accuracy"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("accuracy");
  }

  @Test
  void classificationRunGivesProbabilitiesAndClassificationMetrics() {
    var data = ToyLearners.blobs(90, 3, 4);
    CvResult r =
        CrossValidation.builder()
            .folds(3)
            .build()
            .run(data.x(), data.y(), IDENTITY, new ToyLearners.NearestCentroidLearner());
    assertThat(r.mean().keySet())
        .contains("accuracy", "precision", "recall", "f1", "roc_auc", "log_loss");
    assertThat(r.mean()).doesNotContainKey("pr_auc");
    assertThat(r.mean("accuracy")).isGreaterThan(0.8);
    for (double[] p : r.outOfFold()) {
      assertThat(p).hasSize(3);
      assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void foldsFileWritesJsonForPythonPeers(@TempDir Path dir) throws Exception {
    var data = ToyLearners.regression(10, 0.1, 5);
    CrossValidation cv = CrossValidation.builder().folds(2).seed(11).build();
    List<Fold> folds = cv.folds(data.x(), data.y());
    Path file = dir.resolve("folds.json");
    FoldsFile.write(file, folds, 10, CvStrategy.KFOLD, 11);
    JsonNode root = new ObjectMapper().readTree(Files.readString(file));
    assertThat(root.get("n_rows").asInt()).isEqualTo(10);
    assertThat(root.get("strategy").asText()).isEqualTo("KFOLD");
    assertThat(root.get("seed").asLong()).isEqualTo(11);
    assertThat(root.get("folds")).hasSize(2);
    assertThat(root.get("folds").get(0).get("test").size()).isEqualTo(5);
    FoldsFile.Contents back = FoldsFile.read(file);
    assertThat(back.folds().get(1).train()).containsExactly(folds.get(1).train());
    assertThatThrownBy(() -> FoldsFile.write(file, folds, 5, CvStrategy.KFOLD, 11))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("outside [0, 5)");
  }

  @Test
  void badInputIsRejectedWithClearMessages() {
    var data = ToyLearners.regression(6, 0.1, 6);
    assertThatThrownBy(() -> CrossValidation.builder().folds(1).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least 2 folds");
    assertThatThrownBy(() -> CrossValidation.builder().folds(7).build().folds(data.x(), data.y()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cannot make 7 folds")
        .hasMessageContaining("6 rows");
    assertThatThrownBy(
            () ->
                CrossValidation.builder()
                    .folds(6)
                    .timeOrdered("signal")
                    .build()
                    .folds(data.x(), data.y()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("need at least 7 rows");
    assertThatThrownBy(
            () ->
                CrossValidation.builder()
                    .folds(2)
                    .timeOrdered("when")
                    .build()
                    .folds(data.x(), data.y()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("time column 'when' is not in the frame");
    assertThatThrownBy(() -> CrossValidation.builder().strategy(CvStrategy.TIME_ORDERED).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("needs a time column");
    assertThatThrownBy(
            () ->
                CrossValidation.builder()
                    .folds(2)
                    .build()
                    .run(data.x(), data.y(), IDENTITY, new ToyLearners.NearestCentroidLearner()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("solves CLASSIFICATION");
    var blobs = ToyLearners.blobs(12, 2, 1);
    assertThatThrownBy(
            () ->
                CrossValidation.builder()
                    .folds(2)
                    .targetTransform(TargetTransform.LOG1P)
                    .build()
                    .run(blobs.x(), blobs.y(), IDENTITY, new ToyLearners.NearestCentroidLearner()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("regression only");
    Target negative = Target.regression("y", new double[] {1, 2, -3, 4, 5, 6});
    assertThatThrownBy(
            () ->
                CrossValidation.builder()
                    .folds(2)
                    .targetTransform(TargetTransform.LOG1P)
                    .build()
                    .run(data.x(), negative, IDENTITY, new ToyLearners.MeanLearner()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("> -1");
    assertThatThrownBy(
            () ->
                CrossValidation.builder()
                    .folds(2)
                    .strategy(CvStrategy.STRATIFIED)
                    .build()
                    .folds(data.x(), data.y()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("classification target");
    assertThatThrownBy(
            () ->
                CrossValidation.builder()
                    .folds(2)
                    .build()
                    .folds(data.x(), Target.regression("y", new double[] {1, 2, 3})))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("6 rows but the target has 3");
  }
}
