package dev.mle4j.examples.cli;

import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.serving.ModelServer;
import dev.mle4j.core.serving.PredictionLog;
import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.examples.Locations;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Server options shared by {@code serve} and {@code demo}. */
final class ServeOptions {
  @Option(names = "--port", defaultValue = "8080", description = "Port (0 = any free port).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind.")
  String host;

  @Option(
      names = "--registry",
      paramLabel = "DIR",
      description = "Registry folder (default: $MLE4J_REGISTRY or ~/.mle4j/registry).")
  Path registry;

  @Option(names = "--stage", defaultValue = "production", description = "Stage to serve.")
  String stage;

  @Option(
      names = "--models",
      split = ",",
      paramLabel = "NAME",
      description = "Serve only these models.")
  List<String> models = new ArrayList<>();

  @Option(names = "--max-batch-size", defaultValue = "32", description = "Dynamic batch limit.")
  int maxBatchSize;

  @Option(
      names = "--max-queue-delay-ms",
      defaultValue = "0",
      description = {
        "Longest wait for a batch to fill, in ms (default 0: a batch takes what is queued when a"
            + " worker is free; raise it for models with a large per-batch cost)."
      })
  long maxQueueDelayMs;

  @Option(names = "--queue-capacity", defaultValue = "1024", description = "Bounded queue size.")
  int queueCapacity;

  @Option(
      names = "--batch-workers",
      description =
          "Batches run side by side per model (default: the number of cores; use 1 for models"
              + " whose batch call uses every core).")
  int batchWorkers = Runtime.getRuntime().availableProcessors();

  @Option(names = "--no-batching", description = "Run each request on its own.")
  boolean noBatching;

  @Option(
      names = "--preferred-batch-sizes",
      split = ",",
      paramLabel = "N",
      description = {
        "Batch sizes sent to the model at once when no other request is waiting, without waiting"
            + " out --max-queue-delay-ms (ascending, each <= --max-batch-size), e.g. 8,16,32."
      })
  List<Integer> preferredBatchSizes = new ArrayList<>();

  @Option(
      names = "--max-queue-wait-ms",
      defaultValue = "0",
      description = {
        "Load shedding: a request that waited longer than this in a model's queue gets 503 with"
            + " Retry-After instead of a late answer (default 0: off)."
      })
  long maxQueueWaitMs;

  @Option(
      names = "--batch-log",
      paramLabel = "FILE",
      description = "Append one JSON line per model batch to this file (asynchronously).")
  Path batchLog;

