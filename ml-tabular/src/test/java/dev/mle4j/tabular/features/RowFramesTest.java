package dev.mle4j.tabular.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.tabular.data.ColumnSpec;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Schema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowFramesTest {

  private final Schema schema =
      new Schema(
          List.of(
              new ColumnSpec("misc", ColumnType.CATEGORICAL),
              new ColumnSpec("area", ColumnType.NUMERIC),
              new ColumnSpec("sold", ColumnType.DATETIME),
              new ColumnSpec("air", ColumnType.BOOLEAN)));

  @Test
  void parsesValuesLikeCsvLoading() {
    Map<String, Object> row = new HashMap<>();
    row.put("misc", "Shed");
    row.put("area", 12);
    row.put("sold", "2010-05-01");
    row.put("air", true);
    DataFrame df = RowFrames.of(List.of(row), schema);
    assertThat(df.strings("misc")).containsExactly("Shed");
    assertThat(df.numeric("area")).containsExactly(12.0);
    assertThat(df.numeric("sold")).containsExactly(1272672000.0);
    assertThat(df.numeric("air")).containsExactly(1.0);
  }

  @Test
  void aKnownCategoryThatReadsLikeAMissingTokenIsKept() {
    Map<String, Object> row = Map.of("misc", "None", "area", 1, "sold", "2010-05-01", "air", "N");
    assertThat(RowFrames.of(List.of(row), schema).strings("misc")).containsOnlyNulls();
    assertThat(
            RowFrames.of(List.of(row), schema, Map.of("misc", List.of("None", "Shed")))
                .strings("misc"))
        .containsExactly("None");
  }

  @Test
  void badValuesNameRowAndColumn() {
    Map<String, Object> row = Map.of("misc", "x", "area", "twelve", "sold", "2010-05-01", "air", 1);
    assertThatThrownBy(() -> RowFrames.of(List.of(row), schema))
        .hasMessageContaining("column 'area'")
        .hasMessageContaining("twelve");
    Map<String, Object> inf =
        Map.of("misc", "x", "area", Double.POSITIVE_INFINITY, "sold", "2010-05-01", "air", 1);
    assertThatThrownBy(() -> RowFrames.of(List.of(inf), schema)).hasMessageContaining("infinite");
  }
}
