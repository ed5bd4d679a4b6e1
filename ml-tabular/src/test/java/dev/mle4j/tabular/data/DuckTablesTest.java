package dev.mle4j.tabular.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.SharedData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckTablesTest {

  private static DataFrame allTypes() {
    return DataFrame.empty(4)
        .with("x", ColumnType.NUMERIC, new double[] {1.5, Double.NaN, -3, 1e6})
        .with("flag", ColumnType.BOOLEAN, new double[] {1, 0, Double.NaN, 1})
        .with(
            "when",
            ColumnType.DATETIME,
            new double[] {0, 1_700_000_000.5, Double.NaN, 86_400 * 365.0})
        .with("color", ColumnType.CATEGORICAL, new String[] {"red", null, "blue", "red"})
        .with("note", ColumnType.TEXT, new String[] {"a long note", "b", null, "it's \"quoted\""})
        .with("id", ColumnType.ID, new String[] {"r1", "r2", "r3", "r4"});
  }

  @Test
  void roundTripKeepsValuesAndTypes() {
    DataFrame in = allTypes();
    try (DuckTables duck = DuckTables.open()) {
      duck.register("t", in);
      DataFrame out = duck.query("SELECT * FROM t");
      assertThat(out.schema()).isEqualTo(in.schema());
      assertThat(out.rows()).isEqualTo(4);
      for (String c : in.columns()) {
        for (int i = 0; i < 4; i++) {
          Object a = in.value(i, c);
          Object b = out.value(i, c);
          if (a instanceof Double d) {
            assertThat((Double) b).as(c + " row " + i).isCloseTo(d, within(1e-6));
          } else {
            assertThat(b).as(c + " row " + i).isEqualTo(a);
          }
        }
      }
    }
  }

  @Test
  void queryMapsSqlTypesBack() {
    try (DuckTables duck = DuckTables.open()) {
      DataFrame out =
          duck.query(
              "SELECT 42 AS i, true AS b, DATE '1970-01-02' AS d, 'x' AS s, NULL::DOUBLE AS n");
      assertThat(out.type("i")).isEqualTo(ColumnType.NUMERIC);
      assertThat(out.numeric("i")[0]).isEqualTo(42.0);
      assertThat(out.type("b")).isEqualTo(ColumnType.BOOLEAN);
      assertThat(out.numeric("b")[0]).isEqualTo(1.0);
      assertThat(out.type("d")).isEqualTo(ColumnType.DATETIME);
      assertThat(out.numeric("d")[0]).isEqualTo(86_400.0);
      assertThat(out.strings("s")[0]).isEqualTo("x");
      assertThat(out.numeric("n")[0]).isNaN();
    }
  }

  @Test
  void groupStatisticsEqualJavaComputedValues() {
    DataFrame f =
        DataFrame.empty(7)
            .with("g", ColumnType.CATEGORICAL, new String[] {"a", "b", "a", "b", "a", null, "b"})
            .with("v", ColumnType.NUMERIC, new double[] {1, 10, 2, 20, 6, 5, Double.NaN});
    try (DuckTables duck = DuckTables.open()) {
      DataFrame s = duck.groupStatistics(f, List.of("g"), List.of("v"));
      assertThat(s.strings("g")).containsExactly("a", "b", null);
      assertThat(s.numeric("count")).containsExactly(3, 3, 1);
      assertThat(s.numeric("v_count")).containsExactly(3, 2, 1);
      Map<String, double[]> java = javaMeans(f);
      assertThat(s.numeric("v_mean")[0]).isCloseTo(java.get("a")[0], within(1e-12));
      assertThat(s.numeric("v_mean")[1]).isCloseTo(java.get("b")[0], within(1e-12));
      // sample std of {1,2,6}: mean 3, squared deviations 4+1+9=14, /2 -> sqrt 7
      assertThat(s.numeric("v_std")[0]).isCloseTo(Math.sqrt(7), within(1e-12));
      assertThat(s.numeric("v_min")).containsExactly(1, 10, 5);
      assertThat(s.numeric("v_max")).containsExactly(6, 20, 5);
    }
  }

  private static Map<String, double[]> javaMeans(DataFrame f) {
    Map<String, double[]> acc = new HashMap<>();
    String[] g = f.strings("g");
    double[] v = f.numeric("v");
    for (int i = 0; i < g.length; i++) {
      if (g[i] == null || Double.isNaN(v[i])) {
        continue;
      }
      double[] a = acc.computeIfAbsent(g[i], k -> new double[2]);
      a[0] += v[i];
      a[1]++;
    }
    Map<String, double[]> out = new HashMap<>();
    acc.forEach((k, a) -> out.put(k, new double[] {a[0] / a[1]}));
    return out;
  }

  @Test
  void groupStatisticsOnTitanicMatchJava() {
    DataFrame t =
        TableLoader.read(
            SharedData.root().resolve("tabular/titanic.csv"), SchemaInference.defaults());
    try (DuckTables duck = DuckTables.open()) {
      DataFrame s = duck.groupStatistics(t, List.of("sex", "pclass"), List.of("age", "fare"));
      assertThat(s.rows()).isEqualTo(6);
      String[] sex = t.strings("sex");
      double[] pclass = t.numeric("pclass");
      double[] age = t.numeric("age");
      double sum = 0;
      int n = 0;
      for (int i = 0; i < t.rows(); i++) {
        if (sex[i].equals("female") && pclass[i] == 1 && !Double.isNaN(age[i])) {
          sum += age[i];
          n++;
        }
      }
      assertThat(s.strings("sex")[0]).isEqualTo("female");
      assertThat(s.numeric("pclass")[0]).isEqualTo(1.0);
      assertThat(s.numeric("age_mean")[0]).isCloseTo(sum / n, within(1e-9));
      assertThat(s.numeric("age_count")[0]).isEqualTo(n);
    }
  }

  @Test
  void joinKeepsLeftOrderAndRenamesClashes() {
    DataFrame left =
        DataFrame.empty(4)
            .with("k", ColumnType.CATEGORICAL, new String[] {"b", "a", "z", null})
            .with("v", ColumnType.NUMERIC, new double[] {1, 2, 3, 4});
    DataFrame right =
        DataFrame.empty(3)
            .with("k", ColumnType.CATEGORICAL, new String[] {"a", "b", "b"})
            .with("v", ColumnType.NUMERIC, new double[] {10, 20, 30})
            .with("label", ColumnType.TEXT, new String[] {"A", "B1", "B2"});
    try (DuckTables duck = DuckTables.open()) {
      DataFrame lj = duck.join(left, right, List.of("k"), DuckTables.JoinType.LEFT);
      assertThat(lj.columns()).containsExactly("k", "v", "v_right", "label");
      assertThat(lj.strings("k")).containsExactly("b", "b", "a", "z", null);
      assertThat(lj.numeric("v")).containsExactly(1, 1, 2, 3, 4);
      assertThat(lj.numeric("v_right")[0]).isEqualTo(20);
      assertThat(lj.numeric("v_right")[3]).isNaN();
      assertThat(lj.strings("label")).containsExactly("B1", "B2", "A", null, null);
      assertThat(lj.type("label")).isEqualTo(ColumnType.TEXT);

      DataFrame ij = duck.join(left, right, List.of("k"), DuckTables.JoinType.INNER);
      assertThat(ij.rows()).isEqualTo(3);
      assertThat(ij.numeric("v")).containsExactly(1, 1, 2);
    }
  }

  @Test
  void readsCsvLikeTableLoaderAndParquetRoundTrip(@TempDir Path dir) {
    Path csv = SharedData.root().resolve("tabular/telco-churn.csv");
    DataFrame viaJava = TableLoader.read(csv, SchemaInference.defaults());
    try (DuckTables duck = DuckTables.open()) {
      DataFrame viaDuck = duck.readCsv(csv);
      assertThat(viaDuck.rows()).isEqualTo(viaJava.rows());
      assertThat(viaDuck.columns()).isEqualTo(viaJava.columns());
      assertThat(viaDuck.type("Churn")).isEqualTo(ColumnType.BOOLEAN);
      assertThat(viaDuck.type("tenure")).isEqualTo(ColumnType.NUMERIC);
      assertThat(viaDuck.type("customerID")).isEqualTo(ColumnType.ID);
      assertThat(viaDuck.type("TotalCharges")).isEqualTo(ColumnType.NUMERIC);
      assertThat(viaDuck.numeric("MonthlyCharges"))
          .containsExactly(viaJava.numeric("MonthlyCharges"));
      long missing =
          java.util.Arrays.stream(viaDuck.numeric("TotalCharges")).filter(Double::isNaN).count();
      assertThat(missing).isEqualTo(11);

      Path parquet = dir.resolve("t.parquet");
      DataFrame small = allTypes();
      duck.writeParquet(small, parquet);
      DataFrame back = duck.readParquet(parquet);
      assertThat(back.rows()).isEqualTo(4);
      assertThat(back.numeric("x")[3]).isEqualTo(1e6);
      assertThat(back.numeric("when")[1]).isCloseTo(1_700_000_000.5, within(1e-6));
      assertThat(back.strings("color")).containsExactly("red", null, "blue", "red");
    }
  }

  @Test
  void badInputGivesClearErrors() {
    DataFrame f =
        DataFrame.empty(2)
            .with("g", ColumnType.CATEGORICAL, new String[] {"a", "b"})
            .with("v", ColumnType.NUMERIC, new double[] {1, 2});
    try (DuckTables duck = DuckTables.open()) {
      duck.register("t", f);
      assertThatThrownBy(() -> duck.query("SELECT nope FROM t"))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("nope")
          .hasMessageContaining("SELECT nope FROM t");
      assertThatThrownBy(() -> duck.query("SELEC v FROM t"))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("syntax error");
      assertThatThrownBy(() -> duck.groupStatistics(f, List.of("missing"), List.of("v")))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("unknown column 'missing'");
      assertThatThrownBy(() -> duck.groupStatistics(f, List.of("v"), List.of("g")))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("'g' is CATEGORICAL");
      assertThatThrownBy(() -> duck.groupStatistics(f.rows(new int[0]), List.of("g"), List.of("v")))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("no rows");
      assertThatThrownBy(() -> duck.register("e", DataFrame.empty(3)))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("without columns");
      assertThatThrownBy(() -> duck.join(f, f, List.of("x"), DuckTables.JoinType.LEFT))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("'x'");
      DataFrame numericKey = DataFrame.empty(1).with("g", ColumnType.NUMERIC, new double[] {1});
      assertThatThrownBy(() -> duck.join(f, numericKey, List.of("g"), DuckTables.JoinType.INNER))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("join key 'g'");
      assertThatThrownBy(() -> duck.readCsv(Path.of("/nonexistent/x.csv")))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("does not exist");
    }
  }
}
