package dev.mle4j.core.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.MlException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes served predictions as JSON lines, asynchronously.
 *
 * <p>{@link #offer} never blocks: it puts the record into a bounded queue, or, when the queue is
 * full, rejects it (returns {@code false}), counts it in {@link #dropped()} and logs a warning (at
 * most every 10 seconds). A background thread appends one JSON object per line with the fields
 * {@code timestamp, request_id, model, version, input, label, confidence, latency_ms} (a
 * regressor's records carry {@code prediction} instead of {@code label} and {@code confidence}) and
 * flushes whenever the queue runs empty and at least every flush interval (default 1 second).
 * {@link #close()} writes every accepted record, then closes the file.
 */
public final class PredictionLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);
  private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final int DRAIN_CHUNK = 1024;

  private final String target;
  private final int capacity;
  private final long flushNanos;
  private final ArrayBlockingQueue<PredictionRecord> queue;
  private final Writer out;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Thread writer;

  private final AtomicInteger offering = new AtomicInteger();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong lastDropWarn = new AtomicLong();
  private final AtomicLong lastFailWarn = new AtomicLong();
  private final Object closeLock = new Object();

  private volatile boolean closed;
  private volatile boolean draining;

  private PredictionLog(Builder b, OutputStream sink) {
    this.target = b.target;
    this.capacity = b.capacity;
    this.flushNanos = b.flushInterval.toNanos();
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.out = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), 1 << 16);
    long now = System.nanoTime();
    this.lastDropWarn.set(now - WARN_EVERY_NANOS);
    this.lastFailWarn.set(now - WARN_EVERY_NANOS);
    this.writer = new Thread(this::runWriter, "mle4j-prediction-log");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /**
   * Starts a builder for a log appended to a file (created with its parent folders if missing).
   *
   * @param file the JSONL file
   * @return the builder
   */
  public static Builder builder(Path file) {
    Objects.requireNonNull(file, "file");
    return new Builder(file, null, file.toString());
  }

  /**
   * Starts a builder for a log written to a stream, which the log closes on {@link #close()}.
   *
   * @param sink the stream
   * @param description how messages name the stream
   * @return the builder
   */
  public static Builder builder(OutputStream sink, String description) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(description, "description");
    return new Builder(null, sink, description);
  }

  /**
   * Queues a record for writing without blocking.
   *
   * @param record the record
   * @return {@code true} if accepted (it will be written); {@code false} if the queue is full or
   *     the log is closed (counted in {@link #dropped()})
   */
  public boolean offer(PredictionRecord record) {
    Objects.requireNonNull(record, "record");
    if (closed) {
      dropped.incrementAndGet();
      warnDropped("the log is closed");
      return false;
    }
    // closed is checked again after the increment: close() waits only for offers that saw it
    // false there, and none can start after it was set
    offering.incrementAndGet();
    try {
      if (closed) {
        dropped.incrementAndGet();
        warnDropped("the log is closed");
        return false;
      }
      if (!queue.offer(record)) {
        dropped.incrementAndGet();
        warnDropped("the queue is full (capacity " + capacity + ")");
        return false;
      }
      accepted.incrementAndGet();
      return true;
    } finally {
      offering.decrementAndGet();
    }
  }

  /**
   * Number of records accepted by {@link #offer}.
   *
   * @return the count
   */
  public long accepted() {
    return accepted.get();
  }

  /**
   * Number of records rejected by {@link #offer} (queue full or log closed).
   *
   * @return the count
   */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Number of records written so far (they may still sit in the write buffer until the next flush).
   *
   * @return the count
   */
  public long written() {
    return written.get();
  }

  /**
   * Number of accepted records that could not be written because of an I/O error.
   *
   * @return the count
   */
  public long failed() {
    return failed.get();
  }

  /**
   * Number of accepted records waiting to be written.
   *
   * @return the queue depth
   */
  public int queueDepth() {
    return queue.size();
  }

  /**
   * What the log writes to, as used in messages.
   *
   * @return the file path or stream description
   */
  public String target() {
    return target;
  }

  /**
   * Stops accepting records, writes every accepted one, flushes and closes the file. Calling it
   * again does nothing.
   */
  @Override
  public void close() {
    synchronized (closeLock) {
      if (!closed) {
        closed = true;
        // an offer that saw closed == false may still be enqueuing: wait for it
        while (offering.get() > 0) {
          Thread.onSpinWait();
        }
        draining = true;
      }
    }
    if (Thread.currentThread() == writer) {
      return;
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failed.get() > 0) {
      LOG.warn(
          "prediction log {}: {} of {} accepted records could not be written",
          target,
          failed.get(),
          accepted.get());
    }
  }

  private void runWriter() {
    List<PredictionRecord> chunk = new ArrayList<>(DRAIN_CHUNK);
    long lastFlush = System.nanoTime();
    boolean dirty = false;
    try {
      while (true) {
        PredictionRecord first;
        try {
          first = queue.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          // only close() stops this thread, and it does not interrupt
          continue;
        }
        if (first != null) {
          chunk.add(first);
          queue.drainTo(chunk, DRAIN_CHUNK - 1);
          for (PredictionRecord r : chunk) {
            write(r);
          }
          chunk.clear();
          dirty = true;
        }
        long now = System.nanoTime();
        if (dirty && (queue.isEmpty() || now - lastFlush >= flushNanos)) {
          flush();
          lastFlush = now;
          dirty = false;
        }
        if (first == null && draining && queue.isEmpty()) {
          return;
        }
      }
    } finally {
      flush();
      try {
        out.close();
      } catch (IOException e) {
        LOG.error("prediction log {}: cannot close: {}", target, e.toString());
      }
    }
  }

  private void write(PredictionRecord r) {
    try {
      ObjectNode line = mapper.createObjectNode();
      line.put("timestamp", r.timestamp().toString());
      line.put("request_id", r.requestId());
      line.put("model", r.model());
      line.put("version", r.version());
      line.set("input", r.input());
      if (r.isRegression()) {
        line.put("prediction", r.prediction());
      } else {
        line.put("label", r.label());
        line.put("confidence", r.confidence());
      }
      line.put("latency_ms", r.latencyMs());
      out.write(mapper.writeValueAsString(line));
      out.write('\n');
      written.incrementAndGet();
    } catch (IOException | RuntimeException e) {
      failed.incrementAndGet();
      warnFailed(e);
    }
  }

  private void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      warnFailed(e);
    }
  }

  private void warnDropped(String why) {
    if (rateLimit(lastDropWarn)) {
      LOG.warn(
          "prediction log {}: record not accepted because {}; {} dropped so far",
          target,
          why,
          dropped.get());
    }
  }

  private void warnFailed(Exception e) {
    if (rateLimit(lastFailWarn)) {
      LOG.error(
          "prediction log {}: write failed ({} records lost so far)", target, failed.get(), e);
    }
  }

  private static boolean rateLimit(AtomicLong last) {
    long now = System.nanoTime();
    long prev = last.get();
    return now - prev >= WARN_EVERY_NANOS && last.compareAndSet(prev, now);
  }

  /** Options of a {@link PredictionLog}. */
  public static final class Builder {
    private final Path file;
    private final OutputStream sink;
    private final String target;
    private int capacity = 10_000;
    private Duration flushInterval = Duration.ofSeconds(1);

    private Builder(Path file, OutputStream sink, String target) {
      this.file = file;
      this.sink = sink;
      this.target = target;
    }

    /**
     * Number of records that may wait to be written (default 10,000); more are dropped.
     *
     * @param capacity at least 1
     * @return this builder
     */
    public Builder capacity(int capacity) {
      if (capacity < 1) {
        throw new MlException("prediction log capacity must be at least 1, got " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /**
     * Longest time written records stay in the buffer under steady load (default 1 second).
     *
     * @param flushInterval positive
     * @return this builder
     */
    public Builder flushInterval(Duration flushInterval) {
      if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
        throw new MlException(
            "prediction log flushInterval must be positive, got " + flushInterval);
      }
      this.flushInterval = flushInterval;
      return this;
    }

    /**
     * Opens the file (appending) and starts the writer thread.
     *
     * @return the log
     * @throws MlException if the file cannot be opened
     */
    public PredictionLog build() {
      if (sink != null) {
        return new PredictionLog(this, sink);
      }
      try {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        OutputStream stream =
            Files.newOutputStream(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        return new PredictionLog(this, stream);
      } catch (IOException e) {
        throw new MlException("cannot open prediction log " + file + ": " + e, e);
      }
    }
  }
}
