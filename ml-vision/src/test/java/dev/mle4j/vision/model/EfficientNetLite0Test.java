package dev.mle4j.vision.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.mle4j.core.MlException;
import dev.mle4j.vision.pretrained.TestCheckpoints;
import dev.mle4j.vision.pretrained.TorchCheckpoint;
import org.junit.jupiter.api.Test;

class EfficientNetLite0Test {

  @Test
  void producesA1280ChannelFeatureMapAndLogits() {
    Network net = EfficientNetLite0.create(5, 0.2f);
    assertThat(net.architecture()).isEqualTo("efficientnet-lite0");
    assertThat(net.input().size()).isEqualTo(224);
    assertThat(net.features().stages()).hasSize(EfficientNetLite0.STAGES);
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(7);
      net.block().initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
      assertThat(net.features().getOutputShapes(new Shape[] {new Shape(1, 3, 224, 224)})[0])
          .isEqualTo(new Shape(1, 1280, 7, 7));
      NDArray x = manager.randomUniform(-1, 1, new Shape(1, 3, 224, 224));
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray features = net.features().forward(ps, new NDList(x), false).head();
      assertThat(features.getShape()).isEqualTo(new Shape(1, 1280, 7, 7));
      NDArray logits = net.head().forward(ps, new NDList(features), false).head();
      assertThat(logits.getShape()).isEqualTo(new Shape(1, 5));
      assertThat(features.min().getFloat()).isGreaterThanOrEqualTo(0f); // ReLU6
      assertThat(features.max().getFloat()).isLessThanOrEqualTo(6f);
    }
  }

  @Test
  void acceptsOtherInputSizes() {
    Network net = EfficientNetLite0.create(EfficientNetLite0.inputSpec(96), 3, 0f);
    try (NDManager manager = NDManager.newBaseManager()) {
      net.block().initialize(manager, DataType.FLOAT32, new Shape(2, 3, 96, 96));
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray x = manager.zeros(new Shape(2, 3, 96, 96));
      assertThat(net.features().forward(ps, new NDList(x), false).head().getShape())
          .isEqualTo(new Shape(2, 1280, 3, 3));
      assertThat(net.block().forward(ps, new NDList(x), false).head().getShape())
          .isEqualTo(new Shape(2, 3));
      // odd sizes: SAME padding gives ceil(i / 2) at every stride-2 layer
      NDArray odd = manager.zeros(new Shape(1, 3, 101, 75));
      assertThat(net.features().forward(ps, new NDList(odd), false).head().getShape())
          .isEqualTo(new Shape(1, 1280, 4, 3));
    }
    assertThatThrownBy(() -> EfficientNetLite0.create(InputSpec.uniform(224, 1, 0.5f, 0.5f), 3, 0f))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("3 channels");
  }

  @Test
  void samePaddingMatchesTensorFlow() {
    assertThat(SamePadding.total(224, 3, 2)).isEqualTo(1);
    assertThat(SamePadding.total(56, 5, 2)).isEqualTo(3);
    assertThat(SamePadding.total(7, 3, 2)).isEqualTo(2);
    assertThat(SamePadding.total(15, 5, 1)).isEqualTo(4);
  }

  @Test
  void weightLoadingChecksNamesAndShapes() {
    Network net = EfficientNetLite0.create(4, 0f);
    TorchCheckpoint wrongShape =
        TorchCheckpoint.read(
            new TestCheckpoints.Builder()
                .tensor("_conv_stem.weight", new long[] {16, 3, 3, 3}, new float[16 * 27])
                .zip(),
            "wrong.pt");
    assertThatThrownBy(() -> EfficientNetLite0.loadImageNetWeights(net, wrongShape))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("initialize the network");
    try (NDManager manager = NDManager.newBaseManager()) {
      net.block().initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
      assertThatThrownBy(() -> EfficientNetLite0.loadImageNetWeights(net, wrongShape))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("_conv_stem.weight has shape (16, 3, 3, 3)")
          .hasMessageContaining("(32, 3, 3, 3)");
      TorchCheckpoint partial =
          TorchCheckpoint.read(
              new TestCheckpoints.Builder()
                  .tensor("_conv_stem.weight", new long[] {32, 3, 3, 3}, new float[32 * 27])
                  .zip(),
              "partial.pt");
      assertThatThrownBy(() -> EfficientNetLite0.loadImageNetWeights(net, partial))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("no tensor named '_bn0.weight'");
      assertThatThrownBy(() -> EfficientNetLite0.loadImageNetHead(net, partial))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("1000 classes");
    }
    Network other = SimpleCnn.create(InputSpec.imagenet(64), 3, 0f);
    assertThatThrownBy(() -> EfficientNetLite0.loadImageNetWeights(other, null))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("simple-cnn");
  }

  @Test
  void layerNamesCoverTheCheckpoint() {
    // 2 stem + 16 blocks (6 layers each, 4 for the first) + 2 head = 98 conv/BN layers
    assertThat(EfficientNetLite0.torchNames()).hasSize(2 + 4 + 15 * 6 + 2);
    assertThat(EfficientNetLite0.torchNames())
        .startsWith("_conv_stem", "_bn0", "_blocks.0._depthwise_conv")
        .endsWith("_blocks.15._bn2", "_conv_head", "_bn1");
  }
}
