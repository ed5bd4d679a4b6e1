package dev.mle4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds embedding models by name among the {@link EmbedderProvider}s on the class path. */
public final class Embedders {
  private final List<EmbedderProvider> providers;

  private Embedders(List<EmbedderProvider> providers) {
    this.providers = List.copyOf(providers);
  }

  /**
   * Discovers providers with {@link ServiceLoader}.
   *
   * @return the lookup
   */
  public static Embedders discover() {
    List<EmbedderProvider> found = new ArrayList<>();
    ServiceLoader.load(EmbedderProvider.class).forEach(found::add);
    return new Embedders(found);
  }

  /**
   * Uses exactly the given providers.
   *
   * @param providers the providers
   * @return the lookup
   */
  public static Embedders of(List<EmbedderProvider> providers) {
    return new Embedders(providers);
  }

  /**
   * Every model name the providers open.
   *
   * @return the names in provider order
   */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    providers.forEach(p -> names.addAll(p.names()));
    return names;
  }

  /**
   * Opens a model by name.
   *
   * @param name the model name (case-insensitive)
   * @param options the options
   * @return the open embedder
   * @throws MlException when no provider knows the name
   */
  public Embedder open(String name, EmbedderOptions options) {
    if (name == null || name.isBlank()) {
      throw new MlException("embedding model name is empty");
    }
    String wanted = name.toLowerCase(Locale.ROOT);
    for (EmbedderProvider provider : providers) {
      for (String n : provider.names()) {
        if (n.toLowerCase(Locale.ROOT).equals(wanted)) {
          return provider.open(n, options);
        }
      }
    }
    for (EmbedderProvider provider : providers) {
      if (provider.accepts(name)) {
        return provider.open(name, options);
      }
    }
    throw new MlException(
        "unknown embedding model '"
            + name
            + "'; models on the class path: "
            + (providers.isEmpty()
                ? "none (add ml-nlp for local encoders)"
                : new TreeSet<>(names())));
  }
}
