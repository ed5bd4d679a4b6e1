package dev.mle4j.spark;

import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.ModelLoader;
import dev.mle4j.core.ModelLoaders;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.serving.ColumnProfile;
import dev.mle4j.tabular.serving.RowValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One registered model loaded in an executor JVM, with what the scorer needs to know about its
 * inputs. Held by {@link ExecutorCache}; closing it closes the model.
 */
final class ExecutorModel implements AutoCloseable {

  private final ModelRef ref;
  private final ServedModel<Object> served;
  private final String inputKind;

  private ExecutorModel(ModelRef ref, ServedModel<Object> served, String inputKind) {
    this.ref = ref;
    this.served = served;
    this.inputKind = inputKind;
  }

  /** The model of a reference, loaded once per JVM. */
  static ExecutorModel of(ModelRef ref) {
    return ExecutorCache.get(ref.cacheKey(), ExecutorModel.class, () -> load(ref));
  }

  @SuppressWarnings("unchecked")
  private static ExecutorModel load(ModelRef ref) {
    Path dir = Path.of(ref.versionDir());
    Path cardFile = dir.resolve(ModelCardJson.FILE_NAME);
    if (!Files.isRegularFile(cardFile)) {
      throw new MlException(
          "model '"
              + ref.name()
              + "' version "
              + ref.version()
              + ": "
              + cardFile
              + " is not readable on this executor (the registry must be on storage every"
              + " executor can read)");
    }
    ModelCard card = ModelCardJson.read(cardFile);
    ModelLoader loader = ModelLoaders.discover().forCard(card);
    ServedModel<?> served = loader.loadServed(ref.name(), ref.version(), dir, card);
    return new ExecutorModel(ref, (ServedModel<Object>) served, loader.inputKind());
  }

  ModelRef ref() {
    return ref;
  }

  ServedModel<Object> served() {
    return served;
  }

  String inputKind() {
    return inputKind;
  }

  boolean isRegressor() {
    return served.isRegressor();
  }

  /** The row validator of a tabular model, or null. */
  RowValidator rowValidator() {
    Object reader = served.reader();
    return reader instanceof RowValidator v ? v : null;
  }

  /** The input columns a table row must have (tabular models), else empty. */
  List<String> requiredColumns() {
    RowValidator v = rowValidator();
    List<String> out = new ArrayList<>();
    if (v != null) {
      for (ColumnProfile c : v.columns()) {
        if (c.type() != ColumnType.ID) {
          out.add(c.name());
        }
      }
    }
    return out;
  }

  /** Classifies a batch of prepared inputs. */
  List<Classification> classify(List<Object> inputs) {
    return served.classifier().classifyAll(inputs);
  }

  /** Predicts a batch of prepared inputs. */
  double[] predict(List<Object> inputs) {
    return served.regressor().predictAll(inputs);
  }

  @Override
  public void close() {
    served.closeModel();
  }
}
