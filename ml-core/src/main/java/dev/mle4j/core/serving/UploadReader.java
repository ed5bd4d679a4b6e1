package dev.mle4j.core.serving;

/**
 * Turns one uploaded file (a multipart file part or a raw binary request body) into a model input.
 * A {@link ServedModel} with an upload reader ({@link ServedModel#withUploads(UploadReader)})
 * accepts {@code multipart/form-data} and raw {@code image/*} bodies on its predict route.
 *
 * @param <I> the model's input type
 */
@FunctionalInterface
public interface UploadReader<I> {

  /**
   * Reads one file.
   *
   * @param upload the file with its declared content type and names
   * @return the model input, never {@code null}
   * @throws InvalidInputException if the file cannot be used (wrong format, corrupt, too small...);
   *     the server answers 422 with its message
   */
  I read(Upload upload);
}
