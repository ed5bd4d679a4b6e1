package dev.mle4j.vision.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import dev.mle4j.core.MlException;
import dev.mle4j.vision.pretrained.TorchCheckpoint;
import dev.mle4j.vision.pretrained.TorchCheckpoint.TensorData;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * EfficientNet-Lite0 (Tan and Le 2019; the mobile variant without squeeze-excitation, with ReLU6
 * and a fixed stem and head), built natively from DJL blocks so it can be trained, fine-tuned and
 * explained with Grad-CAM like any other {@link Network}, and loaded with the ImageNet weights of
 * the PyTorch checkpoint {@code efficientnet-lite0-57934424.pth} (see {@link
 * dev.mle4j.vision.pretrained.PretrainedWeights}).
 *
 * <p>Layout: a 3x3 stride-2 stem (32 channels, batch norm, ReLU6), 16 inverted-residual (MBConv)
 * blocks in 7 stages, a 1x1 head convolution to 1280 channels (batch norm, ReLU6), then {@link
 * ClassifierHead}. The {@link StagedBlock} has 9 stages: stem, the 7 block stages, head
 * convolution; its output for a 224x224 input is {@code [N, 1280, 7, 7]}. Convolutions use
 * TensorFlow's {@code SAME} padding (asymmetric for stride 2) for any input size; batch norm uses
 * epsilon 1e-3 and the TensorFlow momentum 0.99. Drop-connect (stochastic depth) is not applied.
 */
public final class EfficientNetLite0 {

  /** Architecture id saved with models. */
  public static final String ARCHITECTURE = "efficientnet-lite0";

  /** The training resolution of the ImageNet weights. */
  public static final int IMAGE_SIZE = 224;

  /** Channels of the last feature map. */
  public static final int FEATURE_CHANNELS = 1280;

  /** Number of ImageNet classes of the pretrained head. */
  public static final int IMAGENET_CLASSES = 1000;

  /** Stages of the feature extractor: stem, 7 block stages, head convolution. */
  public static final int STAGES = 9;

  private static final float BN_EPSILON = 1e-3f;
  private static final float BN_MOMENTUM = 0.99f;

  /** Block stage rows: repeats, kernel, stride, expansion, input and output channels. */
  private static final int[][] CONFIG = {
    {1, 3, 1, 1, 32, 16},
    {2, 3, 2, 6, 16, 24},
    {2, 5, 2, 6, 24, 40},
    {3, 3, 2, 6, 40, 80},
    {3, 5, 1, 6, 80, 112},
    {4, 5, 2, 6, 112, 192},
    {1, 3, 1, 6, 192, 320},
  };

  private EfficientNetLite0() {}

  /**
   * The input the ImageNet weights expect at a given size: RGB scaled to [0, 1], then {@code (x -
   * 127/255) / (128/255)}, which is the {@code (p - 127) / 128} of the original TensorFlow Lite
   * models on 0-255 pixels.
   *
   * @param size side of the square input (224 for the pretrained resolution)
   * @return the input specification
   */
  public static InputSpec inputSpec(int size) {
    return InputSpec.uniform(size, 3, 127f / 255f, 128f / 255f);
  }

  /**
   * Builds the network for 224x224 input with a new head.
   *
   * @param numClasses number of classes of the new head
   * @param dropout dropout before the head's linear layer (0.2 in the original)
   * @return an uninitialised network
   */
  public static Network create(int numClasses, float dropout) {
    return create(inputSpec(IMAGE_SIZE), numClasses, dropout);
  }

