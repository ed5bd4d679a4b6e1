package dev.mle4j.nlp.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PoolingTest {

  // batch 2, sequence 3, dimension 2; row 1 has one padding position holding garbage
  private static final float[][][] HIDDEN = {
    {{1, 2}, {3, 4}, {5, 6}},
    {{2, 0}, {0, 4}, {100, 100}}
  };
  private static final long[][] MASK = {{1, 1, 1}, {1, 1, 0}};

  @Test
  void meanPoolingSkipsPadding() {
    float[][] v = Pooling.MEAN.pool(HIDDEN, MASK, false);
    assertThat(v[0]).containsExactly(3f, 4f);
    assertThat(v[1]).containsExactly(1f, 2f);
  }

  @Test
  void clsPoolingTakesTheFirstToken() {
    float[][] v = Pooling.CLS.pool(HIDDEN, MASK, false);
    assertThat(v[0]).containsExactly(1f, 2f);
    assertThat(v[1]).containsExactly(2f, 0f);
  }

  @Test
  void normalisationGivesUnitLength() {
    float[][] v = Pooling.MEAN.pool(HIDDEN, MASK, true);
    assertThat(v[0][0]).isCloseTo(0.6f, Offset.offset(1e-6f));
    assertThat(v[0][1]).isCloseTo(0.8f, Offset.offset(1e-6f));
    assertThat(v[1][0]).isCloseTo((float) (1 / Math.sqrt(5)), Offset.offset(1e-6f));
    assertThat(Pooling.CLS.pool(HIDDEN, MASK, true)[1]).containsExactly(1f, 0f);
  }

  @Test
  void badShapesAreRejected() {
    assertThatThrownBy(() -> Pooling.MEAN.pool(HIDDEN, new long[][] {{1, 1, 1}}, false))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("batch size");
    assertThatThrownBy(
            () -> Pooling.MEAN.pool(new float[][][] {{{1, 2}}}, new long[][] {{0}}, false))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no token");
  }
}
