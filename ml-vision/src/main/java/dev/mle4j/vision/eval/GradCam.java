package dev.mle4j.vision.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.mle4j.core.MlException;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.model.InputEncoder;
import dev.mle4j.vision.model.InputSpec;
import dev.mle4j.vision.model.Network;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Grad-CAM (Selvaraju et al., 2017) on the last feature map of a {@link Network}: the gradient of a
 * class's logit with respect to the feature map {@code A} ({@code K x h x w}) is averaged over each
 * channel to a weight {@code alpha_k}, and the map is {@code ReLU(sum_k alpha_k A_k)} scaled to [0,
 * 1]. For a head that is global average pooling followed by a linear layer this is exactly CAM
 * ({@code ReLU(sum_k w_ck A_k)}, normalised).
 *
 * <p>The network runs in inference mode (batch-norm running statistics, no dropout). DJL's PyTorch
 * engine allows one gradient collector at a time per JVM, so calls are serialised and must not
 * overlap with training. Gradients also accumulate on the head's parameters; training zeroes them
 * before each step.
 */
public final class GradCam {

  private static final Object LOCK = new Object();

  private GradCam() {}

  /**
   * Explains the predicted (most probable) class of an image.
   *
   * @param classifier the classifier
   * @param image any image; it is prepared like for classification
   * @return the heat map of the predicted class
   */
  public static GradCamResult explain(ImageClassifier classifier, PixelImage image) {
    return explain(classifier, image, -1);
  }

