package dev.mle4j.nlp;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Looks up {@link TextClassifierTrainer}s by model name among the registered providers. */
public final class TextTrainers {
  private final List<TextTrainerProvider> providers;

  private TextTrainers(List<TextTrainerProvider> providers) {
    this.providers = List.copyOf(providers);
  }

  /**
   * Discovers providers with {@link ServiceLoader}.
   *
   * @return the lookup
   */
  public static TextTrainers discover() {
    List<TextTrainerProvider> found = new ArrayList<>();
    ServiceLoader.load(TextTrainerProvider.class).forEach(found::add);
    return new TextTrainers(found);
  }

  /**
   * Every model name, sorted.
   *
   * @return names
   */
  public List<String> names() {
    TreeSet<String> names = new TreeSet<>();
    providers.forEach(p -> names.addAll(p.names()));
    return List.copyOf(names);
  }

  /**
   * Creates the trainer for a model name.
   *
   * @param name model name
   * @param quick small budget
   * @param seed random seed
   * @return the trainer
   * @throws MlException naming the known models when {@code name} is unknown
   */
  public TextClassifierTrainer create(String name, boolean quick, long seed) {
    for (TextTrainerProvider p : providers) {
      if (p.names().contains(name)) {
        return p.create(name, quick, seed);
      }
    }
    throw new MlException("unknown text model '" + name + "'; known models: " + names());
  }
}
