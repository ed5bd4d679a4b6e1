package dev.mle4j.nlp.finetune;

import dev.mle4j.core.Classifier;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.ModelLoader;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@link ModelLoader} for {@value FineTunedTextClassifier#FORMAT} models, found through {@link
 * java.util.ServiceLoader} so registries and servers can load fine-tuned text classifiers.
 */
public final class MiniLmFineTuneLoader implements ModelLoader {

  /** Creates the loader (used by {@link java.util.ServiceLoader}). */
  public MiniLmFineTuneLoader() {}

  @Override
  public Set<String> formats() {
    return Set.of(FineTunedTextClassifier.FORMAT);
  }

  @Override
  public String inputKind() {
    return "text";
  }

  @Override
  public Classifier<?> load(Path dir, ModelCard card) {
    return FineTunedTextClassifier.load(dir, card);
  }
}
