package dev.mle4j.examples.cli;

import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.examples.Locations;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The registry options of the training commands ({@code --registry}, {@code --no-register}, {@code
 * --stage}); a picocli mixin so every {@code train} command spells them the same way.
 */
final class RegisterOptions {

  @Option(names = "--registry", paramLabel = "DIR", description = "Registry folder.")
  Path registry;

  @Option(names = "--no-register", description = "Do not register the trained model(s).")
  boolean noRegister;

  @Option(
      names = "--stage",
      defaultValue = "production",
      description = "Stage to promote the new version to (default ${DEFAULT-VALUE}).")
  String stage = "production";

  /** Whether the trained model(s) go to the registry. */
  boolean register() {
    return !noRegister;
  }

  /** Opens the chosen registry ({@code --registry}, else the launcher's default). */
  ModelRegistry open() {
    return ModelRegistry.open(registry != null ? registry : Locations.registry());
  }
}
