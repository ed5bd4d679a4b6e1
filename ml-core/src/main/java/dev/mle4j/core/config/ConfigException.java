package dev.mle4j.core.config;

import dev.mle4j.core.MlException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A configuration file could not be loaded: it is missing, malformed, has unknown fields or wrong
 * types, misses required fields, or fails validation. The message names the file and, for each
 * problem, the field path, what is wrong, and the line and column.
 */
public class ConfigException extends MlException {
  private static final long serialVersionUID = 1L;

  /** The file (transient: {@link Path} is not serializable). */
  private final transient Path file;

  /** The problems. */
  private final List<ConfigProblem> problems;

  /**
   * Creates the exception.
   *
   * @param file the configuration file
   * @param problems the problems found, at least one
   * @param cause the underlying error, or null
   */
  public ConfigException(Path file, List<ConfigProblem> problems, Throwable cause) {
    super(format(file, problems), cause);
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  /**
   * Returns the configuration file.
   *
   * @return the file
   */
  public Path file() {
    return file;
  }

  /**
   * Returns the problems, in file order for validation problems.
   *
   * @return the problems (at least one)
   */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String format(Path file, List<ConfigProblem> problems) {
    Objects.requireNonNull(problems, "problems");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    String name = file == null ? "config" : file.toString();
    if (problems.size() == 1) {
      return "Invalid config " + name + ": " + problems.get(0);
    }
    StringBuilder sb =
        new StringBuilder("Invalid config " + name + ": " + problems.size() + " problems");
    for (ConfigProblem p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }
}
