package dev.mle4j.tabular.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.Regressor;
import dev.mle4j.core.serving.InvalidInputException;
import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.tabular.data.DataFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularPredictorTest {

  private static DataFrame titanic;
  private static TabularArtifact classifier;
  private static TabularArtifact regressor;
  @TempDir Path tmp;

  @BeforeAll
  static void fit() {
    titanic = Fixtures.titanic();
    classifier = Fixtures.classifier(titanic);
    regressor = Fixtures.regressor(titanic);
  }

  private static List<Map<String, Object>> rows(TabularPredictor p, int from, int to) {
    DataFrame input = titanic.select(p.artifact().pipeline().inputSchema().names());
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(input.row(i));
    }
    return out;
  }

  @Test
  void oneRowGivesTheSameResultAloneAndInABatch() {
    TabularPredictor p = TabularPredictor.of(classifier);
    DataFrame frame = titanic.rows(Fixtures.range(600, 700));
    TabularPredictions bulk = p.predictFrame(frame);
    assertThat(bulk.size()).isEqualTo(100);
    Classifier<Map<String, Object>> view = p.classifier();
    assertThat(view.labels()).containsExactly("0", "1");
    List<Map<String, Object>> rows = rows(p, 600, 700);
    List<Classification> all = view.classifyAll(rows);
    for (int i = 0; i < rows.size(); i++) {
      Classification one = view.classify(rows.get(i));
      assertThat(one).isEqualTo(bulk.classification(i)).isEqualTo(all.get(i));
      assertThat(one.scores().values().stream().mapToDouble(Double::doubleValue).sum())
          .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
    }
    assertThatThrownBy(p::regressor)
        .isInstanceOf(MlException.class)
        .hasMessageContaining("is a classification model; use classifier()");
    assertThatThrownBy(() -> bulk.value(0)).isInstanceOf(MlException.class);
  }

  @Test
  void regressorViewMatchesBulkToo() {
    TabularPredictor p = TabularPredictor.of(regressor);
    DataFrame frame = titanic.rows(Fixtures.range(600, 700));
    double[] bulk = p.predictFrame(frame).values();
    Regressor<Map<String, Object>> view = p.regressor();
    List<Map<String, Object>> rows = rows(p, 600, 700);
    double[] all = view.predictAll(rows);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(view.predict(rows.get(i))).isEqualTo(bulk[i]).isEqualTo(all[i]);
    }
    assertThat(view.card().task()).isEqualTo("tabular-regression");
    assertThatThrownBy(p::classifier)
        .isInstanceOf(MlException.class)
        .hasMessageContaining("is a regression model; use regressor()");
    ServedModel<Map<String, Object>> served = p.served("fare", "v1");
    assertThat(served.isRegressor()).isTrue();
    assertThat(served.reader()).isSameAs(p.validator());
  }

  @Test
  void predictRowValidatesFirst() {
    TabularPredictor p = TabularPredictor.of(classifier);
    Map<String, Object> row = new HashMap<>(rows(p, 600, 601).get(0));
    row.put("sex", "robot");
    assertThatThrownBy(() -> p.predictRow(row))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown category 'robot'");
    row.put("sex", "female");
    assertThat(p.predictRow(row).size()).isEqualTo(1);
    RowValidator open =
        RowValidator.builder(classifier.metadata().input())
            .unknownCategories(RowValidator.CategoryPolicy.ALLOW)
            .build();
    row.put("sex", "robot");
    // with ALLOW the one-hot encoder's rare bucket takes the unseen value
    assertThat(TabularPredictor.of(classifier, open).predictRow(row).size()).isEqualTo(1);
  }

  @Test
  void loaderLoadsBothTasksAndRefusesTheWrongView() {
    Path c = tmp.resolve("c");
    Path r = tmp.resolve("r");
    classifier.save(c);
    regressor.save(r);
    TabularModelLoader loader = new TabularModelLoader();
    assertThat(loader.formats()).containsExactly("tabular/v1");
    assertThat(loader.inputKind()).isEqualTo("row");
    ModelCard cc = classifier.card();
    ModelCard rc = regressor.card();
    assertThat(loader.isRegressor(cc)).isFalse();
    assertThat(loader.isRegressor(rc)).isTrue();
    try (Classifier<?> clf = loader.load(c, cc);
        Regressor<?> reg = loader.loadRegressor(r, rc)) {
      assertThat(clf.labels()).containsExactly("0", "1");
      assertThat(reg.card().name()).isEqualTo("titanic-fare");
    }
    assertThatThrownBy(() -> loader.load(r, rc))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("regression model; load it with loadRegressor()");
    assertThatThrownBy(() -> loader.loadRegressor(c, cc))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("classification model; load it with load()");
    // a card that lies about the task is caught
    assertThatThrownBy(() -> loader.loadServed("x", "1", c, rc))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("its card says task 'tabular-regression'");
    ServedModel<?> served = loader.loadServed("survival", "9", c, cc);
    assertThat(served.isRegressor()).isFalse();
    assertThat(served.version()).isEqualTo("9");
    served.closeModel();
  }
}
