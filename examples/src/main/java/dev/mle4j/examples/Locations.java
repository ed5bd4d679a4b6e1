package dev.mle4j.examples;

import java.nio.file.Path;

/**
 * Where the launcher keeps state: the model registry and run outputs. {@code MLE4J_HOME} (default
 * {@code ~/.mle4j}) holds the registry; {@code MLE4J_REGISTRY} overrides the registry folder.
 */
public final class Locations {
  private Locations() {}

  /**
   * The mle4j home folder.
   *
   * @return {@code $MLE4J_HOME} or {@code ~/.mle4j}
   */
  public static Path home() {
    String env = System.getenv("MLE4J_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".mle4j");
  }

  /**
   * The default registry folder.
   *
   * @return {@code $MLE4J_REGISTRY} or {@code <home>/registry}
   */
  public static Path registry() {
    String env = System.getenv("MLE4J_REGISTRY");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return home().resolve("registry");
  }

  /**
   * The default knowledge-base folder of the RAG commands.
   *
   * @return {@code $MLE4J_RAG_INDEX} or {@code <home>/rag/postgresql-15}
   */
  public static Path ragIndex() {
    String env = System.getenv("MLE4J_RAG_INDEX");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return home().resolve("rag").resolve("postgresql-15");
  }
}
