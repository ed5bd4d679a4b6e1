package dev.mle4j.nlp.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.mle4j.nlp.text.TokenBatch;

/**
 * Encoder + mean pooling over the attention mask + dropout + linear head. Input as {@link
 * BertEncoderBlock}; output the logits {@code [batch, labels]}.
 */
final class BertClassifierBlock extends AbstractBlock {
  private static final byte VERSION = 1;

  private final BertEncoderBlock encoder;
  private final Linear head;
  private final float dropout;

  BertClassifierBlock(BertConfig config, int numLabels, float dropout) {
    super(VERSION);
    this.encoder = addChildBlock("encoder", new BertEncoderBlock(config));
    this.head = addChildBlock("head", Linear.builder().setUnits(numLabels).build());
    this.dropout = dropout;
  }

  /** The three int64 arrays {@code [batch, tokens]} of a token batch in {@code manager}. */
  static NDList inputs(TokenBatch batch, NDManager manager) {
    return new NDList(
        manager.create(batch.ids()), manager.create(batch.mask()), manager.create(batch.typeIds()));
  }

  BertEncoderBlock encoder() {
    return encoder;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray hidden = encoder.forward(ps, inputs, training).singletonOrThrow();
    NDArray pooled = meanPool(hidden, inputs.get(1));
    if (training && dropout > 0) {
      pooled = Dropout.dropout(pooled, dropout, true).singletonOrThrow();
    }
    return head.forward(ps, new NDList(pooled), training);
  }

  /** Mean of the hidden states over the tokens where {@code mask} is 1. */
  static NDArray meanPool(NDArray hidden, NDArray mask) {
    NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(-1);
    NDArray sum = hidden.mul(m).sum(new int[] {1});
    NDArray count = m.sum(new int[] {1}).maximum(1e-9f);
    return sum.div(count);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    encoder.initialize(manager, dataType, inputShapes);
    long batch = inputShapes[0].get(0);
    head.initialize(manager, dataType, new Shape(batch, encoder.config().hiddenSize()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return head.getOutputShapes(
        new Shape[] {new Shape(inputShapes[0].get(0), encoder.config().hiddenSize())});
  }
}
