package dev.mle4j.nlp.rnn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RNN;
import ai.djl.nn.recurrent.RecurrentBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.SplittableRandom;

/**
 * Embedding, one or two recurrent stacks, masked pooling over time, dropout and a linear head.
 *
 * <p>Inputs (all {@code [batch, time]}, right-padded): token ids (int64), a float mask of real
 * tokens, a float one-hot of each text's last token and, when bidirectional, the token ids with
 * each text's real tokens reversed. The backward direction is a second recurrent stack run on the
 * reversed ids, so padding never reaches the state of a real token in either direction and a text's
 * scores do not depend on the other texts of its batch. Output: logits {@code [batch, labels]}.
 *
 * <p>Dropout masks come from a seeded Java random source (not the engine's global generator), so
 * training is reproducible.
 */
final class RnnTextBlock extends AbstractBlock {

  private final Parameter embedding;
  private final RecurrentBlock forwardRnn;
  private final RecurrentBlock backwardRnn;
  private final Linear head;
  private final Pooling pooling;
  private final float dropout;
  private final int embeddingSize;
  private final int featureSize;
  private final int numLabels;
  private SplittableRandom dropoutRandom = new SplittableRandom(0);

  RnnTextBlock(
      CellType cell,
      boolean bidirectional,
      int vocabularySize,
      int embeddingSize,
      int hiddenSize,
      int numLayers,
      Pooling pooling,
      float dropout,
      int numLabels) {
    this.embeddingSize = embeddingSize;
    this.pooling = pooling;
    this.dropout = dropout;
    this.embedding =
        addParameter(
            Parameter.builder()
                .setName("embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabularySize, embeddingSize))
                .build());
    this.forwardRnn = addChildBlock("forward", recurrent(cell, hiddenSize, numLayers));
    this.backwardRnn =
        bidirectional ? addChildBlock("backward", recurrent(cell, hiddenSize, numLayers)) : null;
    this.featureSize = hiddenSize * (bidirectional ? 2 : 1);
    this.numLabels = numLabels;
    this.head = addChildBlock("head", Linear.builder().setUnits(numLabels).build());
  }

  private static RecurrentBlock recurrent(CellType cell, int hiddenSize, int numLayers) {
    return switch (cell) {
      case RNN ->
          RNN.builder()
              .setStateSize(hiddenSize)
              .setNumLayers(numLayers)
              .setActivation(RNN.Activation.TANH)
              .optBatchFirst(true)
              .optReturnState(false)
              .build();
      case LSTM ->
          LSTM.builder()
              .setStateSize(hiddenSize)
              .setNumLayers(numLayers)
              .optBatchFirst(true)
              .optReturnState(false)
              .build();
      case GRU ->
          GRU.builder()
              .setStateSize(hiddenSize)
              .setNumLayers(numLayers)
              .optBatchFirst(true)
              .optReturnState(false)
              .build();
    };
  }

  Parameter embedding() {
    return embedding;
  }

  Linear head() {
    return head;
  }

  int featureSize() {
    return featureSize;
  }

  boolean bidirectional() {
    return backwardRnn != null;
  }

  void seedDropout(long seed) {
    this.dropoutRandom = new SplittableRandom(seed);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray ids = inputs.get(0);
    NDArray mask = inputs.get(1);
    NDArray last = inputs.get(2);
    Device device = ids.getDevice();
    NDArray table = parameterStore.getValue(embedding, device, training);
    NDArray pooled = encode(parameterStore, forwardRnn, table, ids, mask, last, training);
    if (backwardRnn != null) {
      NDArray reversed = inputs.get(3);
      NDArray back = encode(parameterStore, backwardRnn, table, reversed, mask, last, training);
      pooled = pooled.concat(back, 1);
    }
    if (training && dropout > 0f) {
      pooled = pooled.mul(dropoutMask(pooled.getManager(), pooled.getShape()));
    }
    return head.forward(parameterStore, new NDList(pooled), training, params);
  }

  private NDArray encode(
      ParameterStore parameterStore,
      RecurrentBlock rnn,
      NDArray table,
      NDArray ids,
      NDArray mask,
      NDArray last,
      boolean training) {
    NDArray embedded = Embedding.embedding(ids, table, SparseFormat.DENSE).head();
    NDArray out = rnn.forward(parameterStore, new NDList(embedded), training).head();
    return switch (pooling) {
      case LAST -> out.mul(last.expandDims(2)).sum(new int[] {1});
      case MAX -> out.add(mask.sub(1f).mul(1e9f).expandDims(2)).max(new int[] {1});
      case MEAN ->
          out.mul(mask.expandDims(2)).sum(new int[] {1}).div(mask.sum(new int[] {1}, true));
    };
  }

  private NDArray dropoutMask(NDManager manager, Shape shape) {
    int n = (int) shape.size();
    float[] values = new float[n];
    float keep = 1f - dropout;
    for (int i = 0; i < n; i++) {
      values[i] = dropoutRandom.nextDouble() < keep ? 1f / keep : 0f;
    }
    return manager.create(values, shape);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), numLabels)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape sequence = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), embeddingSize);
    forwardRnn.initialize(manager, dataType, sequence);
    if (backwardRnn != null) {
      backwardRnn.initialize(manager, dataType, sequence);
    }
    head.initialize(manager, dataType, new Shape(inputShapes[0].get(0), featureSize));
  }
}