  /**
   * Explains one class of an image.
   *
   * @param classifier the classifier
   * @param image any image; it is prepared like for classification
   * @param classIndex the class to explain, or -1 for the predicted one
   * @return the heat map
   * @throws MlException if the class index is out of range or the engine gives no gradient
   */
  public static GradCamResult explain(
      ImageClassifier classifier, PixelImage image, int classIndex) {
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(image, "image");
    Network network = classifier.network();
    int classes = network.numClasses();
    if (classIndex < -1 || classIndex >= classes) {
      throw new MlException(
          "class index must be -1 (predicted) or 0.." + (classes - 1) + ", got " + classIndex);
    }
    InputEncoder encoder = classifier.encoder();
    InputSpec spec = network.input();
    PixelImage prepared = encoder.prepare(image);
    float[] x = new float[spec.channels() * spec.size() * spec.size()];
    encoder.encode(prepared, x, 0);
    synchronized (LOCK) {
      try (NDManager manager = classifier.manager().newSubManager()) {
        NDArray input = manager.create(x, new Shape(1, spec.channels(), spec.size(), spec.size()));
        NDArray featureMap =
            network
                .features()
                .forward(new ParameterStore(manager, false), new NDList(input), false)
                .singletonOrThrow();
        Shape shape = featureMap.getShape();
        if (shape.dimension() != 4) {
          throw new MlException("Grad-CAM needs a [N, K, h, w] feature map, got " + shape);
        }
        featureMap.setRequiresGradient(true);
        float[] logits;
        int target;
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
          NDArray out =
              network
                  .head()
                  .forward(new ParameterStore(manager, false), new NDList(featureMap), false)
                  .singletonOrThrow();
          logits = out.toFloatArray();
          target = classIndex >= 0 ? classIndex : Evaluation.argmax(logits);
          collector.backward(out.get(0, target));
        }
        NDArray gradient = featureMap.getGradient();
        if (gradient == null) {
          throw new MlException("the engine returned no gradient for the feature map");
        }
        int k = (int) shape.get(1);
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        float[][] cam = cam(featureMap.toFloatArray(), gradient.toFloatArray(), k, h, w);
        return new GradCamResult(
            cam,
            target,
            classifier.labels().get(target),
            logits[target],
            softmax(logits)[target],
            prepared);
      }
    }
  }

  /**
   * Combines a feature map and its gradient into the normalised heat map.
   *
   * @param activations {@code K x h x w} activations
   * @param gradients {@code K x h x w} gradients of the class score
   */
  static float[][] cam(float[] activations, float[] gradients, int k, int h, int w) {
    int plane = h * w;
    double[] sum = new double[plane];
    for (int c = 0; c < k; c++) {
      double alpha = 0;
      for (int i = 0; i < plane; i++) {
        alpha += gradients[c * plane + i];
      }
      alpha /= plane;
      for (int i = 0; i < plane; i++) {
        sum[i] += alpha * activations[c * plane + i];
      }
    }
    return normalise(sum, h, w);
  }

  /** ReLU, then divides by the maximum; an all-zero (or all-negative) map stays zero. */
  static float[][] normalise(double[] values, int h, int w) {
    double max = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        max = Math.max(max, v);
      }
    }
    float[][] out = new float[h][w];
    if (max <= 0) {
      return out;
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double v = values[y * w + x];
        out[y][x] = Double.isFinite(v) && v > 0 ? (float) (v / max) : 0f;
      }
    }
    return out;
  }

  /**
   * Draws a heat map over an image: the map is bilinearly upsampled to the image's size, coloured
   * with the jet colour map (blue = 0, red = 1) and alpha-blended onto the image (grayscale images
   * are shown as RGB).
   *
   * @param original the image (usually {@link GradCamResult#input()})
   * @param heatmap {@code h x w} values in [0, 1], rectangular, at least 1 x 1
   * @param alpha weight of the colours, 0 (image only) to 1 (colours only)
   * @return a new {@code TYPE_INT_RGB} image of the original's size
   * @throws MlException on an empty or ragged heat map or an alpha outside [0, 1]
   */
  public static BufferedImage overlay(PixelImage original, float[][] heatmap, float alpha) {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(heatmap, "heatmap");
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new MlException("overlay alpha must be in [0, 1], got " + alpha);
    }
    if (heatmap.length == 0 || heatmap[0] == null || heatmap[0].length == 0) {
      throw new MlException("heat map is empty");
    }
    int mh = heatmap.length;
    int mw = heatmap[0].length;
    for (int y = 0; y < mh; y++) {
      if (heatmap[y] == null || heatmap[y].length != mw) {
        throw new MlException(
            "heat map row "
                + y
                + " has "
                + (heatmap[y] == null ? 0 : heatmap[y].length)
                + " values, row 0 has "
                + mw);
      }
    }
    PixelImage rgb = original.withChannels(3);
    int width = rgb.width();
    int height = rgb.height();
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      double fy = clamp((y + 0.5) * mh / height - 0.5, 0, mh - 1);
      int y0 = (int) Math.floor(fy);
      int y1 = Math.min(mh - 1, y0 + 1);
      double ty = fy - y0;
      for (int x = 0; x < width; x++) {
        double fx = clamp((x + 0.5) * mw / width - 0.5, 0, mw - 1);
        int x0 = (int) Math.floor(fx);
        int x1 = Math.min(mw - 1, x0 + 1);
        double tx = fx - x0;
        double top = heatmap[y0][x0] * (1 - tx) + heatmap[y0][x1] * tx;
        double bottom = heatmap[y1][x0] * (1 - tx) + heatmap[y1][x1] * tx;
        double v = clamp(top * (1 - ty) + bottom * ty, 0, 1);
        int r = blend(rgb.get(x, y, 0), jet(v, 3), alpha);
        int g = blend(rgb.get(x, y, 1), jet(v, 2), alpha);
        int b = blend(rgb.get(x, y, 2), jet(v, 1), alpha);
        out.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    return out;
  }

  /** Jet colour map channel in [0, 1]: red uses offset 3, green 2, blue 1. */
  private static double jet(double v, int offset) {
    return clamp(1.5 - Math.abs(4 * v - offset), 0, 1);
  }

  private static int blend(int pixel, double colour, float alpha) {
    return (int) Math.round(clamp((1 - alpha) * pixel + alpha * 255 * colour, 0, 255));
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static float[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double total = 0;
    double[] e = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      e[i] = Math.exp(logits[i] - max);
      total += e[i];
    }
    float[] out = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = (float) (e[i] / total);
    }
    return out;
  }
}
