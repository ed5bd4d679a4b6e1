package dev.mle4j.vision.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.serving.InputReader;
import dev.mle4j.core.serving.InvalidInputException;
import dev.mle4j.core.serving.Upload;
import dev.mle4j.core.serving.UploadReader;
import dev.mle4j.vision.PixelImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ImageInputsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ImageDecoder decoder = ImageDecoder.withDefaults();
  private final InputReader<PixelImage> json = ImageInputs.jsonReader(decoder);

  static byte[] png(int w, int h) throws IOException {
    return ImageDecoderTest.encode(ImageDecoderTest.rgb(w, h, BufferedImage.TYPE_INT_RGB), "png");
  }

  ObjectNode instance(String value) {
    return JSON.createObjectNode().put("image_base64", value);
  }

  static String messageOf(Runnable r, String field) {
    try {
      r.run();
    } catch (InvalidInputException e) {
      assertThat(e.field()).isEqualTo(field);
      return e.getMessage();
    }
    throw new AssertionError("expected InvalidInputException");
  }

  @Test
  void readsPlainAndUrlSafeBase64() throws IOException {
    byte[] png = png(12, 10);
    PixelImage img = json.read(instance(Base64.getEncoder().encodeToString(png)));
    assertThat(img.width()).isEqualTo(12);
    assertThat(img.height()).isEqualTo(10);
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(png);
    assertThat(json.read(instance(urlSafe)).width()).isEqualTo(12);
    String wrapped = Base64.getMimeEncoder().encodeToString(png);
    assertThat(json.read(instance(wrapped)).width()).isEqualTo(12);
  }

  @Test
  void readsDataUrlsAndChecksTheirType() throws IOException {
    String b64 = Base64.getEncoder().encodeToString(png(9, 9));
    assertThat(json.read(instance("data:image/png;base64," + b64)).width()).isEqualTo(9);
    assertThat(
            messageOf(() -> json.read(instance("data:image/jpeg;base64," + b64)), "image_base64"))
        .contains("declared content type 'image/jpeg'", "PNG");
    assertThat(messageOf(() -> json.read(instance("data:image/png," + b64)), "image_base64"))
        .contains("not base64");
  }

  @Test
  void badBase64AndMissingFieldsNameTheField() {
    assertThat(messageOf(() -> json.read(instance("not base64 at all!!")), "image_base64"))
        .startsWith("field 'image_base64' is not valid base64");
    assertThat(messageOf(() -> json.read(JSON.createObjectNode()), "image_base64"))
        .contains("is required");
    assertThat(
            messageOf(
                () -> json.read(JSON.createObjectNode().put("image_base64", 5)), "image_base64"))
        .contains("must be a base64 string, got number");
    assertThat(messageOf(() -> json.read(instance("   ")), "image_base64")).contains("is empty");
  }

  @Test
  void decoderErrorsAreReportedOnTheJsonField() throws IOException {
    String tiny = Base64.getEncoder().encodeToString(png(2, 2));
    assertThat(messageOf(() -> json.read(instance(tiny)), "image_base64"))
        .isEqualTo("image is 2x2 pixels; the minimum side is 8");
  }

  @Test
  void uploadReaderUsesTheDeclaredTypeAndFieldName() throws IOException {
    UploadReader<PixelImage> uploads = ImageInputs.uploadReader(decoder);
    byte[] png = png(10, 8);
    assertThat(uploads.read(new Upload(png, "image/png", "a.png", "image")).width()).isEqualTo(10);
    assertThat(uploads.read(new Upload(png, null, null, null)).height()).isEqualTo(8);
    assertThat(messageOf(() -> uploads.read(new Upload(png, "image/gif", "a.gif", "file")), "file"))
        .contains("does not match the data, which is PNG");
    assertThat(messageOf(() -> uploads.read(new Upload(new byte[0], null, null, null)), "image"))
        .contains("empty");
  }

  @Test
  void nullDecoderIsRejected() {
    assertThatThrownBy(() -> ImageInputs.jsonReader(null)).isInstanceOf(NullPointerException.class);
  }
}
