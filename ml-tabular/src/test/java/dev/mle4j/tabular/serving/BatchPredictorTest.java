package dev.mle4j.tabular.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.CsvReader;
import dev.mle4j.core.data.CsvTable;
import dev.mle4j.tabular.data.DataFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchPredictorTest {

  private static DataFrame titanic;
  private static TabularArtifact classifier;
  private static TabularArtifact regressor;
  private static List<String> lines;
  @TempDir Path tmp;

  @BeforeAll
  static void fit() throws Exception {
    titanic = Fixtures.titanic();
    classifier = Fixtures.classifier(titanic);
    regressor = Fixtures.regressor(titanic);
    lines = Files.readAllLines(Fixtures.titanicCsv());
  }

  /** Titanic rows 601..700 (1-based data rows of the original file) with an id column. */
  private Path csv(String name, java.util.function.UnaryOperator<List<String>> edit)
      throws Exception {
    List<String> out = new ArrayList<>();
    out.add("passenger_id," + lines.get(0));
    for (int i = 601; i <= 700; i++) {
      out.add("P" + i + "," + lines.get(i));
    }
    Path file = tmp.resolve(name);
    Files.write(file, edit.apply(out));
    return file;
  }

  private static CsvTable read(Path file) {
    return CsvReader.builder().build().read(file);
  }

  @Test
  void writesLabelsAndProbabilitiesMatchingBulkPrediction() throws Exception {
    TabularPredictor p = TabularPredictor.of(classifier);
    Path in = csv("in.csv", l -> l);
    Path out = tmp.resolve("out/predictions.csv");
    BatchPredictor.Summary s = BatchPredictor.builder(p).build().predict(in, out);
    assertThat(s.rows()).isEqualTo(100);
    assertThat(s.predicted()).isEqualTo(100 - s.errors());
    assertThat(s.output()).isEqualTo(out);
    assertThat(s.seconds()).isPositive();
    CsvTable t = read(out);
    assertThat(t.columns())
        .containsExactly("passenger_id", "label", "probability_0", "probability_1");
    assertThat(t.size()).isEqualTo(100);
    TabularPredictions bulk = p.predictFrame(titanic.rows(Fixtures.range(600, 700)));
    for (int i = 0; i < 100; i++) {
      assertThat(t.value(i, "passenger_id")).isEqualTo("P" + (601 + i));
      assertThat(t.value(i, "label")).isEqualTo(bulk.classification(i).label());
      assertThat(Double.parseDouble(t.value(i, "probability_1")))
          .isCloseTo(bulk.outputs()[i][1], within(1e-15));
    }
  }

  @Test
  void invalidRowsAreCollectedWithRowNumbers() throws Exception {
    TabularPredictor p = TabularPredictor.of(regressor);
    Path in =
        csv(
            "bad.csv",
            l -> {
              l.set(3, l.get(3).replace(",male,", ",robot,"));
              l.set(10, l.get(10).replace(",male,", ",,").replace(",female,", ",,"));
              l.set(20, l.get(20).replaceFirst(",S,", ",Z,"));
              return l;
            });
    Path out = tmp.resolve("fare.csv");
    assertThatThrownBy(() -> BatchPredictor.builder(p).maxErrors(2).build().predict(in, out))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("bad.csv: 3 of 100 rows are invalid")
        .hasMessageContaining("data row 3: field 'sex' has unknown category 'robot'")
        .hasMessageContaining("data row 10: field 'sex' must not be missing")
        .hasMessageContaining("; ...");
    assertThat(out).doesNotExist();

    BatchPredictor.Summary s =
        BatchPredictor.builder(p)
            .skipInvalidRows(true)
            .idColumn("passenger_id")
            .build()
            .predict(in, out);
    assertThat(s.rows()).isEqualTo(100);
    assertThat(s.errors()).isEqualTo(3);
    assertThat(s.predicted()).isEqualTo(97);
    assertThat(s.firstErrors()).extracting(BatchPredictor.RowError::row).containsExactly(3, 10, 20);
    assertThat(s.firstErrors().get(2).field()).isEqualTo("embarked");
    CsvTable t = read(out);
    assertThat(t.columns()).containsExactly("passenger_id", "prediction", "error");
    assertThat(t.value(2, "prediction")).isEmpty();
    assertThat(t.value(2, "error")).contains("robot");
    assertThat(t.value(0, "error")).isEmpty();
    double expected = p.predictFrame(titanic.rows(new int[] {600})).value(0);
    assertThat(Double.parseDouble(t.value(0, "prediction"))).isEqualTo(expected);
  }

  @Test
  void missingColumnsAreListed() throws Exception {
    TabularPredictor p = TabularPredictor.of(classifier);
    Path in = tmp.resolve("few.csv");
    Files.writeString(in, "sex,age\nmale,22\n");
    assertThatThrownBy(() -> BatchPredictor.builder(p).build().predict(in, tmp.resolve("o.csv")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining(
            "few.csv lacks input column(s) [pclass, fare, embarked, adult_male, deck]");
    assertThatThrownBy(
            () ->
                BatchPredictor.builder(p)
                    .idColumn("nope")
                    .build()
                    .predict(csv("x.csv", l -> l), tmp.resolve("o.csv")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("id column 'nope' is not in the file");
    assertThatThrownBy(() -> BatchPredictor.builder(p).maxErrors(0))
        .isInstanceOf(MlException.class);
  }
}
