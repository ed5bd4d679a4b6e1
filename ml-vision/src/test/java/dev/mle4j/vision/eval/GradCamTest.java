package dev.mle4j.vision.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.mle4j.core.MlException;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.model.Network;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GradCamTest {

  private static ImageClassifier classifier;

  @BeforeAll
  static void model() {
    classifier = TestModels.randomCnn(7);
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  private static float[] encode(PixelImage image) {
    float[] x = new float[28 * 28];
    classifier.encoder().encode(classifier.encoder().prepare(image), x, 0);
    return x;
  }

  /** The linear layer's weight of the head (GAP, flatten, linear): {@code [classes, K]}. */
  private static float[] headWeight() {
    for (Pair<String, Parameter> p : classifier.network().head().getParameters()) {
      if (p.getKey().endsWith("weight")) {
        return p.getValue().getArray().toFloatArray();
      }
    }
    throw new AssertionError("no weight in head");
  }

  @Test
  void pytorchEngineGivesFeatureMapGradientsOutsideTraining() {
    Network net = classifier.network();
    PixelImage image = TestModels.bar(1, new Random(1));
    try (NDManager m = classifier.manager().newSubManager()) {
      NDArray x = m.create(encode(image), new Shape(1, 1, 28, 28));
      NDArray a = net.features().forward(new ParameterStore(m, false), new NDList(x), false).head();
      a.setRequiresGradient(true);
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray logits =
            net.head().forward(new ParameterStore(m, false), new NDList(a), false).head();
        gc.backward(logits.get(0, 2));
      }
      NDArray grad = a.getGradient();
      assertThat(grad).isNotNull();
      assertThat(grad.getShape()).isEqualTo(a.getShape());
      // d logit_2 / d A[k, i, j] = w[2, k] / (h * w) for GAP followed by a linear layer
      long k = a.getShape().get(1);
      long hw = a.getShape().get(2) * a.getShape().get(3);
      float[] g = grad.toFloatArray();
      float[] w = headWeight();
      assertThat(g).isNotEqualTo(new float[g.length]);
      for (int c = 0; c < k; c++) {
        for (int i = 0; i < hw; i++) {
          assertThat(g[(int) (c * hw + i)]).isCloseTo(w[(int) (2 * k + c)] / hw, within(1e-6f));
        }
      }
    }
  }

  @Test
  void gradCamEqualsCamForLinearHeadAfterGlobalPooling() {
    PixelImage image = TestModels.bar(0, new Random(3));
    float[] w = headWeight();
    float[] a;
    long[] shape;
    try (NDManager m = classifier.manager().newSubManager()) {
      NDArray x = m.create(encode(image), new Shape(1, 1, 28, 28));
      NDArray fm =
          classifier
              .network()
              .features()
              .forward(new ParameterStore(m, false), new NDList(x), false)
              .head();
      a = fm.toFloatArray();
      shape = fm.getShape().getShape();
    }
    int k = (int) shape[1];
    int h = (int) shape[2];
    int wd = (int) shape[3];
    int nonZero = 0;
    for (int cls = 0; cls < TestModels.LABELS.size(); cls++) {
      double[] cam = new double[h * wd];
      for (int c = 0; c < k; c++) {
        for (int i = 0; i < h * wd; i++) {
          cam[i] += w[cls * k + c] * a[c * h * wd + i];
        }
      }
      double max = 0;
      for (double v : cam) {
        max = Math.max(max, v);
      }
      GradCamResult result = GradCam.explain(classifier, image, cls);
      float[][] heat = result.heatmap();
      assertThat(heat).hasDimensions(h, wd);
      assertThat(result.classIndex()).isEqualTo(cls);
      assertThat(result.label()).isEqualTo(TestModels.LABELS.get(cls));
      float top = 0;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < wd; x++) {
          double expected = max > 0 ? Math.max(0, cam[y * wd + x]) / max : 0;
          assertThat((double) heat[y][x]).isCloseTo(expected, within(1e-4));
          top = Math.max(top, heat[y][x]);
        }
      }
      assertThat(top).isEqualTo(max > 0 ? 1f : 0f);
      nonZero += max > 0 ? 1 : 0;
    }
    assertThat(nonZero).as("classes with a non-zero CAM").isPositive();
  }

  @Test
  void defaultExplainsThePredictedClass() {
    PixelImage image = TestModels.bar(2, new Random(5));
    float[] p = classifier.probabilities(java.util.List.of(image))[0];
    int predicted = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[predicted]) {
        predicted = i;
      }
    }
    GradCamResult result = GradCam.explain(classifier, image);
    assertThat(result.classIndex()).isEqualTo(predicted);
    assertThat(result.probability()).isCloseTo(p[predicted], within(1e-5));
    assertThat(result.heatmap()).hasDimensions(7, 7);
    assertThat(result.input().width()).isEqualTo(28);
    for (float[] row : result.heatmap()) {
      for (float v : row) {
        assertThat(v).isBetween(0f, 1f);
      }
    }
    assertThatThrownBy(() -> GradCam.explain(classifier, image, 3))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("0..2");
  }

  @Test
  void normaliseKeepsAllZeroMapsZero() {
    float[][] zero = GradCam.normalise(new double[] {-1, 0, -2, 0}, 2, 2);
    assertThat(zero).isDeepEqualTo(new float[2][2]);
    float[][] scaled = GradCam.normalise(new double[] {2, -1, 1, 4}, 2, 2);
    assertThat(scaled).isDeepEqualTo(new float[][] {{0.5f, 0f}, {0.25f, 1f}});
  }

  @Test
  void overlayHasImageSizeAndPutsHotSpotWhereTheHeatmapIs() {
    PixelImage gray = new PixelImage(40, 20, 1, new byte[40 * 20]);
    float[][] heat = new float[4][4];
    heat[3][0] = 1f; // bottom-left cell
    BufferedImage out = GradCam.overlay(gray, heat, 0.6f);
    assertThat(out.getWidth()).isEqualTo(40);
    assertThat(out.getHeight()).isEqualTo(20);
    int bestX = -1;
    int bestY = -1;
    int best = Integer.MIN_VALUE;
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 40; x++) {
        int rgb = out.getRGB(x, y);
        int redness = ((rgb >> 16) & 0xFF) - (rgb & 0xFF);
        if (redness > best) {
          best = redness;
          bestX = x;
          bestY = y;
        }
      }
    }
    assertThat(bestX).isLessThan(10);
    assertThat(bestY).isGreaterThanOrEqualTo(15);
    // a cold corner is blue
    int cold = out.getRGB(39, 0);
    assertThat(cold & 0xFF).isGreaterThan((cold >> 16) & 0xFF);
    // alpha 0 keeps the image
    BufferedImage plain = GradCam.overlay(gray, heat, 0f);
    assertThat(plain.getRGB(2, 18) & 0xFFFFFF).isZero();
    assertThatThrownBy(() -> GradCam.overlay(gray, heat, 1.5f)).isInstanceOf(MlException.class);
    assertThatThrownBy(() -> GradCam.overlay(gray, new float[][] {{1f}, {}}, 0.5f))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("row 1");
  }
}
