package dev.mle4j.core.registry;

import dev.mle4j.core.ModelCard;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One registered version of a model.
 *
 * @param name the model name
 * @param version the content hash (12 hex characters) of the artifact files
 * @param dir the folder holding the artifact files and {@code model-card.json}; read-only by
 *     convention
 * @param card the stored card, whose {@link ModelCard#version()} equals {@code version}
 * @param stages the stages this version currently holds, e.g. {@code production}, sorted
 */
public record ModelVersion(
    String name, String version, Path dir, ModelCard card, Set<String> stages) {

  /** Validates fields and copies the stage set. */
  public ModelVersion {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(card, "card");
    stages = Collections.unmodifiableSortedSet(new TreeSet<>(stages == null ? Set.of() : stages));
  }
}
