package dev.mle4j.vision.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * The from-scratch baseline: a VGG-style CNN of conv-BN-ReLU pairs with max pooling between stages,
 * widening 32, 64, 128 (and 256 for inputs of 64 pixels or more, which get a strided stem first),
 * then the shared {@link ClassifierHead}. About 0.3 M weights at 28x28.
 */
public final class SimpleCnn {

  /** Architecture id saved with models. */
  public static final String ARCHITECTURE = "simple-cnn";

  private SimpleCnn() {}

  /**
   * Builds the network.
   *
   * @param input input specification (any size >= 8, 1 or 3 channels)
   * @param numClasses number of classes
   * @param dropout dropout before the head's linear layer
   * @return an uninitialised network
   */
  public static Network create(InputSpec input, int numClasses, float dropout) {
    List<Block> stages = new ArrayList<>();
    int[] widths = input.size() >= 64 ? new int[] {32, 64, 128, 256} : new int[] {32, 64, 128};
    if (input.size() >= 64) {
      SequentialBlock stem = new SequentialBlock();
      stem.add(conv(24, 5, 2)).add(bn()).add(Activation.reluBlock());
      stem.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
      stages.add(stem);
    }
    for (int i = 0; i < widths.length; i++) {
      SequentialBlock stage = new SequentialBlock();
      stage.add(conv(widths[i], 3, 1)).add(bn()).add(Activation.reluBlock());
      if (i < widths.length - 1) {
        stage.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
      }
      stages.add(stage);
    }
    return new Network(
        ARCHITECTURE,
        input,
        numClasses,
        dropout,
        new StagedBlock(stages),
        input.size() < 64
            ? denseHead(numClasses, dropout)
            : ClassifierHead.create(numClasses, dropout));
  }

  /**
   * For small inputs the 7x7 map is flattened so the head sees where things are (a sleeve versus a
   * strap matters on Fashion-MNIST): flatten, dropout, dense 128 + ReLU, dropout, linear.
   */
  private static Block denseHead(int numClasses, float dropout) {
    SequentialBlock head = new SequentialBlock();
    head.add(Blocks.batchFlattenBlock());
    if (dropout > 0) {
      head.add(Dropout.builder().optRate(dropout).build());
    }
    head.add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock());
    if (dropout > 0) {
      head.add(Dropout.builder().optRate(dropout).build());
    }
    head.add(Linear.builder().setUnits(numClasses).build());
    return head;
  }

  private static Block conv(int filters, int kernel, int stride) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(kernel / 2, kernel / 2))
        .optBias(false)
        .build();
  }

  private static Block bn() {
    return BatchNorm.builder().build();
  }
}
