package dev.mle4j.benchmarks.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.serving.ModelServer;
import dev.mle4j.core.serving.ServedModel;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A load-test study of text-model serving: every model under every batching configuration at every
 * concurrency level, measured on the client and the server side.
 *
 * <p>For each model and each {@link BatchingConfig} (batching off, then on with each max queue
 * delay) the study starts one in-process {@link ModelServer} on a free loopback port serving only
 * that model, checks with one request that the endpoint answers 2xx, runs a {@link LoadRunner} over
 * all concurrency levels and stops the server. The model is instrumented from outside the server
 * (see {@link StudyLevel} for what is measured), and each level keeps only the model calls that
 * ended inside its measured window. With {@link Builder#overload(int, int)} every model gets one
 * more level, far above capacity, on a server with the first batching-on configuration and a small
 * queue, recording how many requests were shed with 503 and that none timed out.
 *
 * <pre>{@code
 * StudyResult result =
 *     ServingStudy.builder()
 *         .texts(List.of("WINNER!! Claim your prize", "see you at lunch"))
 *         .delaysMs(List.of(0L, 2L, 5L))
 *         .concurrencyLevels(List.of(1, 10, 50, 100))
 *         .build()
 *         .run(List.of(servedModel));
 * result.writeAll(Path.of("outputs/loadtest/study"));
 * }</pre>
 *
 * <p>The models are not closed; the caller closes them after the study.
 */
public final class ServingStudy {
  private static final Logger LOG = LoggerFactory.getLogger(ServingStudy.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Queue capacity of the servers of the regular levels unless set (the server default). */
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;

  private static final int SERVER_MAX_INSTANCES = 1000;

  private final boolean unbatched;
  private final List<Long> delaysMs;
  private final int maxBatchSize;
  private final List<Integer> preferredBatchSizes;
  private final int batchWorkers;
  private final int queueCapacity;
  private final List<Integer> levels;
  private final Duration duration;
  private final Duration warmUp;
  private final Duration requestTimeout;
  private final StudyEndpoint endpoint;
  private final List<byte[]> bodies;
  private final String dataset;
  private final int overloadUsers;
  private final int overloadQueueCapacity;
  private final int cores;
  private final List<BatchingConfig> batchings;

  private ServingStudy(Builder b) {
    this.unbatched = b.unbatched;
    this.delaysMs = List.copyOf(b.delaysMs);
    this.maxBatchSize = b.maxBatchSize;
    this.preferredBatchSizes = List.copyOf(b.preferredBatchSizes);
    this.batchWorkers = b.batchWorkers;
    this.queueCapacity = b.queueCapacity;
    this.levels = List.copyOf(b.levels);
    this.duration = b.duration;
    this.warmUp = b.warmUp;
    this.requestTimeout = b.requestTimeout;
    this.endpoint = b.endpoint;
    this.bodies = b.bodies.stream().map(byte[]::clone).toList();
    this.dataset = b.dataset;
    this.overloadUsers = b.overloadUsers;
    this.overloadQueueCapacity = b.overloadQueueCapacity;
    this.cores = Runtime.getRuntime().availableProcessors();
    List<BatchingConfig> list = new ArrayList<>();
    if (unbatched) {
      list.add(BatchingConfig.off(cores));
    }
    for (long delay : delaysMs) {
      list.add(
          BatchingConfig.on(maxBatchSize, delay, preferredBatchSizes, batchWorkers, queueCapacity));
    }
    this.batchings = List.copyOf(list);
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the defaults: batching off plus on with delays 0, 2 and 5 ms, max batch
   *     32, one batch worker per core, queue 1024, levels 1, 10, 50, 100, 10 s measured after 3 s
   *     of warm-up, 10 s request timeout, endpoint classify, no overload level
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The batching configurations each model is served with, in run order.
   *
   * @return the configurations
   */
  public List<BatchingConfig> batchings() {
    return batchings;
  }

  /**
   * Runs the study with each model labelled by its served name.
   *
   * @param models the models (classifiers taking the request bodies), distinct names
   * @return the result
   * @throws MlException on an empty list, duplicate names, a regressor, an endpoint that rejects
   *     the bodies or a failed load run
   */
  public StudyResult run(List<ServedModel<?>> models) {
    if (models == null || models.isEmpty()) {
      throw new MlException("serving study: no model to load");
    }
    Map<String, ServedModel<?>> byLabel = new LinkedHashMap<>();
    for (ServedModel<?> m : models) {
      Objects.requireNonNull(m, "model");
      if (byLabel.put(m.name(), m) != null) {
        throw new MlException(
            "serving study: model '" + m.name() + "' is given twice; label them with run(Map)");
      }
    }
    return run(byLabel);
  }

  /**
   * Runs the study.
   *
   * @param models label (as shown in tables and charts) to model, in run order
   * @return the result
   * @throws MlException on no model, a regressor, an endpoint that rejects the bodies or a failed
   *     load run
   */
  public StudyResult run(Map<String, ServedModel<?>> models) {
    if (models == null || models.isEmpty()) {
      throw new MlException("serving study: no model to load");
    }
    models.forEach(
        (label, m) -> {
          if (label == null || label.isBlank() || m == null) {
            throw new MlException("serving study: a model or its label is missing");
          }
          if (m.isRegressor()) {
            throw new MlException(
                "serving study: model '"
                    + label
                    + "' is a regressor; the study loads text classifiers");
          }
        });
    StudyConfig config =
        new StudyConfig(
            List.copyOf(models.keySet()),
            batchings,
            levels,
            duration.toNanos() / 1e9,
            warmUp.toNanos() / 1e9,
            requestTimeout.toNanos() / 1e9,
            endpoint,
            dataset,
            bodies.size(),
            overloadUsers,
            overloadUsers > 0 ? overloadQueueCapacity : 0,
            cores,
            Runtime.version().toString());
    int servers = models.size() * (batchings.size() + (overloadUsers > 0 ? 1 : 0));
    long levelCount =
        (long) models.size() * (batchings.size() * levels.size() + (overloadUsers > 0 ? 1 : 0));
    LOG.info(
        "serving study: {} model(s) x {} configuration(s) x levels {}{}: {} servers, {} levels of"
            + " {} s",
        models.size(),
        batchings.size(),
        levels,
        overloadUsers > 0 ? " + overload level at " + overloadUsers + " users" : "",
        servers,
        levelCount,
        (duration.toMillis() + warmUp.toMillis()) / 1000.0);
    List<StudyLevel> results = new ArrayList<>();
    int server = 0;
    for (Map.Entry<String, ServedModel<?>> e : models.entrySet()) {
      for (BatchingConfig batching : batchings) {
        server++;
        LOG.info(
            "serving study [{}/{}]: {}, batching {}",
            server,
            servers,
            e.getKey(),
            batching.describe());
        results.addAll(runServer(e.getKey(), e.getValue(), batching, levels, false));
      }
      if (overloadUsers > 0) {
        server++;
        BatchingConfig batching =
            batchings.stream()
                .filter(BatchingConfig::batching)
                .findFirst()
                .orElseThrow()
                .withQueueCapacity(overloadQueueCapacity);
        LOG.info(
            "serving study [{}/{}]: {} overload level, {} users, queue {}",
            server,
            servers,
            e.getKey(),
            overloadUsers,
            overloadQueueCapacity);
        results.addAll(runServer(e.getKey(), e.getValue(), batching, List.of(overloadUsers), true));
      }
    }
    return new StudyResult(config, results);
  }

  private List<StudyLevel> runServer(
      String label,
      ServedModel<?> model,
      BatchingConfig batching,
      List<Integer> users,
      boolean overload) {
    BatchRecorder recorder = new BatchRecorder();
    ModelServer.Builder b =
        ModelServer.builder()
            .host("127.0.0.1")
            .port(0)
            .requestTimeout(requestTimeout.plusSeconds(5))
            .addModel(recorder.instrument(model));
    if (batching.batching()) {
      b.batching(
              batching.maxBatchSize(),
              Duration.ofMillis(batching.maxQueueDelayMs()),
              batching.queueCapacity())
          .batchWorkers(batching.workers())
          .maxInstancesPerRequest(Math.min(SERVER_MAX_INSTANCES, batching.queueCapacity()));
      if (!batching.preferredBatchSizes().isEmpty()) {
        b.preferredBatchSizes(
            batching.preferredBatchSizes().stream().mapToInt(Integer::intValue).toArray());
      }
    } else {
      b.noBatching();
    }
    List<StudyLevel> out = new ArrayList<>();
    try (ModelServer server = b.build().start();
        HttpClient client = HttpClient.newHttpClient()) {
      URI url = server.baseUri().resolve(endpoint.path(model.name()));
      probe(client, label, url);
      LevelTracker tracker =
          new LevelTracker(label, batching, overload, server, model.name(), client, recorder, out);
      LoadTarget target =
          new LoadTarget(
              label + "/" + batching.name(), url, "POST", "application/json", bodies, Map.of());
      LoadRunner.builder()
          .target(target)
          .concurrencyLevels(users)
          .duration(duration)
          .warmUp(warmUp)
          .requestTimeout(requestTimeout)
          .levelListener(tracker)
          .build()
          .run();
    }
    return out;
  }

  /**
   * Collects the server side of each level of one server: the recorded batches of the measured
   * window, the server's batch report (reset when the window starts, read when the level ends) and
   * its count of successful requests. Runs on the load runner's thread, except the reset at the
   * window start, which a virtual thread sends on time.
   */
  private final class LevelTracker implements LevelListener {
    private final String label;
    private final BatchingConfig batching;
    private final boolean overload;
    private final ModelServer server;
    private final String served;
    private final HttpClient client;
    private final BatchRecorder recorder;
    private final List<StudyLevel> out;
    private final URI report;

    /** Batch-report reads this tracker made that got a 2xx answer. */
    private final AtomicLong ownOk = new AtomicLong();

    /** Whether the server counts a batch-report read in its request counter (1) or not (0). */
    private final long reportCounted;

    private long okBefore;
    private long ownBefore;
    private Thread reset;

    LevelTracker(
        String label,
        BatchingConfig batching,
        boolean overload,
        ModelServer server,
        String served,
        HttpClient client,
        BatchRecorder recorder,
        List<StudyLevel> out) {
      this.label = label;
      this.batching = batching;
      this.overload = overload;
      this.server = server;
      this.served = served;
      this.client = client;
      this.recorder = recorder;
      this.out = out;
      this.report =
          server.baseUri().resolve("/v1/models/" + served + "/batches?reset=true&recent=0");
      recorder.drain();
      // no load yet: learn whether a report read shows in the server's request count
      long before = serverOk();
      readReport();
      this.okBefore = serverOk();
      this.reportCounted = ownOk.get() > 0 ? Math.max(0, okBefore - before) : 0;
      this.ownBefore = ownOk.get();
    }

    @Override
    public void onMeasureStart(LoadTarget target, int concurrency, long measureFromNanos) {
      reset =
          Thread.ofVirtual()
              .name("study-report-reset")
              .start(
                  () -> {
                    long wait = measureFromNanos - System.nanoTime();
                    try {
                      if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait));
                      }
                      readReport();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
    }

    @Override
    public void onLevel(LevelResult result, long measureFromNanos, long endNanos) {
      Thread r = reset;
      reset = null;
      if (r != null) {
        try {
          if (!r.join(requestTimeout.plusSeconds(1))) {
            LOG.warn("serving study: the batch report reset did not finish in time");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new MlException("serving study interrupted", e);
        }
      }
      long ok = serverOk();
      long own = ownOk.get();
      List<BatchRecorder.Batch> all = recorder.drain();
      long levelItems = all.stream().mapToLong(BatchRecorder.Batch::size).sum();
      long levelServerOk =
          ok < 0 || okBefore < 0 ? -1 : (ok - okBefore) - (own - ownBefore) * reportCounted;
      okBefore = ok;
      ownBefore = own;
      List<BatchRecorder.Batch> window =
          all.stream()
              .filter(x -> x.endNanos() - measureFromNanos >= 0 && endNanos - x.endNanos() >= 0)
              .toList();
      double collectMs = readReport();
      StudyLevel level =
          StudyLevel.of(
              label, batching, overload, result, window, collectMs, levelItems, levelServerOk);
      out.add(level);
      log(level);
    }

    /** Reads and resets the server's batch report; returns its mean collect ms (NaN if absent). */
    private double readReport() {
      HttpRequest request = HttpRequest.newBuilder(report).timeout(requestTimeout).GET().build();
      try {
        HttpResponse<String> response =
            client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
          LOG.debug("serving study: batch report answered {}", response.statusCode());
          return Double.NaN;
        }
        ownOk.incrementAndGet();
        JsonNode collect = JSON.readTree(response.body()).path("summary").path("mean_collect_ms");
        return collect.isNumber() ? collect.doubleValue() : Double.NaN;
      } catch (IOException e) {
        LOG.debug("serving study: cannot read the batch report: {}", e.toString());
        return Double.NaN;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Double.NaN;
      }
    }

    /** Successful requests the server counted for the model so far; -1 if it has no counter. */
    private long serverOk() {
      Collection<Counter> counters =
          server.meterRegistry().find("mle4j.requests").tag("model", served).counters();
      if (counters.isEmpty()) {
        return -1;
      }
      long sum = 0;
      for (Counter c : counters) {
        String status = c.getId().getTag("status");
        if (status != null && status.startsWith("2")) {
          sum += Math.round(c.count());
        }
      }
      return sum;
    }
  }

  private static void log(StudyLevel l) {
    LOG.info(
        "study {} {} c={}{}: {} requests ({} errors, {} x 503, {} timeouts), {} QPS, p50 {} ms,"
            + " p99 {} ms; {} batches, mean size {}, collect {} ms, infer {} ms; predicted {}"
            + " QPS, measured/predicted {} ({})",
        l.model(),
        l.config(),
        l.users(),
        l.overload() ? " (overload)" : "",
        l.requests(),
        l.errors(),
        l.rejected(),
        l.timeouts(),
        fmt(l.qps(), 1),
        fmt(l.p50Ms(), 2),
        fmt(l.p99Ms(), 2),
        l.batches(),
        fmt(l.meanBatchSize(), 2),
        fmt(l.meanCollectMs(), 3),
        fmt(l.meanInferMs(), 3),
        fmt(l.predictedQps(), 0),
        fmt(l.measuredToPredicted(), 2),
        l.saturated() ? "saturated" : "not saturated");
  }

  private static String fmt(double v, int decimals) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "n/a";
  }

  /** Sends one body and fails unless the answer is 2xx, so a wrong route does not cost a run. */
  private void probe(HttpClient client, String label, URI url) {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(0)))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MlException("serving study: cannot reach " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlException("serving study interrupted", e);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      String detail = detail(response.body());
      throw new MlException(
          "serving study: model '"
              + label
              + "' answered "
              + status
              + " on POST "
              + url.getPath()
              + (detail.isEmpty() ? "" : " (" + detail + ")")
              + (status == 404 && endpoint == StudyEndpoint.CLASSIFY
                  ? "; this server has no classify route for it, try endpoint predict"
                  : "; check that the request bodies suit the model"));
    }
  }

  private static String detail(String body) {
    try {
      String d = JSON.readTree(body).path("detail").asText("");
      return d.length() > 200 ? d.substring(0, 200) + "..." : d;
    } catch (JsonProcessingException e) {
      return "";
    }
  }

  /** Options of a {@link ServingStudy}; {@link #build()} validates them. */
  public static final class Builder {
    private boolean unbatched = true;
    private List<Long> delaysMs = List.of(0L, 2L, 5L);
    private int maxBatchSize = 32;
    private List<Integer> preferredBatchSizes = List.of();
    private int batchWorkers = Runtime.getRuntime().availableProcessors();
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private List<Integer> levels = List.of(1, 10, 50, 100);
    private Duration duration = Duration.ofSeconds(10);
    private Duration warmUp = Duration.ofSeconds(3);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private StudyEndpoint endpoint = StudyEndpoint.CLASSIFY;
    private List<byte[]> bodies = List.of();
    private String dataset = "request-bodies";
    private int overloadUsers;
    private int overloadQueueCapacity;

    private Builder() {}

    /**
     * Whether to serve each model without a batcher too (configuration {@code off}); default true.
     *
     * @param unbatched true to include the configuration
     * @return this builder
     */
    public Builder unbatched(boolean unbatched) {
      this.unbatched = unbatched;
      return this;
    }

    /**
     * The max queue delays of the batching-on configurations, one configuration each; default 0, 2
     * and 5 ms.
     *
     * @param delaysMs delays in ms, each >= 0, distinct
     * @return this builder
     */
    public Builder delaysMs(List<Long> delaysMs) {
      if (delaysMs == null || delaysMs.stream().anyMatch(Objects::isNull)) {
        throw new MlException("serving study: delaysMs must not be or contain null");
      }
      this.delaysMs = List.copyOf(delaysMs);
      return this;
    }

    /**
     * Largest batch of the batching-on configurations; default 32.
     *
     * @param maxBatchSize at least 1
     * @return this builder
     */
    public Builder maxBatchSize(int maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    /**
     * Preferred batch sizes of the batching-on configurations (dispatched without waiting for the
     * delay when nothing else is queued); default none.
     *
     * @param sizes sizes in 1..maxBatchSize
     * @return this builder
     */
    public Builder preferredBatchSizes(List<Integer> sizes) {
      if (sizes == null || sizes.stream().anyMatch(Objects::isNull)) {
        throw new MlException("serving study: preferredBatchSizes must not be or contain null");
      }
      this.preferredBatchSizes = sizes.stream().sorted().distinct().toList();
      return this;
    }

    /**
     * Batch workers per model with batching on; default the number of cores.
     *
     * @param workers at least 1
     * @return this builder
     */
    public Builder batchWorkers(int workers) {
      this.batchWorkers = workers;
      return this;
    }

    /**
     * Queue capacity of the regular levels' batching servers; default {@value
     * #DEFAULT_QUEUE_CAPACITY}.
     *
     * @param capacity at least 1
     * @return this builder
     */
    public Builder queueCapacity(int capacity) {
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * Virtual users per level, run in this order; default 1, 10, 50, 100.
     *
     * @param levels each in 1..{@value LoadRunner#MAX_CONCURRENCY}
     * @return this builder
     */
    public Builder concurrencyLevels(List<Integer> levels) {
      if (levels == null || levels.stream().anyMatch(Objects::isNull)) {
        throw new MlException("serving study: concurrency levels must not be or contain null");
      }
      this.levels = List.copyOf(levels);
      return this;
    }

    /**
     * Measured time per level; default 10 s.
     *
     * @param duration positive
     * @return this builder
     */
    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    /**
     * Unmeasured warm-up per level; default 3 s.
     *
     * @param warmUp zero or positive
     * @return this builder
     */
    public Builder warmUp(Duration warmUp) {
      this.warmUp = warmUp;
      return this;
    }

    /**
     * Client request timeout; default 10 s. The servers' own timeout is 5 s longer, so a slow
     * request shows as a client timeout.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * The route to load; default {@link StudyEndpoint#CLASSIFY}.
     *
     * @param endpoint the route
     * @return this builder
     */
    public Builder endpoint(StudyEndpoint endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Request bodies (JSON) sent in rotation.
     *
     * @param bodies at least one
     * @param dataset what they are, for the outputs (e.g. {@code my-bodies.jsonl})
     * @return this builder
     */
    public Builder bodies(List<byte[]> bodies, String dataset) {
      if (bodies == null || bodies.isEmpty() || bodies.stream().anyMatch(Objects::isNull)) {
        throw new MlException("serving study: bodies must hold at least one request body");
      }
      this.bodies = bodies.stream().map(byte[]::clone).toList();
      this.dataset = dataset;
      return this;
    }

    /**
     * Texts sent in rotation as {@code {"text": "..."}} bodies; the outputs name them {@code
     * sample-texts}.
     *
     * @param texts at least one non-blank text
     * @return this builder
     */
    public Builder texts(List<String> texts) {
      if (texts == null || texts.isEmpty()) {
        throw new MlException("serving study: texts must hold at least one text");
      }
      List<byte[]> list = new ArrayList<>();
      for (String text : texts) {
        if (text == null || text.isBlank()) {
          throw new MlException("serving study: texts must not be null or blank");
        }
        try {
          list.add(JSON.writeValueAsBytes(Map.of("text", text)));
        } catch (JsonProcessingException e) {
          throw new MlException("serving study: cannot encode a text as JSON: " + e, e);
        }
      }
      return bodies(list, "sample-texts");
    }

    /**
     * Adds one overload level per model: {@code users} virtual users against a batching server
     * (first delay) whose queue holds only {@code queueCapacity} requests; default none.
     *
     * @param users virtual users, in 1..{@value LoadRunner#MAX_CONCURRENCY}; 0 turns it off
     * @param queueCapacity queue capacity of that server, at least 1
     * @return this builder
     */
    public Builder overload(int users, int queueCapacity) {
      this.overloadUsers = users;
      this.overloadQueueCapacity = queueCapacity;
      return this;
    }

    /**
     * Validates the options and builds the study.
     *
     * @return the study
     * @throws MlException naming the first bad option
     */
    public ServingStudy build() {
      if (bodies.isEmpty()) {
        throw new MlException("serving study: set the request bodies (texts or bodies)");
      }
      if (dataset == null || dataset.isBlank()) {
        throw new MlException("serving study: the bodies' dataset label must not be blank");
      }
      if (!unbatched && delaysMs.isEmpty()) {
        throw new MlException(
            "serving study: no batching configuration: give at least one delay or keep unbatched");
      }
      for (long d : delaysMs) {
        if (d < 0) {
          throw new MlException("serving study: max queue delay " + d + " ms is negative");
        }
      }
      if (delaysMs.stream().distinct().count() != delaysMs.size()) {
        throw new MlException("serving study: delays " + delaysMs + " repeat a value");
      }
      if (maxBatchSize < 1) {
        throw new MlException("serving study: maxBatchSize must be >= 1, got " + maxBatchSize);
      }
      for (int size : preferredBatchSizes) {
        if (size < 1 || size > maxBatchSize) {
          throw new MlException(
              "serving study: preferred batch size "
                  + size
                  + " is out of range 1.."
                  + maxBatchSize);
        }
      }
      if (batchWorkers < 1) {
        throw new MlException("serving study: batchWorkers must be >= 1, got " + batchWorkers);
      }
      if (queueCapacity < 1) {
        throw new MlException("serving study: queueCapacity must be >= 1, got " + queueCapacity);
      }
      if (levels.isEmpty()) {
        throw new MlException("serving study: concurrency levels must not be empty");
      }
      for (int level : levels) {
        requireUsers("concurrency level", level);
      }
      if (levels.stream().distinct().count() != levels.size()) {
        throw new MlException("serving study: concurrency levels " + levels + " repeat a value");
      }
      requirePositive("duration", duration);
      requirePositive("requestTimeout", requestTimeout);
      if (warmUp == null || warmUp.isNegative()) {
        throw new MlException("serving study: warmUp must be zero or positive, got " + warmUp);
      }
      if (endpoint == null) {
        throw new MlException("serving study: endpoint must not be null");
      }
      if (overloadUsers != 0) {
        requireUsers("overload users", overloadUsers);
        if (overloadQueueCapacity < 1) {
          throw new MlException(
              "serving study: overload queue capacity must be >= 1, got " + overloadQueueCapacity);
        }
        if (delaysMs.isEmpty()) {
          throw new MlException(
              "serving study: the overload level needs a batching configuration (a delay)");
        }
      }
      return new ServingStudy(this);
    }

    private static void requireUsers(String what, int users) {
      if (users < 1 || users > LoadRunner.MAX_CONCURRENCY) {
        throw new MlException(
            "serving study: "
                + what
                + " "
                + users
                + " is out of range, must be between 1 and "
                + LoadRunner.MAX_CONCURRENCY);
      }
    }

    private static void requirePositive(String field, Duration d) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new MlException("serving study: " + field + " must be positive, got " + d);
      }
    }
  }
}
