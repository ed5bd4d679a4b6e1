package dev.mle4j.core;

import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.core.serving.TextInput;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads a saved model of one or more artifact formats back into a {@link Classifier} or, for
 * formats that hold regression models, a {@link Regressor}.
 *
 * <p>Capability modules register implementations through {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/dev.mle4j.core.ModelLoader} file), so the registry and the model server can
 * load any model whose module is on the class path; see {@link ModelLoaders}.
 */
public interface ModelLoader {

  /** The input kind of text models: JSON instances {@code {"text": "..."}}. */
  String TEXT_INPUT = "text";

  /**
   * The artifact formats this loader reads, as written in {@link ModelCard#format()}.
   *
   * @return format ids such as {@code tfidf-logreg/v1}
   */
  Set<String> formats();

  /**
   * The kind of input the loaded model takes, e.g. {@code text}; servers use it to pick the request
   * decoder.
   *
   * @return the input kind
   */
  String inputKind();

  /**
   * Loads the classifier saved in {@code dir}.
   *
   * @param dir the folder holding the artifact files
   * @param card the model's card
   * @return the classifier, which the caller closes
   * @throws MlException if the artifact holds a regressor (see {@link #isRegressor(ModelCard)}) or
   *     cannot be read
   */
  Classifier<?> load(Path dir, ModelCard card);

  /**
   * Whether the model of this card is a regressor, to be loaded with {@link #loadRegressor}. The
   * default is {@code false}: loaders of classifier-only formats need not override it.
   *
   * @param card the model's card
   * @return true if the card describes a regression model
   */
  default boolean isRegressor(ModelCard card) {
    return false;
  }

  /**
   * Loads the regressor saved in {@code dir}. The default fails: the formats of this loader hold
   * classifiers.
   *
   * @param dir the folder holding the artifact files
   * @param card the model's card
   * @return the regressor, which the caller closes
   * @throws MlException if the artifact holds a classifier or cannot be read
   */
  default Regressor<?> loadRegressor(Path dir, ModelCard card) {
    throw new MlException(
        "model '"
            + card.name()
            + "' (format '"
            + card.format()
            + "') is a classifier, not a regressor; load it with load()");
  }

  /**
   * Loads a model ready to publish on a {@link dev.mle4j.core.serving.ModelServer}: the model
   * (classifier or regressor) together with the reader of its JSON instances. The default serves
   * classifiers of input kind {@value #TEXT_INPUT} with {@link TextInput#reader()}; loaders of
   * other input kinds override it.
   *
   * @param name the name to publish the model under
   * @param version the version to report
   * @param dir the folder holding the artifact files
   * @param card the model's card
   * @return the served model (the caller closes it with {@link ServedModel#closeModel()})
   * @throws MlException if the model cannot be loaded or its input kind has no reader
   */
  @SuppressWarnings("unchecked")
  default ServedModel<?> loadServed(String name, String version, Path dir, ModelCard card) {
    if (!TEXT_INPUT.equals(inputKind()) || isRegressor(card)) {
      throw new MlException(
          "model '"
              + name
              + "' takes input of kind '"
              + inputKind()
              + "', which its loader "
              + getClass().getSimpleName()
              + " cannot serve");
    }
    Classifier<?> classifier = load(dir, card);
    return new ServedModel<>(name, version, (Classifier<String>) classifier, TextInput.reader());
  }
}
