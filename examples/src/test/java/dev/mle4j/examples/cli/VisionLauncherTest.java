package dev.mle4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.serving.ModelServer;
import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.examples.Mle4j;
import dev.mle4j.examples.RegistryModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * {@code mle4j vision ...} end to end on a small generated image folder (three classes told apart
 * by the row of a bright band): train a scratch CNN, register it, predict, evaluate, serve image
 * uploads (also from the web page in headless Chromium when it is installed), and one-line errors
 * for bad input.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VisionLauncherTest {
  private static final List<String> CLASSES = List.of("bottom", "middle", "top");
  private static final String MODEL = "bands-cnn";
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir static Path tmp;

  private static Path images;
  private static Path registry;
  private static Path sample;
  private static byte[] samplePng;
  private static Run train;
  private static ModelServer server;
  private static List<ServedModel<?>> served = List.of();

  /** Output of one launcher run. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Mle4j.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static void assertOneLineUsageError(Run r, String fragment) {
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("mle4j: ").contains(fragment).doesNotContain("\n");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /** A 24x24 grayscale image: noise plus a bright band of rows whose position is the class. */
  static BufferedImage bandImage(int cls, Random random) {
    BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_BYTE_GRAY);
    int top = 3 + cls * 7 + random.nextInt(2);
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 24; x++) {
        boolean band = y >= top && y < top + 4;
        int v = (band ? 200 : 30) + random.nextInt(40);
        img.getRaster().setSample(x, y, 0, v);
      }
    }
    return img;
  }

  static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(img, "png", bytes);
    return bytes.toByteArray();
  }

  @BeforeAll
  static void trainOnGeneratedImages() throws IOException {
    images = tmp.resolve("bands");
    Random random = new Random(7);
    for (int c = 0; c < CLASSES.size(); c++) {
      Path dir = Files.createDirectories(images.resolve(CLASSES.get(c)));
      for (int i = 0; i < 25; i++) {
        Files.write(dir.resolve(String.format("img%02d.png", i)), png(bandImage(c, random)));
      }
    }
    samplePng = png(bandImage(2, new Random(99)));
    sample = Files.write(tmp.resolve("sample.png"), samplePng);
    registry = tmp.resolve("registry");
    train =
        run(
            "vision",
            "train",
            "--images",
            images.toString(),
            "--model",
            "cnn",
            "--epochs",
            "2",
            "--out",
            tmp.resolve("out").toString(),
            "--registry",
            registry.toString());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    served.forEach(ServedModel::closeModel);
  }

  @Test
  @Order(1)
  void trainsRegistersPredictsAndEvaluates() throws Exception {
    assertThat(train.code()).as(train.toString()).isZero();
    assertThat(train.out()).contains("cnn").contains("registered " + MODEL + " version");
    JsonNode metrics = new ObjectMapper().readTree(tmp.resolve("out/metrics.json").toFile());
    JsonNode cnn = metrics.path("models").path("cnn");
    assertThat(cnn.path("accuracy").asDouble(-1)).isBetween(0.0, 1.0);
    assertThat(cnn.path("macro_f1").asDouble(-1)).isBetween(0.0, 1.0);
    for (String key : List.of("train_seconds", "p50_ms", "size_bytes")) {
      assertThat(cnn.path(key).isNumber()).as(key).isTrue();
      assertThat(cnn.path(key).asDouble()).as(key).isPositive();
    }
    assertThat(tmp.resolve("out/report.html")).isRegularFile();
    assertThat(ModelRegistry.open(registry).stage(MODEL, "production")).isPresent();

    Run p =
        run(
            "vision",
            "predict",
            "--model",
            MODEL,
            "--registry",
            registry.toString(),
            sample.toString(),
            "--json");
    assertThat(p.code()).as(p.toString()).isZero();
    String[] lines = p.out().strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode row = new ObjectMapper().readTree(lines[0]);
    assertThat(CLASSES).contains(row.path("label").asText());
    assertThat(row.path("top_k")).hasSize(3);
    assertThat(row.path("top_k").get(0).path("label").asText())
        .isEqualTo(row.path("label").asText());

    Path evalOut = tmp.resolve("eval");
    Run e =
        run(
            "vision",
            "evaluate",
            "--model",
            MODEL,
            "--images",
            images.toString(),
            "--registry",
            registry.toString(),
            "--out",
            evalOut.toString());
    assertThat(e.code()).as(e.toString()).isZero();
    JsonNode evalMetrics = new ObjectMapper().readTree(evalOut.resolve("metrics.json").toFile());
    assertThat(evalMetrics.path("models").path(MODEL).path("accuracy").asDouble(-1))
        .isBetween(0.0, 1.0);
    assertThat(evalOut.resolve("report.html")).isRegularFile();
  }

  @Test
  @Order(2)
  void badInputExitsTwoWithOneLine() throws IOException {
    String reg = registry.toString();
    String out = tmp.resolve("bad-out").toString();
    String dir = images.toString();
    assertOneLineUsageError(
        run(
            "vision",
            "train",
            "--images",
            dir,
            "--model",
            "cnn",
            "--strategy",
            "freeze",
            "--registry",
            reg,
            "--out",
            out),
        "needs --model pretrained");
    assertOneLineUsageError(
        run(
            "vision",
            "train",
            "--images",
            tmp.resolve("no/such/dir").toString(),
            "--registry",
            reg,
            "--out",
            out),
        "image folder not found");
    assertOneLineUsageError(
        run("vision", "train", "--dataset", "nope", "--registry", reg, "--out", out),
        "unknown image dataset 'nope'");
    assertOneLineUsageError(
        run(
            "vision",
            "train",
            "--images",
            dir,
            "--compare",
            "--model",
            "cnn",
            "--registry",
            reg,
            "--out",
            out),
        "--compare trains every model");
    assertOneLineUsageError(
        run("vision", "train", "--images", dir, "--limit", "1", "--registry", reg, "--out", out),
        "--limit must be at least 2");
    Path config = Files.writeString(tmp.resolve("train.yaml"), "epochs: 2\nlearning_rat: 0.1\n");
    assertOneLineUsageError(
        run(
            "vision",
            "train",
            "--images",
            dir,
            "--model",
            "cnn",
            "--config",
            config.toString(),
            "--registry",
            reg,
            "--out",
            out),
        "unknown training option 'learning_rat'");

    byte[] garbage = new byte[2048];
    new Random(3).nextBytes(garbage);
    garbage[0] = (byte) 0xFF;
    garbage[1] = (byte) 0xD8;
    garbage[2] = (byte) 0xFF;
    Path corrupt = Files.write(tmp.resolve("corrupt.jpg"), garbage);
    assertOneLineUsageError(
        run("vision", "predict", "--model", MODEL, "--registry", reg, corrupt.toString()),
        "corrupt.jpg");
    assertOneLineUsageError(
        run("vision", "predict", "--model", "unknown", "--registry", reg, sample.toString()),
        "unknown model 'unknown'");
    assertThat(ModelRegistry.open(registry).models()).containsExactly(MODEL);
  }

  @Test
  @Order(3)
  void servesTheRegisteredModelForImageUploads() throws Exception {
    served = RegistryModels.load(ModelRegistry.open(registry), "production", List.of());
    ServeOptions options =
        CommandLine.populateCommand(new ServeOptions(), "--port", "0", "--host", "127.0.0.1");
    server = options.build(served, true).start();
    assertThat(server.modelNames()).contains(MODEL);

    HttpResponse<String> list =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.baseUri().resolve("/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
    JsonNode model = new ObjectMapper().readTree(list.body()).get(0);
    assertThat(model.path("task").asText()).isEqualTo("image-classification");

    HttpResponse<String> ok = upload(samplePng);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonNode body = new ObjectMapper().readTree(ok.body());
    assertThat(CLASSES).contains(body.path("label").asText());
    assertThat(body.path("top_k")).hasSize(2);

    HttpResponse<String> bad = upload(Arrays.copyOf(samplePng, samplePng.length / 2));
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
    assertThat(bad.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(new ObjectMapper().readTree(bad.body()).path("detail").asText()).isNotBlank();
  }

  private static HttpResponse<String> upload(byte[] image)
      throws IOException, InterruptedException {
    String boundary = "mle4jVisionTestBoundary";
    ByteArrayOutputStream multipart = new ByteArrayOutputStream();
    multipart.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    multipart.write(image);
    multipart.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(server.baseUri() + "/v1/models/" + MODEL + "/predict?top_k=2"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(4)
  void webPageUploadsAnImageAndShowsTheTopLabelsOrTheProblem() throws IOException {
    assumeTrue(server != null, "the serving test did not start a server");
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromedriver are not installed (scripts/fetch-browser.sh installs them)");
    Path truncated =
        Files.write(tmp.resolve("truncated.png"), Arrays.copyOf(samplePng, samplePng.length / 2));
    ChromeOptions chrome = new ChromeOptions();
    chrome.setBinary(CHROMIUM.toFile());
    chrome.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    WebDriver browser = new ChromeDriver(service, chrome);
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
      browser.get(server.baseUri().toString());
      WebElement section =
          wait.until(
              ExpectedConditions.presenceOfElementLocated(By.cssSelector("section.image-model")));
      assertThat(section.findElement(By.tagName("h2")).getText()).contains(MODEL);
      WebElement file = section.findElement(By.cssSelector("input[type=file]"));
      assertThat(file.getAttribute("accept")).isEqualTo("image/*");

      file.sendKeys(sample.toAbsolutePath().toString());
      WebElement preview = section.findElement(By.cssSelector("img.preview"));
      wait.until(ExpectedConditions.visibilityOf(preview));
      section.findElement(By.tagName("button")).click();
      WebElement label =
          wait.until(
              ExpectedConditions.presenceOfNestedElementLocatedBy(
                  section, By.cssSelector(".out .label")));
      assertThat(CLASSES).contains(label.getText());
      assertThat(section.findElements(By.cssSelector(".out table.top-k tr"))).hasSize(3);
      assertThat(section.findElement(By.cssSelector(".out")).getText()).contains(" ms");

      file.sendKeys(truncated.toAbsolutePath().toString());
      section.findElement(By.tagName("button")).click();
      WebElement error =
          wait.until(
              ExpectedConditions.presenceOfNestedElementLocatedBy(
                  section, By.cssSelector(".out .err")));
      assertThat(error.getText()).startsWith("422");
    } finally {
      browser.quit();
    }
  }

  @Test
  @Order(5)
  void demoCanSkipTheImageModel() {
    Run r = run("demo", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--no-vision");
  }
}
