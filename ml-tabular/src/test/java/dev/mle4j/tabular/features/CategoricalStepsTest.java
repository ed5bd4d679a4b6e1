package dev.mle4j.tabular.features;

import static dev.mle4j.tabular.features.Fixtures.fit;
import static dev.mle4j.tabular.features.Fixtures.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.Fold;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CategoricalStepsTest {

  private static DataFrame colors() {
    return frame(6).cat("c", "a", "a", "a", "b", "b", "r").num("n", 1, 2, 3, 4, 5, 6).build();
  }

  private static DataFrame serve(String... values) {
    return frame(values.length).cat("c", values).num("n", new double[values.length]).build();
  }

  @Test
  void oneHotKeepsFrequentCategoriesAndGroupsRareOnes() {
    FeatureStep.Fit f = fit(OneHotEncoder.of(List.of(), 2, OneHotEncoder.Unseen.RARE), colors());
    DataFrame out = f.transformed();
    assertThat(out.columns()).containsExactly("n", "c=a", "c=b", "c=__rare__");
    assertThat(out.numeric("c=a")).containsExactly(1, 1, 1, 0, 0, 0);
    assertThat(out.numeric("c=__rare__")).containsExactly(0, 0, 0, 0, 0, 1);
    assertThat(out.type("c=a")).isEqualTo(ColumnType.BOOLEAN);
    DataFrame s = f.step().transform(serve("z", null, "b"));
    assertThat(s.numeric("c=__rare__")).containsExactly(1, 1, 0);
    assertThat(s.numeric("c=b")).containsExactly(0, 0, 1);
  }

  @Test
  void oneHotUnseenZerosAndError() {
    FittedStep zeros =
        fit(OneHotEncoder.of(List.of(), 1, OneHotEncoder.Unseen.ZEROS), colors()).step();
    DataFrame z = zeros.transform(serve("z", "r"));
    assertThat(z.columns()).containsExactly("n", "c=a", "c=b", "c=r");
    assertThat(z.numeric("c=a")).containsExactly(0, 0);
    assertThat(z.numeric("c=b")).containsExactly(0, 0);
    assertThat(z.numeric("c=r")).containsExactly(0, 1);
    FittedStep error =
        fit(OneHotEncoder.of(List.of(), 2, OneHotEncoder.Unseen.ERROR), colors()).step();
    // a rare training category still goes to the rare bucket; a missing value is all zero
    assertThat(error.transform(serve("r", null)).numeric("c=__rare__")).containsExactly(1, 0);
    assertThatThrownBy(() -> error.transform(serve("a", "zebra")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("column 'c'")
        .hasMessageContaining("'zebra'");
    assertThatThrownBy(() -> error.transform(frame(1).num("c", 1).build()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("column 'c' is NUMERIC");
    assertThatThrownBy(
            () -> fit(OneHotEncoder.of(List.of("n"), 1, OneHotEncoder.Unseen.RARE), colors()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("column 'n' is NUMERIC");
  }

  @Test
  void ordinalByFrequencyAndExplicitOrder() {
    DataFrame df = frame(6).cat("c", "b", "a", "a", "r", "r", "r").build();
    FittedStep s =
        fit(OrdinalEncoder.byFrequency(List.of(), OrdinalEncoder.Unseen.MINUS_ONE), df).step();
    assertThat(s.transform(df).numeric("c")).containsExactly(2, 1, 1, 0, 0, 0);
    assertThat(s.transform(frame(2).cat("c", "new", null).build()).numeric("c"))
        .containsExactly(-1, -1);
    FittedStep ordered =
        fit(
                OrdinalEncoder.ordered(
                    Map.of("c", List.of("a", "b", "r")), OrdinalEncoder.Unseen.ERROR),
                df)
            .step();
    assertThat(ordered.transform(df).numeric("c")).containsExactly(1, 0, 0, 2, 2, 2);
    assertThat(ordered.transform(frame(1).cat("c", (String) null).build()).numeric("c"))
        .containsExactly(-1);
    assertThatThrownBy(() -> ordered.transform(frame(1).cat("c", "x").build()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("ordinal: column 'c' has category 'x'");
  }

  @Test
  void targetEncoderRegressionSmoothedMeans() {
    DataFrame df = frame(5).cat("c", "a", "a", "b", "b", "b").build();
    Target y = Target.regression("y", new double[] {1, 3, 10, 20, 30});
    FittedStep s = TargetEncoder.of(List.of(), 1).fitOnly(df, y, FitContext.defaults());
    // prior 64/5 = 12.8; a: (4 + 12.8) / 3 = 5.6; b: (60 + 12.8) / 4 = 18.2
    DataFrame out = s.transform(frame(4).cat("c", "a", "b", "zz", null).build());
    assertThat(out.columns()).containsExactly("c__te");
    assertThat(out.numeric("c__te")[0]).isCloseTo(5.6, within(1e-12));
    assertThat(out.numeric("c__te")[1]).isCloseTo(18.2, within(1e-12));
    assertThat(out.numeric("c__te")[2]).isCloseTo(12.8, within(1e-12));
    assertThat(out.numeric("c__te")[3]).isCloseTo(12.8, within(1e-12));
  }

  @Test
  void targetEncoderTrainingRowsAreOutOfFold() {
    String[] c = new String[40];
    double[] yv = new double[40];
    for (int i = 0; i < 40; i++) {
      c[i] = "k" + (i % 4);
      yv[i] = i * 0.5 + (i % 4);
    }
    DataFrame df = frame(40).cat("c", c).build();
    Target y = Target.regression("y", yv);
    FitContext ctx = new FitContext(7, 4);
    FeatureStep.Fit f = TargetEncoder.of(List.of(), 2).fit(df, y, ctx);
    double[] oof = f.transformed().numeric("c__te");
    List<Fold> folds = FeatureColumns.outOfFold(y, ctx);
    for (Fold fold : folds) {
      double prior = 0;
      for (int r : fold.train()) {
        prior += yv[r];
      }
      prior /= fold.train().length;
      for (int t : fold.test()) {
        double sum = 0;
        int n = 0;
        for (int r : fold.train()) {
          if (c[r].equals(c[t])) {
            sum += yv[r];
            n++;
          }
        }
        assertThat(oof[t]).isCloseTo((sum + 2 * prior) / (n + 2), within(1e-9));
      }
    }
    double[] full = f.step().transform(df).numeric("c__te");
    assertThat(oof).isNotEqualTo(full);
  }

  @Test
  void targetEncoderBinaryAndMultiClass() {
    DataFrame df = frame(6).cat("c", "a", "a", "a", "b", "b", "b").build();
    Target binary = Target.classification("y", new String[] {"no", "yes", "yes", "no", "no", "no"});
    FittedStep b = TargetEncoder.of(List.of(), 0).fitOnly(df, binary, FitContext.defaults());
    DataFrame ob = b.transform(df);
    assertThat(ob.columns()).containsExactly("c__te");
    assertThat(ob.numeric("c__te")[0]).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(ob.numeric("c__te")[3]).isZero();
    Target multi = Target.classification("y", new String[] {"x", "y", "z", "x", "x", "y"});
    FittedStep m = TargetEncoder.of(List.of(), 0).fitOnly(df, multi, FitContext.defaults());
    DataFrame om = m.transform(frame(2).cat("c", "b", "new").build());
    assertThat(om.columns()).containsExactly("c__te=x", "c__te=y", "c__te=z");
    assertThat(om.numeric("c__te=x")[0]).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(om.numeric("c__te=z")[0]).isZero();
    // unseen -> prior: x 3/6, y 2/6, z 1/6
    assertThat(om.numeric("c__te=y")[1]).isCloseTo(2.0 / 6, within(1e-12));
    assertThatThrownBy(
            () ->
                TargetEncoder.of(List.of("c"), 1)
                    .fitOnly(df, Target.regression("y", new double[3]), FitContext.defaults()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("6 rows but the target has 3");
  }

  @Test
  void frequencyEncoder() {
    DataFrame df = frame(4).cat("c", "a", "a", "b", null).build();
    FittedStep s = fit(FrequencyEncoder.of(List.of(), false), df).step();
    DataFrame out = s.transform(frame(4).cat("c", "a", "b", null, "new").build());
    assertThat(out.columns()).containsExactly("c__freq");
    assertThat(out.numeric("c__freq")).containsExactly(0.5, 0.25, 0.25, 0);
    DataFrame kept = fit(FrequencyEncoder.of(List.of(), true), df).transformed();
    assertThat(kept.columns()).containsExactly("c", "c__freq");
  }

  @Test
  void categoricalEncoderChoosesByCardinality() {
    String[] small = new String[60];
    String[] large = new String[60];
    String[] ten = new String[60];
    for (int i = 0; i < 60; i++) {
      small[i] = "s" + (i % 3);
      large[i] = "l" + (i % 20);
      ten[i] = i < 50 ? "t" + (i % 10) : "t0";
    }
    DataFrame df = frame(60).cat("small", small).cat("large", large).cat("ten", ten).build();
    double[] yv = new double[60];
    for (int i = 0; i < 60; i++) {
      yv[i] = i % 7;
    }
    FeatureStep.Fit f =
        CategoricalEncoder.of(List.of(), 10, 1, 5)
            .fit(df, Target.regression("y", yv), FitContext.defaults());
    assertThat(f.transformed().columns())
        .startsWith("small=s0", "small=s1", "small=s2", "small=__rare__", "ten=t0")
        .endsWith("ten=t9", "ten=__rare__", "large__te")
        .hasSize(4 + 11 + 1);
    // with a rare threshold of 6 rows, t1..t9 (5 rows each) share one bucket: 2 values
    FeatureStep.Fit rare =
        CategoricalEncoder.of(List.of("ten"), 2, 6, 5)
            .fit(df, Target.regression("y", yv), FitContext.defaults());
    assertThat(rare.transformed().columns()).contains("ten=t0", "ten=__rare__");
    assertThat(f.step()).isInstanceOf(FittedSequence.class);
  }
}
