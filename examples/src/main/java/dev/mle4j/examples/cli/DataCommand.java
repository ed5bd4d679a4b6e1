package dev.mle4j.examples.cli;

import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.data.DatasetSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mle4j data list|fetch}: the dataset catalog. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Datasets of the catalog, looked up under $MLE4J_DATA (download when missing).",
    subcommands = {DataCommand.ListCommand.class, DataCommand.FetchCommand.class})
public final class DataCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Creates the command. */
  public DataCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code data list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List catalog datasets.")
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      DatasetCatalog catalog = DatasetCatalog.defaults();
      PrintWriter out = spec.commandLine().getOut();
      out.println("data root: " + catalog.dataRoot());
      for (String id : catalog.ids()) {
        DatasetSpec s = catalog.spec(id);
        Path p = catalog.path(id);
        out.printf(
            "  %-18s %-8s %s%n", id, Files.exists(p) ? "present" : "missing", s.description());
      }
      out.flush();
      return 0;
    }
  }

  /** {@code data fetch}. */
  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      description = "Verify (and download when missing) the given datasets.")
  static final class FetchCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "ID")
    List<String> ids;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      DatasetCatalog catalog = DatasetCatalog.defaults();
      for (String id : ids) {
        Path p = catalog.resolve(id);
        spec.commandLine().getOut().println(id + ": " + p);
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
