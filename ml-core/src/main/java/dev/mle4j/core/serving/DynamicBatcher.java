package dev.mle4j.core.serving;

import dev.mle4j.core.MlException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges single requests into batches for a model's batch call.
 *
 * <p>{@link #submit} puts a request into a bounded queue and returns at once; when the queue is
 * full the returned future is already failed with {@link BatcherFullException} (the caller never
 * blocks and the queue never grows past its capacity). A worker thread takes the first waiting
 * request, then collects more until the batch holds {@code maxBatchSize} requests or {@code
 * maxQueueDelay} has passed since that first request arrived, calls the handler once for the whole
 * batch and completes every request's future with its own output (outputs are matched to requests
 * by index). If the handler throws, every request of the batch fails with that exception; if it
 * returns a list of the wrong size, every request of the batch fails with {@link
 * BatchMismatchException}. Either way the worker goes on with the next batch.
 *
 * <p>With {@linkplain Builder#preferredBatchSizes preferred batch sizes} (like Triton's dynamic
 * batcher) a worker dispatches a batch as soon as it holds one of those sizes and no further
 * request is waiting in the queue at that moment, instead of waiting out {@code maxQueueDelay};
 * otherwise it keeps collecting as above. Without preferred sizes only {@code maxBatchSize} and
 * {@code maxQueueDelay} end the collection.
 *
 * <p>With a {@linkplain Builder#maxQueueWait maximum queue wait} (load shedding, default off) a
 * request that has already waited longer than that when a worker takes it out of the queue is not
 * run: its future fails with {@link QueueWaitExceededException} (a {@link BatcherFullException}),
 * so that a server answers it like a full queue instead of answering it late. Shed requests are
 * counted in {@link #shedCount()}.
 *
 * <p>{@code workers} (default 1) worker threads form and run batches side by side, like model
 * instances in Triton: use 1 for a model whose batch call already uses every core (ONNX Runtime,
 * PyTorch), and more for a model whose batch call runs on one thread (Tribuo, plain Java), so that
 * batching does not leave cores idle.
 *
 * <p>Futures are completed on the worker thread: attach heavy continuations with the {@code *Async}
 * methods of {@link CompletableFuture}.
 *
 * <p>{@link #close()} stops accepting requests (later submits fail with {@link
 * BatcherClosedException}), processes every request accepted before, then stops the worker.
 *
 * @param <I> input type of one request
 * @param <O> output type of one request
 */
public final class DynamicBatcher<I, O> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

  /** How long the idle worker waits before it checks again whether it must stop. */
  private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final String name;
  private final int maxBatchSize;
  private final long maxQueueDelayNanos;
  private final int queueCapacity;
  private final int[] preferredBatchSizes;
  private final boolean[] preferred;
  private final Duration maxQueueWait;
  private final long maxQueueWaitNanos;
  private final int workerCount;
  private final Function<List<I>, List<O>> handler;
  private final BatchListener listener;
  private final ArrayBlockingQueue<Pending<I, O>> queue;
  private final List<Thread> workers;

  /** Submits between their check of {@link #closed} and the end of their enqueue. */
  private final AtomicInteger submitting = new AtomicInteger();

  /** Requests failed because they waited longer than {@link #maxQueueWaitNanos}. */
  private final AtomicLong shed = new AtomicLong();

  private final Object closeLock = new Object();

  /** No new requests are accepted once set. */
  private volatile boolean closed;

  /** Set once no submit can enqueue any more: the worker stops when the queue is empty. */
  private volatile boolean draining;

  private record Pending<I, O>(I input, CompletableFuture<O> future, long arrivedNanos) {}

  private DynamicBatcher(Builder<I, O> b) {
    this.name = b.name;
    this.maxBatchSize = b.maxBatchSize;
    this.maxQueueDelayNanos = b.maxQueueDelay.toNanos();
    this.queueCapacity = b.queueCapacity;
    this.preferredBatchSizes = b.preferredBatchSizes.clone();
    for (int size : preferredBatchSizes) {
      if (size > maxBatchSize) {
        throw new MlException(
            "preferred batch size "
                + size
                + " exceeds maxBatchSize "
                + maxBatchSize
                + "; preferred sizes must be in 1.."
                + maxBatchSize);
      }
    }
    this.preferred = new boolean[maxBatchSize + 1];
    for (int size : preferredBatchSizes) {
      preferred[size] = true;
    }
    this.maxQueueWait = b.maxQueueWait;
    this.maxQueueWaitNanos = b.maxQueueWait == null ? Long.MAX_VALUE : b.maxQueueWait.toNanos();
    this.workerCount = b.workers;
    this.handler = b.handler;
    this.listener = b.listener;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    List<Thread> threads = new ArrayList<>(b.workers);
    for (int i = 0; i < b.workers; i++) {
      Thread t = new Thread(this::runWorker, "mle4j-batcher-" + name + "-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    this.workers = List.copyOf(threads);
    this.workers.forEach(Thread::start);
  }

  /**
   * Starts a builder.
   *
   * @param handler the model's batch call: one output per input, in input order
   * @param <I> input type of one request
   * @param <O> output type of one request
   * @return the builder
   */
  public static <I, O> Builder<I, O> builder(Function<List<I>, List<O>> handler) {
    return new Builder<>(handler);
  }

  /**
   * Queues one request without blocking.
   *
   * @param input the request's input
   * @return its output once its batch has run; already failed with {@link BatcherFullException}
   *     when the queue is full or with {@link BatcherClosedException} after {@link #close()}
   */
  public CompletableFuture<O> submit(I input) {
    Objects.requireNonNull(input, "input");
    if (closed) {
      return CompletableFuture.failedFuture(new BatcherClosedException(name));
    }
    // closed is checked again after the increment: close() waits only for submits that saw it
    // false there, and none can start after it was set
    submitting.incrementAndGet();
    try {
      if (closed) {
        return CompletableFuture.failedFuture(new BatcherClosedException(name));
      }
      CompletableFuture<O> future = new CompletableFuture<>();
      if (!queue.offer(new Pending<>(input, future, System.nanoTime()))) {
        return CompletableFuture.failedFuture(new BatcherFullException(name, queueCapacity));
      }
      return future;
    } finally {
      submitting.decrementAndGet();
    }
  }

  /**
   * Number of requests waiting in the queue (not counting the batch being run).
   *
   * @return the queue depth
   */
  public int queueDepth() {
    return queue.size();
  }

  /**
   * Whether the batcher accepts requests and its worker thread runs.
   *
   * @return {@code true} until {@link #close()} is called or the worker died
   */
  public boolean isRunning() {
    return !closed && workers.stream().allMatch(Thread::isAlive);
  }

  /**
   * The batcher's name (used in thread names and messages).
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Largest number of requests per batch.
   *
   * @return the maximum batch size
   */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /**
   * Number of requests the queue holds at most.
   *
   * @return the queue capacity
   */
  public int queueCapacity() {
    return queueCapacity;
  }

  /**
   * Longest time the first request of a batch waits for others to join it.
   *
   * @return the maximum queue delay
   */
  public Duration maxQueueDelay() {
    return Duration.ofNanos(maxQueueDelayNanos);
  }

  /**
   * Batch sizes that are dispatched without waiting out the queue delay, ascending.
   *
   * @return the preferred sizes; empty when none were set
   */
  public List<Integer> preferredBatchSizes() {
    return Arrays.stream(preferredBatchSizes).boxed().toList();
  }

  /**
   * Longest time a request may wait in the queue before it is shed.
   *
   * @return the limit, or empty when load shedding is off
   */
  public Optional<Duration> maxQueueWait() {
    return Optional.ofNullable(maxQueueWait);
  }

  /**
   * Number of worker threads that form and run batches.
   *
   * @return the worker count
   */
  public int workers() {
    return workerCount;
  }

  /**
   * Requests failed so far because they waited longer than {@link #maxQueueWait()} in the queue.
   *
   * @return the count of shed requests
   */
  public long shedCount() {
    return shed.get();
  }

  /**
   * Stops accepting requests, runs every request accepted before and stops the worker thread.
   * Returns once all accepted requests are completed. Calling it again does nothing.
   */
  @Override
  public void close() {
    synchronized (closeLock) {
      if (!closed) {
        closed = true;
        // a submit that saw closed == false may still be enqueuing: wait for it
        while (submitting.get() > 0) {
          Thread.onSpinWait();
        }
        draining = true;
      }
    }
    if (workers.contains(Thread.currentThread())) {
      return;
    }
    boolean interrupted = false;
    for (Thread worker : workers) {
      while (worker.isAlive()) {
        try {
          worker.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void runWorker() {
    List<Pending<I, O>> batch = new ArrayList<>(maxBatchSize);
    while (true) {
      Pending<I, O> first;
      try {
        first = queue.poll(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        // nobody but close() may stop this thread, and close() does not interrupt it
        continue;
      }
      if (first == null) {
        if (draining && queue.isEmpty()) {
          LOG.debug("batcher '{}' stopped", name);
          return;
        }
        continue;
      }
      if (!admit(first, System.nanoTime())) {
        continue;
      }
      batch.add(first);
      collect(batch, first.arrivedNanos() + maxQueueDelayNanos);
      long dispatched = System.nanoTime();
      int depthAfter = queue.size();
      try {
        runBatch(batch, dispatched - first.arrivedNanos(), depthAfter);
      } catch (Throwable t) { // never let the worker die with requests waiting
        LOG.error("batcher '{}': unexpected failure while completing a batch", name, t);
        for (Pending<I, O> p : batch) {
          p.future().completeExceptionally(t);
        }
      }
      batch.clear();
    }
  }

  private void collect(List<Pending<I, O>> batch, long deadlineNanos) {
    List<Pending<I, O>> drained = new ArrayList<>(maxBatchSize);
    while (batch.size() < maxBatchSize) {
      drainFresh(batch, drained);
      if (batch.size() >= maxBatchSize || draining) {
        return;
      }
      if (preferred[batch.size()] && queue.isEmpty()) {
        return; // a preferred size and nobody else waiting: do not wait out the delay
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        return;
      }
      Pending<I, O> next;
      try {
        // wait in slices, so that close() does not wait out a long queue delay
        next = queue.poll(Math.min(remaining, IDLE_POLL_NANOS), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (next == null) {
        continue;
      }
      if (admit(next, System.nanoTime())) {
        batch.add(next);
      }
    }
  }

  /** Moves waiting requests into the batch until it is full or the queue is empty. */
  private void drainFresh(List<Pending<I, O>> batch, List<Pending<I, O>> drained) {
    while (batch.size() < maxBatchSize) {
      drained.clear();
      if (queue.drainTo(drained, maxBatchSize - batch.size()) == 0) {
        return;
      }
      long now = System.nanoTime();
      for (Pending<I, O> p : drained) {
        if (admit(p, now)) {
          batch.add(p);
        }
      }
    }
  }

  /**
   * Whether a request taken out of the queue may run; fails it when it waited too long.
   *
   * @return false if the request was shed
   */
  private boolean admit(Pending<I, O> p, long nowNanos) {
    long waited = nowNanos - p.arrivedNanos();
    if (waited <= maxQueueWaitNanos) {
      return true;
    }
    shed.incrementAndGet();
    p.future()
        .completeExceptionally(
            new QueueWaitExceededException(
                name, TimeUnit.NANOSECONDS.toMillis(waited), maxQueueWait.toMillis()));
    return false;
  }

  private void runBatch(List<Pending<I, O>> batch, long collectNanos, int depthAfter) {
    List<I> inputs = new ArrayList<>(batch.size());
    for (Pending<I, O> p : batch) {
      inputs.add(p.input());
    }
    long start = System.nanoTime();
    List<O> outputs = null;
    Throwable failure = null;
    try {
      outputs = handler.apply(List.copyOf(inputs));
    } catch (Throwable t) { // a failing model fails its batch, not the worker
      failure = t;
    }
    long inferNanos = System.nanoTime() - start;
    if (failure == null && (outputs == null || outputs.size() != batch.size())) {
      failure =
          new BatchMismatchException(name, outputs == null ? -1 : outputs.size(), batch.size());
    }
    // stats first, so that whoever sees a result also sees its batch in the statistics
    try {
      listener.onBatch(new BatchStats(batch.size(), collectNanos, inferNanos, depthAfter));
    } catch (RuntimeException e) {
      LOG.warn("batcher '{}': batch listener failed", name, e);
    }
    if (failure != null) {
      LOG.debug("batcher '{}': batch of {} failed: {}", name, batch.size(), failure.toString());
      for (Pending<I, O> p : batch) {
        p.future().completeExceptionally(failure);
      }
    } else {
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).future().complete(outputs.get(i));
      }
    }
  }

  /**
   * Options of a {@link DynamicBatcher}.
   *
   * @param <I> input type of one request
   * @param <O> output type of one request
   */
  public static final class Builder<I, O> {
    private final Function<List<I>, List<O>> handler;
    private String name = "batcher";
    private int maxBatchSize = 32;
    private Duration maxQueueDelay = Duration.ofMillis(5);
    private int queueCapacity = 1024;
    private BatchListener listener = BatchListener.NONE;
    private int workers = 1;
    private int[] preferredBatchSizes = new int[0];
    private Duration maxQueueWait;

    private Builder(Function<List<I>, List<O>> handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Name used in the worker thread's name and in messages (default {@code batcher}).
     *
     * @param name the name
     * @return this builder
     */
    public Builder<I, O> name(String name) {
      if (name == null || name.isBlank()) {
        throw new MlException("batcher name must not be empty");
      }
      this.name = name;
      return this;
    }

    /**
     * Largest number of requests per batch (default 32).
     *
     * @param maxBatchSize at least 1
     * @return this builder
     */
    public Builder<I, O> maxBatchSize(int maxBatchSize) {
      if (maxBatchSize < 1) {
        throw new MlException("maxBatchSize must be at least 1, got " + maxBatchSize);
      }
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    /**
     * Longest time the first request of a batch waits for others to join it (default 5 ms).
     *
     * @param maxQueueDelay zero or positive
     * @return this builder
     */
    public Builder<I, O> maxQueueDelay(Duration maxQueueDelay) {
      if (maxQueueDelay == null || maxQueueDelay.isNegative()) {
        throw new MlException("maxQueueDelay must be zero or positive, got " + maxQueueDelay);
      }
      this.maxQueueDelay = maxQueueDelay;
      return this;
    }

    /**
     * Number of requests that may wait in the queue (default 1024); more are rejected.
     *
     * @param queueCapacity at least 1
     * @return this builder
     */
    public Builder<I, O> queueCapacity(int queueCapacity) {
      if (queueCapacity < 1) {
        throw new MlException("queueCapacity must be at least 1, got " + queueCapacity);
      }
      this.queueCapacity = queueCapacity;
      return this;
    }

    /**
     * Callback after every batch (default none).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder<I, O> listener(BatchListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Worker threads that form and run batches in parallel (default 1).
     *
     * @param workers at least 1
     * @return this builder
     */
    public Builder<I, O> workers(int workers) {
      if (workers < 1 || workers > 256) {
        throw new MlException("workers must be in 1..256, got " + workers);
      }
      this.workers = workers;
      return this;
    }

    /**
     * Batch sizes to dispatch at once (default none): a worker that has collected one of these many
     * requests sends the batch to the model right away when no further request is waiting, instead
     * of waiting for {@code maxQueueDelay} to pass; with more requests waiting it keeps collecting.
     * Like the preferred batch sizes of Triton's dynamic batcher, this suits models that run
     * fastest at certain sizes while still allowing a long queue delay.
     *
     * @param sizes ascending, distinct, each in 1..maxBatchSize (checked by {@link #build()}); none
     *     to clear
     * @return this builder
     */
    public Builder<I, O> preferredBatchSizes(int... sizes) {
      Objects.requireNonNull(sizes, "sizes");
      for (int i = 0; i < sizes.length; i++) {
        if (sizes[i] < 1) {
          throw new MlException("preferred batch sizes must be at least 1, got " + sizes[i]);
        }
        if (i > 0 && sizes[i] <= sizes[i - 1]) {
          throw new MlException(
              "preferred batch sizes must be ascending and distinct, got "
                  + Arrays.toString(sizes));
        }
      }
      this.preferredBatchSizes = sizes.clone();
      return this;
    }

    /**
     * Sheds load (default off): a request that has waited longer than this in the queue when a
     * worker takes it is failed with {@link QueueWaitExceededException} instead of being run late.
     *
     * @param maxQueueWait positive, or {@code null} to turn shedding off
     * @return this builder
     */
    public Builder<I, O> maxQueueWait(Duration maxQueueWait) {
      if (maxQueueWait != null && (maxQueueWait.isNegative() || maxQueueWait.isZero())) {
        throw new MlException(
            "maxQueueWait must be positive (or null for off), got " + maxQueueWait);
      }
      this.maxQueueWait = maxQueueWait;
      return this;
    }

    /**
     * Creates the batcher and starts its worker threads.
     *
     * @return the running batcher
     * @throws MlException if a preferred batch size exceeds the maximum batch size
     */
    public DynamicBatcher<I, O> build() {
      return new DynamicBatcher<>(this);
    }
  }
}
