package dev.mle4j.core;

import java.nio.file.Path;
import java.util.Set;

/**
 * Reads a saved model of one or more artifact formats back into a {@link Classifier}.
 *
 * <p>Capability modules register implementations through {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/dev.mle4j.core.ModelLoader} file), so the registry and the model server can
 * load any model whose module is on the class path; see {@link ModelLoaders}.
 */
public interface ModelLoader {

  /**
   * The artifact formats this loader reads, as written in {@link ModelCard#format()}.
   *
   * @return format ids such as {@code tfidf-logreg/v1}
   */
  Set<String> formats();

  /**
   * The kind of input the loaded classifier takes, e.g. {@code text}; servers use it to pick the
   * request decoder.
   *
   * @return the input kind
   */
  String inputKind();

  /**
   * Loads the model saved in {@code dir}.
   *
   * @param dir the folder holding the artifact files
   * @param card the model's card
   * @return the classifier, which the caller closes
   */
  Classifier<?> load(Path dir, ModelCard card);
}
