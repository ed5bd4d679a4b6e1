package dev.mle4j.nlp;

import dev.mle4j.core.Classifier;
import java.nio.file.Path;

/**
 * A trained text classifier that saves itself to a folder which a {@link
 * dev.mle4j.core.ModelLoader} (registered with {@link java.util.ServiceLoader}) reads back, so it
 * can be registered and served.
 */
public interface SavableTextClassifier extends Classifier<String> {

  /**
   * Writes the artifact files and {@code model-card.json} into {@code dir} (created if missing).
   *
   * @param dir the target folder
   */
  void save(Path dir);

  /**
   * Bytes of model files the saved folder needs but does not hold, e.g. a sentence encoder read
   * from a jar; counted in the model's size on disk in comparisons.
   *
   * @return bytes outside the saved folder (default 0)
   */
  default long externalBytes() {
    return 0;
  }
}
