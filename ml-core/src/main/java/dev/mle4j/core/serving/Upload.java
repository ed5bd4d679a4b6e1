package dev.mle4j.core.serving;

import java.util.Arrays;
import java.util.Objects;

/**
 * One uploaded file as the {@link ModelServer} received it: a part of a {@code multipart/form-data}
 * request or a raw request body with a media type such as {@code image/png}. The byte array is not
 * copied: treat it as read-only.
 *
 * @param bytes the file's content, possibly empty
 * @param contentType the declared media type without parameters (e.g. {@code image/png}), or {@code
 *     null} when the client sent none
 * @param fileName the file name the client sent, or {@code null}
 * @param fieldName the form field name (e.g. {@code image}), or {@code null} for a raw body
 */
public record Upload(byte[] bytes, String contentType, String fileName, String fieldName) {

  /** Validates the content. */
  public Upload {
    Objects.requireNonNull(bytes, "bytes");
  }

  /**
   * The number of bytes.
   *
   * @return the size
   */
  public int size() {
    return bytes.length;
  }

  /**
   * A short description for error messages: the file name if known, else the field name, else
   * {@code "request body"}.
   *
   * @return the description
   */
  public String describe() {
    if (fileName != null && !fileName.isBlank()) {
      return "'" + fileName + "'";
    }
    if (fieldName != null && !fieldName.isBlank()) {
      return "field '" + fieldName + "'";
    }
    return "request body";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Upload u
        && Arrays.equals(bytes, u.bytes)
        && Objects.equals(contentType, u.contentType)
        && Objects.equals(fileName, u.fileName)
        && Objects.equals(fieldName, u.fieldName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(bytes), contentType, fileName, fieldName);
  }

  @Override
  public String toString() {
    return "Upload["
        + bytes.length
        + " bytes, contentType="
        + contentType
        + ", fileName="
        + fileName
        + ", fieldName="
        + fieldName
        + "]";
  }
}
