package dev.mle4j.nlp.finetune;

import dev.mle4j.core.MlException;
import dev.mle4j.nlp.TextClassifierTrainer;
import dev.mle4j.nlp.TextTrainerProvider;
import java.util.Set;

/**
 * Creates the {@value MiniLmFineTuneTrainer#NAME} trainer (registered with {@link
 * java.util.ServiceLoader}); {@code quick} means 1 epoch at 64 tokens.
 */
public final class MiniLmFineTuneProvider implements TextTrainerProvider {

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public MiniLmFineTuneProvider() {}

  @Override
  public Set<String> names() {
    return Set.of(MiniLmFineTuneTrainer.NAME);
  }

  @Override
  public TextClassifierTrainer create(String name, boolean quick, long seed) {
    if (!MiniLmFineTuneTrainer.NAME.equals(name)) {
      throw new MlException(
          "unknown model '" + name + "' for this provider; known: " + MiniLmFineTuneTrainer.NAME);
    }
    MiniLmFineTuneTrainer.Builder b = MiniLmFineTuneTrainer.builder().seed(seed);
    if (quick) {
      b.quick();
    }
    return b.build();
  }
}
