package dev.mle4j.examples;

import dev.mle4j.core.MlException;
import dev.mle4j.examples.cli.DataCommand;
import dev.mle4j.examples.cli.DemoCommand;
import dev.mle4j.examples.cli.LoadtestCommand;
import dev.mle4j.examples.cli.PipelineCommand;
import dev.mle4j.examples.cli.RagCommand;
import dev.mle4j.examples.cli.RegistryCommand;
import dev.mle4j.examples.cli.ServeCommand;
import dev.mle4j.examples.cli.SparkCommand;
import dev.mle4j.examples.cli.TabularCommand;
import dev.mle4j.examples.cli.TextCommand;
import dev.mle4j.examples.cli.VisionCommand;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mle4j} launcher: one command line for training, serving, load testing, the registry
 * and the demo. Bad arguments and bad input exit with code 2 and one line on standard error.
 */
@Command(
    name = "mle4j",
    mixinStandardHelpOptions = true,
    versionProvider = Mle4j.Version.class,
    description = "Production machine learning for the JVM.",
    subcommands = {
      DemoCommand.class,
      TextCommand.class,
      VisionCommand.class,
      TabularCommand.class,
      PipelineCommand.class,
      RagCommand.class,
      ServeCommand.class,
      LoadtestCommand.class,
      RegistryCommand.class,
      SparkCommand.class,
      DataCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Mle4j implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Mle4j.class);

  /** Held so the level set in {@link #main} stays (java.util.logging keeps loggers weakly). */
  private static final java.util.logging.Logger LUCENE_JUL =
      java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Creates the top-level command. */
  public Mle4j() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Entry point.
   *
   * @param args command line
   */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    // Lucene announces its vector API use on java.util.logging at INFO on every run; keep stderr
    // quiet
    LUCENE_JUL.setLevel(java.util.logging.Level.WARNING);
    System.exit(commandLine().execute(args));
  }

  /**
   * Builds the configured picocli command line (used by {@link #main} and by tests).
   *
   * @return the command line
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Mle4j());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine failed = ex.getCommandLine();
          PrintWriter err = failed.getErr();
          err.println(
              "mle4j: "
                  + oneLine(ex.getMessage())
                  + " (see '"
                  + failed.getCommandSpec().qualifiedName()
                  + " --help')");
          err.flush();
          return CommandLine.ExitCode.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, failed, parseResult) -> {
          PrintWriter err = failed.getErr();
          if (ex instanceof MlException || ex instanceof IllegalArgumentException) {
            err.println("mle4j: " + oneLine(ex.getMessage()));
            err.flush();
            return CommandLine.ExitCode.USAGE;
          }
          LOG.error("command failed", ex);
          err.println("mle4j: unexpected error: " + oneLine(String.valueOf(ex)));
          err.flush();
          return CommandLine.ExitCode.SOFTWARE;
        });
    return cl;
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "error";
    }
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }

  /** Reports the launcher version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Mle4j.class.getPackage().getImplementationVersion();
      return new String[] {"mle4j " + (v == null ? "development build" : v)};
    }
  }
}
