package dev.mle4j.tabular.pipeline;

import dev.mle4j.core.MlException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job (typically {@code runner.run(pipeline, config)}) at the fire times of a cron
 * expression on one scheduled thread. The thread wakes every poll interval, and {@link #poll()}
 * runs the job when the clock has passed the next fire time. Runs never overlap: a fire time that
 * comes while a run is still going is skipped (counted in {@link #skipped()}), and after each run
 * the next fire time is computed from the current clock, so missed fire times are not replayed.
 */
public final class Scheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  private final CronExpression cron;
  private final Runnable job;
  private final Clock clock;
  private final Duration pollInterval;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicInteger runs = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private volatile Instant nextFire;
  private ScheduledExecutorService executor;

  /**
   * Creates a scheduler; nothing runs until {@link #start()} or {@link #poll()}.
   *
   * @param cron when to run
   * @param job what to run (exceptions are logged, the schedule continues)
   * @param clock the clock (UTC)
   * @param pollInterval how often the thread checks the clock
   */
  public Scheduler(CronExpression cron, Runnable job, Clock clock, Duration pollInterval) {
    this.cron = Objects.requireNonNull(cron, "cron");
    this.job = Objects.requireNonNull(job, "job");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new MlException("poll interval must be positive, got " + pollInterval);
    }
    this.pollInterval = pollInterval;
    this.nextFire = cron.next(clock.instant());
  }

  /**
   * A scheduler that runs a pipeline with a fixed configuration, polling every second.
   *
   * @param cron when to run
   * @param runner the runner (cached tasks are skipped, so an unchanged pipeline costs little)
   * @param pipeline the pipeline
   * @param config its configuration
   * @param clock the clock
   * @return the scheduler (not started)
   */
  public static Scheduler forPipeline(
      CronExpression cron,
      PipelineRunner runner,
      Pipeline pipeline,
      Map<String, String> config,
      Clock clock) {
    Map<String, String> cfg = Map.copyOf(config);
    return new Scheduler(cron, () -> runner.run(pipeline, cfg), clock, Duration.ofSeconds(1));
  }

  /**
   * Starts the scheduled thread.
   *
   * @throws MlException if already started
   */
  public synchronized void start() {
    if (executor != null) {
      throw new MlException("scheduler already started");
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pipeline-scheduler");
              t.setDaemon(true);
              return t;
            });
    long ms = pollInterval.toMillis();
    executor.scheduleWithFixedDelay(this::poll, 0, Math.max(ms, 1), TimeUnit.MILLISECONDS);
  }

  /** Stops the scheduled thread, waiting up to a minute for a running job. */
  public synchronized void stop() {
    if (executor == null) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor = null;
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Checks the clock once and runs the job if a fire time has passed and no run is in progress.
   *
   * @return true if this call ran the job
   */
  public boolean poll() {
    Instant now = clock.instant();
    if (now.isBefore(nextFire)) {
      return false;
    }
    if (!running.compareAndSet(false, true)) {
      skipped.incrementAndGet();
      LOG.warn("fire time {} skipped: the previous run is still going", nextFire);
      nextFire = cron.next(now);
      return false;
    }
    try {
      LOG.info("scheduled run for fire time {}", nextFire);
      runs.incrementAndGet();
      job.run();
    } catch (RuntimeException e) {
      LOG.error("scheduled run failed: {}", e.toString());
    } finally {
      nextFire = cron.next(clock.instant());
      running.set(false);
    }
    return true;
  }

  /**
   * The next fire time.
   *
   * @return the instant
   */
  public Instant nextFire() {
    return nextFire;
  }

  /**
   * Jobs started so far.
   *
   * @return the count
   */
  public int runs() {
    return runs.get();
  }

  /**
   * Fire times skipped because a run was still going.
   *
   * @return the count
   */
  public int skipped() {
    return skipped.get();
  }
}
