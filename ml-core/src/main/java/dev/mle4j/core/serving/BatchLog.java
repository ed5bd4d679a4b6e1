package dev.mle4j.core.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.MlException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON line per model batch to a file on a background thread: {@link #offer} never
 * blocks (a full queue drops the line and counts it), and {@link #close()} writes every accepted
 * line before it returns.
 */
final class BatchLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BatchLog.class);
  private static final int CAPACITY = 8192;

  private record Entry(Instant time, String model, String version, BatchStats stats) {}

  private final Path file;
  private final ObjectMapper mapper;
  private final BufferedWriter writer;
  private final ArrayBlockingQueue<Entry> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;

  BatchLog(Path file, ObjectMapper mapper) {
    this.file = file;
    this.mapper = mapper;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.writer =
          Files.newBufferedWriter(
              file,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new MlException("cannot open batch log " + file + ": " + e.getMessage(), e);
    }
    this.thread = new Thread(this::run, "mle4j-batch-log");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues one line; drops it when the queue is full or the log is closed. */
  void offer(String model, String version, BatchStats stats) {
    if (closed || !queue.offer(new Entry(Instant.now(), model, version, stats))) {
      dropped.incrementAndGet();
    }
  }

  long dropped() {
    return dropped.get();
  }

  int queueDepth() {
    return queue.size();
  }

  private void run() {
    boolean failed = false;
    while (true) {
      Entry e;
      try {
        e = queue.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException ex) {
        continue; // only close() stops this thread
      }
      if (e == null) {
        if (closed && queue.isEmpty()) {
          return;
        }
        continue;
      }
      if (failed) {
        dropped.incrementAndGet();
        continue;
      }
      try {
        writer.write(line(e));
        writer.newLine();
        if (queue.isEmpty()) {
          writer.flush();
        }
      } catch (IOException ex) {
        failed = true;
        dropped.incrementAndGet();
        LOG.error("batch log {}: cannot write, later batches are dropped", file, ex);
      }
    }
  }

  private String line(Entry e) throws IOException {
    ObjectNode o = mapper.createObjectNode();
    o.put("time", e.time().toString());
    o.put("model", e.model());
    o.put("version", e.version());
    o.put("size", e.stats().size());
    o.put("collect_ms", e.stats().collectNanos() / 1e6);
    o.put("infer_ms", e.stats().inferNanos() / 1e6);
    o.put("queue_depth_after", e.stats().queueDepthAfter());
    return mapper.writeValueAsString(o);
  }

  @Override
  public void close() {
    closed = true;
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      writer.close();
    } catch (IOException e) {
      LOG.warn("batch log {}: cannot close", file, e);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
