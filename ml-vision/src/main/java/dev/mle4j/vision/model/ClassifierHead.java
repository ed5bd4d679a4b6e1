package dev.mle4j.vision.model;

import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/** The classification head shared by the architectures: global average pooling, dropout, linear. */
public final class ClassifierHead {

  private ClassifierHead() {}

  /**
   * Builds a head.
   *
   * @param numClasses number of logits
   * @param dropout dropout rate before the linear layer (0 for none)
   * @return the head block
   */
  public static SequentialBlock create(int numClasses, float dropout) {
    SequentialBlock head = new SequentialBlock();
    head.add(Pool.globalAvgPool2dBlock());
    head.add(Blocks.batchFlattenBlock());
    if (dropout > 0) {
      head.add(Dropout.builder().optRate(dropout).build());
    }
    head.add(Linear.builder().setUnits(numClasses).build());
    return head;
  }
}
