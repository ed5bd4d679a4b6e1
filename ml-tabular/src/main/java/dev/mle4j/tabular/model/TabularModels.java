package dev.mle4j.tabular.model;

import dev.mle4j.core.MlException;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Reads saved {@link TabularModel}s back by their format id. */
public final class TabularModels {

  private TabularModels() {}

  /**
   * Loads a model saved with {@link TabularModel#save(Path)}, using the {@link TabularModelReader}
   * that lists its format.
   *
   * @param dir the folder the model was saved into
   * @param format the model's {@link TabularModel#format()}
   * @return the model, which the caller closes
   * @throws MlException for an unknown format or unreadable files
   */
  public static TabularModel load(Path dir, String format) {
    TreeSet<String> known = new TreeSet<>();
    for (TabularModelReader r :
        ServiceLoader.load(TabularModelReader.class, TabularModels.class.getClassLoader())) {
      if (r.formats().contains(format)) {
        return r.read(dir, format);
      }
      known.addAll(r.formats());
    }
    throw new MlException("unknown tabular model format '" + format + "'; known formats: " + known);
  }
}