  @Option(
      names = "--api-key",
      description = "Require this X-API-Key on /v1 (default: $MLE4J_API_KEY if set).")
  String apiKey;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "10485760",
      description = "Request body limit.")
  long maxBodyBytes;

  @Option(
      names = "--prediction-log",
      paramLabel = "FILE",
      description = "Append every prediction to this JSONL file (asynchronously).")
  Path predictionLog;

  @Option(
      names = "--rag-index",
      paramLabel = "DIR",
      description =
          "Knowledge base answering POST /v1/rag/ask and the web page's question box (default:"
              + " $MLE4J_RAG_INDEX or ~/.mle4j/rag/postgresql-15, when it exists).")
  Path ragIndex;

  @Option(names = "--no-rag", description = "Do not serve a knowledge base.")
  boolean noRag;

  @Option(
      names = "--rag-query-log",
      paramLabel = "FILE",
      description =
          "Query log (JSONL) of the RAG endpoint (default: <knowledge base>/queries.jsonl).")
  Path ragQueryLog;

  @Option(
      names = "--drift-reference",
      paramLabel = "CSV",
      description =
          "Export drift gauges (mle4j_drift_score, mle4j_drift_share, mle4j_dataset_drift) of the"
              + " logged inputs against this reference CSV; needs --prediction-log.")
  Path driftReference;

  @Option(
      names = "--drift-model",
      description = "Model whose logged inputs the drift gauges test (default: the first).")
  String driftModel;

  @Option(
      names = "--drift-interval",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "How often the drift gauges are recomputed (default ${DEFAULT-VALUE}).")
  Duration driftInterval;

  @Option(
      names = "--shadow",
      paramLabel = "NAME=VERSION",
      description = {
        "Deploy a registry version in shadow beside the served model NAME: it gets every request"
            + " mirrored in the background and its predictions go to --prediction-log (same request"
            + " id, its own version) for 'mle4j tabular shadow-compare'. Repeatable."
      })
  java.util.Map<String, String> shadows = new java.util.LinkedHashMap<>();

  /** Shadow candidates loaded by {@link #build}, closed by the caller after the server. */
  final List<ServedModel<?>> shadowModels = new ArrayList<>();

  /** The meter registry the server and the RAG service share. */
  final PrometheusMeterRegistry meterRegistry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  ModelRegistry openRegistry() {
    return ModelRegistry.open(registry == null ? Locations.registry() : registry);
  }

  void validate() {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
    }
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("--max-batch-size must be >= 1, got " + maxBatchSize);
    }
    if (maxQueueDelayMs < 0) {
      throw new IllegalArgumentException("--max-queue-delay-ms must be >= 0");
    }
    if (maxQueueWaitMs < 0) {
      throw new IllegalArgumentException("--max-queue-wait-ms must be >= 0 (0 = off)");
    }
    for (int i = 0; i < preferredBatchSizes.size(); i++) {
      int size = preferredBatchSizes.get(i);
      if (size < 1 || size > maxBatchSize) {
        throw new IllegalArgumentException(
            "--preferred-batch-sizes must be in 1.."
                + maxBatchSize
                + " (--max-batch-size), got "
                + size);
      }
      if (i > 0 && size <= preferredBatchSizes.get(i - 1)) {
        throw new IllegalArgumentException(
            "--preferred-batch-sizes must be ascending and distinct, got " + preferredBatchSizes);
      }
    }
    if (noBatching && (!preferredBatchSizes.isEmpty() || maxQueueWaitMs > 0)) {
      throw new IllegalArgumentException(
          "--preferred-batch-sizes and --max-queue-wait-ms need batching; drop --no-batching");
    }
    if (batchWorkers < 1) {
      throw new IllegalArgumentException("--batch-workers must be >= 1, got " + batchWorkers);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("--queue-capacity must be >= 1");
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("--max-body-bytes must be >= 1");
    }
  }

  /**
   * Opens the knowledge base to serve, if any.
   *
   * @return the RAG parts, or null when RAG is off or no knowledge base exists
   */
  RagServing openRag() {
    if (noRag) {
      return null;
    }
    Path dir = ragIndex != null ? ragIndex : Locations.ragIndex();
    if (ragIndex != null && !java.nio.file.Files.isDirectory(ragIndex)) {
      throw new IllegalArgumentException("--rag-index " + ragIndex + " does not exist");
    }
    Path log = ragQueryLog != null ? ragQueryLog : dir.resolve("queries.jsonl");
    RagServing rag = RagServing.openIfPresent(dir, log, meterRegistry);
    if (rag == null && ragIndex != null) {
      throw new IllegalArgumentException(
          "--rag-index " + ragIndex + " holds no knowledge base; build one with mle4j rag ingest");
    }
    return rag;
  }

  ModelServer build(List<ServedModel<?>> served, boolean withHomePage) {
    return build(served, withHomePage, null);
  }

  /**
   * Starts the drift gauges when a reference was given.
   *
   * @return the monitor to close after the server, or null
   */
  ServeDriftMonitor startDriftMonitor() {
    if (driftReference == null) {
      return null;
    }
    if (predictionLog == null) {
      throw new IllegalArgumentException(
          "--drift-reference needs --prediction-log FILE (the drift of logged inputs is tested)");
    }
    return new ServeDriftMonitor(
        predictionLog, driftReference, driftModel, driftInterval, meterRegistry);
  }

  ModelServer build(List<ServedModel<?>> served, boolean withHomePage, RagServing rag) {
    validate();
    ModelServer.Builder b =
        ModelServer.builder()
            .host(host)
            .port(port)
            .maxBodyBytes(maxBodyBytes)
            .meterRegistry(meterRegistry);
    if (rag != null) {
      rag.endpoints().forEach(b::addEndpoint);
    }
    if (!shadows.isEmpty()) {
      if (predictionLog == null) {
        throw new IllegalArgumentException(
            "--shadow needs --prediction-log FILE (both models' predictions are compared from it)");
      }
      ModelRegistry registry = openRegistry();
      dev.mle4j.core.ModelLoaders loaders = dev.mle4j.core.ModelLoaders.discover();
      for (var e : shadows.entrySet()) {
        var version =
            registry
                .find(e.getKey(), e.getValue())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "--shadow "
                                + e.getKey()
                                + "="
                                + e.getValue()
                                + ": no such version in registry "
                                + registry.root()));
        ServedModel<?> candidate =
            loaders.loadServed(e.getKey(), version.version(), version.dir(), version.card());
        shadowModels.add(candidate);
        b.shadow(e.getKey(), candidate);
      }
    }
    if (noBatching) {
      b.noBatching();
    } else {
      b.batching(maxBatchSize, Duration.ofMillis(maxQueueDelayMs), queueCapacity)
          .batchWorkers(batchWorkers)
          .preferredBatchSizes(preferredBatchSizes.stream().mapToInt(Integer::intValue).toArray());
      if (maxQueueWaitMs > 0) {
        b.maxQueueWait(Duration.ofMillis(maxQueueWaitMs));
      }
    }
    if (batchLog != null) {
      b.batchLog(batchLog);
    }
    String key = apiKey != null ? apiKey : System.getenv("MLE4J_API_KEY");
    if (key != null && !key.isBlank()) {
      b.apiKey(key);
    }
    if (predictionLog != null) {
      b.predictionLog(PredictionLog.builder(predictionLog).build());
    }
    if (withHomePage) {
      b.homePage(homePage());
    }
    served.forEach(b::addModel);
    return b.build();
  }

  static String homePage() {
    try (InputStream in =
        ServeOptions.class.getResourceAsStream("/dev/mle4j/examples/web/index.html")) {
      if (in == null) {
        throw new IllegalStateException("web page missing from the launcher jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the web page", e);
    }
  }
}
