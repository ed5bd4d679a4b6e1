package dev.mle4j.nlp.classical;

import dev.mle4j.core.Classifier;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.ModelLoader;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@link ModelLoader} for {@value TribuoTextClassifier#FORMAT} models (naive Bayes, XGBoost and
 * other Tribuo models on TF-IDF or bag-of-words features), found through {@link
 * java.util.ServiceLoader}.
 */
public final class TribuoTextLoader implements ModelLoader {

  /** Creates the loader (used by {@link java.util.ServiceLoader}). */
  public TribuoTextLoader() {}

  @Override
  public Set<String> formats() {
    return Set.of(TribuoTextClassifier.FORMAT);
  }

  @Override
  public String inputKind() {
    return "text";
  }

  @Override
  public Classifier<?> load(Path dir, ModelCard card) {
    return TribuoTextClassifier.load(dir, card);
  }
}
