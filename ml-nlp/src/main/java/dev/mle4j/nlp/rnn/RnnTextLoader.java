package dev.mle4j.nlp.rnn;

import dev.mle4j.core.Classifier;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.ModelLoader;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@link ModelLoader} for {@value RnnTextClassifier#FORMAT} models, found through {@link
 * java.util.ServiceLoader} so registries and servers can load recurrent text classifiers.
 */
public final class RnnTextLoader implements ModelLoader {

  /** Creates the loader (used by {@link java.util.ServiceLoader}). */
  public RnnTextLoader() {}

  @Override
  public Set<String> formats() {
    return Set.of(RnnTextClassifier.FORMAT);
  }

  @Override
  public String inputKind() {
    return "text";
  }

  @Override
  public Classifier<?> load(Path dir, ModelCard card) {
    return RnnTextClassifier.load(dir, card);
  }
}
