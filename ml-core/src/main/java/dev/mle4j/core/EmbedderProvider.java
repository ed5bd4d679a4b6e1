package dev.mle4j.core;

import java.util.List;

/**
 * Service-provider interface: opens embedding models by name. Modules that ship encoders (ml-nlp)
 * register one with {@link java.util.ServiceLoader}; {@link Embedders} finds them, so a module that
 * only needs an {@link Embedder} (ml-rag) does not depend on the module that implements it.
 */
public interface EmbedderProvider {

  /**
   * The model names this provider opens, first the preferred default.
   *
   * @return names such as {@code all-minilm-l6-v2}
   */
  List<String> names();

  /**
   * Opens a model.
   *
   * @param name one of {@link #names()} (case-insensitive)
   * @param options model options
   * @return an open embedder; the caller closes it
   * @throws MlException when the model cannot be opened
   */
  Embedder open(String name, EmbedderOptions options);

  /**
   * Whether this provider opens a name beyond {@link #names()} (for example a family such as {@code
   * openai:<model>}); the default is false.
   *
   * @param name the requested name
   * @return true when {@link #open} accepts it
   */
  default boolean accepts(String name) {
    return false;
  }
}
