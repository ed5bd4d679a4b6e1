package dev.mle4j.core;

import dev.mle4j.core.serving.ServedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds the {@link ModelLoader} for a model card's format among those on the class path. */
public final class ModelLoaders {
  private final List<ModelLoader> loaders;

  private ModelLoaders(List<ModelLoader> loaders) {
    this.loaders = List.copyOf(loaders);
  }

  /**
   * Discovers loaders with {@link ServiceLoader}.
   *
   * @return the loaders found
   */
  public static ModelLoaders discover() {
    List<ModelLoader> found = new ArrayList<>();
    ServiceLoader.load(ModelLoader.class).forEach(found::add);
    return new ModelLoaders(found);
  }

  /**
   * Uses exactly the given loaders.
   *
   * @param loaders the loaders
   * @return the lookup
   */
  public static ModelLoaders of(List<ModelLoader> loaders) {
    return new ModelLoaders(loaders);
  }

  /**
   * The loader for a card.
   *
   * @param card the model card
   * @return its loader
   * @throws MlException when no loader on the class path reads that format
   */
  public ModelLoader forCard(ModelCard card) {
    for (ModelLoader loader : loaders) {
      if (loader.formats().contains(card.format())) {
        return loader;
      }
    }
    TreeSet<String> known = new TreeSet<>();
    loaders.forEach(l -> known.addAll(l.formats()));
    throw new MlException(
        "no model loader for format '"
            + card.format()
            + "' of model '"
            + card.name()
            + "'; formats on the class path: "
            + known);
  }

  /**
   * Loads a saved model.
   *
   * @param dir folder of the artifact files
   * @param card the model's card
   * @return the classifier
   */
  public Classifier<?> load(Path dir, ModelCard card) {
    return forCard(card).load(dir, card);
  }

  /**
   * Whether a card describes a regression model (to load with {@link #loadRegressor}).
   *
   * @param card the model card
   * @return true for a regressor
   * @throws MlException when no loader on the class path reads that format
   */
  public boolean isRegressor(ModelCard card) {
    return forCard(card).isRegressor(card);
  }

  /**
   * Loads a saved regression model.
   *
   * @param dir folder of the artifact files
   * @param card the model's card
   * @return the regressor, which the caller closes
   * @throws MlException when no loader reads the format or the model is a classifier
   */
  public Regressor<?> loadRegressor(Path dir, ModelCard card) {
    return forCard(card).loadRegressor(dir, card);
  }

  /**
   * Loads a saved model, classifier or regressor, ready to publish on a model server.
   *
   * @param name the name to publish it under
   * @param version the version to report
   * @param dir folder of the artifact files
   * @param card the model's card
   * @return the served model (close it with {@link ServedModel#closeModel()})
   * @throws MlException when no loader reads the format or its input kind cannot be served
   */
  public ServedModel<?> loadServed(String name, String version, Path dir, ModelCard card) {
    return forCard(card).loadServed(name, version, dir, card);
  }
}
