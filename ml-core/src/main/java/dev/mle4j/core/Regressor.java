package dev.mle4j.core;

import java.util.List;

/**
 * A trained model that predicts one number per input.
 *
 * @param <I> the input type
 */
public interface Regressor<I> extends AutoCloseable {

  /**
   * Predicts one value.
   *
   * @param input the input
   * @return the prediction
   */
  double predict(I input);

  /**
   * Predicts a batch.
   *
   * @param inputs the inputs
   * @return one prediction per input, in input order
   */
  default double[] predictAll(List<I> inputs) {
    double[] out = new double[inputs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = predict(inputs.get(i));
    }
    return out;
  }

  /**
   * Describes the model.
   *
   * @return the model card
   */
  ModelCard card();

  /** Releases resources; the default does nothing. */
  @Override
  default void close() {}
}
