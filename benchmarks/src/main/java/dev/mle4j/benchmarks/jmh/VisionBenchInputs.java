package dev.mle4j.benchmarks.jmh;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.data.FileImageSource;
import dev.mle4j.vision.data.ImageFolder;
import dev.mle4j.vision.model.InputSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared set-up of the vision benchmarks: where the saved model and the images are, loading them,
 * pinning DJL's PyTorch thread counts, and reading the frozen model's head for the ONNX Runtime
 * path.
 */
final class VisionBenchInputs {

  private static final Logger LOG = LoggerFactory.getLogger(VisionBenchInputs.class);

  /** System property: folder of a model saved by {@link ImageClassifier#save(Path)}. */
  static final String MODEL_PROPERTY = "mle4j.bench.vision.model";

  /** System property: a folder of images (searched recursively). */
  static final String IMAGES_PROPERTY = "mle4j.bench.vision.images";

  /** System property: the EfficientNet-Lite0 pooled-feature ONNX file. */
  static final String ONNX_PROPERTY = "mle4j.bench.vision.onnx";

  /** Default model folder: the frozen-backbone EfficientNet-Lite0 of the ants/bees run. */
  static final String DEFAULT_MODEL = "outputs/vision/hymenoptera/models/pretrained-freeze";

  /** Default ONNX file, written by {@code tools/efficientnet_lite0_onnx.py --out outputs/onnx}. */
  static final String DEFAULT_ONNX = "outputs/vision/onnx/lite0-pooled.onnx";

  private VisionBenchInputs() {}

  /**
   * Sets DJL's PyTorch intra-op thread count before the engine starts (one inter-op thread) and
   * checks after loading that libtorch uses it.
   *
   * @param threads intra-op threads
   */
  static void requestTorchThreads(int threads) {
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
  }

  /**
   * Fails unless libtorch runs with the requested intra-op threads (the engine reads the property
   * once, when it starts: a started engine keeps its count).
   *
   * @param threads expected intra-op threads
   */
  static void checkTorchThreads(int threads) {
    int intra = JniUtils.getNumThreads();
    int inter = JniUtils.getNumInteropThreads();
    LOG.info("libtorch intra-op threads {}, inter-op threads {}", intra, inter);
    if (intra != threads) {
      throw new MlException(
          "libtorch runs "
              + intra
              + " intra-op threads, the benchmark asked for "
              + threads
              + ": the PyTorch engine started before the property was set (run with forks)");
    }
  }

  /**
   * Loads the saved classifier named by {@value #MODEL_PROPERTY}.
   *
   * @return the classifier, which the caller closes
   */
  static ImageClassifier loadClassifier() {
    Path dir = Path.of(System.getProperty(MODEL_PROPERTY, DEFAULT_MODEL));
    Path card = dir.resolve(ModelCardJson.FILE_NAME);
    if (!Files.isRegularFile(card)) {
      throw new MlException(
          "no saved image model in "
              + dir.toAbsolutePath()
              + " (needs "
              + ModelCardJson.FILE_NAME
              + "); train one with 'mle4j vision' and set -D"
              + MODEL_PROPERTY
              + "=<its folder>");
    }
    ModelCard modelCard = ModelCardJson.read(card);
    return ImageClassifier.load(dir, modelCard);
  }

  /**
   * The ONNX file named by {@value #ONNX_PROPERTY}.
   *
   * @return an existing file
   */
  static Path onnxFile() {
    Path file = Path.of(System.getProperty(ONNX_PROPERTY, DEFAULT_ONNX));
    if (!Files.isRegularFile(file)) {
      throw new MlException(
          "no ONNX file "
              + file.toAbsolutePath()
              + "; export it with 'tools/efficientnet_lite0_onnx.py --out outputs/vision/onnx'"
              + " and set -D"
              + ONNX_PROPERTY
              + "=<file>");
    }
    return file;
  }

  /**
   * Benchmark images fitting the classifier's input: real photos (decoded once) for RGB models,
   * seeded random 28x28 gray images for one-channel models.
   *
   * @param classifier the classifier
   * @param limit most images to load
   * @return the decoded images
   */
  static List<PixelImage> images(ImageClassifier classifier, int limit) {
    InputSpec spec = classifier.encoder().spec();
    if (spec.channels() == 1) {
      return grayImages(spec.size(), limit, 7);
    }
    return photos(limit);
  }

  /**
   * Decodes up to {@code limit} photos under {@value #IMAGES_PROPERTY} (default: the ants/bees
   * validation folder of {@code MLE4J_DATA} or {@code ../shared/data}), in sorted path order.
   *
   * @param limit most images
   * @return the images
   */
  static List<PixelImage> photos(int limit) {
    List<Path> files = photoFiles(limit);
    List<PixelImage> out = new ArrayList<>(files.size());
    for (Path f : files) {
      out.add(new FileImageSource(f).load());
    }
    return out;
  }

