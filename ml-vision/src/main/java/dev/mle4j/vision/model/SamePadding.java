package dev.mle4j.vision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * TensorFlow's {@code SAME} padding for a following convolution with padding 0: for an input side
 * {@code i}, kernel {@code k} and stride {@code s}, pads {@code max((ceil(i/s) - 1) * s + k - i,
 * 0)} zeros, half (rounded down) before and the rest after, so the output side is {@code ceil(i /
 * s)} for any input size. No parameters.
 */
final class SamePadding extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int kernel;
  private final int stride;

  SamePadding(int kernel, int stride) {
    super(VERSION);
    this.kernel = kernel;
    this.stride = stride;
  }

  static int total(int in, int kernel, int stride) {
    int out = (in + stride - 1) / stride;
    return Math.max((out - 1) * stride + kernel - in, 0);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Shape shape = x.getShape();
    int h = (int) shape.get(shape.dimension() - 2);
    int w = (int) shape.get(shape.dimension() - 1);
    int ph = total(h, kernel, stride);
    int pw = total(w, kernel, stride);
    if (ph == 0 && pw == 0) {
      return inputs;
    }
    return new NDList(x.pad(new Shape(pw / 2, pw - pw / 2, ph / 2, ph - ph / 2), 0));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    long[] dims = in.getShape();
    int n = dims.length;
    dims[n - 2] += total((int) dims[n - 2], kernel, stride);
    dims[n - 1] += total((int) dims[n - 1], kernel, stride);
    return new Shape[] {new Shape(dims)};
  }
}
