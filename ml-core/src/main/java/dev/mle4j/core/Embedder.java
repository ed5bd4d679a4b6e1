package dev.mle4j.core;

import java.util.List;

/**
 * Turns texts into dense vectors.
 *
 * <p>Retrieval models trained with different inputs for queries and passages (e5's {@code "query:
 * "} / {@code "passage: "} prefixes, bge's search instruction) embed documents with {@link
 * #embed(List)} and questions with {@link #embedQueries(List)}; symmetric models use the same
 * vectors for both.
 */
public interface Embedder extends AutoCloseable {

  /**
   * Embeds texts (documents or passages, or any text for symmetric models).
   *
   * @param texts the texts
   * @return one vector per text, all of {@link #dimension()} floats
   */
  float[][] embed(List<String> texts);

  /**
   * Embeds search queries; the default is {@link #embed(List)}.
   *
   * @param queries the queries
   * @return one vector per query
   */
  default float[][] embedQueries(List<String> queries) {
    return embed(queries);
  }

  /**
   * Vector size.
   *
   * @return the number of floats per vector
   */
  int dimension();

  /**
   * A short name for reports (for example {@code all-minilm-l6-v2-q}); the default is the class
   * name.
   *
   * @return the name
   */
  default String name() {
    return getClass().getSimpleName();
  }

  /** Releases resources; the default does nothing. */
  @Override
  default void close() {}
}