  /**
   * Paths of up to {@code limit} photos in sorted order (see {@link #photos(int)}).
   *
   * @param limit most images
   * @return the files
   */
  static List<Path> photoFiles(int limit) {
    Path dir = imageFolder();
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> files =
          walk.filter(Files::isRegularFile).filter(ImageFolder::isImageFile).sorted().toList();
      if (files.isEmpty()) {
        throw new MlException("no images under " + dir);
      }
      return files.subList(0, Math.min(limit, files.size()));
    } catch (IOException e) {
      throw new MlException("cannot list images under " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Path imageFolder() {
    String configured = System.getProperty(IMAGES_PROPERTY);
    if (configured != null) {
      return Path.of(configured);
    }
    String data = System.getenv("MLE4J_DATA");
    Path root = data != null ? Path.of(data) : Path.of("../shared/data");
    Path dir = root.resolve("images/hymenoptera_data/val");
    if (!Files.isDirectory(dir)) {
      throw new MlException(
          "no image folder "
              + dir.toAbsolutePath()
              + "; set MLE4J_DATA or -D"
              + IMAGES_PROPERTY
              + "=<folder of JPEGs>");
    }
    return dir;
  }

  private static List<PixelImage> grayImages(int size, int count, long seed) {
    Random random = new Random(seed);
    List<PixelImage> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] pixels = new byte[size * size];
      random.nextBytes(pixels);
      out.add(new PixelImage(size, size, 1, pixels));
    }
    return out;
  }

  /**
   * Encodes {@code batches} batches of {@code batchSize} images, cycling through {@code images}.
   *
   * @param classifier the classifier whose encoder to use
   * @param images the images
   * @param batchSize images per batch
   * @param batches number of batches
   * @return the encoded batches
   */
  static List<float[]> encodedBatches(
      ImageClassifier classifier, List<PixelImage> images, int batchSize, int batches) {
    List<float[]> out = new ArrayList<>(batches);
    int cursor = 0;
    for (int b = 0; b < batches; b++) {
      List<PixelImage> batch = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        batch.add(images.get(cursor));
        cursor = (cursor + 1) % images.size();
      }
      out.add(classifier.encoder().encodeAll(batch));
    }
    return out;
  }

  /**
   * The backbone output of DJL, globally average-pooled: what the ONNX file computes.
   *
   * @param classifier the classifier
   * @param batch encoded images
   * @param n number of images
   * @return {@code n x channels} pooled features
   */
  static float[] djlPooledFeatures(ImageClassifier classifier, float[] batch, int n) {
    InputSpec in = classifier.encoder().spec();
    try (NDManager manager = classifier.manager().newSubManager()) {
      NDArray x = manager.create(batch, new Shape(n, in.channels(), in.size(), in.size()));
      NDArray fmap =
          classifier
              .network()
              .features()
              .forward(new ParameterStore(manager, false), new NDList(x), false)
              .singletonOrThrow();
      return fmap.mean(new int[] {3}).mean(new int[] {2}).toFloatArray();
    }
  }

  /**
   * The classifier head's linear layer (after global average pooling and inference-time no-op
   * dropout) as plain arrays.
   *
   * @param classifier the classifier
   * @return the head
   */
  static LinearHead head(ImageClassifier classifier) {
    List<Block> linears = new ArrayList<>();
    collectLinears(classifier.network().head(), linears);
    if (linears.size() != 1) {
      throw new MlException(
          "expected one linear layer in the head, found " + linears.size() + " in " + classifier);
    }
    Block linear = linears.get(0);
    NDArray w = linear.getParameters().get("weight").getArray();
    NDArray b = linear.getParameters().get("bias").getArray();
    long[] shape = w.getShape().getShape();
    return new LinearHead((int) shape[0], (int) shape[1], w.toFloatArray(), b.toFloatArray());
  }

  private static void collectLinears(Block block, List<Block> out) {
    if (block instanceof Linear) {
      out.add(block);
      return;
    }
    for (Block child : block.getChildren().values()) {
      collectLinears(child, out);
    }
  }

  /**
   * A linear layer plus softmax in plain Java.
   *
   * @param classes output rows
   * @param features input columns
   * @param weight {@code classes x features}, row-major
   * @param bias {@code classes}
   */
  record LinearHead(int classes, int features, float[] weight, float[] bias) {

    /**
     * Softmax probabilities of pooled features.
     *
     * @param pooled {@code n x features}
     * @param n rows
     * @return {@code n x classes}
     */
    float[][] probabilities(float[] pooled, int n) {
      float[][] out = new float[n][classes];
      for (int i = 0; i < n; i++) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
          float s = bias[k];
          int row = k * features;
          int col = i * features;
          for (int j = 0; j < features; j++) {
            s += weight[row + j] * pooled[col + j];
          }
          out[i][k] = s;
          max = Math.max(max, s);
        }
        float sum = 0;
        for (int k = 0; k < classes; k++) {
          out[i][k] = (float) Math.exp(out[i][k] - max);
          sum += out[i][k];
        }
        for (int k = 0; k < classes; k++) {
          out[i][k] /= sum;
        }
      }
      return out;
    }
  }
}
