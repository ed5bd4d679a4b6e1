package dev.mle4j.core.serving;

import dev.mle4j.core.MlException;

/**
 * The model's batch call returned a different number of outputs than it was given inputs, so no
 * output can be matched to its request; every request of that batch fails with this exception.
 */
public class BatchMismatchException extends MlException {
  private static final long serialVersionUID = 1L;

  /** Number of outputs returned, or -1 if the model returned {@code null}. */
  private final int outputs;

  /** Number of inputs in the batch. */
  private final int inputs;

  /**
   * Creates the exception.
   *
   * @param batcher name of the batcher (or model) that made the call
   * @param outputs number of outputs the model returned, -1 for a {@code null} list
   * @param inputs number of inputs it was given
   */
  public BatchMismatchException(String batcher, int outputs, int inputs) {
    super(
        "model returned "
            + (outputs < 0 ? "null instead of a list of" : Integer.toString(outputs))
            + " outputs for "
            + inputs
            + " inputs (batcher '"
            + batcher
            + "')");
    this.outputs = outputs;
    this.inputs = inputs;
  }

  /**
   * Number of outputs the model returned.
   *
   * @return the count, -1 if the model returned {@code null}
   */
  public int outputs() {
    return outputs;
  }

  /**
   * Number of inputs in the batch.
   *
   * @return the count
   */
  public int inputs() {
    return inputs;
  }
}
