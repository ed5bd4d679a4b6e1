package dev.mle4j.vision.eval;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mle4j.core.ModelCard;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.data.ImageDataset;
import dev.mle4j.vision.data.LabeledImage;
import dev.mle4j.vision.model.ClassifierHead;
import dev.mle4j.vision.model.InputSpec;
import dev.mle4j.vision.model.Network;
import dev.mle4j.vision.model.SimpleCnn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small randomly initialised classifiers and data sets made in the tests. */
final class TestModels {

  static final List<String> LABELS = List.of("left", "middle", "right");

  private TestModels() {}

  /** A SimpleCnn on 28x28 grayscale input with random (seeded) weights. */
  static ImageClassifier randomCnn(long seed) {
    Engine.getInstance().setRandomSeed((int) seed);
    // the scratch CNN's features with the GAP + linear head (Grad-CAM then equals CAM exactly)
    InputSpec input = InputSpec.uniform(28, 1, 0.5f, 0.5f);
    Network cnn = SimpleCnn.create(input, LABELS.size(), 0f);
    Network net =
        new Network(
            SimpleCnn.ARCHITECTURE,
            input,
            LABELS.size(),
            0f,
            cnn.features(),
            ClassifierHead.create(LABELS.size(), 0f));
    Model model = Model.newInstance("t", Device.cpu(), "PyTorch");
    model.setBlock(net.block());
    net.block().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
    ModelCard card =
        new ModelCard(
            "t",
            "1",
            ImageClassifier.TASK,
            ImageClassifier.FORMAT,
            LABELS,
            Map.of(),
            "",
            Map.of(),
            Instant.EPOCH);
    return new ImageClassifier(model, net, LABELS, card);
  }

  /** A 28x28 grayscale image with a bright vertical bar in column band {@code label}. */
  static PixelImage bar(int label, Random random) {
    byte[] px = new byte[28 * 28];
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        int v = random.nextInt(40);
        if (x / 10 == label || (label == 2 && x >= 20)) {
          v += 180;
        }
        px[y * 28 + x] = (byte) Math.min(255, v);
      }
    }
    return new PixelImage(28, 28, 1, px);
  }

  /** {@code perClass} images of each of the three classes, seeded. */
  static ImageDataset bars(int perClass, long seed) {
    Random random = new Random(seed);
    List<LabeledImage> images = new ArrayList<>();
    for (int i = 0; i < perClass; i++) {
      for (int c = 0; c < LABELS.size(); c++) {
        PixelImage image = bar(c, random);
        images.add(new LabeledImage("img-" + c + "-" + i, c, () -> image));
      }
    }
    return new ImageDataset("bars", LABELS, images);
  }
}
