package dev.mle4j.vision.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mle4j.core.serving.InputReader;
import dev.mle4j.core.serving.InvalidInputException;
import dev.mle4j.core.serving.UploadReader;
import dev.mle4j.vision.PixelImage;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readers that let a {@link dev.mle4j.core.serving.ModelServer} serve image classifiers: JSON
 * instances carrying base64 images, and uploaded files (multipart parts or raw {@code image/*}
 * bodies). Both decode through one {@link ImageDecoder}, so the same limits and messages apply.
 *
 * <pre>{@code
 * ServedModel.of(classifier, ImageInputs.jsonReader(decoder))
 *     .withUploads(ImageInputs.uploadReader(decoder));
 * }</pre>
 */
public final class ImageInputs {

  /** The JSON field holding the image. */
  public static final String BASE64_FIELD = "image_base64";

  private static final Pattern DATA_URL =
      Pattern.compile("^data:([^;,]*)((?:;[^;,]*)*),", Pattern.CASE_INSENSITIVE);
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private ImageInputs() {}

  /**
   * Reads JSON instances {@code {"image_base64": "..."}}: the file's bytes in base64 (standard or
   * URL-safe alphabet, padding optional, whitespace ignored), optionally as a {@code
   * data:image/png;base64,...} URL whose media type is then checked against the data.
   *
   * @param decoder decodes the bytes
   * @return the reader; its errors name field {@code image_base64}
   */
  public static InputReader<PixelImage> jsonReader(ImageDecoder decoder) {
    Objects.requireNonNull(decoder, "decoder");
    return instance -> {
      JsonNode node = instance.get(BASE64_FIELD);
      if (node == null || node.isNull()) {
        throw new InvalidInputException(
            BASE64_FIELD,
            "field '"
                + BASE64_FIELD
                + "' is required: the image file's bytes in base64 (a data: URL also works)");
      }
      if (!node.isTextual()) {
        throw new InvalidInputException(
            BASE64_FIELD,
            "field '"
                + BASE64_FIELD
                + "' must be a base64 string, got "
                + node.getNodeType().name().toLowerCase(Locale.ROOT));
      }
      String text = node.asText().strip();
      String declared = null;
      Matcher m = DATA_URL.matcher(text);
      if (m.find()) {
        if (!m.group(2).toLowerCase(Locale.ROOT).contains(";base64")) {
          throw new InvalidInputException(
              BASE64_FIELD, "field '" + BASE64_FIELD + "' holds a data: URL that is not base64");
        }
        declared = m.group(1).isBlank() ? null : m.group(1);
        text = text.substring(m.end());
      }
      byte[] bytes = decodeBase64(text, decoder.options().maxBytes());
      try {
        return decoder.decode(bytes, declared);
      } catch (InvalidInputException e) {
        throw new InvalidInputException(BASE64_FIELD, e.getMessage());
      }
    };
  }

  /**
   * Reads uploaded files with their declared content type; errors name the form field (or {@code
   * image} for a raw body).
   *
   * @param decoder decodes the bytes
   * @return the reader
   */
  public static UploadReader<PixelImage> uploadReader(ImageDecoder decoder) {
    Objects.requireNonNull(decoder, "decoder");
    return upload -> {
      try {
        return decoder.decode(upload.bytes(), upload.contentType());
      } catch (InvalidInputException e) {
        String field = upload.fieldName();
        throw new InvalidInputException(
            field == null || field.isBlank() ? ImageDecoder.FIELD : field, e.getMessage());
      }
    };
  }

  private static byte[] decodeBase64(String text, long maxBytes) {
    String clean = WHITESPACE.matcher(text).replaceAll("");
    if (clean.isEmpty()) {
      throw new InvalidInputException(
          BASE64_FIELD, "field '" + BASE64_FIELD + "' is empty; send the image bytes in base64");
    }
    if (clean.length() / 4L * 3 > maxBytes + 3) {
      throw new InvalidInputException(
          BASE64_FIELD,
          "field '"
              + BASE64_FIELD
              + "' holds about "
              + clean.length() / 4L * 3
              + " bytes; the limit is "
              + maxBytes
              + " bytes");
    }
    boolean urlSafe = clean.indexOf('-') >= 0 || clean.indexOf('_') >= 0;
    try {
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(clean);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          BASE64_FIELD, "field '" + BASE64_FIELD + "' is not valid base64: " + e.getMessage());
    }
  }
}
