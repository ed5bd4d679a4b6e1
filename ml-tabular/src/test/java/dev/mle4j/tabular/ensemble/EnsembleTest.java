package dev.mle4j.tabular.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.eval.CrossValidation;
import dev.mle4j.tabular.eval.CvResult;
import dev.mle4j.tabular.eval.ToyLearners;
import dev.mle4j.tabular.features.FeatureMatrix;
import dev.mle4j.tabular.features.FittedPipeline;
import dev.mle4j.tabular.features.StepPipeline;
import dev.mle4j.tabular.model.TabularLearner;
import dev.mle4j.tabular.model.TabularModel;
import dev.mle4j.tabular.model.TabularModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleTest {

  private static final StepPipeline IDENTITY = StepPipeline.of(List.of());

  private static FeatureMatrix matrix(DataFrame x) {
    return FittedPipeline.toMatrix(x, x.columns());
  }

  @Test
  void averagingRegressionIsTheWeightedMean() {
    var data = ToyLearners.regression(30, 0.1, 1);
    FeatureMatrix x = matrix(data.x());
    TabularLearner ls = new ToyLearners.LeastSquaresLearner();
    TabularLearner mean = new ToyLearners.MeanLearner();
    TabularModel avg =
        new AveragingLearner(List.of(ls, mean), new double[] {3, 1}).fit(x, data.y());
    double[][] a = ls.fit(x, data.y()).predict(x.rows());
    double[][] b = mean.fit(x, data.y()).predict(x.rows());
    double[][] p = avg.predict(x.rows());
    for (int i = 0; i < p.length; i++) {
      assertThat(p[i][0]).isCloseTo(0.75 * a[i][0] + 0.25 * b[i][0], within(1e-9));
    }
    assertThat(avg.format()).isEqualTo(AveragingModel.FORMAT);
    assertThat(avg.featureNames()).containsExactly("signal", "noise");
  }

  @Test
  void averagingClassificationIsSoftVoting() {
    var data = ToyLearners.blobs(30, 3, 2);
    FeatureMatrix x = matrix(data.x());
    TabularLearner nc = new ToyLearners.NearestCentroidLearner();
    TabularLearner lr = new LogisticMetaLearner();
    TabularModel avg = new AveragingLearner(List.of(nc, lr)).fit(x, data.y());
    double[][] a = nc.fit(x, data.y()).predict(x.rows());
    double[][] b = lr.fit(x, data.y()).predict(x.rows());
    double[][] p = avg.predict(x.rows());
    for (int i = 0; i < p.length; i++) {
      for (int k = 0; k < 3; k++) {
        assertThat(p[i][k]).isCloseTo((a[i][k] + b[i][k]) / 2, within(1e-9));
      }
    }
    assertThat(avg.labels()).containsExactly("cat", "dog", "emu");
  }

  @Test
  void stackingAGoodAndAUselessLearnerIsAtLeastAsGoodAsTheGoodOne() {
    var data = ToyLearners.regression(80, 0.3, 3);
    CrossValidation cv = CrossValidation.builder().folds(4).seed(2).build();
    TabularLearner good = new ToyLearners.LeastSquaresLearner();
    TabularLearner useless = new ToyLearners.MeanLearner();
    CvResult goodAlone = cv.run(data.x(), data.y(), IDENTITY, good);
    CvResult stacked =
        cv.run(data.x(), data.y(), IDENTITY, new StackingLearner(List.of(good, useless)));
    CvResult uselessAlone = cv.run(data.x(), data.y(), IDENTITY, useless);
    assertThat(stacked.mean("rmse")).isLessThanOrEqualTo(goodAlone.mean("rmse") * 1.02);
    assertThat(stacked.mean("rmse")).isLessThan(uselessAlone.mean("rmse") * 0.5);
    // the meta-model puts its weight on the good learner
    StackingModel model =
        (StackingModel) new StackingLearner(List.of(good, useless)).fit(matrix(data.x()), data.y());
    double[] w = ((LinearMetaModel) model.meta()).coefficients()[0];
    assertThat(w[0]).isCloseTo(1.0, within(0.1));
  }

  @Test
  void stackingClassifiesSeparableBlobs() {
    var data = ToyLearners.blobs(90, 2, 4);
    CrossValidation cv = CrossValidation.builder().folds(3).seed(2).build();
    CvResult r =
        cv.run(
            data.x(),
            data.y(),
            IDENTITY,
            new StackingLearner(
                List.of(new ToyLearners.NearestCentroidLearner(), new LogisticMetaLearner())));
    assertThat(r.mean("accuracy")).isGreaterThan(0.85);
    assertThat(r.mean("roc_auc")).isGreaterThan(0.9);
  }

  @Test
  void saveAndLoadGiveIdenticalPredictions(@TempDir Path dir) throws Exception {
    var reg = ToyLearners.regression(40, 0.2, 5);
    FeatureMatrix x = matrix(reg.x());
    TabularModel avg =
        new AveragingLearner(
                List.of(new RidgeMetaLearner(), new RidgeMetaLearner(10)), new double[] {2, 1})
            .fit(x, reg.y());
    TabularModel stack =
        new StackingLearner(
                List.of(
                    new RidgeMetaLearner(),
                    new RidgeMetaLearner(50),
                    new AveragingLearner(List.of(new RidgeMetaLearner()))),
                null,
                3,
                7)
            .fit(x, reg.y());
    var blobs = ToyLearners.blobs(45, 3, 6);
    FeatureMatrix bx = matrix(blobs.x());
    TabularModel stackClf =
        new StackingLearner(List.of(new LogisticMetaLearner(), new LogisticMetaLearner(0.1, 50)))
            .fit(bx, blobs.y());
    for (var pair :
        List.of(
            new Object[] {avg, x, "avg"},
            new Object[] {stack, x, "stack"},
            new Object[] {stackClf, bx, "clf"})) {
      TabularModel model = (TabularModel) pair[0];
      FeatureMatrix m = (FeatureMatrix) pair[1];
      Path sub = Files.createDirectories(dir.resolve((String) pair[2]));
      model.save(sub);
      try (TabularModel loaded = TabularModels.load(sub, model.format())) {
        assertThat(loaded.getClass()).isEqualTo(model.getClass());
        assertThat(loaded.featureNames()).isEqualTo(model.featureNames());
        assertThat(loaded.labels()).isEqualTo(model.labels());
        double[][] before = model.predict(m.rows());
        double[][] after = loaded.predict(m.rows());
        for (int i = 0; i < before.length; i++) {
          assertThat(after[i]).containsExactly(before[i]);
        }
      }
    }
    JsonNode manifest =
        new ObjectMapper().readTree(Files.readString(dir.resolve("stack/ensemble.json")));
    assertThat(manifest.get("format").asText()).isEqualTo(StackingModel.FORMAT);
    assertThat(manifest.get("models")).hasSize(3);
    assertThat(manifest.get("models").get(2).get("format").asText())
        .isEqualTo(AveragingModel.FORMAT);
    assertThat(manifest.get("meta").get("dir").asText()).isEqualTo("meta");
    assertThat(dir.resolve("stack/model-2/model-0/linear.json")).exists();
    assertThat(dir.resolve("avg/model-1/linear.json")).exists();
  }

  @Test
  void linearMetaLearnersFitSimpleProblems() {
    var data = ToyLearners.regression(50, 0.01, 8);
    TabularModel ridge = new RidgeMetaLearner(0).fit(matrix(data.x()), data.y());
    double[][] c = ((LinearMetaModel) ridge).coefficients();
    assertThat(c[0][0]).isCloseTo(3.0, within(0.02));
    assertThat(c[0][1]).isCloseTo(0.0, within(0.02));
    var blobs = ToyLearners.blobs(60, 2, 9);
    TabularModel logistic = new LogisticMetaLearner().fit(matrix(blobs.x()), blobs.y());
    double[][] p = logistic.predict(matrix(blobs.x()).rows());
    int correct = 0;
    for (int i = 0; i < p.length; i++) {
      correct += (p[i][1] > 0.5 ? 1 : 0) == (int) blobs.y().value(i) ? 1 : 0;
    }
    assertThat(correct).isGreaterThan(50);
  }

  @Test
  void badInputIsRejected(@TempDir Path dir) {
    assertThatThrownBy(() -> new AveragingLearner(List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least one learner");
    assertThatThrownBy(() -> new StackingLearner(List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least one learner");
    assertThatThrownBy(
            () ->
                new AveragingLearner(
                    List.of(
                        new ToyLearners.MeanLearner(), new ToyLearners.NearestCentroidLearner())))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("mix tasks");
    assertThatThrownBy(
            () -> new AveragingLearner(List.of(new ToyLearners.MeanLearner()), new double[] {1, 2}))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("2 ensemble weights for 1 learners");
    assertThatThrownBy(
            () -> new AveragingLearner(List.of(new ToyLearners.MeanLearner()), new double[] {0}))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("sum to 0");
    assertThatThrownBy(
            () ->
                new StackingLearner(
                    List.of(new ToyLearners.MeanLearner()), new LogisticMetaLearner(), 5, 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("meta-learner");
    assertThatThrownBy(
            () -> new StackingLearner(List.of(new ToyLearners.MeanLearner()), null, 1, 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least 2 inner folds");
    Target tiny = Target.regression("y", new double[] {1, 2, 3});
    FeatureMatrix three = matrix(DataFrame.empty(3).with("a", ColumnType.NUMERIC, new double[3]));
    assertThatThrownBy(
            () -> new StackingLearner(List.of(new ToyLearners.MeanLearner())).fit(three, tiny))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least 5 training rows");
    assertThatThrownBy(() -> TabularModels.load(dir, StackingModel.FORMAT))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not a saved ensemble");
  }
}
