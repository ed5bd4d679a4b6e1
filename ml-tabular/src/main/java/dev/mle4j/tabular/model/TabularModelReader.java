package dev.mle4j.tabular.model;

import java.nio.file.Path;
import java.util.Set;

/**
 * Reads saved models of some formats; implementations are found with {@link
 * java.util.ServiceLoader} (listed in {@code
 * META-INF/services/dev.mle4j.tabular.model.TabularModelReader}) by {@link TabularModels#load(Path,
 * String)}.
 */
public interface TabularModelReader {

  /**
   * The formats this reader understands, as returned by {@link TabularModel#format()}.
   *
   * @return format ids
   */
  Set<String> formats();

  /**
   * Reads a model.
   *
   * @param dir the folder it was saved into
   * @param format its format id
   * @return the model
   */
  TabularModel read(Path dir, String format);
}
