package dev.mle4j.spark;

import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A small, serializable reference to one registered model version: what a Spark closure carries
 * instead of the model. Executors resolve it to the version folder and load the model once per JVM
 * (see {@link ExecutorCache}), so the registry folder must be readable at the same path on every
 * executor (a shared file system, or shipped with {@code spark-submit --archives}).
 *
 * @param registryRoot the registry folder, as an absolute path string
 * @param name the model name
 * @param version the resolved version id (12 hex characters)
 * @param versionDir the folder holding the artifact files and {@code model-card.json}
 */
public record ModelRef(String registryRoot, String name, String version, String versionDir)
    implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Pattern VERSION_ID = Pattern.compile("[0-9a-f]{12}");

  /** The word that selects the newest registered version. */
  public static final String LATEST = "latest";

  /** Validates the fields. */
  public ModelRef {
    Objects.requireNonNull(registryRoot, "registryRoot");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(versionDir, "versionDir");
  }

  /**
   * Resolves a model in a registry on the driver: a version id, a stage (e.g. {@code production})
   * or {@value #LATEST}.
   *
   * @param registryRoot the registry folder
   * @param name the model name
   * @param versionOrStage a 12-hex version id, a stage name, or {@value #LATEST} ({@code null}
   *     means latest)
   * @return the reference, pinned to one version so every executor scores with the same model
   * @throws MlException when the registry, model, version or stage does not exist
   */
  public static ModelRef resolve(Path registryRoot, String name, String versionOrStage) {
    Objects.requireNonNull(registryRoot, "registryRoot");
    if (!Files.isDirectory(registryRoot)) {
      throw new MlException("model registry folder " + registryRoot + " does not exist");
    }
    if (name == null || name.isBlank()) {
      throw new MlException("model name is empty");
    }
    ModelRegistry registry = ModelRegistry.open(registryRoot);
    if (!registry.models().contains(name)) {
      throw new MlException(
          "model '"
              + name
              + "' is not registered in "
              + registryRoot
              + "; registered models: "
              + registry.models());
    }
    String wanted = versionOrStage == null ? LATEST : versionOrStage.strip();
    ModelVersion v;
    if (wanted.equals(LATEST)) {
      List<ModelVersion> all = registry.versions(name);
      v =
          all.stream()
              .max(Comparator.comparing(x -> x.card().createdAt()))
              .orElseThrow(() -> new MlException("model '" + name + "' has no versions"));
    } else if (VERSION_ID.matcher(wanted).matches()) {
      v =
          registry
              .find(name, wanted)
              .orElseThrow(
                  () ->
                      new MlException(
                          "model '"
                              + name
                              + "' has no version "
                              + wanted
                              + "; versions: "
                              + registry.versions(name).stream()
                                  .map(ModelVersion::version)
                                  .toList()));
    } else {
      v =
          registry
              .stage(name, wanted)
              .orElseThrow(
                  () ->
                      new MlException(
                          "model '"
                              + name
                              + "' has no version in stage '"
                              + wanted
                              + "' (promote one: mle4j registry promote "
                              + name
                              + " VERSION --stage "
                              + wanted
                              + ", or pass a version id or 'latest')"));
    }
    return new ModelRef(
        registryRoot.toAbsolutePath().normalize().toString(),
        name,
        v.version(),
        v.dir().toAbsolutePath().normalize().toString());
  }

  /**
   * The per-JVM cache key of this model version.
   *
   * @return {@code model:<registry>/<name>@<version>}
   */
  public String cacheKey() {
    return "model:" + registryRoot + "/" + name + "@" + version;
  }
}
