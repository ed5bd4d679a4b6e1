package dev.mle4j.nlp.tfidf;

import dev.mle4j.core.Classifier;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.ModelLoader;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@link ModelLoader} for {@code tfidf-logreg/v1} models, found through {@link
 * java.util.ServiceLoader} so registries and servers can load TF-IDF text classifiers.
 */
public final class TfidfLogRegLoader implements ModelLoader {

  /** Creates the loader (used by {@link java.util.ServiceLoader}). */
  public TfidfLogRegLoader() {}

  @Override
  public Set<String> formats() {
    return Set.of(TfidfLogRegTrainer.FORMAT);
  }

  @Override
  public String inputKind() {
    return "text";
  }

  @Override
  public Classifier<?> load(Path dir, ModelCard card) {
    return TfidfLogRegClassifier.load(dir, card);
  }
}
