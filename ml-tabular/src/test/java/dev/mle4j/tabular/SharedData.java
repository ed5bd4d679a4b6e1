package dev.mle4j.tabular;

import dev.mle4j.core.data.DatasetCatalog;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only shared data folder for tests. */
public final class SharedData {
  private SharedData() {}

  /**
   * The shared data root: system property {@code mle4j.data}, else {@code ../../shared/data} from
   * the module folder, else the {@code MLE4J_DATA} environment variable.
   *
   * @return the folder
   */
  public static Path root() {
    String property = System.getProperty(DatasetCatalog.DATA_PROPERTY);
    if (property != null && Files.isDirectory(Path.of(property))) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    Path sibling = Path.of("..", "..", "shared", "data").toAbsolutePath().normalize();
    if (Files.isDirectory(sibling)) {
      return sibling;
    }
    String env = System.getenv(DatasetCatalog.DATA_ENV);
    if (env != null && Files.isDirectory(Path.of(env))) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    throw new IllegalStateException(
        "shared data not found at " + sibling + " (set MLE4J_DATA to the shared data folder)");
  }

  /**
   * A catalog over the shared data that keeps its verification markers in {@code stateDir}.
   *
   * @param stateDir a temporary folder
   * @return the catalog
   */
  public static DatasetCatalog catalog(Path stateDir) {
    return DatasetCatalog.builder()
        .dataRoot(root())
        .stateDir(stateDir)
        .progress(DatasetCatalog.Progress.NONE)
        .build();
  }
}
