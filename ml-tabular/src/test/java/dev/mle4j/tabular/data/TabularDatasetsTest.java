package dev.mle4j.tabular.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularDatasetsTest {

  @TempDir Path tmp;

  @Test
  void titanicDropsTheLeakingAliveColumn() {
    TabularDataset d = TabularDatasets.load("titanic", SharedData.catalog(tmp));
    assertThat(d.features().rows()).isEqualTo(891);
    assertThat(d.features().has("alive")).isFalse();
    assertThat(d.features().has("survived")).isFalse();
    assertThat(d.target().labels()).containsExactly("0", "1");
    assertThat(d.task()).isEqualTo(TabularTask.CLASSIFICATION);
    assertThat(d.primaryMetric()).isEqualTo("accuracy");
    assertThat(d.higherIsBetter()).isTrue();
    assertThat(d.dropped()).singleElement().asString().startsWith("alive");
  }

  @Test
  void telcoTypesIdAndBlankTotals() {
    TabularDataset d = TabularDatasets.load("telco-churn", SharedData.catalog(tmp));
    assertThat(d.features().type("customerID")).isEqualTo(ColumnType.ID);
    assertThat(d.features().type("TotalCharges")).isEqualTo(ColumnType.NUMERIC);
    long missing =
        java.util.Arrays.stream(d.features().numeric("TotalCharges")).filter(Double::isNaN).count();
    assertThat(missing).isEqualTo(11);
    assertThat(d.target().labels()).containsExactly("No", "Yes");
  }

  @Test
  void bikeSharingHasATimeColumnAndALogTarget() {
    TabularDataset d = TabularDatasets.load("bike-sharing", SharedData.catalog(tmp));
    assertThat(d.features().rows()).isEqualTo(17379);
    assertThat(d.features().type("dteday")).isEqualTo(ColumnType.DATETIME);
    assertThat(d.features().has("casual")).isFalse();
    assertThat(d.features().has("registered")).isFalse();
    assertThat(d.logTarget()).isTrue();
    assertThat(d.timeColumn()).isEqualTo("dteday");
    assertThat(d.higherIsBetter()).isFalse();
  }

  @Test
  void blankedHousePricesFileIsReportedNotParsed() {
    assertThatThrownBy(() -> TabularDatasets.load("house-prices", SharedData.catalog(tmp)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("train.csv is not a CSV file")
        .hasMessageContaining("are all 'U'");
  }

  @Test
  void csvWithInferredTaskAndAutoLogTarget() throws Exception {
    Path csv = tmp.resolve("p.csv");
    StringBuilder sb = new StringBuilder("id,city,size,price\n");
    for (int i = 0; i < 50; i++) {
      sb.append(i).append(',').append(i % 3 == 0 ? "a" : "b").append(',').append(i).append(',');
      sb.append(i < 45 ? 10 + i : 5000 + i).append('\n');
    }
    Files.writeString(csv, sb);
    TabularDataset d =
        TabularDatasets.fromCsv("p", csv, CsvProblem.builder("price").idColumn("id").build());
    assertThat(d.task()).isEqualTo(TabularTask.REGRESSION);
    assertThat(d.logTarget()).isTrue();
    assertThat(d.primaryMetric()).isEqualTo("rmse");
    assertThat(d.features().columns()).containsExactly("id", "city", "size");
    assertThat(d.features().type("id")).isEqualTo(ColumnType.ID);

    TabularDataset c = TabularDatasets.fromCsv("p", csv, CsvProblem.builder("city").build());
    assertThat(c.task()).isEqualTo(TabularTask.CLASSIFICATION);
    assertThat(c.primaryMetric()).isEqualTo("roc_auc");
  }

  @Test
  void badCsvInputsHaveClearMessages() throws Exception {
    Path csv = tmp.resolve("x.csv");
    Files.writeString(csv, "a,b\n1,2\n3,4\n");
    assertThatThrownBy(() -> TabularDatasets.fromCsv("x", csv, CsvProblem.builder("z").build()))
        .hasMessageContaining("target column 'z' not found; columns: [a, b]");
    assertThatThrownBy(
            () ->
                TabularDatasets.fromCsv("x", csv, CsvProblem.builder("a").timeColumn("t").build()))
        .hasMessageContaining("time column 't' not found");
    Path header = tmp.resolve("h.csv");
    Files.writeString(header, "a,b\n");
    assertThatThrownBy(() -> TabularDatasets.fromCsv("h", header, CsvProblem.builder("a").build()))
        .hasMessageContaining("no data rows");
    Path empty = tmp.resolve("e.csv");
    Files.writeString(empty, "");
    assertThatThrownBy(() -> TabularDatasets.fromCsv("e", empty, CsvProblem.builder("a").build()))
        .hasMessageContaining("is empty");
    Path missingTarget = tmp.resolve("m.csv");
    Files.writeString(missingTarget, "a,b\n1,2\n,4\n3,5\n");
    TabularDataset partial =
        TabularDatasets.fromCsv(
            "m", missingTarget, CsvProblem.builder("a").task(TabularTask.REGRESSION).build());
    assertThat(partial.features().rows()).isEqualTo(2);
    assertThat(partial.dropped()).contains("1 rows without a target value (left out)");
    Path noTarget = tmp.resolve("n.csv");
    Files.writeString(noTarget, "a,b\n,2\nNA,4\n");
    assertThatThrownBy(
            () ->
                TabularDatasets.fromCsv(
                    "n", noTarget, CsvProblem.builder("a").task(TabularTask.REGRESSION).build()))
        .hasMessageContaining("target 'a' is missing in every row");
    Path text = tmp.resolve("t.csv");
    Files.writeString(text, "a,b\nx,2\n1,4\n");
    assertThatThrownBy(
            () ->
                TabularDatasets.fromCsv(
                    "t", text, CsvProblem.builder("a").task(TabularTask.REGRESSION).build()))
        .hasMessageContaining("data row 1, column 'a'");
    assertThatThrownBy(() -> TabularDatasets.builtIn("nope"))
        .hasMessageContaining("unknown tabular data set 'nope'; known: [titanic");
  }

  @Test
  void taskInference() {
    assertThat(TabularDatasets.inferTask(List.of("1", "0", "1")))
        .isEqualTo(TabularTask.CLASSIFICATION);
    assertThat(TabularDatasets.inferTask(List.of("1.5", "0", "1")))
        .isEqualTo(TabularTask.REGRESSION);
    assertThat(TabularDatasets.inferTask(List.of("yes", "no")))
        .isEqualTo(TabularTask.CLASSIFICATION);
  }
}
