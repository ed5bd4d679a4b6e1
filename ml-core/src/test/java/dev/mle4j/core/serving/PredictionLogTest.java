package dev.mle4j.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class PredictionLogTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static PredictionRecord record(int i) {
    return new PredictionRecord(
        Instant.parse("2024-01-02T03:04:05Z"),
        "req-" + i,
        "spam",
        "v1",
        JSON.createObjectNode().put("text", "message " + i),
        i % 2 == 0 ? "ham" : "spam",
        0.75,
        1.5);
  }

  @Test
  void writesOneJsonObjectPerLine() throws Exception {
    Path file = dir.resolve("logs/predictions.jsonl");
    try (PredictionLog log = PredictionLog.builder(file).build()) {
      assertThat(log.offer(record(1))).isTrue();
      assertThat(log.offer(record(2))).isTrue();
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.get("timestamp").asText()).isEqualTo("2024-01-02T03:04:05Z");
    assertThat(first.get("request_id").asText()).isEqualTo("req-1");
    assertThat(first.get("model").asText()).isEqualTo("spam");
    assertThat(first.get("version").asText()).isEqualTo("v1");
    assertThat(first.get("input").get("text").asText()).isEqualTo("message 1");
    assertThat(first.get("label").asText()).isEqualTo("spam");
    assertThat(first.get("confidence").asDouble()).isEqualTo(0.75);
    assertThat(first.get("latency_ms").asDouble()).isEqualTo(1.5);
  }

  @Test
  void appendsToAnExistingFile() throws Exception {
    Path file = dir.resolve("p.jsonl");
    try (PredictionLog log = PredictionLog.builder(file).build()) {
      log.offer(record(1));
    }
    try (PredictionLog log = PredictionLog.builder(file).build()) {
      log.offer(record(2));
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  @Test
  void closeWritesEveryAcceptedRecordEvenWhileOthersAreStillOffering() throws Exception {
    Path file = dir.resolve("many.jsonl");
    PredictionLog log = PredictionLog.builder(file).capacity(2_000).build();
    CountDownLatch halfway = new CountDownLatch(4);
    AtomicInteger offered = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (int t = 0; t < 4; t++) {
        int thread = t;
        pool.submit(
            () -> {
              for (int i = 0; i < 2500; i++) {
                if (i == 1250) {
                  halfway.countDown();
                }
                log.offer(record(thread * 10_000 + i));
                offered.incrementAndGet();
              }
            });
      }
      halfway.await();
      log.close();
    }
    assertThat(offered.get()).isEqualTo(10_000);
    assertThat(log.accepted() + log.dropped()).isEqualTo(10_000);
    assertThat(log.accepted()).isGreaterThanOrEqualTo(2_000);
    List<String> lines = Files.readAllLines(file);
    assertThat((long) lines.size()).isEqualTo(log.accepted()).isEqualTo(log.written());
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      ids.add(JSON.readTree(line).get("request_id").asText());
    }
    assertThat(ids).hasSize(lines.size());
    assertThat(log.offer(record(1))).isFalse();
  }

  @Test
  void tenThousandAcceptedRecordsAreAllWritten() throws Exception {
    Path file = dir.resolve("10k.jsonl");
    PredictionLog log = PredictionLog.builder(file).capacity(10_000).build();
    int accepted = 0;
    for (int i = 0; i < 10_000; i++) {
      if (log.offer(record(i))) {
        accepted++;
      }
    }
    log.close();
    assertThat(accepted).isEqualTo(10_000);
    assertThat(Files.readAllLines(file)).hasSize(10_000);
    assertThat(log.dropped()).isZero();
  }

  @Test
  void offerNeverBlocksWhenTheWriterIsStuck() throws Exception {
    CountDownLatch writerStuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    OutputStream slowSink =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            writerStuck.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
            synchronized (written) {
              written.write(b, off, len);
            }
          }
        };
    PredictionLog log = PredictionLog.builder(slowSink, "slow sink").capacity(100).build();
    assertThat(log.offer(record(0))).isTrue();
    writerStuck.await(); // the writer holds record 0 and cannot write it
    int accepted = 1;
    int rejected = 0;
    for (int i = 1; i <= 150; i++) {
      if (log.offer(record(i))) {
        accepted++;
      } else {
        rejected++;
      }
    }
    assertThat(accepted).isEqualTo(101);
    assertThat(rejected).isEqualTo(50);
    assertThat(log.dropped()).isEqualTo(50);
    assertThat(log.queueDepth()).isEqualTo(100);
    release.countDown();
    log.close();
    String text;
    synchronized (written) {
      text = written.toString(StandardCharsets.UTF_8);
    }
    assertThat(text.lines()).hasSize(101);
  }

  @Test
  void flushesWithoutClose() throws Exception {
    Path file = dir.resolve("live.jsonl");
    try (PredictionLog log = PredictionLog.builder(file).build()) {
      log.offer(record(7));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (Files.size(file) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(Files.readAllLines(file)).hasSize(1);
    }
  }

  @Test
  void unwritableFileIsReportedWithItsPath() throws Exception {
    Path notADir = dir.resolve("file");
    Files.writeString(notADir, "x");
    assertThatThrownBy(() -> PredictionLog.builder(notADir.resolve("p.jsonl")).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining(notADir.resolve("p.jsonl").toString());
    assertThatThrownBy(() -> PredictionLog.builder(dir.resolve("x")).capacity(0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("capacity");
  }
}
