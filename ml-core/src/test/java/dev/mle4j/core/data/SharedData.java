package dev.mle4j.core.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only shared data folder for tests. */
final class SharedData {
  private SharedData() {}

  static Path root() {
    Path sibling = Path.of("..", "..", "shared", "data").toAbsolutePath().normalize();
    if (Files.isDirectory(sibling)) {
      return sibling;
    }
    String env = System.getenv("MLE4J_DATA");
    if (env != null && Files.isDirectory(Path.of(env))) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    throw new IllegalStateException(
        "shared data not found at " + sibling + " (set MLE4J_DATA to the shared data folder)");
  }
}
