package dev.mle4j.examples;

import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelLoaders;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.core.serving.ServedModel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the registry's models of one stage into servable form (wiring only). */
public final class RegistryModels {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryModels.class);

  private RegistryModels() {}

  /**
   * Loads every model that has a version in {@code stage}, or only the named ones.
   *
   * @param registry the registry
   * @param stage stage tag, e.g. production
   * @param only model names to serve; empty for all
   * @return servable models (the caller closes their models)
   */
  public static List<ServedModel<?>> load(ModelRegistry registry, String stage, List<String> only) {
    return load(registry, stage, only, false);
  }

  /**
   * Loads every model that has a version in {@code stage}, or only the named ones.
   *
   * @param registry the registry
   * @param stage stage tag, e.g. production
   * @param only model names to serve; empty for all
   * @param allowNone whether an empty result is fine (a server that answers only RAG questions)
   * @return servable models (the caller closes their models)
   */
  public static List<ServedModel<?>> load(
      ModelRegistry registry, String stage, List<String> only, boolean allowNone) {
    ModelLoaders loaders = ModelLoaders.discover();
    List<String> names = only.isEmpty() ? registry.models() : only;
    List<ServedModel<?>> served = new ArrayList<>();
    for (String name : names) {
      ModelVersion version =
          registry
              .stage(name, stage)
              .orElseThrow(
                  () ->
                      new MlException(
                          "model '"
                              + name
                              + "' has no version in stage '"
                              + stage
                              + "' (promote one: mle4j registry promote "
                              + name
                              + " VERSION --stage "
                              + stage
                              + ")"));
      served.add(loaders.loadServed(name, version.version(), version.dir(), version.card()));
      LOG.info("loaded {} version {} ({})", name, version.version(), version.card().format());
    }
    if (served.isEmpty() && !allowNone) {
      throw new MlException(
          "no model is in stage '"
              + stage
              + "' in registry "
              + registry.root()
              + "; train one first: mle4j text train --dataset sms-spam");
    }
    return served;
  }
}
