package dev.mle4j.nlp;

import java.util.Set;

/**
 * Creates {@link TextClassifierTrainer}s by model name. Each model family registers one provider in
 * {@code META-INF/services/dev.mle4j.nlp.TextTrainerProvider}; {@link TextTrainers} finds them.
 */
public interface TextTrainerProvider {

  /**
   * The model names this provider creates, e.g. {@code lstm}, {@code bilstm}, {@code gru}.
   *
   * @return model names
   */
  Set<String> names();

  /**
   * Creates a trainer with default settings.
   *
   * @param name one of {@link #names()}
   * @param quick use a small budget (fewer epochs, smaller search) for {@code --quick} runs
   * @param seed random seed
   * @return the trainer
   */
  TextClassifierTrainer create(String name, boolean quick, long seed);
}
