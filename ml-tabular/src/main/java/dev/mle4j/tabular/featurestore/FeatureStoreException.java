package dev.mle4j.tabular.featurestore;

import dev.mle4j.core.MlException;

/** A feature store failure with a message meant for the user (bad definition, store down, ...). */
public class FeatureStoreException extends MlException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong
   */
  public FeatureStoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong
   * @param cause the underlying error
   */
  public FeatureStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
