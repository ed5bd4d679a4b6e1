package dev.mle4j.tabular.features;

import static dev.mle4j.tabular.features.Fixtures.fit;
import static dev.mle4j.tabular.features.Fixtures.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.DatetimeFeatures.Part;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatetimeInteractionStepsTest {

  private static final double NAN = Double.NaN;
  // Saturday 2024-03-09 14:30 UTC and Tuesday 2023-07-04 03:00 UTC
  private static final double SAT = Instant.parse("2024-03-09T14:30:00Z").getEpochSecond();
  private static final double TUE = Instant.parse("2023-07-04T03:00:00Z").getEpochSecond();

  private static DataFrame times() {
    return frame(3)
        .typed("t", ColumnType.DATETIME, SAT, TUE, NAN)
        .typed("end", ColumnType.DATETIME, SAT + 1800, TUE + 90, NAN)
        .build();
  }

  @Test
  void datetimePartsAndCyclicalEncodings() {
    FeatureStep.Fit f = fit(DatetimeFeatures.builder().columns(List.of("t")).build(), times());
    DataFrame out = f.transformed();
    assertThat(out.has("t")).isFalse();
    assertThat(out.numeric("t_year")).containsExactly(2024, 2023, NAN);
    assertThat(out.numeric("t_month")).containsExactly(3, 7, NAN);
    assertThat(out.numeric("t_day")).containsExactly(9, 4, NAN);
    assertThat(out.numeric("t_day_of_week")).containsExactly(6, 2, NAN);
    assertThat(out.numeric("t_hour")).containsExactly(14, 3, NAN);
    assertThat(out.numeric("t_day_of_year")).containsExactly(69, 185, NAN);
    assertThat(out.numeric("t_is_weekend")).containsExactly(1, 0, NAN);
    assertThat(out.type("t_is_weekend")).isEqualTo(ColumnType.BOOLEAN);
    assertThat(out.numeric("t_hour_sin")[0])
        .isCloseTo(Math.sin(2 * Math.PI * 14.5 / 24), within(1e-12));
    assertThat(out.numeric("t_month_cos")[1])
        .isCloseTo(Math.cos(2 * Math.PI * 6 / 12), within(1e-12));
    assertThat(out.numeric("t_day_of_week_sin")[1])
        .isCloseTo(Math.sin(2 * Math.PI / 7), within(1e-12));
    assertThat(out.numeric("end")).hasSize(3);
  }

  @Test
  void datetimeConstantPartsLeftOutAndElapsedTimes() {
    DataFrame dates =
        frame(2).typed("d", ColumnType.DATETIME, 19_000 * 86_400.0, 19_001 * 86_400.0).build();
    DataFrame out =
        fit(
                DatetimeFeatures.builder()
                    .parts(EnumSet.of(Part.HOUR, Part.DAY))
                    .keepAsNumber(true)
                    .daysSince("d", Instant.ofEpochSecond(18_990 * 86_400L))
                    .build(),
                dates)
            .transformed();
    assertThat(out.columns()).containsExactly("d", "d_days_since", "d_day");
    assertThat(out.numeric("d_days_since")).containsExactly(10, 11);
    assertThat(out.type("d")).isEqualTo(ColumnType.NUMERIC);
    DataFrame trip =
        fit(
                DatetimeFeatures.builder()
                    .parts(Set.of())
                    .between("minutes", "t", "end", DatetimeFeatures.Unit.MINUTES)
                    .build(),
                times())
            .transformed();
    assertThat(trip.numeric("minutes")).containsExactly(30, 1.5, NAN);
    assertThatThrownBy(
            () ->
                fit(
                    DatetimeFeatures.builder().columns(List.of("x")).build(),
                    frame(1).num("x", 1).build()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("column 'x' is NUMERIC");
  }

  @Test
  void featureCrossJoinsValues() {
    DataFrame df = frame(3).cat("a", "m", "f", null).num("b", 1, 2.5, 3).build();
    DataFrame out = fit(FeatureCross.of(List.of("a", "b")), df).transformed();
    assertThat(out.strings("a_x_b")).containsExactly("m|1", "f|2.5", null);
    assertThat(out.type("a_x_b")).isEqualTo(ColumnType.CATEGORICAL);
    assertThatThrownBy(() -> FeatureCross.of(List.of("a"))).isInstanceOf(MlException.class);
    FittedStep s = fit(FeatureCross.named("ab", List.of("a", "b")), df).step();
    assertThatThrownBy(() -> s.transform(df.drop(List.of("b"))))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("lacks column 'b'");
  }

  @Test
  void expressionArithmeticFunctionsAndDivisionByZero() {
    DataFrame df =
        frame(3)
            .num("rooms", 6, 4, 3)
            .num("people", 3, 0, NAN)
            .num("total rooms", 10, 20, 30)
            .build();
    DataFrame out = fit(ExpressionFeature.parse("per = rooms / people"), df).transformed();
    assertThat(out.numeric("per")).containsExactly(2, NAN, NAN);
    Expression e = Expression.parse("-(rooms + 2) * 3 - `total rooms` / 4 + sqrt(abs(-16))");
    assertThat(e.columns()).containsExactly("rooms", "total rooms");
    assertThat(e.evaluate(c -> c.equals("rooms") ? 6 : 10)).isEqualTo(-24 - 2.5 + 4);
    assertThat(Expression.parse("log1p(rooms) + 1.5e1").evaluate(c -> 0)).isEqualTo(15);
    assertThat(Expression.parse("sqrt(rooms)").evaluate(c -> -1)).isNaN();
    assertThat(Expression.parse("2 + 3 * 4 - 6 / 2").evaluate(c -> 0)).isEqualTo(11);
    assertThatThrownBy(() -> Expression.parse("rooms + * 2"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("position 9");
    assertThatThrownBy(() -> Expression.parse("exp(rooms)"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("unknown function 'exp'");
    assertThatThrownBy(() -> Expression.parse("(rooms"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("expected ')'");
    assertThatThrownBy(() -> fit(ExpressionFeature.of("x", "rooms / nope"), df))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("lacks column 'nope'");
  }

  @Test
  void groupStatisticsWithUnseenAndMissingKeys() {
    DataFrame df = frame(5).cat("k", "p", "p", "q", "q", null).num("v", 1, 3, 5, 9, 7).build();
    FittedStep s = fit(GroupStatistics.by(List.of("k")).build(), df).step();
    DataFrame out =
        s.transform(frame(4).cat("k", "p", "q", null, "new").num("v", 0, 0, 0, 0).build());
    assertThat(out.numeric("grp_mean(v|k)")).containsExactly(2, 7, 7, 5);
    double globalStd = Math.sqrt(8);
    assertThat(out.numeric("grp_std(v|k)")).containsExactly(1, 2, globalStd, globalStd);
    assertThat(out.numeric("grp_diff(v|k)")).containsExactly(-2, -7, -7, -5);
    assertThat(out.numeric("grp_count(k)")).containsExactly(2, 2, 1, 0);
    assertThatThrownBy(() -> fit(GroupStatistics.by(List.of("v")).build(), df))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("column 'v' is NUMERIC");
  }

  @Test
  void groupTargetMeanIsOutOfFoldForTrainingRows() {
    String[] k = new String[30];
    double[] yv = new double[30];
    for (int i = 0; i < 30; i++) {
      k[i] = "g" + (i % 3);
      yv[i] = i;
    }
    DataFrame df = frame(30).cat("k", k).build();
    Target y = Target.regression("y", yv);
    FeatureStep.Fit f =
        GroupStatistics.by(List.of("k"))
            .stats(Set.of())
            .targetMean(true, 0)
            .build()
            .fit(df, y, new FitContext(3, 3));
    double[] oof = f.transformed().numeric("grp_target_mean(k)");
    double[] full = f.step().transform(df).numeric("grp_target_mean(k)");
    // full fit, m = 0: group g0 = mean of 0, 3, ..., 27 = 13.5
    assertThat(full[0]).isEqualTo(13.5);
    for (var fold : FeatureColumns.outOfFold(y, new FitContext(3, 3))) {
      for (int t : fold.test()) {
        double sum = 0;
        int n = 0;
        for (int r : fold.train()) {
          if (k[r].equals(k[t])) {
            sum += yv[r];
            n++;
          }
        }
        assertThat(oof[t]).isCloseTo(sum / n, within(1e-9));
      }
    }
  }

  @Test
  void dropColumnsAndSelector() {
    DataFrame df = frame(1).num("a", 1).num("b", 2).cat("id", "x").build();
    DataFrame out = fit(DropColumns.ofTypes(Set.of(ColumnType.CATEGORICAL)), df).transformed();
    assertThat(out.columns()).containsExactly("a", "b");
    assertThat(fit(DropColumns.named(List.of("a")), df).transformed().columns())
        .containsExactly("b", "id");
    assertThatThrownBy(() -> fit(DropColumns.named(List.of("zz")), df))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no column 'zz'");
    FeatureSelector sel = FeatureSelector.keeping(List.of("b", "a"));
    assertThat(sel.transform(df).columns()).containsExactly("b", "a");
    assertThatThrownBy(() -> sel.transform(df.drop(List.of("a"))))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("lacks column 'a'");
  }
}
