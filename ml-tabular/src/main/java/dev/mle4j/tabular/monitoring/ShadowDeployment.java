package dev.mle4j.tabular.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.serving.PredictionLog;
import dev.mle4j.core.serving.PredictionRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a primary model and mirrors every request to a candidate ("shadow") model.
 *
 * <p>{@link #predict(String, Map)} answers with the primary's prediction. The same row is handed to
 * the candidate on a bounded executor: when its queue is full the mirror is skipped (counted in
 * {@link #candidateRejected()}), and candidate exceptions are counted ({@link #candidateErrors()})
 * and logged, so the candidate never slows down or breaks the primary. Both answers go to one
 * {@link PredictionLog} with the same request id and their own model name and version; {@link
 * ShadowComparison} reads that log. The log belongs to the caller, who closes it after {@link
 * #close()}.
 */
public final class ShadowDeployment implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShadowDeployment.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Model primary;
  private final Model candidate;
  private final PredictionLog log;
  private final Clock clock;
  private final Duration closeTimeout;
  private final ThreadPoolExecutor executor;
  private final AtomicLong mirrored = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  /**
   * A served model.
   *
   * @param name model name (as logged)
   * @param version model version (as logged)
   * @param predictor the model
   */
  public record Model(String name, String version, RowPredictor predictor) {
    /** Checks the fields. */
    public Model {
      if (name == null || name.isBlank()) {
        throw new MlException("shadow model name must not be blank");
      }
      if (version == null || version.isBlank()) {
        throw new MlException("shadow model version must not be blank");
      }
      Objects.requireNonNull(predictor, "predictor");
    }
  }

  private ShadowDeployment(Builder b) {
    this.primary = b.primary;
    this.candidate = b.candidate;
    this.log = b.log;
    this.clock = b.clock;
    this.closeTimeout = b.closeTimeout;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            b.threads,
            b.threads,
            0L,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(b.queueCapacity),
            r -> {
              Thread t = new Thread(r, "mle4j-shadow-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * Starts a builder.
   *
   * @param primary the model that answers
   * @param candidate the model that gets mirrored requests
   * @return the builder
   */
  public static Builder builder(Model primary, Model candidate) {
    return new Builder(primary, candidate);
  }

  /**
   * Predicts a row with a fresh random request id.
   *
   * @param row column name to value
   * @return the primary's prediction
   */
  public Prediction predict(Map<String, Object> row) {
    return predict(UUID.randomUUID().toString(), row);
  }

  /**
   * Answers with the primary model and mirrors the row to the candidate.
   *
   * @param requestId the request id shared by both log records
   * @param row column name to value
   * @return the primary's prediction
   * @throws RuntimeException whatever the primary throws (the candidate is then not called)
   */
  public Prediction predict(String requestId, Map<String, Object> row) {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(row, "row");
    Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(row));
    JsonNode input = MAPPER.valueToTree(copy);
    long start = System.nanoTime();
    Prediction answer = primary.predictor().predict(copy);
    double ms = (System.nanoTime() - start) / 1e6;
    log.offer(record(primary, requestId, input, answer, ms));
    mirror(requestId, copy, input);
    return answer;
  }

  private void mirror(String requestId, Map<String, Object> row, JsonNode input) {
    try {
      executor.execute(
          () -> {
            long start = System.nanoTime();
            try {
              Prediction p = candidate.predictor().predict(row);
              double ms = (System.nanoTime() - start) / 1e6;
              log.offer(record(candidate, requestId, input, p, ms));
              completed.incrementAndGet();
            } catch (RuntimeException | Error e) {
              long n = errors.incrementAndGet();
              if (n == 1 || n % 100 == 0) {
                LOG.warn(
                    "shadow candidate {}@{} failed on request {} ({} failures so far): {}",
                    candidate.name(),
                    candidate.version(),
                    requestId,
                    n,
                    e.toString());
              }
            }
          });
      mirrored.incrementAndGet();
    } catch (RejectedExecutionException e) {
      long n = rejected.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        LOG.warn("shadow queue full or closed: {} mirrored requests skipped so far", n);
      }
    }
  }

  private PredictionRecord record(
      Model model, String requestId, JsonNode input, Prediction p, double ms) {
    if (p == null) {
      throw new MlException("model " + model.name() + "@" + model.version() + " returned null");
    }
    if (p.isRegression()) {
      return PredictionRecord.ofRegression(
          clock.instant(), requestId, model.name(), model.version(), input, p.value(), ms);
    }
    return new PredictionRecord(
        clock.instant(),
        requestId,
        model.name(),
        model.version(),
        input,
        p.label(),
        p.confidence(),
        ms);
  }

  /**
   * Requests handed to the candidate.
   *
   * @return count
   */
  public long mirrored() {
    return mirrored.get();
  }

  /**
   * Mirrored requests the candidate answered.
   *
   * @return count
   */
  public long candidateCompleted() {
    return completed.get();
  }

  /**
   * Mirrored requests on which the candidate threw.
   *
   * @return count
   */
  public long candidateErrors() {
    return errors.get();
  }

  /**
   * Requests not mirrored because the candidate's queue was full (or the deployment closed).
   *
   * @return count
   */
  public long candidateRejected() {
    return rejected.get();
  }

  /**
   * Stops mirroring and waits (up to the close timeout) for queued candidate predictions. Does not
   * close the log.
   */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "shadow candidate still busy after {}; {} queued requests dropped",
            closeTimeout,
            executor.shutdownNow().size());
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Options of a {@link ShadowDeployment}. */
  public static final class Builder {
    private final Model primary;
    private final Model candidate;
    private PredictionLog log;
    private int threads = 1;
    private int queueCapacity = 1000;
    private Clock clock = Clock.systemUTC();
    private Duration closeTimeout = Duration.ofSeconds(30);

    private Builder(Model primary, Model candidate) {
      this.primary = Objects.requireNonNull(primary, "primary");
      this.candidate = Objects.requireNonNull(candidate, "candidate");
      if (primary.name().equals(candidate.name())
          && primary.version().equals(candidate.version())) {
        throw new MlException(
            "primary and candidate are the same model version "
                + primary.name()
                + "@"
                + primary.version());
      }
    }

    /**
     * The log both models' predictions are written to (required).
     *
     * @param log the log
     * @return this builder
     */
    public Builder log(PredictionLog log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    /**
     * Candidate threads (default 1).
     *
     * @param threads at least 1
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new MlException("shadow threads must be at least 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Mirrored requests that may wait for the candidate (default 1000); more are skipped.
     *
     * @param capacity at least 1
     * @return this builder
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new MlException("shadow queue capacity must be at least 1, got " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * The clock of the log timestamps (default UTC system clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long {@link #close()} waits for queued candidate work (default 30 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder closeTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new MlException("closeTimeout must be positive, got " + timeout);
      }
      this.closeTimeout = timeout;
      return this;
    }

    /**
     * Starts the deployment.
     *
     * @return the deployment
     * @throws MlException without a log
     */
    public ShadowDeployment build() {
      if (log == null) {
        throw new MlException("shadow deployment needs a prediction log: call log(...)");
      }
      return new ShadowDeployment(this);
    }
  }
}