  /**
   * Builds the network for a given input specification (any size works thanks to the dynamic {@code
   * SAME} padding; the ImageNet weights fit best near 224 pixels).
   *
   * @param input the input specification; must have 3 channels
   * @param numClasses number of classes of the new head
   * @param dropout dropout before the head's linear layer
   * @return an uninitialised network
   * @throws MlException if the input does not have 3 channels
   */
  public static Network create(InputSpec input, int numClasses, float dropout) {
    if (input.channels() != 3) {
      throw new MlException(
          "EfficientNet-Lite0 needs RGB input (3 channels), got " + input.channels());
    }
    List<Block> stages = new ArrayList<>();
    SequentialBlock stem = new SequentialBlock();
    stem.add(conv(32, 3, 2, 1)).add(bn()).add(Activation.relu6Block());
    stages.add(stem);
    for (int[] row : CONFIG) {
      SequentialBlock stage = new SequentialBlock();
      for (int r = 0; r < row[0]; r++) {
        int in = r == 0 ? row[4] : row[5];
        int stride = r == 0 ? row[2] : 1;
        stage.add(mbConv(in, row[5], row[1], stride, row[3]));
      }
      stages.add(stage);
    }
    SequentialBlock head = new SequentialBlock();
    head.add(conv(FEATURE_CHANNELS, 1, 1, 1)).add(bn()).add(Activation.relu6Block());
    stages.add(head);
    return new Network(
        ARCHITECTURE,
        input,
        numClasses,
        dropout,
        new StagedBlock(stages),
        ClassifierHead.create(numClasses, dropout));
  }

  /**
   * Builds the network with a 1000-way ImageNet head (dropout 0.2), to be filled with {@link
   * #loadImageNetWeights} and {@link #loadImageNetHead} for ImageNet predictions.
   *
   * @return an uninitialised network
   */
  public static Network createImageNetClassifier() {
    return create(IMAGENET_CLASSES, 0.2f);
  }

  /**
   * Copies the pretrained backbone weights (every convolution and batch norm, including running
   * statistics) into an initialised network made by {@link #create}; the head is left as it is.
   *
   * @param network the network; its block must already be initialised ({@code
   *     network.block().initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224))}, or a
   *     trainer's {@code initialize})
   * @param checkpoint the EfficientNet-Lite0 checkpoint
   * @throws MlException if the network is not an initialised EfficientNet-Lite0, or a tensor is
   *     missing from the checkpoint or has another shape
   */
  public static void loadImageNetWeights(Network network, TorchCheckpoint checkpoint) {
    if (!ARCHITECTURE.equals(network.architecture())) {
      throw new MlException(
          "ImageNet weights of "
              + ARCHITECTURE
              + " cannot be loaded into "
              + network.architecture());
    }
    List<Block> leaves = new ArrayList<>();
    collectLeaves(network.features(), leaves);
    List<String> names = torchNames();
    if (leaves.size() != names.size()) {
      throw new MlException(
          "network has "
              + leaves.size()
              + " convolution/batch-norm layers, "
              + ARCHITECTURE
              + " has "
              + names.size()
              + ": not built by EfficientNetLite0.create");
    }
    for (int i = 0; i < leaves.size(); i++) {
      Block leaf = leaves.get(i);
      String name = names.get(i);
      if (leaf instanceof Conv2d) {
        copy(leaf, "weight", checkpoint, name + ".weight");
      } else {
        copy(leaf, "gamma", checkpoint, name + ".weight");
        copy(leaf, "beta", checkpoint, name + ".bias");
        copy(leaf, "runningMean", checkpoint, name + ".running_mean");
        copy(leaf, "runningVar", checkpoint, name + ".running_var");
      }
    }
  }

  /**
   * Copies the pretrained 1000-way ImageNet classifier ({@code _fc}) into the head of a network
   * made by {@link #createImageNetClassifier} and initialised.
   *
   * @param network the initialised network with 1000 classes
   * @param checkpoint the EfficientNet-Lite0 checkpoint
   * @throws MlException if the head is not a 1000-way linear layer or the tensors are missing
   */
  public static void loadImageNetHead(Network network, TorchCheckpoint checkpoint) {
    List<Block> linears = new ArrayList<>();
    collect(network.head(), linears, Linear.class);
    if (linears.size() != 1 || network.numClasses() != IMAGENET_CLASSES) {
      throw new MlException(
          "the ImageNet head needs a network with one linear layer and "
              + IMAGENET_CLASSES
              + " classes, got "
              + network.numClasses()
              + " classes");
    }
    copy(linears.get(0), "weight", checkpoint, "_fc.weight");
    copy(linears.get(0), "bias", checkpoint, "_fc.bias");
  }

