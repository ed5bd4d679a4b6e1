package dev.mle4j.core.serving;

import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.Regressor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model published by a {@link ModelServer} under {@code /v1/models/{name}}: either a {@link
 * Classifier} (answers carry label, confidence and scores) or a {@link Regressor} (answers carry
 * one number, {@code prediction}). Exactly one of {@link #classifier()} and {@link #regressor()} is
 * set.
 *
 * @param name the name in URLs: letters, digits, '.', '_' or '-', at most 128 characters
 * @param version the version reported in responses ({@code null} becomes empty)
 * @param classifier the model if it is a classifier, else {@code null}; the server does not close
 *     it
 * @param regressor the model if it is a regressor, else {@code null}; the server does not close it
 * @param reader turns one JSON instance into a model input
 * @param uploadReader turns one uploaded file ({@code multipart/form-data} part or raw {@code
 *     image/*} body) into a model input, or {@code null} when the model takes JSON only
 * @param <I> the model's input type
 */
public record ServedModel<I>(
    String name,
    String version,
    Classifier<I> classifier,
    Regressor<I> regressor,
    InputReader<I> reader,
    UploadReader<I> uploadReader) {

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
    if (classifier == null && regressor == null) {
      throw new NullPointerException("classifier");
    }
    if (classifier != null && regressor != null) {
      throw new MlException(
          "served model '" + name + "' must be either a classifier or a regressor, not both");
    }
    Objects.requireNonNull(reader, "reader");
  }

  /**
   * Publishes a classifier or a regressor that takes JSON only (no uploads).
   *
   * @param name the name in URLs
   * @param version the version reported in responses
   * @param classifier the model if it is a classifier, else {@code null}
   * @param regressor the model if it is a regressor, else {@code null}
   * @param reader turns one JSON instance into a model input
   */
  public ServedModel(
      String name,
      String version,
      Classifier<I> classifier,
      Regressor<I> regressor,
      InputReader<I> reader) {
    this(name, version, classifier, regressor, reader, null);
  }

  /**
   * Publishes a classifier.
   *
   * @param name the name in URLs
   * @param version the version reported in responses
   * @param classifier the model; the server does not close it
   * @param reader turns one JSON instance into a model input
   */
  public ServedModel(String name, String version, Classifier<I> classifier, InputReader<I> reader) {
    this(name, version, Objects.requireNonNull(classifier, "classifier"), null, reader);
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

  /**
   * Publishes a regressor.
   *
   * @param name the name in URLs
   * @param version the version reported in responses
   * @param regressor the model; the server does not close it
   * @param reader turns one JSON instance into a model input
   * @param <I> the model's input type
   * @return the served model
   */
  public static <I> ServedModel<I> ofRegressor(
      String name, String version, Regressor<I> regressor, InputReader<I> reader) {
    return new ServedModel<>(
        name, version, null, Objects.requireNonNull(regressor, "regressor"), reader);
  }

  /**
   * Publishes a regressor under the name and version of its model card.
   *
   * @param regressor the model
   * @param reader turns one JSON instance into a model input
   * @param <I> the model's input type
   * @return the served model
   */
  public static <I> ServedModel<I> ofRegressor(Regressor<I> regressor, InputReader<I> reader) {
    Objects.requireNonNull(regressor, "regressor");
    return ofRegressor(regressor.card().name(), regressor.card().version(), regressor, reader);
  }

  /**
   * A copy of this served model that also accepts uploaded files: {@code multipart/form-data} (one
   * instance per file part) and raw bodies with an {@code image/*} or {@code
   * application/octet-stream} content type.
   *
   * @param uploads turns one uploaded file into a model input
   * @return the copy
   */
  public ServedModel<I> withUploads(UploadReader<I> uploads) {
    return new ServedModel<>(
        name, version, classifier, regressor, reader, Objects.requireNonNull(uploads, "uploads"));
  }

  /**
   * Whether the model accepts uploaded files.
   *
   * @return true if it has an {@link #uploadReader()}
   */
  public boolean acceptsUploads() {
    return uploadReader != null;
  }

  /**
   * The JSON field a text model reads, when its reader comes from {@link TextInput#reader(String)}
   * (or {@link TextInput#reader()}). The server serves {@code POST /v1/models/{name}/classify} only
   * for such models.
   *
   * @return the field name, or empty when the model does not take text (images, tables, ...)
   */
  public Optional<String> textField() {
    return reader instanceof TextInput.TextReader t ? Optional.of(t.field()) : Optional.empty();
  }

  /**
   * Whether the model is a regressor (answers are numbers) rather than a classifier.
   *
   * @return true for a regressor
   */
  public boolean isRegressor() {
    return regressor != null;
  }

  /**
   * The model's card, whichever kind of model it is.
   *
   * @return the card
   */
  public ModelCard card() {
    return isRegressor() ? regressor.card() : classifier.card();
  }

  /**
   * The labels a classifier predicts; empty for a regressor.
   *
   * @return label names
   */
  public List<String> labels() {
    return isRegressor() ? List.of() : classifier.labels();
  }

  /**
   * Closes the model (classifier or regressor). The server never does this; call it after the
   * server is closed.
   */
  public void closeModel() {
    if (isRegressor()) {
      regressor.close();
    } else {
      classifier.close();
    }
  }
}
