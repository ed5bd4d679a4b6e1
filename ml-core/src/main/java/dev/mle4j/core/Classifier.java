package dev.mle4j.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A trained model that assigns one of a fixed set of labels to an input.
 *
 * <p>Implementations are thread-safe for concurrent {@link #classify} calls and release native or
 * file resources in {@link #close()}.
 *
 * @param <I> the input type (a {@code String} for text, an image, a table row...)
 */
public interface Classifier<I> extends AutoCloseable {

  /**
   * Classifies one input.
   *
   * @param input the input
   * @return label, confidence and the score of every label
   */
  Classification classify(I input);

  /**
   * Classifies a batch; implementations override this when batching is cheaper than a loop.
   *
   * @param inputs the inputs
   * @return one classification per input, in input order
   */
  default List<Classification> classifyAll(List<I> inputs) {
    List<Classification> out = new ArrayList<>(inputs.size());
    for (I input : inputs) {
      out.add(classify(input));
    }
    return out;
  }

  /**
   * The labels this classifier can predict, in score order.
   *
   * @return label names
   */
  List<String> labels();

  /**
   * Describes the model: name, version, metrics, data fingerprint.
   *
   * @return the model card
   */
  ModelCard card();

  /** Releases resources; the default does nothing. */
  @Override
  default void close() {}
}