  /**
   * The checkpoint names of the backbone layers in network order ({@code _conv_stem}, {@code _bn0},
   * {@code _blocks.N._expand_conv}, ..., {@code _conv_head}, {@code _bn1}).
   *
   * @return the layer name prefixes
   */
  static List<String> torchNames() {
    List<String> names = new ArrayList<>(List.of("_conv_stem", "_bn0"));
    int block = 0;
    for (int[] row : CONFIG) {
      for (int r = 0; r < row[0]; r++) {
        String p = "_blocks." + block++ + ".";
        if (row[3] != 1) {
          names.add(p + "_expand_conv");
          names.add(p + "_bn0");
        }
        names.addAll(List.of(p + "_depthwise_conv", p + "_bn1", p + "_project_conv", p + "_bn2"));
      }
    }
    names.addAll(List.of("_conv_head", "_bn1"));
    return names;
  }

  private static void copy(Block block, String param, TorchCheckpoint checkpoint, String name) {
    Parameter p = block.getParameters().get(param);
    if (p == null) {
      throw new MlException("layer for " + name + " has no parameter " + param);
    }
    if (!p.isInitialized()) {
      throw new MlException(
          "initialize the network before loading weights (block.initialize(manager,"
              + " DataType.FLOAT32, new Shape(1, 3, size, size))): "
              + name
              + " has no array yet");
    }
    TensorData t = checkpoint.tensor(name);
    long[] expected = p.getArray().getShape().getShape();
    if (!Arrays.equals(expected, t.shape())) {
      throw new MlException(
          checkpoint.source()
              + ": tensor "
              + name
              + " has shape "
              + t.shapeText()
              + " but the network expects "
              + p.getArray().getShape());
    }
    p.getArray().set(FloatBuffer.wrap(t.values()));
  }

  private static void collectLeaves(Block block, List<Block> out) {
    if (block instanceof Conv2d || block instanceof BatchNorm) {
      out.add(block);
      return;
    }
    for (Block child : block.getChildren().values()) {
      collectLeaves(child, out);
    }
  }

  private static void collect(Block block, List<Block> out, Class<? extends Block> type) {
    if (type.isInstance(block)) {
      out.add(block);
      return;
    }
    for (Block child : block.getChildren().values()) {
      collect(child, out, type);
    }
  }

  private static Block mbConv(int in, int out, int kernel, int stride, int expand) {
    SequentialBlock main = new SequentialBlock();
    int mid = in * expand;
    if (expand != 1) {
      main.add(conv(mid, 1, 1, 1)).add(bn()).add(Activation.relu6Block());
    }
    main.add(conv(mid, kernel, stride, mid)).add(bn()).add(Activation.relu6Block());
    main.add(conv(out, 1, 1, 1)).add(bn());
    if (stride != 1 || in != out) {
      return main;
    }
    return new ParallelBlock(
        list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
        List.of(main, Blocks.identityBlock()));
  }

  /** A convolution with SAME padding: symmetric for stride 1, a padding block before stride 2. */
  private static Block conv(int filters, int kernel, int stride, int groups) {
    Conv2d.Builder b =
        Conv2d.builder()
            .setFilters(filters)
            .setKernelShape(new Shape(kernel, kernel))
            .optStride(new Shape(stride, stride))
            .optGroups(groups)
            .optBias(false);
    if (stride == 1) {
      return b.optPadding(new Shape(kernel / 2, kernel / 2)).build();
    }
    return new SequentialBlock().add(new SamePadding(kernel, stride)).add(b.build());
  }

  private static Block bn() {
    return BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build();
  }
}
