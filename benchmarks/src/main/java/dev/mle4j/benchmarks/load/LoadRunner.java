package dev.mle4j.benchmarks.load;

import dev.mle4j.core.MlException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closed-loop HTTP load runner.
 *
 * <p>For each concurrency level N and each target, N virtual users (Java virtual threads) each send
 * a request, wait for the full response, record its latency and status, optionally sleep the think
 * time, and repeat until the level's warm-up plus measured duration are over. Only requests started
 * after the warm-up are measured. Every user sends at least one request per level, so without
 * warm-up each level measures at least N requests. Several targets are run side by side in one run:
 * at each level every target is measured in turn, the order rotating from level to level (A, B then
 * B, A, ...) so that no target always runs first.
 *
 * <p>Each target and level gets its own HTTP/1.1 {@link HttpClient}; it opens at most one
 * connection per virtual user and keeps them alive, so the pool matches the concurrency. Every loop
 * is bounded by time (warm-up + duration, plus at most one request timeout) and by {@link
 * Builder#maxRequestsPerLevel(long)}.
 *
 * <p>By default only loopback targets ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}) are
 * accepted; {@link Builder#allowNonLoopback(boolean)} lifts that for servers you own elsewhere.
 */
public final class LoadRunner {
  private static final Logger LOG = LoggerFactory.getLogger(LoadRunner.class);

  /** Largest accepted concurrency level. */
  public static final int MAX_CONCURRENCY = 10_000;

  private final List<LoadTarget> targets;
  private final List<Integer> levels;
  private final Duration duration;
  private final Duration warmUp;
  private final Duration requestTimeout;
  private final Duration thinkTime;
  private final long maxRequestsPerLevel;
  private final LevelListener levelListener;

  private LoadRunner(Builder b) {
    this.targets = List.copyOf(b.targets);
    this.levels = List.copyOf(b.levels);
    this.duration = b.duration;
    this.warmUp = b.warmUp;
    this.requestTimeout = b.requestTimeout;
    this.thinkTime = b.thinkTime;
    this.maxRequestsPerLevel = b.maxRequestsPerLevel;
    this.levelListener = b.levelListener;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder with the defaults (warm-up 2 s, duration 10 s, timeout 10 s, no think
   *     time)
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every level for every target and returns the results, ordered by level then by target in
   * the order the targets were given.
   *
   * @return the report
   * @throws MlException if the run is interrupted or a virtual user fails unexpectedly
   */
  public LoadReport run() {
    List<LevelResult> results = new ArrayList<>();
    for (int li = 0; li < levels.size(); li++) {
      int level = levels.get(li);
      LevelResult[] byTarget = new LevelResult[targets.size()];
      for (int ti : executionOrder(li, targets.size())) {
        byTarget[ti] = runLevel(targets.get(ti), level);
      }
      results.addAll(List.of(byTarget));
    }
    return new LoadReport(results);
  }

  /** Order in which the targets run at level index {@code levelIndex}: rotated by one per level. */
  static int[] executionOrder(int levelIndex, int targetCount) {
    int[] order = new int[targetCount];
    for (int i = 0; i < targetCount; i++) {
      order[i] = (levelIndex + i) % targetCount;
    }
    return order;
  }

  private LevelResult runLevel(LoadTarget target, int concurrency) {
    LOG.info(
        "load {} c={}: warm-up {} ms, measuring {} ms",
        target.name(),
        concurrency,
        warmUp.toMillis(),
        duration.toMillis());
    List<HttpRequest> requests = target.requests(requestTimeout);
    AtomicLong sent = new AtomicLong();
    List<Future<UserStats>> futures = new ArrayList<>(concurrency);
    // the clock starts once the client and every virtual user exist, so that slow set-up (TLS
    // context, class loading) does not eat into the warm-up or the measured window
    CompletableFuture<Window> window = new CompletableFuture<>();
    long measureFrom;
    long end;
    try (ExecutorService clientExecutor = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient client =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(requestTimeout)
                .executor(clientExecutor)
                .build()) {
      // close() waits for every user; if interrupted it stops them and re-asserts the interrupt
      try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
        try {
          for (int u = 0; u < concurrency; u++) {
            futures.add(users.submit(() -> virtualUser(client, requests, sent, window.join())));
          }
        } finally {
          // always release the users, even if submitting failed, so that close() cannot hang
          measureFrom = System.nanoTime() + warmUp.toNanos();
          window.complete(new Window(measureFrom, measureFrom + duration.toNanos()));
          notifyStart(target, concurrency, measureFrom);
        }
      }
      end = System.nanoTime();
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new MlException(
          "load run interrupted at target '" + target.name() + "' c=" + concurrency);
    }
    UserStats total = new UserStats();
    for (Future<UserStats> f : futures) {
      try {
        total.add(f.get());
      } catch (ExecutionException e) {
        throw new MlException(
            "virtual user failed at target '"
                + target.name()
                + "' c="
                + concurrency
                + ": "
                + e.getCause(),
            e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MlException("load run interrupted at target '" + target.name() + "'", e);
      }
    }
    if (sent.get() >= maxRequestsPerLevel) {
      LOG.warn(
          "load {} c={}: stopped at the request limit of {} (maxRequestsPerLevel)",
          target.name(),
          concurrency,
          maxRequestsPerLevel);
    }
    double seconds = Math.max(0, end - measureFrom) / 1e9;
    LevelResult result = total.toResult(target.name(), concurrency, seconds);

    if (result.requests() == 0) {
      LOG.warn(
          "load {} c={}: no request started in the measured window; lengthen the duration",
          target.name(),
          concurrency);
    }
    LOG.info(
        "load {} c={}: {} requests, {} errors {}, {} ok/s, p50 {} ms, p95 {} ms, p99 {} ms",
        target.name(),
        concurrency,
        result.requests(),
        result.errors(),
        result.errorsByKind(),
        fmt(result.throughputPerS()),
        fmt(result.p50Ms()),
        fmt(result.p95Ms()),
        fmt(result.p99Ms()));
    if (levelListener != null) {
      levelListener.onLevel(result, measureFrom, end);
    }
    return result;
  }

  private void notifyStart(LoadTarget target, int concurrency, long measureFrom) {
    if (levelListener == null) {
      return;
    }
    try {
      levelListener.onMeasureStart(target, concurrency, measureFrom);
    } catch (RuntimeException e) {
      LOG.warn(
          "load {} c={}: level listener failed at the start: {}", target.name(), concurrency, e);
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private UserStats virtualUser(
      HttpClient client, List<HttpRequest> requests, AtomicLong sent, Window window)
      throws InterruptedException {
    long measureFrom = window.measureFrom();
    long stopAt = window.stopAt();
    UserStats stats = new UserStats();
    long thinkNanos = thinkTime.toNanos();
    // every user sends at least one request, even if it was scheduled after the stop time
    boolean first = true;
    while (true) {
      long t0 = System.nanoTime();
      if ((!first && t0 - stopAt >= 0) || Thread.currentThread().isInterrupted()) {
        break;
      }
      first = false;
      long n = sent.getAndIncrement();
      if (n >= maxRequestsPerLevel) {
        break;
      }
      HttpRequest request = requests.get((int) (n % requests.size()));
      boolean measured = t0 - measureFrom >= 0;
      try {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        long nanos = System.nanoTime() - t0;
        if (measured) {
          stats.response(response.statusCode(), nanos);
        }
      } catch (HttpConnectTimeoutException e) {
        if (measured) {
          stats.error(LevelResult.ERROR_CONNECTION);
        }
      } catch (HttpTimeoutException e) {
        if (measured) {
          stats.error(LevelResult.ERROR_TIMEOUT);
        }
      } catch (IOException e) {
        if (measured) {
          stats.error(LevelResult.ERROR_CONNECTION);
        }
      }
      if (thinkNanos > 0) {
        long left = stopAt - System.nanoTime();
        if (left <= 0) {
          break;
        }
        Thread.sleep(Duration.ofNanos(Math.min(thinkNanos, left)));
      }
    }
    return stats;
  }

  /** The warm-up end and the stop time of one level, in {@link System#nanoTime()} units. */
  private record Window(long measureFrom, long stopAt) {}

  /** Per-virtual-user counters; merged after the level. Not thread-safe by design. */
  private static final class UserStats {
    private final Histogram histogram = new Histogram(3);
    private final Map<String, Long> errors = new HashMap<>();
    private long requests;
    private long errorCount;
    private long sumNanos;
    private long maxNanos;

    void response(int status, long nanos) {
      requests++;
      long v = Math.max(1, nanos);
      histogram.recordValue(v);
      sumNanos += v;
      maxNanos = Math.max(maxNanos, v);
      if (status < 200 || status > 299) {
        error0(LevelResult.statusKind(status));
      }
    }

    void error(String kind) {
      requests++;
      error0(kind);
    }

    private void error0(String kind) {
      errorCount++;
      errors.merge(kind, 1L, Long::sum);
    }

    void add(UserStats o) {
      histogram.add(o.histogram);
      o.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
      requests += o.requests;
      errorCount += o.errorCount;
      sumNanos += o.sumNanos;
      maxNanos = Math.max(maxNanos, o.maxNanos);
    }

    LevelResult toResult(String target, int concurrency, double seconds) {
      long ok = requests - errorCount;
      double throughput = seconds > 0 ? ok / seconds : 0.0;
      long count = histogram.getTotalCount();
      double p50 = count == 0 ? Double.NaN : ms(histogram.getValueAtPercentile(50.0));
      double p95 = count == 0 ? Double.NaN : ms(histogram.getValueAtPercentile(95.0));
      double p99 = count == 0 ? Double.NaN : ms(histogram.getValueAtPercentile(99.0));
      double max = count == 0 ? Double.NaN : ms(maxNanos);
      double mean = count == 0 ? Double.NaN : sumNanos / 1e6 / count;
      // the histogram rounds to 3 significant digits; never report a percentile above the max
      return new LevelResult(
          target,
          concurrency,
          requests,
          errorCount,
          errors,
          seconds,
          throughput,
          Math.min(p50, max),
          Math.min(p95, max),
          Math.min(p99, max),
          max,
          mean);
    }

    private static double ms(long nanos) {
      return nanos / 1e6;
    }
  }

  /**
   * Returns the targets, in the order given.
   *
   * @return the targets
   */
  public List<LoadTarget> targets() {
    return targets;
  }

  /**
   * Returns the concurrency levels, in run order.
   *
   * @return the levels
   */
  public List<Integer> concurrencyLevels() {
    return levels;
  }

  /** Options of a {@link LoadRunner}; {@link #build()} validates them. */
  public static final class Builder {
    private final List<LoadTarget> targets = new ArrayList<>();
    private List<Integer> levels = List.of();
    private Duration duration = Duration.ofSeconds(10);
    private Duration warmUp = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration thinkTime = Duration.ZERO;
    private long maxRequestsPerLevel = 10_000_000L;
    private boolean allowNonLoopback;
    private LevelListener levelListener;

    private Builder() {}

    /**
     * Adds a target.
     *
     * @param target the target
     * @return this builder
     */
    public Builder target(LoadTarget target) {
      if (target == null) {
        throw new MlException("LoadRunner: target must not be null");
      }
      targets.add(target);
      return this;
    }

    /**
     * Adds several targets, in order.
     *
     * @param targets the targets
     * @return this builder
     */
    public Builder targets(List<LoadTarget> targets) {
      if (targets == null) {
        throw new MlException("LoadRunner: targets must not be null");
      }
      targets.forEach(this::target);
      return this;
    }

    /**
     * Sets the concurrency levels (virtual users), run in the given order.
     *
     * @param levels e.g. {@code 1, 10, 50, 100}
     * @return this builder
     */
    public Builder concurrencyLevels(int... levels) {
      if (levels == null) {
        throw new MlException("LoadRunner: concurrencyLevels must not be null");
      }
      List<Integer> list = new ArrayList<>();
      for (int level : levels) {
        list.add(level);
      }
      this.levels = list;
      return this;
    }

    /**
     * Sets the concurrency levels (virtual users), run in the given order.
     *
     * @param levels e.g. {@code List.of(1, 10, 50, 100)}
     * @return this builder
     */
    public Builder concurrencyLevels(List<Integer> levels) {
      if (levels == null || levels.stream().anyMatch(Objects::isNull)) {
        throw new MlException("LoadRunner: concurrencyLevels must not be or contain null");
      }
      this.levels = new ArrayList<>(levels);
      return this;
    }

    /**
     * Sets the measured duration of each level (per target); default 10 s.
     *
     * @param duration a positive duration
     * @return this builder
     */
    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    /**
     * Sets the unmeasured warm-up before each level (per target); default 2 s, zero allowed.
     *
     * @param warmUp a non-negative duration
     * @return this builder
     */
    public Builder warmUp(Duration warmUp) {
      this.warmUp = warmUp;
      return this;
    }

    /**
     * Sets the timeout of one request (connect and response); default 10 s.
     *
     * @param requestTimeout a positive duration
     * @return this builder
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /**
     * Sets the pause of a virtual user between its requests; default zero.
     *
     * @param thinkTime a non-negative duration
     * @return this builder
     */
    public Builder thinkTime(Duration thinkTime) {
      this.thinkTime = thinkTime;
      return this;
    }

    /**
     * Caps the requests sent per target and level, warm-up included; default 10,000,000.
     *
     * @param max a positive count
     * @return this builder
     */
    public Builder maxRequestsPerLevel(long max) {
      this.maxRequestsPerLevel = max;
      return this;
    }

    /**
     * Allows targets whose host is not a loopback address; default {@code false}. Only load servers
     * you own.
     *
     * @param allow whether non-loopback hosts are accepted
     * @return this builder
     */
    public Builder allowNonLoopback(boolean allow) {
      this.allowNonLoopback = allow;
      return this;
    }

    /**
     * Sets a listener told about every finished level and its measured window (default none).
     *
     * @param listener the listener, or {@code null} for none
     * @return this builder
     */
    public Builder levelListener(LevelListener listener) {
      this.levelListener = listener;
      return this;
    }

    /**
     * Validates the options and builds the runner.
     *
     * @return the runner
     * @throws MlException naming the first bad option
     */
    public LoadRunner build() {
      if (targets.isEmpty()) {
        throw new MlException("LoadRunner: at least one target is required");
      }
      Set<String> names = new HashSet<>();
      for (LoadTarget t : targets) {
        if (!names.add(t.name())) {
          throw new MlException("LoadRunner: duplicate target name '" + t.name() + "'");
        }
        if (!allowNonLoopback) {
          requireLoopback(t);
        }
      }
      if (levels.isEmpty()) {
        throw new MlException("LoadRunner: concurrencyLevels must not be empty");
      }
      for (int level : levels) {
        if (level < 1 || level > MAX_CONCURRENCY) {
          throw new MlException(
              "LoadRunner: concurrency level "
                  + level
                  + " is out of range, must be between 1 and "
                  + MAX_CONCURRENCY);
        }
      }
      requirePositive("duration", duration);
      requirePositive("requestTimeout", requestTimeout);
      requireNonNegative("warmUp", warmUp);
      requireNonNegative("thinkTime", thinkTime);
      if (maxRequestsPerLevel < 1) {
        throw new MlException(
            "LoadRunner: maxRequestsPerLevel must be >= 1, got " + maxRequestsPerLevel);
      }
      return new LoadRunner(this);
    }

    private static void requirePositive(String field, Duration d) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new MlException("LoadRunner: " + field + " must be positive, got " + d);
      }
    }

    private static void requireNonNegative(String field, Duration d) {
      if (d == null || d.isNegative()) {
        throw new MlException("LoadRunner: " + field + " must be zero or positive, got " + d);
      }
    }

    private static void requireLoopback(LoadTarget t) {
      String host = t.url().getHost();
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(host);
      } catch (UnknownHostException e) {
        throw new MlException(
            "LoadTarget '" + t.name() + "': cannot resolve host '" + host + "'", e);
      }
      for (InetAddress a : addresses) {
        if (!a.isLoopbackAddress()) {
          throw new MlException(
              "LoadTarget '"
                  + t.name()
                  + "': host '"
                  + host
                  + "' is not a loopback address; call allowNonLoopback(true) to load a"
                  + " server you own elsewhere");
        }
      }
    }
  }
}
