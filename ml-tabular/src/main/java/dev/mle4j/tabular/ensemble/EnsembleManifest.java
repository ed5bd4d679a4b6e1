package dev.mle4j.tabular.ensemble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.model.TabularModel;
import dev.mle4j.tabular.model.TabularModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ensemble.json} file of a saved ensemble: its format, task, features, labels, weights
 * and the sub-folder and format of every sub-model.
 *
 * @param format the ensemble format
 * @param task the task
 * @param featureNames the input features
 * @param labels the class labels (empty for regression)
 * @param weights the averaging weights (empty for stacking)
 * @param models the base models
 * @param meta the meta-model (null for averaging)
 */
record EnsembleManifest(
    String format,
    TabularTask task,
    List<String> featureNames,
    List<String> labels,
    double[] weights,
    List<Entry> models,
    Entry meta) {

  static final String FILE = "ensemble.json";

  /**
   * One saved sub-model.
   *
   * @param dir the sub-folder name
   * @param format the sub-model's format
   * @param name a display name
   */
  record Entry(String dir, String format, String name) {}

  static Entry saveSub(Path dir, String sub, TabularModel model, String name) {
    Path target = dir.resolve(sub);
    try {
      Files.createDirectories(target);
    } catch (IOException e) {
      throw new MlException("cannot create " + target + ": " + e.getMessage(), e);
    }
    model.save(target);
    return new Entry(sub, model.format(), name);
  }

  void write(Path dir) {
    try {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      AtomicFiles.writeString(dir.resolve(FILE), mapper.writeValueAsString(this));
    } catch (IOException e) {
      throw new MlException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  static EnsembleManifest read(Path dir, String expectedFormat) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new MlException("no " + FILE + " in " + dir + ": not a saved ensemble");
    }
    EnsembleManifest m;
    try {
      m = new ObjectMapper().readValue(Files.readString(file), EnsembleManifest.class);
    } catch (IOException e) {
      throw new MlException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!expectedFormat.equals(m.format())) {
      throw new MlException(
          file + " holds format '" + m.format() + "', expected '" + expectedFormat + "'");
    }
    if (m.models() == null || m.models().isEmpty()) {
      throw new MlException(file + " lists no sub-models");
    }
    return m;
  }

  static TabularModel load(Path dir, Entry e) {
    if (e.dir().contains("..") || e.dir().contains("/") || e.dir().contains("\\")) {
      throw new MlException("bad sub-model folder '" + e.dir() + "' in " + dir.resolve(FILE));
    }
    return TabularModels.load(dir.resolve(e.dir()), e.format());
  }

  List<TabularModel> loadModels(Path dir) {
    List<TabularModel> out = new ArrayList<>();
    for (Entry e : models) {
      out.add(load(dir, e));
    }
    return out;
  }
}
