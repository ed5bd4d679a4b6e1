package dev.mle4j.nlp.ort;

import dev.mle4j.core.Classifier;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.ModelLoader;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@link ModelLoader} for {@value OrtTextClassifier#FORMAT} models, found through {@link
 * java.util.ServiceLoader}. Sessions use {@link OrtTextClassifier#defaultThreads()} intra-op
 * threads (system property {@value OrtTextClassifier#THREADS_PROPERTY} overrides).
 */
public final class OrtTextClassifierLoader implements ModelLoader {

  /** Creates the loader (used by {@link java.util.ServiceLoader}). */
  public OrtTextClassifierLoader() {}

  @Override
  public Set<String> formats() {
    return Set.of(OrtTextClassifier.FORMAT);
  }

  @Override
  public String inputKind() {
    return "text";
  }

  @Override
  public Classifier<?> load(Path dir, ModelCard card) {
    return OrtTextClassifier.load(dir, card, OrtTextClassifier.defaultThreads());
  }
}
