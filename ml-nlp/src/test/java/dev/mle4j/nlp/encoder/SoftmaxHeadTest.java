package dev.mle4j.nlp.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxHeadTest {

  /** Three Gaussian blobs in 4-d; class c is shifted along axis c. */
  private static float[][] x = new float[300][4];

  private static int[] y = new int[300];

  static {
    Random r = new Random(42);
    for (int i = 0; i < 300; i++) {
      y[i] = i % 3;
      for (int d = 0; d < 4; d++) {
        x[i][d] = (float) (r.nextGaussian() * 0.5 + (d == y[i] ? 2.0 : 0.0));
      }
    }
  }

  private static double accuracy(SoftmaxHead head) {
    int ok = 0;
    for (int i = 0; i < x.length; i++) {
      double[] p = head.probabilities(x[i]);
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        best = p[c] > p[best] ? c : best;
      }
      ok += best == y[i] ? 1 : 0;
      assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }
    return ok / (double) x.length;
  }

  private static double weightNorm(SoftmaxHead head) {
    double s = 0;
    for (double[] row : head.weights()) {
      for (double w : row) {
        s += w * w;
      }
    }
    return Math.sqrt(s);
  }

  @Test
  void separatesBlobsAndPenaltyShrinksWeights() {
    List<String> labels = List.of("a", "b", "c");
    SoftmaxHead weak = SoftmaxHead.fit(x, y, labels, 1e-4, 200, false);
    SoftmaxHead strong = SoftmaxHead.fit(x, y, labels, 1.0, 200, false);
    assertThat(accuracy(weak)).isGreaterThan(0.95);
    assertThat(weightNorm(strong)).isLessThan(weightNorm(weak) / 3);
    // warm start from another penalty reaches the same optimum (convex problem)
    SoftmaxHead.Problem problem = new SoftmaxHead.Problem(x, y, labels, false);
    SoftmaxHead warm = problem.fit(1e-2, 200, strong);
    SoftmaxHead cold = problem.fit(1e-2, 200, null);
    for (int c = 0; c < 3; c++) {
      for (int d = 0; d < 4; d++) {
        assertThat(warm.weights()[c][d])
            .isCloseTo(cold.weights()[c][d], org.assertj.core.data.Offset.offset(1e-3));
      }
    }
    // fitting is deterministic
    assertThat(SoftmaxHead.fit(x, y, labels, 1e-2, 200, false).weights())
        .isDeepEqualTo(cold.weights());
  }

  @Test
  void rejectsInconsistentShapes() {
    assertThatThrownBy(() -> SoftmaxHead.fit(x, new int[3], List.of("a", "b"), 0.1, 10, false))
        .isInstanceOf(MlException.class);
    SoftmaxHead head = SoftmaxHead.fit(x, y, List.of("a", "b", "c"), 0.1, 10, false);
    assertThatThrownBy(() -> head.probabilities(new float[3]))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("expects 4");
  }
}
