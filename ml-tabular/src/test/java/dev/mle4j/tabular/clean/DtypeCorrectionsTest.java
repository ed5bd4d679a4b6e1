package dev.mle4j.tabular.clean;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mle4j.core.data.CsvTable;
import dev.mle4j.tabular.SharedData;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.SchemaInference;
import dev.mle4j.tabular.data.TableLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtypeCorrectionsTest {

  @Test
  void messyNumbersBecomePlainNumbers() {
    CsvTable table =
        new CsvTable(
            List.of("amount", "name", "code"),
            List.of(
                new String[] {"1,234.5", " Ann ", "007"},
                new String[] {"$12", "Bob", "010"},
                new String[] {" 7 ", "Cy", "011"},
                new String[] {"45%", "Di", "012"},
                new String[] {" ", "Ed", "013"}));
    DtypeCorrections.CorrectedTable out = DtypeCorrections.apply(table);
    assertThat(out.table().column("amount")).containsExactly("1234.5", "12", "7", "0.45", "");
    assertThat(out.table().column("name")).containsExactly("Ann", "Bob", "Cy", "Di", "Ed");
    assertThat(out.table().column("code")).containsExactly("007", "010", "011", "012", "013");
    assertThat(out.corrections()).hasSize(2);
    ColumnCorrection amount = out.corrections().get(0);
    assertThat(amount).isEqualTo(new ColumnCorrection("amount", 1, 1, 1, 1, 1, true));
    assertThat(amount.describe()).contains("converted to numbers").contains("1 blank to missing");
    assertThat(out.corrections().get(1).convertedToNumber()).isFalse();
    assertThat(out.corrections().get(1).trimmed()).isEqualTo(1);
    assertThat(SchemaInference.defaults().infer(out.table()).type("amount"))
        .isEqualTo(ColumnType.NUMERIC);
    // the input table is not modified
    assertThat(table.column("amount").get(0)).isEqualTo("1,234.5");
  }

  @Test
  void singleCells() {
    assertThat(DtypeCorrections.plainNumber("1,234.5")).isEqualTo("1234.5");
    assertThat(DtypeCorrections.plainNumber("$12")).isEqualTo("12");
    assertThat(DtypeCorrections.plainNumber(" 7 ")).isEqualTo("7");
    assertThat(DtypeCorrections.plainNumber("45%")).isEqualTo("0.45");
    assertThat(DtypeCorrections.plainNumber("-$1,000")).isEqualTo("-1000");
    assertThat(DtypeCorrections.plainNumber("(12.50)")).isEqualTo("-12.5");
    assertThat(DtypeCorrections.plainNumber("12 €")).isEqualTo("12");
    assertThat(DtypeCorrections.plainNumber(" ")).isNull();
    assertThat(DtypeCorrections.plainNumber("12,34")).isNull();
    assertThat(DtypeCorrections.plainNumber("abc")).isNull();
  }

  @Test
  void mixedColumnsAreNotConverted() {
    CsvTable table =
        new CsvTable(List.of("x"), List.of(new String[] {"$12"}, new String[] {"twelve"}));
    DtypeCorrections.CorrectedTable out = DtypeCorrections.apply(table);
    assertThat(out.corrections()).isEmpty();
    assertThat(out.table().column("x")).containsExactly("$12", "twelve");
  }

  @Test
  void framesWithNumbersStoredAsText() {
    DataFrame f =
        DataFrame.empty(3)
            .with("charges", ColumnType.CATEGORICAL, new String[] {"29.85", null, "1,889.50"})
            .with("plan", ColumnType.CATEGORICAL, new String[] {"a", "b", "a"})
            .with("id", ColumnType.ID, new String[] {"1", "2", "3"});
    DtypeCorrections.CorrectedFrame out = DtypeCorrections.apply(f);
    assertThat(out.frame().type("charges")).isEqualTo(ColumnType.NUMERIC);
    assertThat(out.frame().numeric("charges")).containsExactly(29.85, Double.NaN, 1889.5);
    assertThat(out.frame().type("plan")).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(out.frame().type("id")).isEqualTo(ColumnType.ID);
    assertThat(out.corrections()).extracting(ColumnCorrection::column).containsExactly("charges");
  }

  @Test
  void telcoTotalChargesBlanksBecomeMissing() {
    CsvTable raw =
        dev.mle4j.core.data.CsvReader.builder()
            .build()
            .read(SharedData.root().resolve("tabular/telco-churn.csv"));
    DtypeCorrections.CorrectedTable out = DtypeCorrections.apply(raw);
    ColumnCorrection total =
        out.corrections().stream()
            .filter(c -> c.column().equals("TotalCharges"))
            .findFirst()
            .orElseThrow();
    assertThat(total.blanksToMissing()).isEqualTo(11);
    DataFrame df =
        TableLoader.parse(out.table(), SchemaInference.defaults().infer(out.table()), "telco");
    assertThat(df.type("TotalCharges")).isEqualTo(ColumnType.NUMERIC);
  }
}
