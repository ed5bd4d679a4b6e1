package dev.mle4j.benchmarks.jmh;

import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.model.InputSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frozen-backbone EfficientNet-Lite0 classifier served by ONNX Runtime instead of DJL: the
 * ImageNet feature extractor with global average pooling exported to ONNX ({@code
 * tools/efficientnet_lite0_onnx.py}), run by an ORT session with 1 or 2 intra-op threads, followed
 * by the saved model's linear head and softmax in plain Java (weights read from the DJL model). As
 * the backbone is frozen, its weights are the ImageNet checkpoint's, so this computes the same
 * probabilities as {@link VisionInferenceBenchmark} on the same model; set-up logs the largest
 * difference on one batch ({@link VisionOrtAgreement} checks every validation image). {@code
 * forwardOnly} runs on images encoded beforehand, {@code endToEnd} encodes decoded images with the
 * model's own {@link dev.mle4j.vision.model.InputEncoder} first. Times are per batch.
 *
 * <p>Run: {@code java
 * -Dmle4j.bench.vision.model=outputs/vision/hymenoptera/models/pretrained-freeze -jar
 * benchmarks/target/benchmarks-*-jmh.jar VisionOrtBenchmark -p
 * onnx=outputs/vision/onnx/lite0-pooled.onnx,outputs/vision/onnx/lite0-pooled-int8.onnx}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED"})
public class VisionOrtBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(VisionOrtBenchmark.class);
  private static final int IMAGES = 64;
  private static final int ENCODED_BATCHES = 4;

  /** The ONNX file of the pooled feature extractor. */
  @Param({VisionBenchInputs.DEFAULT_ONNX})
  public String onnx;

  /** Images per call. */
  @Param({"1", "8", "32"})
  public int batchSize;

  /** ONNX Runtime intra-op threads. */
  @Param({"1", "2"})
  public int threads;

  private ImageClassifier classifier;
  private VisionOrtBackbone backbone;
  private VisionBenchInputs.LinearHead head;
  private List<PixelImage> images;
  private List<float[]> encoded;
  private int cursor;
  private int encodedCursor;

  /** Loads the DJL model (for its encoder and head), the ONNX session and the images. */
  @Setup(Level.Trial)
  public void setUp() {
    VisionBenchInputs.requestTorchThreads(1);
    classifier = VisionBenchInputs.loadClassifier();
    InputSpec spec = classifier.encoder().spec();
    head = VisionBenchInputs.head(classifier);
    backbone = new VisionOrtBackbone(Path.of(onnx), threads, spec.channels(), spec.size());
    images = VisionBenchInputs.images(classifier, IMAGES);
    encoded = VisionBenchInputs.encodedBatches(classifier, images, batchSize, ENCODED_BATCHES);
    float[] first = encoded.get(0);
    float[] ort = backbone.features(first, batchSize);
    float[] djl = VisionBenchInputs.djlPooledFeatures(classifier, first, batchSize);
    float[][] ortProbs = head.probabilities(ort, batchSize);
    float[][] djlProbs = classifier.probabilitiesOfEncoded(first, batchSize);
    LOG.info(
        "{}: max |ORT - DJL| pooled features {}, probabilities {} (batch of {})",
        onnx,
        VisionOrtAgreement.maxAbsDiff(ort, djl),
        VisionOrtAgreement.maxAbsDiff(ortProbs, djlProbs),
        batchSize);
  }

  /** Closes the session and the model. */
  @TearDown(Level.Trial)
  public void tearDown() {
    backbone.close();
    classifier.close();
  }

  /**
   * ONNX Runtime features, Java head and softmax of the next pre-encoded batch.
   *
   * @return the probabilities
   */
  @Benchmark
  public float[][] forwardOnly() {
    float[] batch = encoded.get(encodedCursor);
    encodedCursor = (encodedCursor + 1) % encoded.size();
    return head.probabilities(backbone.features(batch, batchSize), batchSize);
  }

  /**
   * Encodes the next {@link #batchSize} decoded images (resize, centre crop, normalise), then as
   * {@link #forwardOnly()}.
   *
   * @return the probabilities
   */
  @Benchmark
  public float[][] endToEnd() {
    List<PixelImage> batch = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      batch.add(images.get(cursor));
      cursor = (cursor + 1) % images.size();
    }
    float[] x = classifier.encoder().encodeAll(batch);
    return head.probabilities(backbone.features(x, batchSize), batchSize);
  }
}
