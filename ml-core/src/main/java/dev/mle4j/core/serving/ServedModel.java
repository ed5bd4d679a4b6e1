package dev.mle4j.core.serving;

import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A classifier published by a {@link ModelServer} under {@code /v1/models/{name}}.
 *
 * @param name the name in URLs: letters, digits, '.', '_' or '-', at most 128 characters
 * @param version the version reported in responses ({@code null} becomes empty)
 * @param classifier the model; the server does not close it
 * @param reader turns one JSON instance into a model input
 * @param <I> the model's input type
 */
public record ServedModel<I>(
    String name, String version, Classifier<I> classifier, InputReader<I> reader) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** Validates the name and the required parts. */
  public ServedModel {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new MlException(
          "model name '"
              + name
              + "' is not usable in a URL: use 1-128 letters, digits, '.', '_' or '-',"
              + " starting with a letter or digit");
    }
    version = version == null ? "" : version;
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(reader, "reader");
  }

  /**
   * Publishes a classifier under the name and version of its model card.
   *
   * @param classifier the model
   * @param reader turns one JSON instance into a model input
   * @param <I> the model's input type
   * @return the served model
   */
  public static <I> ServedModel<I> of(Classifier<I> classifier, InputReader<I> reader) {
    Objects.requireNonNull(classifier, "classifier");
    return new ServedModel<>(
        classifier.card().name(), classifier.card().version(), classifier, reader);
  }
}
