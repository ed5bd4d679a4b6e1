package dev.mle4j.nlp.encoder;

import dev.mle4j.core.Classifier;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.ModelLoader;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@link ModelLoader} for {@value EncoderHeadClassifier#FORMAT} models ({@code minilm-head},
 * {@code bge-head}, {@code e5-head}), found through {@link java.util.ServiceLoader}.
 */
public final class EncoderHeadLoader implements ModelLoader {

  /** Creates the loader (used by {@link java.util.ServiceLoader}). */
  public EncoderHeadLoader() {}

  @Override
  public Set<String> formats() {
    return Set.of(EncoderHeadClassifier.FORMAT);
  }

  @Override
  public String inputKind() {
    return "text";
  }

  @Override
  public Classifier<?> load(Path dir, ModelCard card) {
    return EncoderHeadClassifier.load(dir, card);
  }
}
