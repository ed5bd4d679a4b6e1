package dev.mle4j.benchmarks.jmh;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.data.FileImageSource;
import dev.mle4j.vision.model.InputSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that ONNX Runtime exports of the frozen EfficientNet-Lite0 backbone (plus the saved
 * model's head in Java) agree with the DJL classifier on every image of the benchmark folder:
 * largest absolute difference of the pooled features and of the probabilities, top-1 agreement with
 * DJL, and accuracy against the folder names (the image's parent folder is its label).
 *
 * <p>Run: {@code java -Dai.djl.offline=true
 * -Dmle4j.bench.vision.model=outputs/vision/hymenoptera/models/pretrained-freeze -cp
 * benchmarks/target/benchmarks-*-jmh.jar dev.mle4j.benchmarks.jmh.VisionOrtAgreement
 * outputs/vision/onnx/lite0-pooled.onnx outputs/vision/onnx/lite0-pooled-int8.onnx}.
 */
public final class VisionOrtAgreement {

  private static final Logger LOG = LoggerFactory.getLogger(VisionOrtAgreement.class);
  private static final int BATCH = 8;

  private VisionOrtAgreement() {}

  /**
   * Runs the check and logs one line per ONNX file.
   *
   * @param args ONNX files of the pooled feature extractor
   */
  public static void main(String[] args) {
    if (args.length == 0) {
      throw new MlException("give one or more ONNX files of the pooled Lite0 feature extractor");
    }
    VisionBenchInputs.requestTorchThreads(2);
    try (ImageClassifier classifier = VisionBenchInputs.loadClassifier()) {
      List<Path> files = VisionBenchInputs.photoFiles(Integer.MAX_VALUE);
      List<PixelImage> images = new ArrayList<>(files.size());
      int[] truth = new int[files.size()];
      for (int i = 0; i < files.size(); i++) {
        images.add(new FileImageSource(files.get(i)).load());
        truth[i] = classifier.labels().indexOf(files.get(i).getParent().getFileName().toString());
      }
      InputSpec spec = classifier.encoder().spec();
      VisionBenchInputs.LinearHead head = VisionBenchInputs.head(classifier);
      int n = images.size();
      float[][] djlProbs = new float[n][];
      List<float[]> djlFeatures = new ArrayList<>();
      List<float[]> encoded = new ArrayList<>();
      for (int start = 0; start < n; start += BATCH) {
        List<PixelImage> batch = images.subList(start, Math.min(n, start + BATCH));
        float[] x = classifier.encoder().encodeAll(batch);
        encoded.add(x);
        float[][] p = classifier.probabilitiesOfEncoded(x, batch.size());
        System.arraycopy(p, 0, djlProbs, start, p.length);
        djlFeatures.add(VisionBenchInputs.djlPooledFeatures(classifier, x, batch.size()));
      }
      LOG.info(
          "DJL {}: {} images, accuracy {}",
          classifier.card().name(),
          n,
          String.format("%.4f", accuracy(djlProbs, truth)));
      for (String arg : args) {
        try (VisionOrtBackbone ort =
            new VisionOrtBackbone(Path.of(arg), 2, spec.channels(), spec.size())) {
          float[][] probs = new float[n][];
          double featureDiff = 0;
          for (int b = 0; b < encoded.size(); b++) {
            int rows = Math.min(BATCH, n - b * BATCH);
            float[] f = ort.features(encoded.get(b), rows);
            featureDiff = Math.max(featureDiff, maxAbsDiff(f, djlFeatures.get(b)));
            float[][] p = head.probabilities(f, rows);
            System.arraycopy(p, 0, probs, b * BATCH, rows);
          }
          int agree = 0;
          for (int i = 0; i < n; i++) {
            agree += argmax(probs[i]) == argmax(djlProbs[i]) ? 1 : 0;
          }
          LOG.info(
              "{}: max |ORT - DJL| pooled features {}, probabilities {};"
                  + " top-1 agreement with DJL {}/{}; accuracy {}",
              arg,
              String.format("%.3g", featureDiff),
              String.format("%.3g", maxAbsDiff(probs, djlProbs)),
              agree,
              n,
              String.format("%.4f", accuracy(probs, truth)));
        }
      }
    }
  }

  /**
   * Largest absolute element difference.
   *
   * @param a values
   * @param b values of the same length
   * @return the difference
   */
  static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new MlException("lengths differ: " + a.length + " vs " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /**
   * Largest absolute element difference of two matrices.
   *
   * @param a rows
   * @param b rows of the same shape
   * @return the difference
   */
  static double maxAbsDiff(float[][] a, float[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, maxAbsDiff(a[i], b[i]));
    }
    return max;
  }

  private static int argmax(float[] p) {
    int best = 0;
    for (int k = 1; k < p.length; k++) {
      if (p[k] > p[best]) {
        best = k;
      }
    }
    return best;
  }

  private static double accuracy(float[][] probs, int[] truth) {
    int correct = 0;
    for (int i = 0; i < probs.length; i++) {
      correct += argmax(probs[i]) == truth[i] ? 1 : 0;
    }
    return (double) correct / probs.length;
  }
}
