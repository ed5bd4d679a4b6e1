package dev.mle4j.vision.serving;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.serving.ModelServer;
import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.vision.PixelImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An image classifier served end to end: multipart, raw and base64 bodies through the decoder. */
@Timeout(60)
class ImageServingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BOUNDARY = "----imgBoundary42";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Says "gray" for one-channel images, else "colour". */
  static final class ChannelClassifier implements Classifier<PixelImage> {
    @Override
    public Classification classify(PixelImage image) {
      return image.isGrayscale()
          ? new Classification("gray", 0.9, Map.of("gray", 0.9, "colour", 0.1))
          : new Classification("colour", 0.8, Map.of("gray", 0.2, "colour", 0.8));
    }

    @Override
    public List<String> labels() {
      return List.of("gray", "colour");
    }

    @Override
    public ModelCard card() {
      return new ModelCard(
          "channels",
          "1",
          "image-classification",
          "test",
          labels(),
          Map.of(),
          "none",
          Map.of(),
          Instant.parse("2024-01-01T00:00:00Z"));
    }
  }

  static byte[] multipart(String[] names, byte[][] files, String[] types) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < files.length; i++) {
      out.writeBytes(
          ("--"
                  + BOUNDARY
                  + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
                  + names[i]
                  + "\"\r\nContent-Type: "
                  + types[i]
                  + "\r\n\r\n")
              .getBytes(UTF_8));
      out.writeBytes(files[i]);
      out.writeBytes("\r\n".getBytes(UTF_8));
    }
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(UTF_8));
    return out.toByteArray();
  }

  static HttpResponse<String> post(ModelServer s, String contentType, byte[] body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(s.baseUri() + "/v1/models/channels/predict?top_k=1"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesUploadsAndBase64ThroughTheDecoder() throws Exception {
    ImageDecoder decoder = ImageDecoder.withDefaults();
    byte[] colourJpeg =
        ImageDecoderTest.encode(ImageDecoderTest.rgb(32, 32, BufferedImage.TYPE_INT_RGB), "jpg");
    byte[] grayPng = ImageDecoderTest.encode(ImageDecoderTest.gray(16, 16), "png");
    try (ModelServer s =
        ModelServer.builder()
            .addModel(
                ServedModel.of(new ChannelClassifier(), ImageInputs.jsonReader(decoder))
                    .withUploads(ImageInputs.uploadReader(decoder)))
            .build()
            .start()) {
      HttpResponse<String> two =
          post(
              s,
              "multipart/form-data; boundary=" + BOUNDARY,
              multipart(
                  new String[] {"a.jpg", "b.png"},
                  new byte[][] {colourJpeg, grayPng},
                  new String[] {"image/jpeg", "image/png"}));
      assertThat(two.statusCode()).as(two.body()).isEqualTo(200);
      JsonNode predictions = JSON.readTree(two.body()).get("predictions");
      assertThat(predictions.get(0).get("label").asText()).isEqualTo("colour");
      assertThat(predictions.get(1).get("label").asText()).isEqualTo("gray");
      assertThat(predictions.get(1).get("top_k").get(0).get("label").asText()).isEqualTo("gray");

      HttpResponse<String> raw = post(s, "image/png", grayPng);
      assertThat(JSON.readTree(raw.body()).get("label").asText()).isEqualTo("gray");

      String b64 = Base64.getEncoder().encodeToString(colourJpeg);
      HttpResponse<String> json =
          post(s, "application/json", ("{\"image_base64\": \"" + b64 + "\"}").getBytes(UTF_8));
      assertThat(JSON.readTree(json.body()).get("label").asText()).isEqualTo("colour");

      byte[] half = Arrays.copyOf(colourJpeg, colourJpeg.length / 2);
      HttpResponse<String> truncated =
          post(
              s,
              "multipart/form-data; boundary=" + BOUNDARY,
              multipart(
                  new String[] {"cut.jpg"}, new byte[][] {half}, new String[] {"image/jpeg"}));
      assertThat(truncated.statusCode()).isEqualTo(422);
      assertThat(truncated.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      JsonNode problem = JSON.readTree(truncated.body());
      assertThat(problem.get("detail").asText()).startsWith("image is truncated or corrupt");
      assertThat(problem.get("file").asText()).isEqualTo("cut.jpg");

      HttpResponse<String> tiff = post(s, "image/tiff", new byte[] {'I', 'I', 0x2A, 0, 1});
      assertThat(tiff.statusCode()).isEqualTo(422);
      assertThat(JSON.readTree(tiff.body()).get("detail").asText())
          .isEqualTo("unsupported image type 'image/tiff'; send JPEG, PNG, GIF or BMP");
    }
  }
}
