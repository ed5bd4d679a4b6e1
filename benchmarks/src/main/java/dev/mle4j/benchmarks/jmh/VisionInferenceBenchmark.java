package dev.mle4j.benchmarks.jmh;

import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
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

/**
 * Inference latency of a saved image classifier on DJL's PyTorch engine at batch 1, 8 and 32, with
 * 1 and 2 libtorch intra-op threads (one inter-op thread; every parameter combination runs in its
 * own fork, which sets {@code ai.djl.pytorch.num_threads} before the engine starts and checks it
 * afterwards). {@code endToEnd} classifies decoded images (resize and centre crop, normalise,
 * forward pass, softmax: {@link ImageClassifier#probabilities}); {@code forwardOnly} runs the
 * forward pass and softmax on images encoded beforehand ({@link
 * ImageClassifier#probabilitiesOfEncoded}). Times are per batch; divide by the batch size for the
 * time per image.
 *
 * <p>RGB models get the ants/bees validation photos ({@code
 * $MLE4J_DATA/images/hymenoptera_data/val} or {@code -Dmle4j.bench.vision.images}, decoded once);
 * one-channel models get seeded random 28x28 gray images.
 *
 * <p>Run: {@code java
 * -Dmle4j.bench.vision.model=outputs/vision/hymenoptera/models/pretrained-freeze -jar
 * benchmarks/target/benchmarks-*-jmh.jar VisionInferenceBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED"})
public class VisionInferenceBenchmark {

  private static final int IMAGES = 64;
  private static final int ENCODED_BATCHES = 4;

  /** Images per call. */
  @Param({"1", "8", "32"})
  public int batchSize;

  /** libtorch intra-op threads. */
  @Param({"1", "2"})
  public int threads;

  private ImageClassifier classifier;
  private List<PixelImage> images;
  private List<float[]> encoded;
  private int cursor;
  private int encodedCursor;

  /** Loads the model and the images, and encodes a few batches. */
  @Setup(Level.Trial)
  public void setUp() {
    VisionBenchInputs.requestTorchThreads(threads);
    classifier = VisionBenchInputs.loadClassifier();
    VisionBenchInputs.checkTorchThreads(threads);
    images = VisionBenchInputs.images(classifier, IMAGES);
    encoded = VisionBenchInputs.encodedBatches(classifier, images, batchSize, ENCODED_BATCHES);
  }

  /** Closes the model. */
  @TearDown(Level.Trial)
  public void tearDown() {
    classifier.close();
  }

  /**
   * Classifies the next {@link #batchSize} decoded images: preprocessing, forward pass, softmax.
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
    return classifier.probabilities(batch);
  }

  /**
   * Forward pass and softmax of the next pre-encoded batch.
   *
   * @return the probabilities
   */
  @Benchmark
  public float[][] forwardOnly() {
    float[] batch = encoded.get(encodedCursor);
    encodedCursor = (encodedCursor + 1) % encoded.size();
    return classifier.probabilitiesOfEncoded(batch, batchSize);
  }
}
