package dev.mle4j.tabular.eda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.tabular.SharedData;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.SchemaInference;
import dev.mle4j.tabular.data.TableLoader;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.eda.EdaResult.OutlierSummary;
import dev.mle4j.tabular.eda.EdaResult.WarningKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EdaReportTest {

  private static DataFrame load(String name) {
    return TableLoader.read(
        SharedData.root().resolve("tabular").resolve(name + ".csv"), SchemaInference.defaults());
  }

  @Test
  void titanicFlagsAliveAsLeakageAndWritesFiles(@TempDir Path dir) throws IOException {
    DataFrame titanic = load("titanic");
    EdaResult r = EdaReport.builder(titanic).target("survived").outputDir(dir).build().write();
    assertThat(r.target().task()).isEqualTo(TabularTask.CLASSIFICATION);
    assertThat(r.leakageSuspects()).contains("alive").doesNotContain("sex", "fare", "age");
    assertThat(r.warnings().get(0).kind()).isEqualTo(WarningKind.LEAKAGE);
    assertThat(r.warnings(WarningKind.DUPLICATE))
        .anyMatch(w -> w.columns().containsAll(List.of("pclass", "class")))
        .anyMatch(w -> w.columns().containsAll(List.of("embarked", "embark_town")));
    assertThat(r.warnings(WarningKind.MANY_MISSING))
        .anyMatch(w -> w.columns().equals(List.of("deck")));
    assertThat(r.missing().coMissing())
        .anyMatch(
            c -> c.first().equals("embarked") && c.second().equals("embark_town") && c.both() == 2);
    assertThat(r.column("age").orElseThrow().missing()).isEqualTo(177);
    assertThat(r.pearson().get("age", "fare"))
        .isCloseTo(
            Statistics.pearson(titanic.numeric("age"), titanic.numeric("fare")), within(1e-12));
    assertThat(r.target().classes()).hasSize(2);
    assertThat(r.target().imbalanceRatio()).isCloseTo(549.0 / 342.0, within(1e-12));

    String html = Files.readString(dir.resolve("report.html"));
    for (String c : titanic.columns()) {
      assertThat(html).as("report names " + c).contains("<td>" + c + "</td>");
    }
    assertThat(r.charts())
        .contains("target.png", "pearson.png", "spearman.png", "cramers-v.png", "missing.png");
    for (String chart : r.charts()) {
      assertThat(dir.resolve(chart)).isRegularFile();
    }
    JsonNode json = new ObjectMapper().readTree(dir.resolve("eda.json").toFile());
    assertThat(json.get("rows").asInt()).isEqualTo(891);
    assertThat(json.get("columns")).hasSize(titanic.columns().size());
    // NaN statistics of string columns are written as null
    assertThat(json.get("columns").get(2).get("mean").isNull()).isTrue();
  }

  @Test
  void bikeSharingFlagsCasualAndRegistered() {
    DataFrame bike = load("bike-sharing-hour");
    EdaResult r = EdaReport.builder(bike).target("cnt").build().analyze();
    assertThat(r.target().task()).isEqualTo(TabularTask.REGRESSION);
    assertThat(r.leakageSuspects()).contains("casual", "registered").doesNotContain("hr", "temp");
    assertThat(r.warnings(WarningKind.LEAKAGE))
        .anyMatch(w -> w.message().contains("'casual' + 'registered'"));
    assertThat(r.target().skewness()).isGreaterThan(1);
    assertThat(r.target().suggestLog1p()).isTrue();
    assertThat(r.warnings(WarningKind.SKEWED_TARGET)).hasSize(1);
  }

  @Test
  void smallFrameWarningsAndOutliers() {
    int n = 21;
    double[] x = new double[n];
    double[] constant = new double[n];
    String[] id = new String[n];
    String[] cat = new String[n];
    String[] copy = new String[n];
    for (int i = 0; i < n; i++) {
      x[i] = i == n - 1 ? 100 : 0;
      constant[i] = 7;
      id[i] = "row-" + i;
      cat[i] = i % 3 == 0 ? "a" : "b";
      copy[i] = i % 3 == 0 ? "A" : "B";
    }
    DataFrame f =
        DataFrame.empty(n)
            .with("x", ColumnType.NUMERIC, x)
            .with("constant", ColumnType.NUMERIC, constant)
            .with("key", ColumnType.CATEGORICAL, id)
            .with("cat", ColumnType.CATEGORICAL, cat)
            .with("copy", ColumnType.CATEGORICAL, copy);
    EdaResult r = EdaReport.builder(f).build().analyze();
    assertThat(r.target()).isNull();
    assertThat(r.warnings(WarningKind.CONSTANT))
        .anyMatch(w -> w.columns().equals(List.of("constant")));
    assertThat(r.warnings(WarningKind.ID_LIKE)).anyMatch(w -> w.columns().equals(List.of("key")));
    assertThat(r.warnings(WarningKind.DUPLICATE))
        .anyMatch(w -> w.columns().equals(List.of("cat", "copy")));
    OutlierSummary o =
        r.outliers().stream().filter(s -> s.column().equals("x")).findFirst().orElseThrow();
    // twenty zeros and one 100: q1 = q3 = 0, so 100 is outside the fences; z(100) = 4.36
    assertThat(o.iqrOutliers()).isEqualTo(1);
    assertThat(o.iqrUpper()).isEqualTo(0.0);
    assertThat(o.zOutliers()).isEqualTo(1);
    assertThat(r.cramersV().get("cat", "copy")).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void outlierCountsOnTenValues() {
    double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 100};
    DataFrame f = DataFrame.empty(10).with("v", ColumnType.NUMERIC, v);
    OutlierSummary o = EdaReport.builder(f).build().analyze().outliers().get(0);
    assertThat(o.q1()).isEqualTo(3.25);
    assertThat(o.q3()).isEqualTo(7.75);
    assertThat(o.iqrLower()).isEqualTo(-3.5);
    assertThat(o.iqrUpper()).isEqualTo(14.5);
    assertThat(o.iqrOutliers()).isEqualTo(1);
    // with ten values no z-score can exceed (n - 1) / sqrt(n) = 2.85
    assertThat(o.zOutliers()).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "titanic, survived",
    "telco-churn, Churn",
    "bike-sharing-hour, cnt",
    "taxis, total",
    "penguins, species",
    "diamonds, price"
  })
  void writesReportForEveryDataset(String dataset, String target, @TempDir Path dir)
      throws IOException {
    DataFrame f = load(dataset);
    EdaResult r =
        EdaReport.builder(f)
            .target(target)
            .title("EDA: " + dataset)
            .maxCharts(6)
            .outputDir(dir)
            .build()
            .write();
    assertThat(r.rows()).isEqualTo(f.rows());
    assertThat(dir.resolve("report.html")).isRegularFile();
    assertThat(dir.resolve("eda.json")).isRegularFile();
    String html = Files.readString(dir.resolve("report.html"));
    for (String c : f.columns()) {
      assertThat(html).contains("<td>" + c + "</td>");
    }
    assertThat(r.charts().size()).isGreaterThan(3);
    if (!r.chartsLeftOut().isEmpty()) {
      assertThat(html).contains("Charts left out").contains(r.chartsLeftOut().get(0));
    }
  }

  @Test
  void targetObjectAndChartCap(@TempDir Path dir) {
    DataFrame penguins = load("penguins");
    Target species = Target.classification("species", penguins.strings("species"));
    EdaResult r =
        EdaReport.builder(penguins.drop(List.of("species")))
            .target(species)
            .maxCharts(2)
            .outputDir(dir)
            .build()
            .write();
    assertThat(r.target().classes()).hasSize(3);
    assertThat(r.chartsLeftOut()).hasSize(4);
    assertThat(r.targetAssociations()).isNotEmpty();
  }

  @Test
  void badInputIsRejected() {
    DataFrame f = DataFrame.empty(3).with("v", ColumnType.NUMERIC, new double[] {1, 2, 3});
    assertThatThrownBy(() -> EdaReport.builder(f).target("nope").build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("unknown column 'nope'");
    assertThatThrownBy(() -> EdaReport.builder(DataFrame.empty(0)).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no rows");
    assertThatThrownBy(() -> EdaReport.builder(f).build().write())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no output folder");
    assertThatThrownBy(
            () -> EdaReport.builder(f).target(Target.regression("y", new double[] {1, 2})).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("2 values but the frame has 3 rows");
    DataFrame text = f.with("t", ColumnType.TEXT, new String[] {"a b", "c d", "e f"});
    assertThatThrownBy(() -> EdaReport.builder(text).target("t").build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cannot be a target");
  }
}
