package dev.mle4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import dev.mle4j.core.serving.ModelServer;
import dev.mle4j.examples.RagLauncherTest;
import dev.mle4j.rag.KnowledgeBase;
import dev.mle4j.rag.ingest.Chunker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page's question box in headless Chromium (Debian chromium + chromium-driver, which
 * scripts/fetch-browser.sh installs): ask, read the answer, open a cited source, keep the
 * conversation history, and show a clear error for an empty question.
 */
class RagWebPageBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir static Path tmp;

  private static RagServing rag;
  private static ModelServer server;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromedriver are not installed (scripts/fetch-browser.sh installs them)");
    Path docs = RagLauncherTest.writeDocs(tmp.resolve("docs"));
    Files.delete(docs.resolve("broken.pdf"));
    Path kbDir = tmp.resolve("kb");
    try (KnowledgeBase kb =
        KnowledgeBase.openOrCreate(
            kbDir,
            "browser-test-docs",
            Embedders.discover().open("all-minilm-l6-v2-q", EmbedderOptions.defaults()))) {
      kb.ingest(docs, Chunker.defaults(), null);
    }
    ServeOptions options =
        picocli.CommandLine.populateCommand(
            new ServeOptions(), "--port", "0", "--host", "127.0.0.1");
    rag = RagServing.openIfPresent(kbDir, tmp.resolve("queries.jsonl"), options.meterRegistry);
    server = options.build(List.of(), true, rag).start();

    ChromeOptions chrome = new ChromeOptions();
    chrome.setBinary(CHROMIUM.toFile());
    chrome.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, chrome);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (rag != null) {
      rag.close();
    }
  }

  private static void ask(String question) {
    WebElement input = browser.findElement(By.id("rag-question"));
    input.clear();
    input.sendKeys(question);
    browser.findElement(By.id("rag-ask")).click();
  }

  @Test
  void asksShowsSourcesKeepsHistoryAndReportsErrors() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    browser.get(server.baseUri().toString());
    WebElement box = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rag")));
    assertThat(browser.findElement(By.id("rag-info")).getText()).contains("browser-test-docs");

    ask("Which TCP port does the server listen on?");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#rag-history .turn"), 1));
    WebElement turn = box.findElement(By.cssSelector("#rag-history .turn"));
    assertThat(turn.findElement(By.cssSelector(".answer")).getText()).contains("5432");
    WebElement source = turn.findElement(By.cssSelector("a.source"));
    assertThat(source.getText()).isNotBlank();

    source.click();
    WebElement sourceText = turn.findElement(By.cssSelector(".source-text"));
    wait.until(ExpectedConditions.visibilityOf(sourceText));
    assertThat(sourceText.getText()).contains("5432");

    ask("How do I restore a custom-format archive made by pg_dump?");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#rag-history .turn"), 2));
    List<WebElement> turns = browser.findElements(By.cssSelector("#rag-history .turn"));
    assertThat(turns.get(0).findElement(By.cssSelector(".q")).getText()).contains("pg_dump");
    assertThat(turns.get(1).findElement(By.cssSelector(".q")).getText()).contains("TCP port");

    ask("   ");
    WebElement error = browser.findElement(By.id("rag-error"));
    wait.until(ExpectedConditions.textToBePresentInElement(error, "question is empty"));
    assertThat(error.getText()).startsWith("400");
    assertThat(browser.findElements(By.cssSelector("#rag-history .turn"))).hasSize(2);
  }
}
