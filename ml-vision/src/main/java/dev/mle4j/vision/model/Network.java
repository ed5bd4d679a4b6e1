package dev.mle4j.vision.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.Objects;

/**
 * An image classification network: a feature extractor ({@link StagedBlock}, image batch {@code [N,
 * C, H, W]} to a feature map {@code [N, K, h, w]}) followed by a head (feature map to class
 * logits). Keeping the two apart is what makes freezing a backbone and Grad-CAM (gradients of a
 * class score with respect to the last feature map) possible.
 */
public final class Network {

  private final String architecture;
  private final InputSpec input;
  private final int numClasses;
  private final float dropout;
  private final StagedBlock features;
  private final Block head;
  private final SequentialBlock block;

  /**
   * Assembles a network.
   *
   * @param architecture the architecture id saved with the model, e.g. {@code simple-cnn}
   * @param input what the network expects as input
   * @param numClasses number of output logits
   * @param dropout the dropout rate the network was built with (saved, to rebuild it on load)
   * @param features the feature extractor
   * @param head the classification head
   */
  public Network(
      String architecture,
      InputSpec input,
      int numClasses,
      float dropout,
      StagedBlock features,
      Block head) {
    this.architecture = Objects.requireNonNull(architecture, "architecture");
    this.input = Objects.requireNonNull(input, "input");
    this.features = Objects.requireNonNull(features, "features");
    this.head = Objects.requireNonNull(head, "head");
    if (numClasses < 2) {
      throw new IllegalArgumentException(
          "a classifier needs at least 2 classes, got " + numClasses);
    }
    this.numClasses = numClasses;
    this.dropout = dropout;
    this.block = new SequentialBlock().add(features).add(head);
  }

  /**
   * The architecture id.
   *
   * @return e.g. {@code simple-cnn} or {@code efficientnet-lite0}
   */
  public String architecture() {
    return architecture;
  }

  /**
   * The input specification.
   *
   * @return the spec
   */
  public InputSpec input() {
    return input;
  }

  /**
   * Number of classes.
   *
   * @return the number of logits
   */
  public int numClasses() {
    return numClasses;
  }

  /**
   * The dropout rate the network was built with.
   *
   * @return the rate
   */
  public float dropout() {
    return dropout;
  }

  /**
   * The feature extractor.
   *
   * @return the staged block
   */
  public StagedBlock features() {
    return features;
  }

  /**
   * The head.
   *
   * @return the head block
   */
  public Block head() {
    return head;
  }

  /**
   * Features followed by head, the block a DJL {@code Model} holds.
   *
   * @return the whole network
   */
  public SequentialBlock block() {
    return block;
  }
}
