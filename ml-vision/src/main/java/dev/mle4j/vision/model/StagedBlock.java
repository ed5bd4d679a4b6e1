package dev.mle4j.vision.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A feature extractor made of stages run one after the other, where a prefix of the stages can be
 * frozen: frozen stages keep their weights (no gradients) and always run in inference mode, so
 * their batch-norm statistics stay those of pretraining. This is how the fine-tuning strategies are
 * expressed: freeze all stages (train the head only) or unfreeze the top ones.
 */
public final class StagedBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final List<Block> stages = new ArrayList<>();
  private int frozenStages;

  /**
   * Creates the block from its stages, in order.
   *
   * @param stages the stages; at least one
   */
  public StagedBlock(List<? extends Block> stages) {
    super(VERSION);
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a staged block needs at least one stage");
    }
    int i = 0;
    for (Block stage : stages) {
      this.stages.add(addChildBlock(String.format("stage%02d", i++), stage));
    }
  }

  /**
   * The stages, in order.
   *
   * @return the stage blocks
   */
  public List<Block> stages() {
    return List.copyOf(stages);
  }

  /**
   * Freezes the first {@code count} stages and unfreezes the rest.
   *
   * @param count 0 (everything trains) to {@code stages().size()} (nothing trains)
   */
  public void freezeFirst(int count) {
    if (count < 0 || count > stages.size()) {
      throw new IllegalArgumentException(
          "can freeze 0 to " + stages.size() + " stages, not " + count);
    }
    for (int i = 0; i < stages.size(); i++) {
      // running statistics never take gradients; only learnable weights are (un)frozen
      stages.get(i).freezeParameters(i < count, StagedBlock::learnable);
    }
    frozenStages = count;
  }

  private static boolean learnable(Parameter p) {
    return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
  }

  /**
   * How many leading stages are frozen.
   *
   * @return the count
   */
  public int frozenStages() {
    return frozenStages;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDList x = inputs;
    for (int i = 0; i < stages.size(); i++) {
      x = stages.get(i).forward(parameterStore, x, training && i >= frozenStages, params);
    }
    return x;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] shapes = inputShapes;
    for (Block stage : stages) {
      shapes = stage.getOutputShapes(shapes);
    }
    return shapes;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = inputShapes;
    for (Block stage : stages) {
      stage.initialize(manager, dataType, shapes);
      shapes = stage.getOutputShapes(shapes);
    }
  }
}
