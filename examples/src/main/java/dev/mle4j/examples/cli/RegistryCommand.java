package dev.mle4j.examples.cli;

import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.examples.Locations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mle4j registry list|promote|rollback}: inspect and move stage tags in the registry. */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description = "List models and versions, promote a version to a stage, roll a stage back.",
    subcommands = {
      RegistryCommand.ListCommand.class,
      RegistryCommand.PromoteCommand.class,
      RegistryCommand.RollbackCommand.class
    })
public final class RegistryCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Creates the command. */
  public RegistryCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Shared registry option. */
  static final class RegistryOption {
    @Option(
        names = "--registry",
        paramLabel = "DIR",
        description = "Registry folder (default: $MLE4J_REGISTRY or ~/.mle4j/registry).")
    Path registry;

    ModelRegistry open() {
      return ModelRegistry.open(registry == null ? Locations.registry() : registry);
    }
  }

  /** {@code registry list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List models, their versions, stages and headline metrics.")
  static final class ListCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin RegistryOption registryOption = new RegistryOption();

    @Parameters(arity = "0..1", paramLabel = "MODEL", description = "Only this model.")
    String model;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ModelRegistry registry = registryOption.open();
      PrintWriter out = spec.commandLine().getOut();
      List<String> names = model == null ? registry.models() : List.of(model);
      if (names.isEmpty()) {
        out.println("registry " + registry.root() + " is empty");
      }
      for (String name : names) {
        List<ModelVersion> versions = registry.versions(name);
        out.println(name);
        for (ModelVersion v : versions) {
          out.printf(
              "  %-14s %-22s %-24s %s%n",
              v.version(),
              v.stages().isEmpty() ? "-" : String.join(",", v.stages()),
              v.card().createdAt(),
              Formats.headline(v.card().metrics()));
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code registry promote}. */
  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description = "Point a stage (default production) at a version.")
  static final class PromoteCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin RegistryOption registryOption = new RegistryOption();

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION")
    String version;

    @Option(names = "--stage", defaultValue = "production", description = "Stage tag.")
    String stage;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ModelVersion v = registryOption.open().promote(model, version, stage);
      spec.commandLine().getOut().println(model + " " + stage + " -> " + v.version());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code registry rollback}. */
  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description = "Move a stage (default production) back to the version it held before.")
  static final class RollbackCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin RegistryOption registryOption = new RegistryOption();

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Option(names = "--stage", defaultValue = "production", description = "Stage tag.")
    String stage;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ModelVersion v = registryOption.open().rollback(model, stage);
      spec.commandLine().getOut().println(model + " " + stage + " -> " + v.version());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
