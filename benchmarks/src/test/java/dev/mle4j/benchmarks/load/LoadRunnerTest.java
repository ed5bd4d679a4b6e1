package dev.mle4j.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadRunnerTest {
  private HttpServer server;
  private ExecutorService serverThreads;
  private final AtomicLong okHits = new AtomicLong();
  private final Set<String> bodiesSeen = ConcurrentHashMap.newKeySet();
  private final Set<String> headersSeen = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void startServer() throws IOException {
    serverThreads = Executors.newVirtualThreadPerTaskExecutor();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    server.setExecutor(serverThreads);
    server.createContext(
        "/ok",
        exchange -> {
          okHits.incrementAndGet();
          bodiesSeen.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          String h = exchange.getRequestHeaders().getFirst("X-Test");
          if (h != null) {
            headersSeen.add(h);
          }
          respond(exchange, 200, "{\"label\":\"ok\"}");
        });
    server.createContext(
        "/flaky",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          respond(exchange, body.equals("fail") ? 500 : 200, "x");
        });
    server.createContext(
        "/slow",
        exchange -> {
          try {
            Thread.sleep(2_000);
            respond(exchange, 200, "late");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    serverThreads.shutdownNow();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private LoadTarget post(String name, String path) {
    return new LoadTarget(
        name,
        url(path),
        "POST",
        "application/json",
        List.of(bytes("{\"text\":\"a\"}"), bytes("{\"text\":\"b\"}"), bytes("{\"text\":\"c\"}")),
        Map.of("X-Test", name));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static LoadRunner.Builder quick() {
    return LoadRunner.builder()
        .concurrencyLevels(1, 4)
        // without warm-up every request sent is measured, and each user sends at least one
        .warmUp(Duration.ZERO)
        .duration(Duration.ofMillis(300))
        .requestTimeout(Duration.ofSeconds(5));
  }

  @Test
  void healthyServerCountsAddUpWithoutErrors() {
    LoadReport report = quick().target(post("svc", "/ok")).build().run();

    assertThat(report.results()).hasSize(2);
    assertThat(report.results()).extracting(LevelResult::concurrency).containsExactly(1, 4);
    long measured = 0;
    for (LevelResult r : report.results()) {
      assertThat(r.target()).isEqualTo("svc");
      assertThat(r.requests()).isGreaterThanOrEqualTo(r.concurrency());
      assertThat(r.errors()).isZero();
      assertThat(r.errorsByKind()).isEmpty();
      assertThat(r.durationSeconds()).isPositive();
      assertThat(r.throughputPerS()).isPositive();
      assertThat(r.p50Ms()).isPositive();
      assertThat(r.p50Ms()).isLessThanOrEqualTo(r.p95Ms());
      assertThat(r.p95Ms()).isLessThanOrEqualTo(r.p99Ms());
      assertThat(r.p99Ms()).isLessThanOrEqualTo(r.maxMs());
      assertThat(r.meanMs()).isPositive().isLessThanOrEqualTo(r.maxMs());
      // throughput is exactly the successful requests over the measured time
      assertThat(r.throughputPerS()).isCloseTo(r.requests() / r.durationSeconds(), offset(1e-6));
      measured += r.requests();
    }
    // without warm-up the server saw exactly the measured requests
    assertThat(okHits.get()).isEqualTo(measured);
    Set<String> sent = Set.of("{\"text\":\"a\"}", "{\"text\":\"b\"}", "{\"text\":\"c\"}");
    assertThat(bodiesSeen).isNotEmpty().isSubsetOf(sent);
    if (report.results().stream().anyMatch(r -> r.requests() >= 3)) {
      assertThat(bodiesSeen).isEqualTo(sent);
    }
    assertThat(headersSeen).containsExactly("svc");
  }

  @Test
  void warmUpRequestsAreSentButNotMeasured() {
    LoadReport report =
        quick()
            .concurrencyLevels(2)
            .warmUp(Duration.ofMillis(200))
            .duration(Duration.ofMillis(200))
            .target(post("warm", "/ok"))
            .build()
            .run();

    LevelResult r = report.results().get(0);
    assertThat(r.errors()).isZero();
    // each user sends at least one request; the server sees warm-up and measured ones
    assertThat(okHits.get()).isGreaterThanOrEqualTo(2).isGreaterThanOrEqualTo(r.requests());
  }

  @Test
  void non2xxResponsesAreCountedByStatus() {
    // bodies rotate from the first one at every level, and without warm-up every request sent
    // is measured: requests 0, 3, 6, ... carry "fail" and get a 500
    LoadTarget flaky =
        new LoadTarget(
            "flaky",
            url("/flaky"),
            "POST",
            "text/plain",
            List.of(bytes("fail"), bytes("ok-1"), bytes("ok-2")),
            Map.of());
    LoadReport report = quick().target(flaky).build().run();

    for (LevelResult r : report.results()) {
      assertThat(r.requests()).isPositive();
      assertThat(r.errors()).isEqualTo((r.requests() + 2) / 3);
      assertThat(r.errorsByKind()).containsExactly(Map.entry("http_500", r.errors()));
      // failed responses still have latencies; throughput counts only the 2xx ones
      assertThat(r.p50Ms()).isPositive();
      assertThat(r.throughputPerS())
          .isCloseTo((r.requests() - r.errors()) / r.durationSeconds(), offset(1e-6));
    }
  }

  @Test
  void slowResponsesAreCountedAsTimeouts(@TempDir Path dir) throws IOException {
    LoadReport report =
        quick()
            .warmUp(Duration.ZERO)
            .requestTimeout(Duration.ofMillis(100))
            .target(LoadTarget.get("slow", url("/slow")))
            .build()
            .run();

    for (LevelResult r : report.results()) {
      assertThat(r.requests()).isPositive();
      assertThat(r.errors()).isEqualTo(r.requests());
      assertThat(r.errorsByKind()).containsOnlyKeys(LevelResult.ERROR_TIMEOUT);
      assertThat(r.throughputPerS()).isZero();
      assertThat(r.p50Ms()).isNaN();
    }
    // unmeasured latencies are null in JSON, empty in CSV, n/a in Markdown; no latency chart
    JsonNode json = new ObjectMapper().readTree(report.writeJson(dir.resolve("m.json")).toFile());
    assertThat(json.at("/models/slow@c1/p50_ms").isNull()).isTrue();
    assertThat(json.at("/models/slow@c1/errors").asLong())
        .isEqualTo(report.results().get(0).errors());
    List<String> csv = Files.readAllLines(report.writeCsv(dir.resolve("r.csv")));
    assertThat(csv.get(1)).endsWith(",,,,,");
    assertThat(report.toMarkdownTable()).contains("n/a");
    assertThat(report.writeCharts(dir.resolve("charts")))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("throughput.png");
  }

  @Test
  void refusedConnectionsAreCounted() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    LoadReport report =
        quick()
            .concurrencyLevels(2)
            .warmUp(Duration.ZERO)
            .target(LoadTarget.get("down", URI.create("http://127.0.0.1:" + closedPort + "/")))
            .build()
            .run();

    LevelResult r = report.results().get(0);
    assertThat(r.requests()).isPositive();
    assertThat(r.errors()).isEqualTo(r.requests());
    assertThat(r.errorsByKind()).containsOnlyKeys(LevelResult.ERROR_CONNECTION);
  }

  @Test
  void requestCapBoundsEachLevel() {
    LoadReport report =
        quick()
            .concurrencyLevels(3)
            .warmUp(Duration.ZERO)
            .duration(Duration.ofSeconds(5))
            .maxRequestsPerLevel(5)
            .target(post("capped", "/ok"))
            .build()
            .run();

    LevelResult r = report.results().get(0);
    assertThat(r.requests()).isPositive().isLessThanOrEqualTo(5);
    // without warm-up every request the server saw was measured
    assertThat(okHits.get()).isEqualTo(r.requests());
  }

  @Test
  void twoTargetsAreBothMeasuredAndReportsAreWritten(@TempDir Path dir) throws IOException {
    LoadReport report =
        quick()
            .thinkTime(Duration.ofMillis(2))
            .targets(List.of(post("unbatched", "/ok"), post("batched", "/ok")))
            .build()
            .run();

    assertThat(report.results())
        .extracting(LevelResult::key)
        .containsExactly("unbatched@c1", "batched@c1", "unbatched@c4", "batched@c4");
    assertThat(report.results()).allSatisfy(r -> assertThat(r.requests()).isPositive());
    assertThat(headersSeen).containsExactlyInAnyOrder("unbatched", "batched");

    Path csv = report.writeCsv(dir.resolve("out/load.csv"));
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0))
        .isEqualTo(
            "target,concurrency,requests,errors,errors_by_kind,duration_s,throughput_per_s,"
                + "p50_ms,p95_ms,p99_ms,max_ms,mean_ms");
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",", -1);
      assertThat(cells).hasSize(12);
      LevelResult r = report.results().get(i - 1);
      assertThat(cells[0]).isEqualTo(r.target());
      assertThat(Integer.parseInt(cells[1])).isEqualTo(r.concurrency());
      assertThat(Long.parseLong(cells[2])).isEqualTo(r.requests());
      assertThat(Long.parseLong(cells[3])).isEqualTo(r.errors());
      assertThat(Double.parseDouble(cells[6])).isPositive();
    }

    JsonNode json =
        new ObjectMapper().readTree(report.writeJson(dir.resolve("metrics.json")).toFile());
    assertThat(json.get("task").asText()).isEqualTo("loadtest");
    assertThat(json.get("models").size()).isEqualTo(4);
    for (LevelResult r : report.results()) {
      JsonNode m = json.get("models").get(r.key());
      assertThat(m).as(r.key()).isNotNull();
      assertThat(m.get("throughput_per_s").isNumber()).isTrue();
      assertThat(m.get("throughput_per_s").asDouble()).isEqualTo(r.throughputPerS());
      assertThat(m.get("p50_ms").asDouble()).isEqualTo(r.p50Ms());
      assertThat(m.get("p95_ms").asDouble()).isEqualTo(r.p95Ms());
      assertThat(m.get("p99_ms").asDouble()).isEqualTo(r.p99Ms());
      assertThat(m.get("errors").asLong()).isEqualTo(r.errors());
    }

    List<Path> charts = report.writeCharts(dir.resolve("charts"));
    assertThat(charts)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("throughput.png", "latency-unbatched.png", "latency-batched.png");
    for (Path png : charts) {
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image).as(png.toString()).isNotNull();
      assertThat(image.getWidth()).isPositive();
      assertThat(image.getHeight()).isPositive();
    }

    String md = report.toMarkdownTable();
    assertThat(md.lines()).hasSize(2 + 4);
    assertThat(md).contains("| unbatched | 1 |").contains("| batched | 4 |");
  }

  @Test
  void targetOrderRotatesPerLevel() {
    assertThat(LoadRunner.executionOrder(0, 2)).containsExactly(0, 1);
    assertThat(LoadRunner.executionOrder(1, 2)).containsExactly(1, 0);
    assertThat(LoadRunner.executionOrder(2, 2)).containsExactly(0, 1);
    assertThat(LoadRunner.executionOrder(1, 3)).containsExactly(1, 2, 0);
    assertThat(LoadRunner.executionOrder(5, 1)).containsExactly(0);
  }
}
