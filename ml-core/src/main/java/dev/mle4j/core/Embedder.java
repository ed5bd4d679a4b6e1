package dev.mle4j.core;

import java.util.List;

/** Turns texts into dense vectors. */
public interface Embedder extends AutoCloseable {

  /**
   * Embeds texts.
   *
   * @param texts the texts
   * @return one vector per text, all of {@link #dimension()} floats
   */
  float[][] embed(List<String> texts);

  /**
   * Vector size.
   *
   * @return the number of floats per vector
   */
  int dimension();

  /** Releases resources; the default does nothing. */
  @Override
  default void close() {}
}
