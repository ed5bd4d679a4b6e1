package dev.mle4j.vision.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.ModelLoaders;
import dev.mle4j.core.serving.ModelServer;
import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.SyntheticImages;
import dev.mle4j.vision.data.DatasetSplit;
import dev.mle4j.vision.data.ImageDataset;
import dev.mle4j.vision.model.InputSpec;
import dev.mle4j.vision.model.SimpleCnn;
import dev.mle4j.vision.train.TrainingOptions;
import dev.mle4j.vision.train.VisionTrainer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A trained, saved and reloaded image classifier served over HTTP like 'mle4j serve' does. */
@Timeout(120)
class VisionModelServingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path tmp;

  private static byte[] png(PixelImage image) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image.toBufferedImage(), "png", out);
    return out.toByteArray();
  }

  private static HttpResponse<String> post(ModelServer s, String type, byte[] body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(s.baseUri() + "/v1/models/bands/predict?top_k=2"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheSavedModelWithTheSameAnswersAsLocalPredictions() throws Exception {
    ImageDataset train = SyntheticImages.dataset("bands", 3, 20, 28, 1, 1);
    ImageDataset val = SyntheticImages.dataset("bands", 3, 4, 28, 1, 2);
    Path dir = tmp.resolve("model");
    try (ImageClassifier trained =
        new VisionTrainer(TrainingOptions.builder().epochs(2).batchSize(16).build())
            .train(
                "bands",
                SimpleCnn.create(InputSpec.uniform(28, 1, 0.5f, 0.5f), 3, 0f),
                null,
                new DatasetSplit(train, val, val),
                (image, random) -> image,
                tmp.resolve("run"))
            .classifier()) {
      trained.save(dir);
    }
    ServedModel<?> served =
        ModelLoaders.discover()
            .loadServed(
                "bands",
                "v1",
                dir,
                dev.mle4j.core.registry.ModelCardJson.read(dir.resolve("model-card.json")));
    ImageClassifier local = (ImageClassifier) served.classifier();
    PixelImage colourBig = SyntheticImages.band(2, 3, 60, 3, new Random(9));
    try (ModelServer s = ModelServer.builder().port(0).addModel(served).build().start()) {
      HttpResponse<String> ok = post(s, "image/png", png(colourBig));
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(ok.body());
      var expected = local.classify(colourBig);
      assertThat(body.get("label").asText()).isEqualTo(expected.label());
      assertThat(body.get("confidence").asDouble())
          .isCloseTo(expected.confidence(), org.assertj.core.api.Assertions.within(1e-6));
      assertThat(body.get("top_k")).hasSize(2);
      assertThat(body.has("latency_ms")).isTrue();
      assertThat(body.get("version").asText()).isEqualTo("v1");

      HttpResponse<String> tiny =
          post(s, "image/png", png(SyntheticImages.band(0, 3, 4, 1, new Random(1))));
      assertThat(tiny.statusCode()).isEqualTo(422);
      assertThat(JSON.readTree(tiny.body()).get("detail").asText()).contains("minimum side");

      HttpResponse<String> text = post(s, "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
      assertThat(text.statusCode()).isEqualTo(415);
    } finally {
      served.closeModel();
    }
  }
}
