package dev.mle4j.core.serving;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.ModelCardJson;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP server for {@link ServedModel}s (Javalin on Jetty, one virtual thread per request).
 *
 * <p>Endpoints:
 *
 * <ul>
 *   <li>{@code GET /v1/models}: a JSON list of {@code {name, version, task, labels, metrics}}
 *       (labels are empty for regressors)
 *   <li>{@code GET /v1/models/{name}}: the model's card
 *   <li>{@code POST /v1/models/{name}/predict} with {@code application/json}: either one instance
 *       ({@code {"text": "..."}}) answered with {@code {label, confidence, scores, model, version,
 *       latency_ms}}, or {@code {"instances": [...]}} answered with {@code {predictions: [{label,
 *       confidence, scores}...], model, version, latency_ms}}. With batching on (the default) every
 *       instance goes through the model's {@link DynamicBatcher}, so concurrent requests share
 *       model batches; with batching off each request makes one {@code classifyAll} call. A
 *       regressor ({@link ServedModel#ofRegressor}) answers {@code {prediction, model, version,
 *       latency_ms}} and {@code {predictions: [{prediction}...], model, version, latency_ms}} (its
 *       batch call is {@code predictAll}), with the same batching, limits, metrics, prediction log
 *       and errors; a non-finite prediction is a {@code model-failure}.
 *   <li>The same route with {@code multipart/form-data}, for models with an {@link UploadReader}
 *       ({@link ServedModel#withUploads}): every file part (any field name, e.g. {@code image} or
 *       {@code file}; a part counts as a file when it has a file name or a non-text content type)
 *       becomes one instance, in order, read by the upload reader. One file is answered like one
 *       JSON instance, several like {@code {"instances": [...]}}. A raw body with an {@code
 *       image/*} or {@code application/octet-stream} content type is one instance. Each file and
 *       the whole body are limited to the server's body limit (413, rejected while streaming, parts
 *       above 1 MiB spool to the temporary directory); a multipart body without a file part is
 *       {@code empty-instances} (400); an upload the reader rejects is {@code invalid-input} (422);
 *       a model without an upload reader answers uploads with {@code unsupported-media-type} (415).
 *   <li>Query parameter {@code ?top_k=N} (classifiers only, N at least 1) adds {@code top_k:
 *       [{label, confidence}...]} to every prediction: the N best labels, highest score first (ties
 *       by label). Without it the response is unchanged ({@code scores} always holds every label).
 *   <li>{@code POST /v1/models/{name}/classify} for text classifiers (models whose reader comes
 *       from {@link TextInput}, see {@link ServedModel#textField()}): {@code {"text": "..."}} is
 *       answered with {@code {label, confidence, scores, model, version, latency_ms}}, {@code
 *       {"texts": ["...", ...]}} with {@code {results: [{label, confidence, scores}...], model,
 *       version, latency_ms}} in input order. Each text is one instance of the predict path (same
 *       batcher, so texts of concurrent requests share batches, same timeouts, metrics, prediction
 *       log and shadow), and {@code ?top_k=N} works as on predict. Missing, empty or non-string
 *       {@code text}, {@code texts} that is not a non-empty array of non-empty strings (naming the
 *       index), or both fields are {@code invalid-input} (422); more than {@link
 *       Builder#maxTextsPerRequest} texts is {@code too-many-instances} (413); a model that does
 *       not take text or is a regressor answers {@code invalid-request} (400) pointing to predict.
 *   <li>{@code GET /v1/models/{name}/batches}: the model's batching options and per-batch report,
 *       {@code {model, version, batching: {max_batch_size, max_queue_delay_ms,
 *       preferred_batch_sizes, workers, queue_capacity, max_queue_wait_ms}, summary: {batches,
 *       items, mean_batch_size, size_histogram, mean_collect_ms, mean_infer_ms, p50_infer_ms,
 *       p99_infer_ms, predicted_max_qps, shed}, recent: [{size, collect_ms, infer_ms,
 *       queue_depth_after}...]}} (see {@link BatchHistory}; {@code predicted_max_qps = workers *
 *       mean_batch_size / mean_infer_seconds}). {@code ?reset=true} returns the report and clears
 *       it in one step, so that each load-test level reads its own window; {@code ?recent=N} limits
 *       {@code recent} to the last N batches. With batching off {@code batching} is {@code null}
 *       and each direct model call counts as one batch of the request's instances ({@code
 *       collect_ms} 0, {@code predicted_max_qps} {@code null}).
 *   <li>{@code GET /health} (liveness), {@code GET /ready} (200 once started while every batcher
 *       runs, 503 problem while starting or shutting down), {@code GET /metrics} (Prometheus text)
 *   <li>{@code GET /} the home page, if one is configured
 * </ul>
 *
 * <p>With an API key configured every {@code /v1/} request needs header {@code X-API-Key}; health,
 * readiness, metrics and the home page stay open. Every response carries {@code X-Request-Id} (the
 * client's, if it sent a usable one).
 *
 * <p>Errors are RFC 9457 {@code application/problem+json} bodies {@code {type, title, status,
 * detail, instance}} (plus members such as {@code field} and {@code index} for invalid input), with
 * type URIs {@code https://mle4j.dev/problems/} followed by: {@code malformed-json} (400), {@code
 * invalid-request} (400, body not a JSON object), {@code empty-instances} (400), {@code
 * unauthorized} (401), {@code unknown-model} (404), {@code not-found} (404), {@code
 * method-not-allowed} (405), {@code body-too-large} (413), {@code too-many-instances} (413), {@code
 * unsupported-media-type} (415), {@code invalid-input} (422), {@code model-failure} (500), {@code
 * internal-error} (500), {@code overloaded} (503, with {@code Retry-After: 1}), {@code not-ready}
 * (503) and {@code model-timeout} (504).
 *
 * <p>Metrics (in the Prometheus registry): {@code mle4j_requests_total{model,status}}, {@code
 * mle4j_request_latency_seconds{model}} (histogram), {@code mle4j_batch_size{model}} (histogram),
 * {@code mle4j_batch_inference_seconds{model}}, {@code mle4j_queue_depth{model}}, {@code
 * mle4j_shed_requests_total{model}} (requests shed by the maximum queue wait), and with a
 * prediction log {@code mle4j_prediction_log_dropped_total} and {@code
 * mle4j_prediction_log_queue_depth}. Requests that match no model are counted with {@code
 * model="none"}.
 *
 * <p>The server does not close the models, the prediction log or a meter registry it was given;
 * close them after the server.
 */
public final class ModelServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);

  /** Header carrying the API key. */
  public static final String API_KEY_HEADER = "X-API-Key";

  /** Header carrying the request id. */
  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String JSON = "application/json";
  private static final String MULTIPART = "multipart/form-data";
  private static final String OCTET_STREAM = "application/octet-stream";
  private static final String MULTIPART_CONFIG_ATTRIBUTE = "org.eclipse.jetty.multipartConfig";
  private static final int MAX_IN_MEMORY_PART = 1024 * 1024;
  private static final String TOP_K = "top_k";
  private static final String CLASSIFY_EXAMPLE =
      "{\"text\": \"...\"} or {\"texts\": [\"...\", \"...\"]}";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String ATTR_START = "mle4j.start";
  private static final String ATTR_MODEL = "mle4j.model";
  private static final String ATTR_REQUEST_ID = "mle4j.requestId";
  private static final String NO_MODEL = "none";
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern JSON_SOURCE = Pattern.compile("\\[Source: [^;\\]]*; ");
  private static final int MAX_DETAIL_CHARS = 300;
  private static final long MAX_BODY_LIMIT = Integer.MAX_VALUE - 16L;

  /** One request instance before it is read: a JSON object or an uploaded file. */
  private sealed interface RawInstance permits JsonInstance, FileInstance {}

  /** A JSON instance. */
  private record JsonInstance(JsonNode node) implements RawInstance {}

  /** An uploaded file. */
  private record FileInstance(Upload upload) implements RawInstance {}

  private enum State {
    NEW,
    STARTING,
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final String host;
  private final int requestedPort;
  private final long maxBodyBytes;
  private final int maxInstances;
  private final byte[] apiKey;
  private final boolean batching;
  private final int maxBatchSize;
  private final int batchWorkers;
  private final Duration maxQueueDelay;
  private final int queueCapacity;
  private final int[] preferredBatchSizes;
  private final Duration maxQueueWait;
  private final int maxTexts;
  private final int batchHistorySize;
  private final Path batchLogFile;
  private final Duration requestTimeout;
  private final Duration shutdownGrace;
  private final PredictionLog predictionLog;
  private final String homePage;
  private final PrometheusMeterRegistry registry;
  private final boolean ownsRegistry;
  private final Map<String, Served<?>> models;
  private final List<JsonEndpoint> endpoints;
  private final Map<String, ServedModel<?>> shadows;
  private final java.util.concurrent.ThreadPoolExecutor shadowExecutor;
  private final ObjectMapper mapper;
  private final MultipartConfigElement multipartConfig;
  private final List<Meter> ownMeters = new ArrayList<>();
  private final AtomicInteger activePredictions = new AtomicInteger();
  private volatile BatchLog batchLog;

  private volatile State state = State.NEW;
  private Javalin app;
  private volatile int boundPort = -1;

  private ModelServer(Builder b) {
    this.host = b.host;
    this.requestedPort = b.port;
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxInstances = b.effectiveMaxInstances();
    this.apiKey = b.apiKey == null ? null : b.apiKey.getBytes(StandardCharsets.UTF_8);
    this.batching = b.batching;
    this.maxBatchSize = b.maxBatchSize;
    this.batchWorkers = b.batchWorkers;
    this.maxQueueDelay = b.maxQueueDelay;
    this.queueCapacity = b.queueCapacity;
    this.preferredBatchSizes = b.preferredBatchSizes.clone();
    this.maxQueueWait = b.maxQueueWait;
    this.maxTexts = b.effectiveMaxTexts();
    this.batchHistorySize = b.batchHistorySize;
    this.batchLogFile = b.batchLogFile;
    this.requestTimeout = b.requestTimeout;
    this.shutdownGrace = b.shutdownGrace;
    this.predictionLog = b.predictionLog;
    this.homePage = b.homePage;
    this.ownsRegistry = b.registry == null;
    this.registry =
        b.registry == null ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : b.registry;
    Map<String, Served<?>> served = new LinkedHashMap<>();
    for (ServedModel<?> m : b.models) {
      served.put(m.name(), new Served<>(m));
    }
    this.models = Collections.unmodifiableMap(served);
    this.endpoints = List.copyOf(b.endpoints);
    for (String primary : b.shadows.keySet()) {
      if (!served.containsKey(primary)) {
        throw new MlException(
            "shadow candidate for unknown model '" + primary + "'; served: " + served.keySet());
      }
    }
    this.shadows = Map.copyOf(b.shadows);
    this.shadowExecutor =
        shadows.isEmpty()
            ? null
            : new java.util.concurrent.ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(1024),
                r -> {
                  Thread t = new Thread(r, "mle4j-shadow");
                  t.setDaemon(true);
                  return t;
                },
                new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());
    this.mapper =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .addModule(new JavaTimeModule())
            .build();
    this.multipartConfig =
        new MultipartConfigElement(
            System.getProperty("java.io.tmpdir"),
            maxBodyBytes,
            maxBodyBytes,
            (int) Math.min(MAX_IN_MEMORY_PART, maxBodyBytes));
  }

  /**
   * Starts a builder.
   *
   * @return the builder with defaults: 127.0.0.1, a free port, 10 MiB bodies, 1000 instances and
   *     256 texts per request, batching on (32 per batch, 5 ms delay, 1024 queued, no preferred
   *     sizes, no load shedding), the last 2048 batches kept per model, no API key
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the batchers and the HTTP listener.
   *
   * @return this server
   * @throws MlException if the server cannot listen on its host and port
   * @throws IllegalStateException if it was started before
   */
  public synchronized ModelServer start() {
    if (state != State.NEW) {
      throw new IllegalStateException("the model server was already started (state " + state + ")");
    }
    state = State.STARTING;
    try {
      if (batchLogFile != null) {
        BatchLog log = new BatchLog(batchLogFile, mapper);
        batchLog = log;
        ownMeters.add(
            FunctionCounter.builder("mle4j.batch.log.dropped", log, BatchLog::dropped)
                .description("batch log lines not written because the log queue was full")
                .register(registry));
      }
      for (Served<?> s : models.values()) {
        s.start();
      }
      if (predictionLog != null) {
        ownMeters.add(
            FunctionCounter.builder(
                    "mle4j.prediction.log.dropped", predictionLog, PredictionLog::dropped)
                .description("prediction records not written because the log queue was full")
                .register(registry));
        ownMeters.add(
            Gauge.builder("mle4j.prediction.log.queue.depth", predictionLog, l -> l.queueDepth())
                .description("prediction records waiting to be written")
                .register(registry));
      }
      app = Javalin.create(this::configure);
      app.start(host, requestedPort);
      boundPort = app.port();
    } catch (RuntimeException e) {
      state = State.STOPPED;
      shutDownInternals();
      throw new MlException(
          "cannot start the model server on " + host + ":" + requestedPort + ": " + e.getMessage(),
          e);
    }
    state = State.RUNNING;
    LOG.info(
        "model server listening on {} with models {} (batching {})",
        baseUri(),
        models.keySet(),
        batching ? "on" : "off");
    return this;
  }

  /**
   * The port the server listens on.
   *
   * @return the bound port
   * @throws IllegalStateException before {@link #start()}
   */
  public int port() {
    if (boundPort < 0) {
      throw new IllegalStateException("the model server is not started");
    }
    return boundPort;
  }

  /**
   * The host the server listens on.
   *
   * @return the host name or address
   */
  public String host() {
    return host;
  }

  /**
   * The server's base address, e.g. {@code http://127.0.0.1:8080}.
   *
   * @return the URI
   */
  public URI baseUri() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + port());
  }

  /**
   * The registry the server's metrics are in.
   *
   * @return the registry
   */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  /**
   * The names of the served models, in the order they were added.
   *
   * @return the names
   */
  public List<String> modelNames() {
    return List.copyOf(models.keySet());
  }

  /**
   * Whether {@code GET /ready} answers 200.
   *
   * @return {@code true} once started, while every model's batcher runs and before shutdown
   */
  public boolean isReady() {
    return notReadyReason() == null;
  }

  /**
   * Shuts down: readiness turns 503, the server waits the shutdown grace period (still serving),
   * lets every batcher finish the requests it accepted, waits for running predictions, then stops
   * listening. Calling it again does nothing.
   */
  @Override
  public void close() {
    boolean wasRunning;
    synchronized (this) {
      if (state == State.STOPPING || state == State.STOPPED) {
        return;
      }
      wasRunning = state == State.RUNNING;
      state = State.STOPPING;
    }
    if (wasRunning) {
      LOG.info("model server on {} shutting down", baseUri());
      if (!shutdownGrace.isZero()) {
        sleepQuietly(shutdownGrace.toMillis());
      }
    }
    shutDownInternals();
    state = State.STOPPED;
  }

  private void shutDownInternals() {
    for (Served<?> s : models.values()) {
      s.stop();
    }
    BatchLog log = batchLog;
    if (log != null) {
      batchLog = null;
      log.close();
    }
    if (shadowExecutor != null) {
      shadowExecutor.shutdown();
      try {
        if (!shadowExecutor.awaitTermination(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
          shadowExecutor.shutdownNow();
        }
      } catch (InterruptedException e) {
        shadowExecutor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    long deadline = System.nanoTime() + requestTimeout.toNanos();
    while (activePredictions.get() > 0
        && System.nanoTime() < deadline
        && !Thread.currentThread().isInterrupted()) {
      sleepQuietly(5);
    }
    if (app != null) {
      try {
        app.stop();
      } catch (RuntimeException e) {
        LOG.warn("model server: error while stopping the HTTP listener", e);
      }
    }
    if (ownsRegistry) {
      registry.close();
    } else {
      for (Meter m : ownMeters) {
        registry.remove(m);
      }
    }
    ownMeters.clear();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String notReadyReason() {
    State s = state;
    if (s == State.NEW) {
      return "the server is not started yet";
    }
    if (s == State.STARTING) {
      return "the server is starting";
    }
    if (s != State.RUNNING) {
      return "the server is shutting down";
    }
    for (Served<?> m : models.values()) {
      if (m.batcher != null && !m.batcher.isRunning()) {
        return "the batcher of model '" + m.name() + "' is not running";
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- routing

  private void configure(JavalinConfig config) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.concurrency.useVirtualThreads = true;
    config.http.prefer405over404 = true;
    config.http.maxRequestSize = maxBodyBytes;
    config.jsonMapper(new JavalinJackson(mapper, true));
    config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblemErrorHandler()));
    RoutesConfig routes = config.routes;
    routes.before(this::beforeRequest);
    // "after" runs before the response is sent: a client that got its answer sees it counted
    routes.after(this::recordRequest);
    if (homePage != null) {
      routes.get("/", ctx -> ctx.html(homePage));
    }
    routes.get("/health", ctx -> json(ctx, mapper.createObjectNode().put("status", "UP")));
    routes.get("/ready", this::ready);
    routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape()));
    routes.get("/v1/models", this::listModels);
    routes.get("/v1/models/{name}", this::modelCard);
    routes.post("/v1/models/{name}/predict", this::predict);
    routes.post("/v1/models/{name}/classify", this::classify);
    routes.get("/v1/models/{name}/batches", this::batches);
    for (JsonEndpoint endpoint : endpoints) {
      if (endpoint.method() == JsonEndpoint.Method.POST) {
        routes.post(endpoint.path(), ctx -> handleEndpoint(ctx, endpoint));
      } else {
        routes.get(endpoint.path(), ctx -> handleEndpoint(ctx, endpoint));
      }
    }
    routes.exception(ProblemException.class, (e, ctx) -> writeProblem(ctx, e));
    routes.exception(HttpResponseException.class, this::onHttpResponseException);
    routes.exception(Exception.class, this::onUnexpected);
  }

  private void beforeRequest(Context ctx) {
    ctx.attribute(ATTR_START, System.nanoTime());
    String requestId = ctx.header(REQUEST_ID_HEADER);
    if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
      requestId = UUID.randomUUID().toString();
    }
    ctx.attribute(ATTR_REQUEST_ID, requestId);
    ctx.header(REQUEST_ID_HEADER, requestId);
    String path = ctx.path();
    if (apiKey != null && (path.equals("/v1") || path.startsWith("/v1/"))) {
      String given = ctx.header(API_KEY_HEADER);
      if (given == null || given.isEmpty()) {
        throw new ProblemException(
                ProblemType.UNAUTHORIZED, "missing API key: send it in the X-API-Key header")
            .header("WWW-Authenticate", "ApiKey header=\"X-API-Key\"");
      }
      if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), apiKey)) {
        throw new ProblemException(ProblemType.UNAUTHORIZED, "invalid API key in X-API-Key header")
            .header("WWW-Authenticate", "ApiKey header=\"X-API-Key\"");
      }
    }
  }

  private void recordRequest(Context ctx) {
    String model = Objects.requireNonNullElse(ctx.attribute(ATTR_MODEL), NO_MODEL);
    Counter.builder("mle4j.requests")
        .description("HTTP requests by model and status")
        .tag("model", model)
        .tag("status", Integer.toString(ctx.statusCode()))
        .register(registry)
        .increment();
    Long start = ctx.attribute(ATTR_START);
    long nanos = start == null ? 0 : System.nanoTime() - start;
    Timer.builder("mle4j.request.latency")
        .description("HTTP request latency")
        .tag("model", model)
        .publishPercentileHistogram()
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private void ready(Context ctx) {
    String reason = notReadyReason();
    if (reason != null) {
      throw new ProblemException(ProblemType.NOT_READY, reason);
    }
    ObjectNode body = mapper.createObjectNode().put("status", "UP");
    ArrayNode names = body.putArray("models");
    models.keySet().forEach(names::add);
    json(ctx, body);
  }

  private void listModels(Context ctx) {
    ArrayNode list = mapper.createArrayNode();
    for (Served<?> s : models.values()) {
      ModelCard card = s.model.card();
      ObjectNode o = list.addObject();
      o.put("name", s.name());
      o.put("version", s.model.version());
      o.put("task", card.task());
      ArrayNode labels = o.putArray("labels");
      s.model.labels().forEach(labels::add);
      o.set("metrics", mapper.valueToTree(card.metrics()));
    }
    json(ctx, list);
  }

  private void modelCard(Context ctx) {
    Served<?> s = lookup(ctx);
    try {
      json(ctx, mapper.readTree(ModelCardJson.toJson(s.model.card())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("model card of '" + s.name() + "' is not valid JSON", e);
    }
  }

  private Served<?> lookup(Context ctx) {
    String name = ctx.pathParam("name");
    Served<?> s = models.get(name);
    if (s == null) {
      String available = models.isEmpty() ? "none" : String.join(", ", models.keySet());
      throw new ProblemException(
              ProblemType.UNKNOWN_MODEL,
              "unknown model '" + shorten(name, 100) + "'; available models: " + available)
          .with("available", List.copyOf(models.keySet()));
    }
    ctx.attribute(ATTR_MODEL, s.name());
    return s;
  }

  // ---------------------------------------------------------------- extra endpoints

  private void handleEndpoint(Context ctx, JsonEndpoint endpoint) {
    ctx.attribute(ATTR_MODEL, endpoint.name());
    JsonNode body = null;
    if (endpoint.method() == JsonEndpoint.Method.POST) {
      requireJson(ctx, JSON);
      body = parse(readBody(ctx));
    }
    JsonEndpoint.Request request =
        new JsonEndpoint.Request(body, ctx.pathParamMap(), ctx.queryParamMap());
    JsonNode response = endpoint.handler().apply(request);
    json(ctx, response);
  }

  // ---------------------------------------------------------------- predict

  private void predict(Context ctx) {
    Served<?> served = lookup(ctx);
    activePredictions.incrementAndGet();
    try {
      int topK = topK(ctx, served);
      String mediaType = mediaType(ctx);
      List<RawInstance> instances;
      boolean batch;
      if (MULTIPART.equals(mediaType) || isRawUpload(mediaType)) {
        if (!served.model.acceptsUploads()) {
          throw new ProblemException(
              ProblemType.UNSUPPORTED_MEDIA_TYPE,
              "model '"
                  + served.name()
                  + "' takes JSON only, not uploads ('"
                  + shorten(mediaType, 100)
                  + "'): send Content-Type application/json with one instance object or"
                  + " {\"instances\": [...]}");
        }
        List<Upload> uploads =
            MULTIPART.equals(mediaType)
                ? readMultipart(ctx)
                : List.of(readRawUpload(ctx, mediaType));
        instances = new ArrayList<>(uploads.size());
        for (Upload u : uploads) {
          instances.add(new FileInstance(u));
        }
        batch = instances.size() > 1;
      } else {
        requireJson(ctx, served.model.acceptsUploads() ? acceptedWithUploads() : JSON);
        JsonNode root = parse(readBody(ctx));
        if (!root.isObject()) {
          throw new ProblemException(
              ProblemType.INVALID_REQUEST,
              "request body must be a JSON object such as {\"text\": \"...\"} or"
                  + " {\"instances\": [...]}, got "
                  + typeName(root));
        }
        batch = root.has("instances");
        List<JsonNode> nodes = batch ? instances(root.get("instances")) : List.of(root);
        instances = new ArrayList<>(nodes.size());
        for (JsonNode n : nodes) {
          instances.add(new JsonInstance(n));
        }
      }
      List<ModelOutput> results = predictAll(served, instances, batch);
      respond(ctx, served, instances, results, batch, topK, "predictions");
    } finally {
      activePredictions.decrementAndGet();
    }
  }

  // ---------------------------------------------------------------- classify

  private void classify(Context ctx) {
    Served<?> served = lookup(ctx);
    String field = textFieldOf(served);
    activePredictions.incrementAndGet();
    try {
      int topK = topK(ctx, served);
      requireJson(ctx, JSON);
      JsonNode root = parse(readBody(ctx), CLASSIFY_EXAMPLE);
      if (!root.isObject()) {
        throw new ProblemException(
            ProblemType.INVALID_REQUEST,
            "request body must be a JSON object such as "
                + CLASSIFY_EXAMPLE
                + ", got "
                + typeName(root));
      }
      JsonNode text = root.get("text");
      JsonNode texts = root.get("texts");
      if (text != null && texts != null) {
        throw new ProblemException(
                ProblemType.INVALID_INPUT,
                "give either 'text' (one string) or 'texts' (an array of strings), not both")
            .with("field", "texts");
      }
      if (text == null && texts == null) {
        throw new ProblemException(
                ProblemType.INVALID_INPUT,
                "field 'text' (one string) or 'texts' (an array of strings) is required")
            .with("field", "text");
      }
      boolean batch = texts != null;
      List<String> values = batch ? texts(texts) : List.of(text(text, "field 'text'", "text", -1));
      List<RawInstance> instances = new ArrayList<>(values.size());
      for (String v : values) {
        instances.add(new JsonInstance(mapper.createObjectNode().put(field, v)));
      }
      List<ModelOutput> results = predictAll(served, instances, batch);
      respond(ctx, served, instances, results, batch, topK, "results");
    } finally {
      activePredictions.decrementAndGet();
    }
  }

  /** The text field of a text classifier; a 400 problem for any other model. */
  private static String textFieldOf(Served<?> served) {
    String predict = "POST /v1/models/" + served.name() + "/predict";
    if (served.model.isRegressor()) {
      throw new ProblemException(
              ProblemType.INVALID_REQUEST,
              "model '"
                  + served.name()
                  + "' is a regressor; classify is for text classifiers, use "
                  + predict)
          .with("use", predict);
    }
    return served
        .model
        .textField()
        .orElseThrow(
            () ->
                new ProblemException(
                        ProblemType.INVALID_REQUEST,
                        "model '"
                            + served.name()
                            + "' does not take text; classify is for text models, use "
                            + predict)
                    .with("use", predict));
  }

  private List<String> texts(JsonNode node) {
    if (!node.isArray()) {
      throw new ProblemException(
              ProblemType.INVALID_INPUT,
              "field 'texts' must be an array of strings, got " + typeName(node))
          .with("field", "texts");
    }
    if (node.isEmpty()) {
      throw new ProblemException(
              ProblemType.INVALID_INPUT, "field 'texts' must hold at least one string")
          .with("field", "texts");
    }
    if (node.size() > maxTexts) {
      throw new ProblemException(
              ProblemType.TOO_MANY_INSTANCES,
              node.size()
                  + " texts exceed the limit of "
                  + maxTexts
                  + " per request; split them into several requests")
          .with("limit", maxTexts);
    }
    List<String> values = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      values.add(text(node.get(i), "texts[" + i + "]", "texts", i));
    }
    return values;
  }

  /** A non-blank string, or a 422 problem naming where it was ({@code index} -1: none). */
  private static String text(JsonNode value, String where, String field, int index) {
    String problem = null;
    if (!value.isTextual()) {
      problem = where + " must be a string, got " + typeName(value);
    } else if (value.textValue().isBlank()) {
      problem = where + " must not be empty";
    }
    if (problem != null) {
      ProblemException p =
          new ProblemException(ProblemType.INVALID_INPUT, problem).with("field", field);
      if (index >= 0) {
        p.with("index", index);
      }
      throw p;
    }
    return value.textValue();
  }

  // ---------------------------------------------------------------- batch report

  private void batches(Context ctx) {
    Served<?> served = lookup(ctx);
    boolean reset = booleanQuery(ctx, "reset");
    int recentLimit = served.history.capacity();
    String rawRecent = ctx.queryParam("recent");
    if (rawRecent != null) {
      recentLimit = -1;
      try {
        recentLimit = Integer.parseInt(rawRecent.trim());
      } catch (NumberFormatException e) {
        recentLimit = -1;
      }
      if (recentLimit < 0) {
        throw new ProblemException(
                ProblemType.INVALID_REQUEST,
                "query parameter 'recent' must be a non-negative integer, got '"
                    + shorten(rawRecent, 40)
                    + "'")
            .with("parameter", "recent");
      }
    }
    DynamicBatcher<?, ModelOutput> b = served.batcher;
    long shedTotal = b == null ? 0 : b.shedCount();
    BatchHistory.Snapshot snap;
    long shed;
    synchronized (served.history) {
      snap = reset ? served.history.snapshotAndReset() : served.history.snapshot();
      shed = shedTotal - served.shedAtReset;
      if (reset) {
        served.shedAtReset = shedTotal;
      }
    }
    ObjectNode body = mapper.createObjectNode();
    body.put("model", served.name());
    body.put("version", served.model.version());
    if (b == null) {
      body.putNull("batching");
    } else {
      ObjectNode o = body.putObject("batching");
      o.put("max_batch_size", b.maxBatchSize());
      o.put("max_queue_delay_ms", b.maxQueueDelay().toNanos() / 1e6);
      ArrayNode preferred = o.putArray("preferred_batch_sizes");
      b.preferredBatchSizes().forEach(preferred::add);
      o.put("workers", b.workers());
      o.put("queue_capacity", b.queueCapacity());
      if (b.maxQueueWait().isPresent()) {
        o.put("max_queue_wait_ms", b.maxQueueWait().get().toNanos() / 1e6);
      } else {
        o.putNull("max_queue_wait_ms");
      }
    }
    ObjectNode summary = body.putObject("summary");
    summary.put("batches", snap.batches());
    summary.put("items", snap.items());
    putNumber(summary, "mean_batch_size", snap.meanBatchSize());
    ObjectNode histogram = summary.putObject("size_histogram");
    snap.sizeHistogram().forEach((size, n) -> histogram.put(Integer.toString(size), n));
    putNumber(summary, "mean_collect_ms", snap.meanCollectMs());
    putNumber(summary, "mean_infer_ms", snap.meanInferMs());
    putNumber(summary, "p50_infer_ms", snap.p50InferMs());
    putNumber(summary, "p99_infer_ms", snap.p99InferMs());
    putNumber(
        summary, "predicted_max_qps", b == null ? Double.NaN : snap.predictedMaxQps(b.workers()));
    summary.put("shed", shed);
    ArrayNode recent = body.putArray("recent");
    List<BatchStats> all = snap.recent();
    for (BatchStats s : all.subList(Math.max(0, all.size() - recentLimit), all.size())) {
      ObjectNode o = recent.addObject();
      o.put("size", s.size());
      o.put("collect_ms", s.collectNanos() / 1e6);
      o.put("infer_ms", s.inferNanos() / 1e6);
      o.put("queue_depth_after", s.queueDepthAfter());
    }
    json(ctx, body);
  }

  private static void putNumber(ObjectNode o, String name, double value) {
    if (Double.isFinite(value)) {
      o.put(name, value);
    } else {
      o.putNull(name);
    }
  }

  private static boolean booleanQuery(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return false;
    }
    String v = raw.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("1")) {
      return true;
    }
    if (v.equals("false") || v.equals("0")) {
      return false;
    }
    throw new ProblemException(
            ProblemType.INVALID_REQUEST,
            "query parameter '" + name + "' must be true or false, got '" + shorten(raw, 40) + "'")
        .with("parameter", name);
  }

  private static String acceptedWithUploads() {
    return "application/json, multipart/form-data (one file part per instance, e.g. field 'image'"
        + " or 'file') or a raw image/* or application/octet-stream body";
  }

  private static boolean isRawUpload(String mediaType) {
    return mediaType != null && (mediaType.startsWith("image/") || mediaType.equals(OCTET_STREAM));
  }

  private static String mediaType(Context ctx) {
    return baseMediaType(ctx.header("Content-Type"));
  }

  private static String baseMediaType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return null;
    }
    String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return base.isEmpty() ? null : base;
  }

  private int topK(Context ctx, Served<?> served) {
    String raw = ctx.queryParam(TOP_K);
    if (raw == null) {
      return 0;
    }
    int k;
    try {
      k = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      k = -1;
    }
    if (k < 1) {
      throw new ProblemException(
              ProblemType.INVALID_REQUEST,
              "query parameter 'top_k' must be a positive integer, got '" + shorten(raw, 40) + "'")
          .with("parameter", TOP_K);
    }
    if (served.model.isRegressor()) {
      throw new ProblemException(
              ProblemType.INVALID_REQUEST,
              "query parameter 'top_k' applies to classifiers; model '"
                  + served.name()
                  + "' is a regressor")
          .with("parameter", TOP_K);
    }
    return k;
  }

  private Upload readRawUpload(Context ctx, String mediaType) {
    byte[] data = readBody(ctx);
    if (data.length == 0) {
      throw new ProblemException(
          ProblemType.EMPTY_INSTANCES,
          "request body is empty; send the file's bytes with Content-Type " + mediaType);
    }
    return new Upload(data, mediaType, null, null);
  }

  private List<Upload> readMultipart(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw bodyTooLarge("request body of " + declared + " bytes");
    }
    ctx.req().setAttribute(MULTIPART_CONFIG_ATTRIBUTE, multipartConfig);
    Collection<Part> parts;
    try {
      parts = ctx.req().getParts();
    } catch (IOException | ServletException | RuntimeException e) {
      throw multipartProblem(e);
    }
    List<Upload> uploads = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    try {
      for (Part part : parts) {
        if (!isFilePart(part)) {
          fields.add(part.getName());
          continue;
        }
        if (uploads.size() >= maxInstances) {
          throw new ProblemException(
                  ProblemType.TOO_MANY_INSTANCES,
                  "more than "
                      + maxInstances
                      + " files in one request; split them into several requests")
              .with("limit", maxInstances);
        }
        byte[] data;
        try (InputStream in = part.getInputStream()) {
          data = in.readNBytes((int) maxBodyBytes + 1);
        }
        if (data.length > maxBodyBytes) {
          throw bodyTooLarge("file part '" + shorten(part.getName(), 100) + "'");
        }
        uploads.add(
            new Upload(
                data,
                baseMediaType(part.getContentType()),
                part.getSubmittedFileName(),
                part.getName()));
      }
    } catch (IOException e) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST, "cannot read a multipart file part: " + e.getMessage(), e);
    } finally {
      for (Part part : parts) {
        try {
          part.delete();
        } catch (IOException | RuntimeException e) {
          LOG.debug("cannot delete a multipart temporary file", e);
        }
      }
    }
    if (uploads.isEmpty()) {
      throw new ProblemException(
          ProblemType.EMPTY_INSTANCES,
          "multipart/form-data request has no file part"
              + (fields.isEmpty()
                  ? ""
                  : " (only form fields " + shorten(fields.toString(), 200) + ")")
              + "; attach the file as a part with a file name, e.g. curl -F image=@photo.jpg");
    }
    return uploads;
  }

  private static boolean isFilePart(Part part) {
    if (part.getSubmittedFileName() != null) {
      return true;
    }
    String type = baseMediaType(part.getContentType());
    return type != null && !type.startsWith("text/");
  }

  private ProblemException multipartProblem(Exception e) {
    String deepest = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (m.contains("exceed")
          || m.contains("too large")
          || m.contains("max file size")
          || m.contains("max request size")
          || m.contains("413")) {
        return bodyTooLarge("multipart request or one of its parts");
      }
      if (t.getMessage() != null) {
        deepest = t.getMessage();
      }
    }
    return new ProblemException(
            ProblemType.INVALID_REQUEST,
            "malformed multipart/form-data body: " + shorten(deepest, MAX_DETAIL_CHARS),
            e)
        .header("Connection", "close");
  }

  private List<JsonNode> instances(JsonNode node) {
    if (!node.isArray()) {
      throw new ProblemException(
              ProblemType.INVALID_INPUT,
              "field 'instances' must be an array of objects, got " + typeName(node))
          .with("field", "instances");
    }
    if (node.isEmpty()) {
      throw new ProblemException(ProblemType.EMPTY_INSTANCES, "field 'instances' must not be empty")
          .with("field", "instances");
    }
    if (node.size() > maxInstances) {
      throw new ProblemException(
              ProblemType.TOO_MANY_INSTANCES,
              node.size()
                  + " instances exceed the limit of "
                  + maxInstances
                  + " per request; split them into several requests")
          .with("limit", maxInstances);
    }
    List<JsonNode> list = new ArrayList<>(node.size());
    node.forEach(list::add);
    return list;
  }

  private <I> List<ModelOutput> predictAll(
      Served<I> served, List<RawInstance> instances, boolean batch) {
    List<I> inputs = new ArrayList<>(instances.size());
    for (int i = 0; i < instances.size(); i++) {
      RawInstance raw = instances.get(i);
      String where = batch ? where(raw, i) : "";
      if (raw instanceof JsonInstance j && !j.node().isObject()) {
        throw new ProblemException(
                ProblemType.INVALID_INPUT,
                where + " must be a JSON object, got " + typeName(j.node()))
            .with("index", i);
      }
      I input;
      try {
        input = readInput(served.model, raw);
      } catch (InvalidInputException e) {
        ProblemException p =
            new ProblemException(
                    ProblemType.INVALID_INPUT,
                    batch ? where + ": " + e.getMessage() : e.getMessage())
                .with("field", e.field());
        throw withLocation(p, raw, i, batch);
      } catch (MlException e) {
        ProblemException p =
            new ProblemException(
                ProblemType.INVALID_INPUT, batch ? where + ": " + e.getMessage() : e.getMessage());
        throw withLocation(p, raw, i, batch);
      }
      if (input == null) {
        throw new IllegalStateException(
            "the input reader of model '" + served.name() + "' returned null");
      }
      inputs.add(input);
    }
    List<ModelOutput> results = served.predict(inputs);
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i) == null) {
        throw served.failure(
            new MlException(
                "model returned a null "
                    + (served.model.isRegressor() ? "prediction" : "classification")
                    + " for input "
                    + i));
      }
    }
    return results;
  }

  private static String where(RawInstance raw, int i) {
    return switch (raw) {
      case JsonInstance j -> "instances[" + i + "]";
      case FileInstance f -> "files[" + i + "] (" + shorten(f.upload().describe(), 120) + ")";
    };
  }

  private static ProblemException withLocation(
      ProblemException p, RawInstance raw, int i, boolean batch) {
    if (raw instanceof FileInstance f && f.upload().fileName() != null) {
      p.with("file", f.upload().fileName());
    }
    return batch ? p.with("index", i) : p;
  }

  private static <I> I readInput(ServedModel<I> model, RawInstance raw) {
    return switch (raw) {
      case JsonInstance j -> model.reader().read(j.node());
      case FileInstance f -> {
        if (model.uploadReader() == null) {
          throw new MlException(
              "model '" + model.name() + "' (version " + model.version() + ") takes JSON only");
        }
        yield model.uploadReader().read(f.upload());
      }
    };
  }

  /** The instance as logged: the JSON object, or a summary of an uploaded file. */
  private JsonNode logNode(RawInstance raw) {
    return switch (raw) {
      case JsonInstance j -> j.node();
      case FileInstance f -> {
        Upload u = f.upload();
        ObjectNode o = mapper.createObjectNode();
        ObjectNode upload = o.putObject("upload");
        upload.put("field", u.fieldName());
        upload.put("file_name", u.fileName());
        upload.put("content_type", u.contentType());
        upload.put("size_bytes", u.size());
        upload.put("sha256", sha256(u.bytes()));
        yield o;
      }
    };
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private void respond(
      Context ctx,
      Served<?> served,
      List<RawInstance> instances,
      List<ModelOutput> results,
      boolean batch,
      int topK,
      String listField) {
    Long start = ctx.attribute(ATTR_START);
    double latencyMs =
        Math.round((System.nanoTime() - (start == null ? System.nanoTime() : start)) / 1e3) / 1e3;
    ObjectNode body;
    if (batch) {
      body = mapper.createObjectNode();
      ArrayNode predictions = body.putArray(listField);
      for (ModelOutput o : results) {
        predictions.add(outputNode(o, topK));
      }
    } else {
      body = outputNode(results.get(0), topK);
    }
    body.put("model", served.name());
    body.put("version", served.model.version());
    body.put("latency_ms", latencyMs);
    json(ctx, body);
    if (predictionLog != null) {
      Instant now = Instant.now();
      String requestId = Objects.requireNonNullElse(ctx.attribute(ATTR_REQUEST_ID), "");
      for (int i = 0; i < results.size(); i++) {
        PredictionRecord record =
            switch (results.get(i)) {
              case ModelOutput.Label l ->
                  new PredictionRecord(
                      now,
                      requestId,
                      served.name(),
                      served.model.version(),
                      logNode(instances.get(i)),
                      l.classification().label(),
                      l.classification().confidence(),
                      latencyMs);
              case ModelOutput.Value v ->
                  PredictionRecord.ofRegression(
                      now,
                      requestId,
                      served.name(),
                      served.model.version(),
                      logNode(instances.get(i)),
                      v.value(),
                      latencyMs);
            };
        predictionLog.offer(record);
      }
    }
    ServedModel<?> candidate = shadows.get(served.name());
    if (candidate != null) {
      mirror(served.name(), candidate, List.copyOf(instances), ctx.attribute(ATTR_REQUEST_ID));
    }
  }

  /** Sends a request's instances to the shadow candidate; never delays or fails the response. */
  private void mirror(
      String name, ServedModel<?> candidate, List<RawInstance> instances, String id) {
    if (!candidate.acceptsUploads()
        && instances.stream().anyMatch(r -> r instanceof FileInstance)) {
      shadowCounter(name, "unsupported").increment();
      return;
    }
    try {
      shadowExecutor.execute(() -> runShadow(name, candidate, instances, id));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      shadowCounter(name, "rejected").increment();
    }
  }

  private <I> void runShadow(
      String name, ServedModel<I> candidate, List<RawInstance> instances, String requestId) {
    long start = System.nanoTime();
    try {
      List<I> inputs = new ArrayList<>(instances.size());
      for (RawInstance raw : instances) {
        inputs.add(readInput(candidate, raw));
      }
      List<ModelOutput> outputs = new ArrayList<>(inputs.size());
      if (candidate.isRegressor()) {
        for (double v : candidate.regressor().predictAll(inputs)) {
          outputs.add(new ModelOutput.Value(v));
        }
      } else {
        for (Classification c : candidate.classifier().classifyAll(inputs)) {
          outputs.add(new ModelOutput.Label(c));
        }
      }
      double latencyMs = Math.round((System.nanoTime() - start) / 1e3) / 1e3;
      if (predictionLog != null) {
        Instant now = Instant.now();
        String id = requestId == null ? "" : requestId;
        for (int i = 0; i < outputs.size(); i++) {
          PredictionRecord record =
              switch (outputs.get(i)) {
                case ModelOutput.Label l ->
                    new PredictionRecord(
                        now,
                        id,
                        name,
                        candidate.version(),
                        logNode(instances.get(i)),
                        l.classification().label(),
                        l.classification().confidence(),
                        latencyMs);
                case ModelOutput.Value v ->
                    PredictionRecord.ofRegression(
                        now,
                        id,
                        name,
                        candidate.version(),
                        logNode(instances.get(i)),
                        v.value(),
                        latencyMs);
              };
          predictionLog.offer(record);
        }
      }
      shadowCounter(name, "ok").increment();
    } catch (RuntimeException e) {
      shadowCounter(name, "error").increment();
      LOG.warn("shadow candidate {} v{} failed: {}", name, candidate.version(), e.getMessage());
    }
  }

  private Counter shadowCounter(String name, String outcome) {
    return Counter.builder("mle4j.shadow.requests")
        .description("requests mirrored to shadow candidates, by outcome")
        .tag("model", name)
        .tag("outcome", outcome)
        .register(registry);
  }

  private ObjectNode outputNode(ModelOutput output, int topK) {
    return switch (output) {
      case ModelOutput.Label l -> {
        ObjectNode o = classificationNode(l.classification());
        if (topK > 0) {
          ArrayNode best = o.putArray(TOP_K);
          l.classification().scores().entrySet().stream()
              .sorted(
                  Map.Entry.<String, Double>comparingByValue()
                      .reversed()
                      .thenComparing(Map.Entry.comparingByKey()))
              .limit(topK)
              .forEach(
                  e -> best.addObject().put("label", e.getKey()).put("confidence", e.getValue()));
        }
        yield o;
      }
      case ModelOutput.Value v -> mapper.createObjectNode().put("prediction", v.value());
    };
  }

  private ObjectNode classificationNode(Classification c) {
    ObjectNode o = mapper.createObjectNode();
    o.put("label", c.label());
    o.put("confidence", c.confidence());
    ObjectNode scores = o.putObject("scores");
    c.scores().forEach(scores::put);
    return o;
  }

  private void requireJson(Context ctx, String accepted) {
    String contentType = ctx.header("Content-Type");
    if (contentType == null || contentType.isBlank()) {
      throw new ProblemException(
          ProblemType.UNSUPPORTED_MEDIA_TYPE, "missing Content-Type header; expected " + accepted);
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    boolean json =
        mediaType.equals(JSON)
            || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    if (!json) {
      throw new ProblemException(
          ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "unsupported Content-Type '" + shorten(contentType, 100) + "'; expected " + accepted);
    }
  }

  private byte[] readBody(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw bodyTooLarge("request body of " + declared + " bytes");
    }
    byte[] data;
    try {
      InputStream in = ctx.req().getInputStream();
      data = in.readNBytes((int) maxBodyBytes + 1);
    } catch (IOException e) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST, "cannot read the request body: " + e.getMessage(), e);
    }
    if (data.length > maxBodyBytes) {
      throw bodyTooLarge("request body");
    }
    return data;
  }

  private ProblemException bodyTooLarge(String what) {
    // the rest of the body is not read: close the connection so that no client reuses it
    return new ProblemException(
            ProblemType.BODY_TOO_LARGE, what + " exceeds the limit of " + maxBodyBytes + " bytes")
        .with("limit", maxBodyBytes)
        .header("Connection", "close");
  }

  private JsonNode parse(byte[] body) {
    return parse(body, "{\"text\": \"...\"} or {\"instances\": [...]}");
  }

  private JsonNode parse(byte[] body, String example) {
    String empty = "request body is empty; expected a JSON object such as " + example;
    if (body.length == 0) {
      throw new ProblemException(ProblemType.MALFORMED_JSON, empty);
    }
    try {
      JsonNode root = mapper.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw new ProblemException(ProblemType.MALFORMED_JSON, empty);
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String message = JSON_SOURCE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("[");
      ProblemException p;
      if (loc != null && loc.getLineNr() > 0) {
        p =
            new ProblemException(
                    ProblemType.MALFORMED_JSON,
                    "request body is not valid JSON at line "
                        + loc.getLineNr()
                        + ", column "
                        + loc.getColumnNr()
                        + ": "
                        + shorten(message, MAX_DETAIL_CHARS))
                .with("line", loc.getLineNr())
                .with("column", loc.getColumnNr());
      } else {
        p =
            new ProblemException(
                ProblemType.MALFORMED_JSON,
                "request body is not valid JSON: " + shorten(message, MAX_DETAIL_CHARS));
      }
      throw p;
    } catch (IOException e) {
      throw new ProblemException(
          ProblemType.MALFORMED_JSON, "request body cannot be read as JSON: " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- responses

  private void json(Context ctx, JsonNode body) {
    ctx.status(200).contentType(JSON).result(bytes(body));
  }

  private byte[] bytes(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
  }

  private void writeProblem(Context ctx, ProblemException e) {
    ProblemType type = e.type();
    if (type.status() >= 500) {
      Throwable cause = e.getCause();
      String requestId = ctx.attribute(ATTR_REQUEST_ID);
      if (type == ProblemType.OVERLOADED || type == ProblemType.NOT_READY) {
        LOG.debug("{} {} -> {}: {}", ctx.method(), ctx.path(), type.status(), e.getMessage());
      } else if (cause != null) {
        LOG.error(
            "{} {} (request {}) -> {}: {}",
            ctx.method(),
            ctx.path(),
            requestId,
            type.status(),
            e.getMessage(),
            cause);
      } else {
        LOG.warn(
            "{} {} (request {}) -> {}: {}",
            ctx.method(),
            ctx.path(),
            requestId,
            type.status(),
            e.getMessage());
      }
    }
    ObjectNode body = problemBody(type.uri(), type.title(), type.status(), e.getMessage(), ctx);
    e.extensions().forEach((k, v) -> body.set(k, mapper.valueToTree(v)));
    e.headers().forEach(ctx::header);
    ctx.status(type.status()).contentType(PROBLEM_JSON).result(bytes(body));
  }

  private ObjectNode problemBody(
      String type, String title, int status, String detail, Context ctx) {
    ObjectNode body = mapper.createObjectNode();
    body.put("type", type);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", ctx.path());
    return body;
  }

  private void onHttpResponseException(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    String route = ctx.method() + " " + shorten(ctx.path(), 200);
    ProblemException p =
        switch (status) {
          case 404 ->
              new ProblemException(
                  ProblemType.NOT_FOUND,
                  "no route for "
                      + route
                      + "; try GET /v1/models, POST /v1/models/{name}/predict,"
                      + " POST /v1/models/{name}/classify, GET /v1/models/{name}/batches,"
                      + " GET /health, GET /ready or GET /metrics");
          case 405 -> {
            String allowed = allowedMethods(e);
            ProblemException m =
                new ProblemException(
                    ProblemType.METHOD_NOT_ALLOWED,
                    "method "
                        + ctx.method()
                        + " is not allowed on "
                        + shorten(ctx.path(), 200)
                        + (allowed.isEmpty() ? "" : "; allowed: " + allowed));
            yield allowed.isEmpty() ? m : m.header("Allow", allowed);
          }
          case 413 -> bodyTooLarge("request body");
          default -> null;
        };
    if (p != null) {
      writeProblem(ctx, p);
      return;
    }
    ObjectNode body = problemBody("about:blank", e.getMessage(), status, e.getMessage(), ctx);
    ctx.status(status).contentType(PROBLEM_JSON).result(bytes(body));
  }

  private static String allowedMethods(HttpResponseException e) {
    List<String> methods = new ArrayList<>();
    for (Map.Entry<String, String> d : e.getDetails().entrySet()) {
      String key = d.getKey().toUpperCase(Locale.ROOT);
      String value = d.getValue();
      if (key.contains("METHOD") && value != null) {
        for (String m : value.replaceAll("[\\[\\]]", "").split(",")) {
          if (!m.isBlank()) {
            methods.add(m.trim().toUpperCase(Locale.ROOT));
          }
        }
      }
    }
    return String.join(", ", methods);
  }

  private void onUnexpected(Exception e, Context ctx) {
    String requestId = ctx.attribute(ATTR_REQUEST_ID);
    LOG.error("{} {} (request {}) failed", ctx.method(), ctx.path(), requestId, e);
    writeProblem(
        ctx,
        new ProblemException(
            ProblemType.INTERNAL_ERROR,
            "internal error while handling the request; the server log has the details under"
                + " request id "
                + requestId));
  }

  private static String typeName(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String shorten(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  // ---------------------------------------------------------------- models

  /** One served model with its batcher and meters. */
  private final class Served<I> {
    private final ServedModel<I> model;
    private final Function<List<I>, List<ModelOutput>> predictFunction;
    private volatile DynamicBatcher<I, ModelOutput> batcher;
    private DistributionSummary batchSize;
    private Timer inference;
    private final BatchHistory history = new BatchHistory(batchHistorySize);

    /** The batcher's shed count at the last report reset (guarded by {@link #history}). */
    private long shedAtReset;

    Served(ServedModel<I> model) {
      this.model = model;
      this.predictFunction = ModelOutput.predictFunction(model);
    }

    String name() {
      return model.name();
    }

    void start() {
      batchSize =
          DistributionSummary.builder("mle4j.batch.size")
              .description("requests per model batch call")
              .tag("model", name())
              .publishPercentileHistogram()
              .minimumExpectedValue(1.0)
              .maximumExpectedValue((double) Math.max(2, batching ? maxBatchSize : maxInstances))
              .register(registry);
      inference =
          Timer.builder("mle4j.batch.inference")
              .description("time of one model batch call")
              .tag("model", name())
              .publishPercentileHistogram()
              .register(registry);
      if (!batching) {
        return;
      }
      batcher =
          DynamicBatcher.<I, ModelOutput>builder(predictFunction)
              .name(name())
              .maxBatchSize(maxBatchSize)
              .maxQueueDelay(maxQueueDelay)
              .queueCapacity(queueCapacity)
              .workers(batchWorkers)
              .preferredBatchSizes(preferredBatchSizes)
              .maxQueueWait(maxQueueWait)
              .listener(this::onBatch)
              .build();
      ownMeters.add(
          FunctionCounter.builder("mle4j.shed.requests", batcher, DynamicBatcher::shedCount)
              .description("requests failed because they waited longer than the max queue wait")
              .tag("model", name())
              .register(registry));
      ownMeters.add(
          Gauge.builder("mle4j.queue.depth", batcher, DynamicBatcher::queueDepth)
              .description("requests waiting for a model batch")
              .tag("model", name())
              .register(registry));
    }

    void stop() {
      DynamicBatcher<I, ModelOutput> b = batcher;
      if (b != null) {
        b.close();
      }
    }

    private void onBatch(BatchStats stats) {
      batchSize.record(stats.size());
      inference.record(stats.inferNanos(), TimeUnit.NANOSECONDS);
      history.record(stats);
      BatchLog log = batchLog;
      if (log != null) {
        log.offer(name(), model.version(), stats);
      }
    }

    List<ModelOutput> predict(List<I> inputs) {
      DynamicBatcher<I, ModelOutput> b = batcher;
      if (b == null) {
        return predictDirectly(inputs);
      }
      if (inputs.size() > b.queueCapacity() - b.queueDepth()) {
        throw overloaded(b);
      }
      List<CompletableFuture<ModelOutput>> futures = new ArrayList<>(inputs.size());
      for (I input : inputs) {
        CompletableFuture<ModelOutput> f = b.submit(input);
        if (f.isCompletedExceptionally()) {
          futures.forEach(g -> g.cancel(false));
          Throwable cause = f.exceptionNow();
          if (cause instanceof BatcherFullException) {
            throw overloaded(b);
          }
          if (cause instanceof BatcherClosedException) {
            throw new ProblemException(ProblemType.NOT_READY, "the server is shutting down");
          }
          throw failure(cause);
        }
        futures.add(f);
      }
      List<ModelOutput> results = new ArrayList<>(inputs.size());
      long deadline = System.nanoTime() + requestTimeout.toNanos();
      for (CompletableFuture<ModelOutput> f : futures) {
        try {
          results.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
          futures.forEach(g -> g.cancel(false));
          if (e.getCause() instanceof QueueWaitExceededException q) {
            throw overloaded(
                "model '"
                    + name()
                    + "' is overloaded: the request waited "
                    + q.waitedMillis()
                    + " ms in its queue, longer than the limit of "
                    + q.limitMillis()
                    + " ms; retry later");
          }
          if (e.getCause() instanceof BatcherFullException full) {
            throw overloaded(full.getMessage());
          }
          throw failure(e.getCause());
        } catch (TimeoutException e) {
          futures.forEach(g -> g.cancel(false));
          throw new ProblemException(
              ProblemType.MODEL_TIMEOUT,
              "model '" + name() + "' did not answer within " + requestTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          futures.forEach(g -> g.cancel(false));
          throw new ProblemException(
              ProblemType.NOT_READY, "the request was interrupted; the server is shutting down");
        }
      }
      return results;
    }

    private ProblemException overloaded(DynamicBatcher<I, ModelOutput> b) {
      return overloaded(
          "model '"
              + name()
              + "' is overloaded: its queue of "
              + b.queueCapacity()
              + " requests is full; retry later");
    }

    private ProblemException overloaded(String detail) {
      return new ProblemException(ProblemType.OVERLOADED, detail).header("Retry-After", "1");
    }

    private List<ModelOutput> predictDirectly(List<I> inputs) {
      long start = System.nanoTime();
      List<ModelOutput> out;
      try {
        out = predictFunction.apply(List.copyOf(inputs));
      } catch (RuntimeException e) {
        throw failure(e);
      } finally {
        // without a batcher each direct call counts as one batch of the request's instances
        onBatch(new BatchStats(inputs.size(), 0, System.nanoTime() - start, 0));
      }
      if (out == null || out.size() != inputs.size()) {
        throw failure(
            new BatchMismatchException(name(), out == null ? -1 : out.size(), inputs.size()));
      }
      return out;
    }

    ProblemException failure(Throwable cause) {
      String message = cause.getMessage();
      if (message == null || message.isBlank()) {
        message = cause.getClass().getSimpleName();
      }
      return new ProblemException(
          ProblemType.MODEL_FAILURE,
          "model '"
              + name()
              + "' (version '"
              + model.version()
              + "') failed: "
              + shorten(message.lines().findFirst().orElse(""), MAX_DETAIL_CHARS),
          cause);
    }
  }

  // ---------------------------------------------------------------- builder

  /** Options of a {@link ModelServer}. */
  public static final class Builder {
    private static final int DEFAULT_MAX_TEXTS = 256;

    private String host = "127.0.0.1";
    private int port;
    private long maxBodyBytes = 10L * 1024 * 1024;
    private int maxInstancesPerRequest = 1000;
    private String apiKey;
    private boolean batching = true;
    private int maxBatchSize = 32;
    private int batchWorkers = 1;
    private Duration maxQueueDelay = Duration.ofMillis(5);
    private int queueCapacity = 1024;
    private int[] preferredBatchSizes = new int[0];
    private Duration maxQueueWait;
    private int maxTextsPerRequest = DEFAULT_MAX_TEXTS;
    private boolean maxTextsSet;
    private boolean maxInstancesSet;
    private int batchHistorySize = BatchHistory.DEFAULT_CAPACITY;
    private Path batchLogFile;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration shutdownGrace = Duration.ZERO;
    private PredictionLog predictionLog;
    private String homePage;
    private PrometheusMeterRegistry registry;
    private final List<ServedModel<?>> models = new ArrayList<>();
    private final List<JsonEndpoint> endpoints = new ArrayList<>();
    private final Map<String, ServedModel<?>> shadows = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Address to listen on (default {@code 127.0.0.1}; {@code 0.0.0.0} for every interface).
     *
     * @param host host name or address
     * @return this builder
     */
    public Builder host(String host) {
      if (host == null || host.isBlank()) {
        throw new MlException("host must not be empty");
      }
      this.host = host;
      return this;
    }

    /**
     * Port to listen on (default 0: a free port, see {@link ModelServer#port()}).
     *
     * @param port 0 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new MlException("port must be between 0 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Largest accepted request body (default 10 MiB); larger ones get 413.
     *
     * @param maxBodyBytes 1 to 2^31 - 17
     * @return this builder
     */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_LIMIT) {
        throw new MlException(
            "maxBodyBytes must be between 1 and " + MAX_BODY_LIMIT + ", got " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Largest number of instances in one request (default 1000, or the batching queue capacity when
     * that is smaller); more get 413.
     *
     * @param maxInstancesPerRequest at least 1
     * @return this builder
     */
    public Builder maxInstancesPerRequest(int maxInstancesPerRequest) {
      if (maxInstancesPerRequest < 1) {
        throw new MlException(
            "maxInstancesPerRequest must be at least 1, got " + maxInstancesPerRequest);
      }
      this.maxInstancesPerRequest = maxInstancesPerRequest;
      this.maxInstancesSet = true;
      return this;
    }

    /**
     * Requires header {@code X-API-Key} with this value on every {@code /v1/} request (default: no
     * key required).
     *
     * @param apiKey the key, not blank; {@code null} removes the requirement
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      if (apiKey != null && apiKey.isBlank()) {
        throw new MlException("apiKey must not be blank (pass null for no key)");
      }
      this.apiKey = apiKey;
      return this;
    }

    /**
     * Merges concurrent requests into model batches (the default: 32, 5 ms, 1024).
     *
     * @param maxBatchSize largest batch, at least 1
     * @param maxQueueDelay longest wait of a batch's first request for others, zero or positive
     * @param queueCapacity requests that may wait per model, at least 1; more get 503
     * @return this builder
     */
    public Builder batching(int maxBatchSize, Duration maxQueueDelay, int queueCapacity) {
      if (maxBatchSize < 1) {
        throw new MlException("maxBatchSize must be at least 1, got " + maxBatchSize);
      }
      if (maxQueueDelay == null || maxQueueDelay.isNegative()) {
        throw new MlException("maxQueueDelay must be zero or positive, got " + maxQueueDelay);
      }
      if (queueCapacity < 1) {
        throw new MlException("queueCapacity must be at least 1, got " + queueCapacity);
      }
      this.batching = true;
      this.maxBatchSize = maxBatchSize;
      this.maxQueueDelay = maxQueueDelay;
      this.queueCapacity = queueCapacity;
      return this;
    }

    /**
     * Worker threads per model batcher (default 1): batches run side by side on that many threads.
     * Use 1 for models whose batch call already uses every core, more for single-threaded models.
     *
     * @param workers 1..256
     * @return this builder
     */
    public Builder batchWorkers(int workers) {
      if (workers < 1 || workers > 256) {
        throw new MlException("batchWorkers must be in 1..256, got " + workers);
      }
      this.batchWorkers = workers;
      return this;
    }

    /**
     * Preferred batch sizes of every model batcher (default none, see {@link
     * DynamicBatcher.Builder#preferredBatchSizes}): a batch that has reached one of them is sent to
     * the model at once when no other request is waiting, instead of waiting out the max queue
     * delay. Needs batching on.
     *
     * @param sizes ascending, distinct, each in 1..maxBatchSize (checked by {@link #build()}); none
     *     to clear
     * @return this builder
     */
    public Builder preferredBatchSizes(int... sizes) {
      Objects.requireNonNull(sizes, "sizes");
      for (int i = 0; i < sizes.length; i++) {
        if (sizes[i] < 1) {
          throw new MlException("preferred batch sizes must be at least 1, got " + sizes[i]);
        }
        if (i > 0 && sizes[i] <= sizes[i - 1]) {
          throw new MlException(
              "preferred batch sizes must be ascending and distinct, got "
                  + java.util.Arrays.toString(sizes));
        }
      }
      this.preferredBatchSizes = sizes.clone();
      return this;
    }

    /**
     * Load shedding (default off): a request that has waited longer than this in a model's queue
     * when a batch worker takes it is answered 503 {@code overloaded} with {@code Retry-After}
     * instead of being run late. Needs batching on.
     *
     * @param maxQueueWait positive, or {@code null} for off
     * @return this builder
     */
    public Builder maxQueueWait(Duration maxQueueWait) {
      if (maxQueueWait != null && (maxQueueWait.isNegative() || maxQueueWait.isZero())) {
        throw new MlException(
            "maxQueueWait must be positive (or null for off), got " + maxQueueWait);
      }
      this.maxQueueWait = maxQueueWait;
      return this;
    }

    /**
     * Largest number of texts in one {@code POST /v1/models/{name}/classify} request (default 256,
     * or the queue capacity if that is smaller); more get 413.
     *
     * @param maxTexts at least 1, at most the queue capacity when batching is on
     * @return this builder
     */
    public Builder maxTextsPerRequest(int maxTexts) {
      if (maxTexts < 1) {
        throw new MlException("maxTextsPerRequest must be at least 1, got " + maxTexts);
      }
      this.maxTextsPerRequest = maxTexts;
      this.maxTextsSet = true;
      return this;
    }

    /**
     * Number of recent batches kept per model for {@code GET /v1/models/{name}/batches} (default
     * 2048).
     *
     * @param batches 1..1,000,000
     * @return this builder
     */
    public Builder batchHistorySize(int batches) {
      if (batches < 1 || batches > 1_000_000) {
        throw new MlException("batchHistorySize must be in 1..1000000, got " + batches);
      }
      this.batchHistorySize = batches;
      return this;
    }

    /**
     * Appends one JSON line per model batch to this file (default: none): {@code {time, model,
     * version, size, collect_ms, infer_ms, queue_depth_after}}. A background thread writes it, so a
     * request never waits for the disk; when its queue is full the line is dropped and counted in
     * {@code mle4j_batch_log_dropped_total}. The server opens the file on start (appending) and
     * closes it on close.
     *
     * @param file the JSONL file
     * @return this builder
     */
    public Builder batchLog(Path file) {
      this.batchLogFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Turns batching off: each request makes one {@code classifyAll} call on its own thread.
     *
     * @return this builder
     */
    public Builder noBatching() {
      this.batching = false;
      return this;
    }

    /**
     * Longest time a request waits for its batched predictions (default 30 s); then 504. Without
     * batching the model runs on the request's own thread and this limit does not apply; it also
     * bounds how long {@link ModelServer#close()} waits for running predictions.
     *
     * @param requestTimeout positive
     * @return this builder
     */
    public Builder requestTimeout(Duration requestTimeout) {
      if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new MlException("requestTimeout must be positive, got " + requestTimeout);
      }
      this.requestTimeout = requestTimeout;
      return this;
    }

    /**
     * Time {@link ModelServer#close()} keeps serving with {@code /ready} answering 503, so that a
     * load balancer stops sending traffic first (default 0).
     *
     * @param grace zero or positive
     * @return this builder
     */
    public Builder shutdownGracePeriod(Duration grace) {
      if (grace == null || grace.isNegative()) {
        throw new MlException("shutdownGracePeriod must be zero or positive, got " + grace);
      }
      this.shutdownGrace = grace;
      return this;
    }

    /**
     * Logs every served prediction (default: none). The server does not close the log.
     *
     * @param predictionLog the log
     * @return this builder
     */
    public Builder predictionLog(PredictionLog predictionLog) {
      this.predictionLog = Objects.requireNonNull(predictionLog, "predictionLog");
      return this;
    }

    /**
     * HTML served at {@code GET /} (default: none, so {@code /} answers 404).
     *
     * @param html the page
     * @return this builder
     */
    public Builder homePage(String html) {
      this.homePage = Objects.requireNonNull(html, "html");
      return this;
    }

    /**
     * Registry for the server's metrics, also scraped by {@code GET /metrics} (default: a new one,
     * closed with the server). The server does not close a registry given here.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder meterRegistry(PrometheusMeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Serves a model.
     *
     * @param model the model; its name must be unique in this server
     * @return this builder
     */
    public Builder addModel(ServedModel<?> model) {
      Objects.requireNonNull(model, "model");
      for (ServedModel<?> m : models) {
        if (m.name().equals(model.name())) {
          throw new MlException("model '" + model.name() + "' is added twice");
        }
      }
      models.add(model);
      return this;
    }

    /**
     * Deploys a candidate in shadow beside a served model: after each answer of the model, the same
     * instances go to the candidate on a background thread (bounded queue; when full the mirror is
     * dropped and counted), and its predictions are appended to the prediction log under the served
     * model's name, the candidate's version and the same request id, for {@code tabular
     * shadow-compare}. The candidate never changes or delays a response; its failures are counted
     * in {@code mle4j_shadow_requests_total{outcome}} and logged. Uploaded files are mirrored only
     * to a candidate with an upload reader (else counted as outcome {@code unsupported}). The
     * server does not close it.
     *
     * @param servedName the served model it shadows
     * @param candidate the candidate (its reader parses the same JSON)
     * @return this builder
     */
    public Builder shadow(String servedName, ServedModel<?> candidate) {
      Objects.requireNonNull(candidate, "candidate");
      if (shadows.putIfAbsent(Objects.requireNonNull(servedName, "servedName"), candidate)
          != null) {
        throw new MlException("model '" + servedName + "' already has a shadow candidate");
      }
      return this;
    }

    /**
     * Adds a JSON endpoint beside the model routes (for example {@code POST /v1/rag/ask}). It gets
     * the same API key check, body limit, request id, metrics (tagged with the endpoint's name) and
     * problem+json errors as the predict route.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public Builder addEndpoint(JsonEndpoint endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      for (JsonEndpoint e : endpoints) {
        if (e.method().equals(endpoint.method()) && e.path().equals(endpoint.path())) {
          throw new MlException(
              "endpoint " + endpoint.method() + " " + endpoint.path() + " is added twice");
        }
      }
      endpoints.add(endpoint);
      return this;
    }

    /**
     * Creates the server (not started yet).
     *
     * @return the server
     */
    public ModelServer build() {
      if (!batching && (preferredBatchSizes.length > 0 || maxQueueWait != null)) {
        throw new MlException(
            "preferredBatchSizes and maxQueueWait need batching on; batching is off (noBatching)");
      }
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
      if (batching && maxTextsSet && queueCapacity < maxTextsPerRequest) {
        throw new MlException(
            "batching queueCapacity ("
                + queueCapacity
                + ") must be at least maxTextsPerRequest ("
                + maxTextsPerRequest
                + "), or a request with that many texts could never be queued");
      }
      if (batching && maxInstancesSet && queueCapacity < maxInstancesPerRequest) {
        throw new MlException(
            "batching queueCapacity ("
                + queueCapacity
                + ") must be at least maxInstancesPerRequest ("
                + maxInstancesPerRequest
                + "), or a request with that many instances could never be queued");
      }
      return new ModelServer(this);
    }

    private int effectiveMaxInstances() {
      return batching && !maxInstancesSet
          ? Math.min(maxInstancesPerRequest, queueCapacity)
          : maxInstancesPerRequest;
    }

    private int effectiveMaxTexts() {
      return batching && !maxTextsSet
          ? Math.min(maxTextsPerRequest, queueCapacity)
          : maxTextsPerRequest;
    }
  }
}
