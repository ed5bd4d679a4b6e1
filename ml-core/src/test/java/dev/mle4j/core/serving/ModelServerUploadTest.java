package dev.mle4j.core.serving;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.ModelCard;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Uploads (multipart and raw bodies) and {@code top_k} on the predict route. */
@Timeout(60)
class ModelServerUploadTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final String PROBLEM = "application/problem+json";
  private static final String BOUNDARY = "----mle4jTestBoundary7MA4YWxk";
  private static final int LIMIT = 4096;

  private static ModelServer server;

  /** Classifies byte arrays by length: under 10 "small", under 100 "medium", else "large". */
  static final class LengthClassifier implements Classifier<byte[]> {
    @Override
    public Classification classify(byte[] input) {
      String label = input.length < 10 ? "small" : input.length < 100 ? "medium" : "large";
      Map<String, Double> scores = new LinkedHashMap<>();
      for (String l : labels()) {
        scores.put(l, l.equals(label) ? 0.7 : l.equals("medium") ? 0.2 : 0.1);
      }
      if (label.equals("medium")) {
        scores.put("small", 0.2);
      }
      return new Classification(label, 0.7, scores);
    }

    @Override
    public List<String> labels() {
      return List.of("small", "medium", "large");
    }

    @Override
    public ModelCard card() {
      return new ModelCard(
          "sizes",
          "1",
          "image-classification",
          "length/v1",
          labels(),
          Map.of(),
          "none",
          Map.of(),
          Instant.parse("2024-01-01T00:00:00Z"));
    }
  }

  /** Reads {"data_base64": "..."}. */
  static byte[] readJson(JsonNode node) {
    JsonNode data = node.get("data_base64");
    if (data == null || !data.isTextual()) {
      throw new InvalidInputException("data_base64", "field 'data_base64' is required");
    }
    return Base64.getDecoder().decode(data.asText());
  }

  /** Rejects files starting with "BAD". */
  static byte[] readUpload(Upload upload) {
    byte[] b = upload.bytes();
    if (b.length >= 3 && new String(b, 0, 3, UTF_8).equals("BAD")) {
      throw new InvalidInputException("image", "image is truncated or corrupt: test marker");
    }
    return b;
  }

  @BeforeAll
  static void start() {
    server =
        ModelServer.builder()
            .maxBodyBytes(LIMIT)
            .addModel(
                new ServedModel<>(
                        "sizes", "1", new LengthClassifier(), ModelServerUploadTest::readJson)
                    .withUploads(ModelServerUploadTest::readUpload))
            .addModel(
                new ServedModel<>(
                    "jsononly", "1", new LengthClassifier(), ModelServerUploadTest::readJson))
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Part(String field, String fileName, String contentType, byte[] data) {}

  record Resp(int status, String contentType, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  static byte[] multipart(Part... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Part p : parts) {
      StringBuilder h = new StringBuilder();
      h.append("--").append(BOUNDARY).append("\r\n");
      h.append("Content-Disposition: form-data; name=\"").append(p.field()).append('"');
      if (p.fileName() != null) {
        h.append("; filename=\"").append(p.fileName()).append('"');
      }
      h.append("\r\n");
      if (p.contentType() != null) {
        h.append("Content-Type: ").append(p.contentType()).append("\r\n");
      }
      h.append("\r\n");
      out.writeBytes(h.toString().getBytes(UTF_8));
      out.writeBytes(p.data());
      out.writeBytes("\r\n".getBytes(UTF_8));
    }
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(UTF_8));
    return out.toByteArray();
  }

  static Part file(String field, String name, int size) {
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) 'x');
    return new Part(field, name, "image/png", data);
  }

  static Resp send(String path, String contentType, HttpRequest.BodyPublisher body)
      throws IOException, InterruptedException {
    return send(server, path, contentType, body);
  }

  static Resp send(ModelServer s, String path, String contentType, HttpRequest.BodyPublisher body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(s.baseUri() + path))
            .timeout(Duration.ofSeconds(20))
            .POST(body);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Resp(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
  }

  static Resp postMultipart(String path, Part... parts) throws IOException, InterruptedException {
    return send(
        path,
        "multipart/form-data; boundary=" + BOUNDARY,
        HttpRequest.BodyPublishers.ofByteArray(multipart(parts)));
  }

  static void assertProblem(Resp r, int status, String type, String... detailParts)
      throws IOException {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith(PROBLEM);
    JsonNode p = r.json();
    assertThat(p.get("type").asText()).isEqualTo("https://mle4j.dev/problems/" + type);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("detail").asText()).contains(detailParts);
  }

  @Test
  void oneMultipartFileIsAnsweredLikeOneJsonInstance() throws Exception {
    Resp r = postMultipart("/v1/models/sizes/predict", file("image", "cat.png", 50));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode j = r.json();
    assertThat(j.get("label").asText()).isEqualTo("medium");
    assertThat(j.get("confidence").asDouble()).isEqualTo(0.7);
    assertThat(j.get("scores").size()).isEqualTo(3);
    assertThat(j.get("model").asText()).isEqualTo("sizes");
    assertThat(j.get("version").asText()).isEqualTo("1");
    assertThat(j.has("latency_ms")).isTrue();
    assertThat(j.has("predictions")).isFalse();
    assertThat(j.has("top_k")).isFalse();
  }

  @Test
  void severalFilesBecomeInstancesInOrderAndFormFieldsAreIgnored() throws Exception {
    Resp r =
        postMultipart(
            "/v1/models/sizes/predict",
            file("file", "a.png", 500),
            new Part("note", null, null, "hello".getBytes(UTF_8)),
            file("image", "b.png", 5),
            new Part("other", "c.bin", "application/octet-stream", new byte[50]));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode predictions = r.json().get("predictions");
    assertThat(predictions).hasSize(3);
    assertThat(predictions.get(0).get("label").asText()).isEqualTo("large");
    assertThat(predictions.get(1).get("label").asText()).isEqualTo("small");
    assertThat(predictions.get(2).get("label").asText()).isEqualTo("medium");
  }

  @Test
  void rawImageBodyIsOneInstance() throws Exception {
    Resp r =
        send(
            "/v1/models/sizes/predict",
            "image/jpeg",
            HttpRequest.BodyPublishers.ofByteArray(new byte[3]));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("label").asText()).isEqualTo("small");
  }

  @Test
  void base64JsonStillGoesThroughTheJsonReader() throws Exception {
    String b64 = Base64.getEncoder().encodeToString(new byte[200]);
    Resp r =
        send(
            "/v1/models/sizes/predict",
            "application/json",
            HttpRequest.BodyPublishers.ofString(
                "{\"instances\": [{\"data_base64\": \"" + b64 + "\"}, {\"data_base64\": \"\"}]}"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode predictions = r.json().get("predictions");
    assertThat(predictions.get(0).get("label").asText()).isEqualTo("large");
    assertThat(predictions.get(1).get("label").asText()).isEqualTo("small");
  }

  @Test
  void topKListsTheBestLabelsSorted() throws Exception {
    Resp r = postMultipart("/v1/models/sizes/predict?top_k=2", file("image", "a.png", 500));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode top = r.json().get("top_k");
    assertThat(top).hasSize(2);
    assertThat(top.get(0).get("label").asText()).isEqualTo("large");
    assertThat(top.get(0).get("confidence").asDouble()).isEqualTo(0.7);
    assertThat(top.get(1).get("label").asText()).isEqualTo("medium");
    assertThat(top.get(1).get("confidence").asDouble()).isEqualTo(0.2);

    Resp all =
        send(
            "/v1/models/sizes/predict?top_k=10",
            "application/json",
            HttpRequest.BodyPublishers.ofString(
                "{\"instances\": [{\"data_base64\": \"AAAAAAAAAAAAAAAA\"}]}"));
    JsonNode allTop = all.json().get("predictions").get(0).get("top_k");
    assertThat(allTop).hasSize(3);
    // medium 0.7, then small and large... small has 0.2 for a medium input, large 0.1
    assertThat(allTop.get(0).get("label").asText()).isEqualTo("medium");
    assertThat(allTop.get(1).get("label").asText()).isEqualTo("small");
    assertThat(allTop.get(2).get("label").asText()).isEqualTo("large");
  }

  @Test
  void invalidTopKIsA400() throws Exception {
    for (String k : List.of("0", "-3", "abc", "")) {
      Resp r = postMultipart("/v1/models/sizes/predict?top_k=" + k, file("image", "a.png", 5));
      assertProblem(r, 400, "invalid-request", "top_k", "positive integer");
    }
  }

  @Test
  void unsupportedContentTypeNamesTheAcceptedOnes() throws Exception {
    Resp r =
        send("/v1/models/sizes/predict", "text/plain", HttpRequest.BodyPublishers.ofString("hi"));
    assertProblem(
        r,
        415,
        "unsupported-media-type",
        "text/plain",
        "application/json",
        "multipart/form-data",
        "image/*");
    Resp missing =
        send("/v1/models/sizes/predict", null, HttpRequest.BodyPublishers.ofString("hi"));
    assertProblem(missing, 415, "unsupported-media-type", "missing Content-Type");
  }

  @Test
  void multipartWithoutAFilePartIsA400() throws Exception {
    Resp r =
        postMultipart(
            "/v1/models/sizes/predict", new Part("note", null, null, "just text".getBytes(UTF_8)));
    assertProblem(r, 400, "empty-instances", "no file part", "note");
  }

  @Test
  void malformedMultipartIsA400() throws Exception {
    Resp r =
        send(
            "/v1/models/sizes/predict",
            "multipart/form-data",
            HttpRequest.BodyPublishers.ofString("garbage without a boundary"));
    assertProblem(r, 400, "invalid-request", "malformed multipart/form-data body");
  }

  @Test
  void emptyRawBodyIsA400() throws Exception {
    Resp r = send("/v1/models/sizes/predict", "image/png", HttpRequest.BodyPublishers.noBody());
    assertProblem(r, 400, "empty-instances", "empty");
  }

  @Test
  void tooLargeUploadsAreA413() throws Exception {
    assertProblem(
        postMultipart("/v1/models/sizes/predict", file("image", "big.png", LIMIT * 2)),
        413,
        "body-too-large",
        "limit of " + LIMIT);
    assertProblem(
        send(
            "/v1/models/sizes/predict",
            "image/png",
            HttpRequest.BodyPublishers.ofByteArray(new byte[LIMIT + 1])),
        413,
        "body-too-large",
        "exceeds the limit");
    // chunked (no Content-Length): the multipart parser stops at the limit
    byte[] big = multipart(file("image", "big.png", LIMIT * 3));
    Resp chunked =
        send(
            "/v1/models/sizes/predict",
            "multipart/form-data; boundary=" + BOUNDARY,
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
    assertProblem(chunked, 413, "body-too-large", "exceeds the limit");
  }

  @Test
  void hugeUploadIsRejectedWithoutReadingIt() throws Exception {
    byte[] huge = multipart(file("image", "huge.png", 8 * 1024 * 1024));
    for (boolean chunked : new boolean[] {false, true}) {
      HttpRequest.BodyPublisher body =
          chunked
              ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))
              : HttpRequest.BodyPublishers.ofByteArray(huge);
      try {
        Resp r =
            send("/v1/models/sizes/predict", "multipart/form-data; boundary=" + BOUNDARY, body);
        assertProblem(r, 413, "body-too-large", "exceeds the limit");
      } catch (IOException e) {
        // the server may close the connection while the client is still sending: also a rejection
        assertThat(e).isNotNull();
      }
    }
    // the server is still healthy and answers the next upload
    Resp next = postMultipart("/v1/models/sizes/predict", file("image", "a.png", 5));
    assertThat(next.status()).isEqualTo(200);
  }

  @Test
  void readerErrorsAreA422NamingTheFile() throws Exception {
    Part bad = new Part("image", "broken.jpg", "image/jpeg", "BAD data".getBytes(UTF_8));
    Resp one = postMultipart("/v1/models/sizes/predict", bad);
    assertProblem(one, 422, "invalid-input", "image is truncated or corrupt");
    assertThat(one.json().get("field").asText()).isEqualTo("image");
    assertThat(one.json().get("file").asText()).isEqualTo("broken.jpg");

    Resp second = postMultipart("/v1/models/sizes/predict", file("image", "ok.png", 5), bad);
    assertProblem(second, 422, "invalid-input", "files[1] ('broken.jpg')", "truncated");
    assertThat(second.json().get("index").asInt()).isEqualTo(1);

    Resp raw =
        send(
            "/v1/models/sizes/predict",
            "image/jpeg",
            HttpRequest.BodyPublishers.ofByteArray("BAD".getBytes(UTF_8)));
    assertProblem(raw, 422, "invalid-input", "truncated");
  }

  @Test
  void modelWithoutUploadReaderAnswersUploadsWith415() throws Exception {
    Resp r = postMultipart("/v1/models/jsononly/predict", file("image", "a.png", 5));
    assertProblem(r, 415, "unsupported-media-type", "takes JSON only", "application/json");
    Resp raw =
        send(
            "/v1/models/jsononly/predict",
            "image/png",
            HttpRequest.BodyPublishers.ofByteArray(new byte[4]));
    assertProblem(raw, 415, "unsupported-media-type", "takes JSON only");
    Resp text =
        send("/v1/models/jsononly/predict", "text/plain", HttpRequest.BodyPublishers.ofString("x"));
    assertProblem(text, 415, "unsupported-media-type", "expected application/json");
    assertThat(text.json().get("detail").asText()).doesNotContain("multipart");
  }

  @Test
  void topKOnARegressorIsA400() throws Exception {
    try (ModelServer s =
        ModelServer.builder()
            .addModel(
                ServedModel.ofRegressor(
                    "len",
                    "1",
                    new dev.mle4j.core.Regressor<byte[]>() {
                      @Override
                      public double predict(byte[] input) {
                        return input.length;
                      }

                      @Override
                      public ModelCard card() {
                        return new LengthClassifier().card();
                      }
                    },
                    ModelServerUploadTest::readJson))
            .build()
            .start()) {
      Resp r =
          send(
              s,
              "/v1/models/len/predict?top_k=1",
              "application/json",
              HttpRequest.BodyPublishers.ofString("{\"data_base64\": \"AAAA\"}"));
      assertProblem(r, 400, "invalid-request", "top_k", "regressor");
    }
  }

  @Test
  void uploadsAreLoggedAsFileSummaries(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("predictions.jsonl");
    try (PredictionLog predictionLog = PredictionLog.builder(log).build()) {
      try (ModelServer s =
          ModelServer.builder()
              .noBatching()
              .predictionLog(predictionLog)
              .addModel(
                  new ServedModel<>(
                          "sizes", "1", new LengthClassifier(), ModelServerUploadTest::readJson)
                      .withUploads(ModelServerUploadTest::readUpload))
              .build()
              .start()) {
        Resp r =
            send(
                s,
                "/v1/models/sizes/predict",
                "multipart/form-data; boundary=" + BOUNDARY,
                HttpRequest.BodyPublishers.ofByteArray(
                    multipart(file("image", "a.png", 20), file("image", "b.png", 2))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
      }
    }
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(2);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.toString()).contains("\"file_name\":\"a.png\"", "\"size_bytes\":20");
    assertThat(first.toString()).contains("medium");
    assertThat(JSON.readTree(lines.get(1)).toString()).contains("b.png", "small");
  }
}
