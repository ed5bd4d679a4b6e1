package dev.mle4j.tabular.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowCleanerTest {

  /** Ten rows: v = 1..9 and 100 (IQR fences -3.5 and 14.5), row 3 duplicates row 2. */
  private static DataFrame frame() {
    return DataFrame.empty(10)
        .with("v", ColumnType.NUMERIC, new double[] {1, 2, 3, 3, 5, 6, 7, 8, 9, 100})
        .with(
            "c",
            ColumnType.CATEGORICAL,
            new String[] {"a", "b", "c", "c", "e", "f", "g", "h", "i", "j"})
        .with("y", ColumnType.NUMERIC, new double[] {1, 0, 1, 1, Double.NaN, 0, 1, 0, 1, 0});
  }

  @Test
  void removesDuplicatesMissingTargetAndOutliers() {
    CleaningOptions options =
        CleaningOptions.builder()
            .dropDuplicates(true)
            .outliers(OutlierPolicy.REMOVE, OutlierMethod.IQR, List.of("v"))
            .build();
    CleaningResult r = new RowCleaner(options).clean(frame(), "y");
    assertThat(r.rowsIn()).isEqualTo(10);
    assertThat(r.missingTargetRemoved()).isEqualTo(1);
    assertThat(r.duplicatesRemoved()).isEqualTo(1);
    assertThat(r.outlierRowsRemoved()).isEqualTo(1);
    assertThat(r.rowsOut()).isEqualTo(7);
    assertThat(r.keptRows()).containsExactly(0, 1, 2, 5, 6, 7, 8);
    assertThat(r.frame().numeric("v")).containsExactly(1, 2, 3, 6, 7, 8, 9);
    assertThat(r.summary()).contains("10 rows -> 7");
  }

  @Test
  void capClipsToTheFencesAndKeepOnlyReports() {
    DataFrame f = frame();
    CleaningOptions cap =
        CleaningOptions.builder()
            .dropMissingTarget(false)
            .outliers(OutlierPolicy.CAP, OutlierMethod.IQR, List.of("v"))
            .build();
    CleaningResult capped = new RowCleaner(cap).clean(f, "y");
    // all ten rows stay: q1 = 3, q3 = 7.75
    OutlierAction a = capped.outliers().get(0);
    assertThat(capped.rowsOut()).isEqualTo(10);
    assertThat(a.valuesCapped()).isEqualTo(1);
    assertThat(capped.frame().numeric("v")[9]).isEqualTo(a.upper());
    assertThat(a.upper()).isEqualTo(7.75 + 1.5 * (7.75 - 3));
    assertThat(f.numeric("v")[9]).isEqualTo(100.0);

    CleaningOptions keep =
        CleaningOptions.builder()
            .dropMissingTarget(false)
            .outliers(OutlierPolicy.KEEP, OutlierMethod.IQR, List.of("v"))
            .build();
    CleaningResult kept = new RowCleaner(keep).clean(f, null);
    assertThat(kept.frame()).isSameAs(f);
    assertThat(kept.outliers().get(0).outliers()).isEqualTo(1);
    assertThat(kept.outliers().get(0).rowsRemoved()).isZero();
    assertThat(kept.outliers().get(0).valuesCapped()).isZero();
  }

  @Test
  void zScorePolicy() {
    double[] v = new double[21];
    v[20] = 100;
    DataFrame f = DataFrame.empty(21).with("v", ColumnType.NUMERIC, v);
    CleaningOptions z =
        CleaningOptions.builder()
            .outliers(OutlierPolicy.REMOVE, OutlierMethod.ZSCORE, List.of("v"))
            .zThreshold(3)
            .build();
    CleaningResult r = new RowCleaner(z).clean(f, null);
    assertThat(r.rowsOut()).isEqualTo(20);
    assertThat(r.outliers().get(0).method()).isEqualTo(OutlierMethod.ZSCORE);
    CleaningOptions loose =
        CleaningOptions.builder()
            .outliers(OutlierPolicy.REMOVE, OutlierMethod.ZSCORE, List.of("v"))
            .zThreshold(5)
            .build();
    assertThat(new RowCleaner(loose).clean(f, null).rowsOut()).isEqualTo(21);
  }

  @Test
  void badInput() {
    CleaningOptions opts =
        CleaningOptions.builder()
            .outliers(OutlierPolicy.REMOVE, OutlierMethod.IQR, List.of("c"))
            .build();
    assertThatThrownBy(() -> new RowCleaner(opts).clean(frame(), "y"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'c' is CATEGORICAL");
    assertThatThrownBy(() -> new RowCleaner(CleaningOptions.defaults()).clean(frame(), "target"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("unknown column 'target'");
    assertThatThrownBy(() -> CleaningOptions.builder().iqrK(0).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("k must be > 0");
  }
}
