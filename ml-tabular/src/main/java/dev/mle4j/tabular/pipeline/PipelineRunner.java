package dev.mle4j.tabular.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Pipeline} with cached, content-keyed task outputs under a root folder:
 *
 * <ul>
 *   <li>{@code <root>/tasks/<task>/<key>/}: a task's files, {@code _output.json} (its values) and
 *       the {@code _SUCCESS} marker, written last and atomically. The key is the SHA-256 of the
 *       task name, its version, the configuration entries it declares and the keys of its inputs. A
 *       folder with the marker is reused ({@link TaskStatus#SKIPPED_CACHED}); one without it (a
 *       crash mid-task) is deleted and the task runs again.
 *   <li>{@code <root>/runs/<run-id>.json}: the {@link RunRecord} of every run.
 * </ul>
 *
 * <p>A failing task is retried according to the {@link RetryPolicy}; when it gives up, the listener
 * is alerted, the tasks that depend on it (directly or not) are {@link TaskStatus#NOT_RUN}, and
 * independent tasks still run. One run at a time may use a root folder: a second concurrent run (in
 * this or another process) fails fast with an {@link MlException}.
 */
public final class PipelineRunner {

  /** The marker file of a complete task output. */
  public static final String SUCCESS_MARKER = "_SUCCESS";

  /** The file holding a task's output values. */
  public static final String OUTPUT_FILE = "_output.json";

  private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path root;
  private final RetryPolicy retry;
  private final PipelineListener listener;
  private final Sleeper sleeper;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PipelineRunner(Builder b) {
    this.root = b.root.toAbsolutePath().normalize();
    this.retry = b.retry;
    this.listener = b.listener;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
  }

  /**
   * Starts a builder.
   *
   * @param root the folder holding task outputs and the run history
   * @return the builder
   */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /**
   * The root folder.
   *
   * @return its absolute path
   */
  public Path root() {
    return root;
  }

  /**
   * Runs a pipeline; task failures are recorded, not thrown.
   *
   * @param pipeline the pipeline
   * @param config the configuration (tasks see all of it; only declared keys enter cache keys)
   * @return the run record (also written to {@code runs/<run-id>.json})
   * @throws MlException if another run holds the root folder or the record cannot be written
   */
  public RunRecord run(Pipeline pipeline, Map<String, String> config) {
    Objects.requireNonNull(pipeline, "pipeline");
    Map<String, String> cfg = Map.copyOf(config);
    Instant started = clock.instant();
    String runId = RUN_ID.format(started) + "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, TaskResult> done = new LinkedHashMap<>();
    List<TaskRecord> records = new ArrayList<>();
    boolean failed = false;
    try (RootLock lock = RootLock.acquire(root)) {
      for (Task task : pipeline.order()) {
        if (!done.keySet().containsAll(task.dependencies())) {
          records.add(new TaskRecord(task.name(), TaskStatus.NOT_RUN, 0, 0, null, null));
          continue;
        }
        TaskRecord rec = runTask(runId, task, cfg, done);
        records.add(rec);
        failed |= rec.status() == TaskStatus.FAILED;
      }
    }
    RunRecord record =
        new RunRecord(
            runId,
            pipeline.name(),
            failed ? "FAILED" : "SUCCEEDED",
            started.toString(),
            clock.instant().toString(),
            records);
    try {
      AtomicFiles.writeString(
          root.resolve("runs").resolve(runId + ".json"), json.writeValueAsString(record));
    } catch (IOException e) {
      throw new MlException("cannot write run record " + runId + ": " + e, e);
    }
    listener.runFinished(record);
    return record;
  }

  /**
   * The run history, oldest first.
   *
   * @return every stored run record
   * @throws MlException if a record cannot be read
   */
  public List<RunRecord> history() {
    Path runs = root.resolve("runs");
    if (!Files.isDirectory(runs)) {
      return List.of();
    }
    List<RunRecord> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(runs)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
        try {
          out.add(json.readValue(f.toFile(), RunRecord.class));
        } catch (IOException e) {
          throw new MlException("cannot read run record " + f + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new MlException("cannot list " + runs + ": " + e, e);
    }
    out.sort(Comparator.comparing(RunRecord::startedAt).thenComparing(RunRecord::runId));
    return out;
  }

  /**
   * The cache key of a task given its inputs' keys.
   *
   * @param task the task
   * @param config the configuration
   * @param inputKeys the keys of its dependencies, by name
   * @return the SHA-256 hex key
   */
  public static String key(Task task, Map<String, String> config, Map<String, String> inputKeys) {
    StringBuilder s = new StringBuilder();
    s.append("task\0").append(task.name()).append('\0');
    s.append("version\0").append(task.version()).append('\0');
    for (String k : new java.util.TreeSet<>(task.configKeys())) {
      String v = config.get(k);
      s.append("config\0").append(k).append('\0').append(v == null ? "\u0001null" : v).append('\0');
    }
    for (Map.Entry<String, String> e : new TreeMap<>(inputKeys).entrySet()) {
      s.append("input\0").append(e.getKey()).append('\0').append(e.getValue()).append('\0');
    }
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private TaskRecord runTask(
      String runId, Task task, Map<String, String> cfg, Map<String, TaskResult> done) {
    Map<String, TaskResult> inputs = new LinkedHashMap<>();
    Map<String, String> inputKeys = new LinkedHashMap<>();
    for (String d : task.dependencies()) {
      inputs.put(d, done.get(d));
      inputKeys.put(d, done.get(d).key());
    }
    String key = key(task, cfg, inputKeys);
    Path dir = root.resolve("tasks").resolve(task.name()).resolve(key);
    long t0 = clock.millis();
    if (Files.isRegularFile(dir.resolve(SUCCESS_MARKER))) {
      done.put(task.name(), new TaskResult(task.name(), key, dir, readValues(dir)));
      LOG.info("run {}: task {} is cached ({})", runId, task.name(), key.substring(0, 12));
      return new TaskRecord(task.name(), TaskStatus.SKIPPED_CACHED, 0, 0, key, null);
    }
    String lastError = null;
    int attempt = 0;
    while (attempt < retry.maxAttempts()) {
      attempt++;
      try {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        LOG.info(
            "run {}: task {} attempt {} ({})", runId, task.name(), attempt, key.substring(0, 12));
        TaskOutput out = task.run(new TaskContext(runId, task.name(), dir, inputs, cfg));
        Map<String, Object> values = out == null ? Map.of() : out.values();
        AtomicFiles.writeString(dir.resolve(OUTPUT_FILE), json.writeValueAsString(values));
        AtomicFiles.writeString(dir.resolve(SUCCESS_MARKER), runId + "\n");
        done.put(task.name(), new TaskResult(task.name(), key, dir, readValues(dir)));
        return new TaskRecord(
            task.name(), TaskStatus.SUCCEEDED, attempt, clock.millis() - t0, key, null);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        lastError = e.getMessage() == null ? e.toString() : e.getMessage();
        boolean willRetry =
            attempt < retry.maxAttempts() && !Thread.currentThread().isInterrupted();
        listener.taskFailed(runId, task.name(), attempt, e, willRetry);
        if (!willRetry) {
          break;
        }
        try {
          sleeper.sleep(retry.delayAfter(attempt));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return new TaskRecord(
        task.name(), TaskStatus.FAILED, attempt, clock.millis() - t0, key, lastError);
  }

  private Map<String, Object> readValues(Path dir) {
    try {
      return json.readValue(
          Files.readString(dir.resolve(OUTPUT_FILE)), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new MlException("cannot read task output " + dir.resolve(OUTPUT_FILE) + ": " + e, e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Builds a {@link PipelineRunner}. */
  public static final class Builder {
    private final Path root;
    private RetryPolicy retry = RetryPolicy.none();
    private PipelineListener listener = PipelineListener.logging();
    private Sleeper sleeper = Sleeper.system();
    private Clock clock = Clock.systemUTC();

    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    /**
     * Sets the retry policy (default: no retries).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the failure listener (default: logging).
     *
     * @param l the listener
     * @return this builder
     */
    public Builder listener(PipelineListener l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /**
     * Sets the sleeper used between retries (default: {@link Thread#sleep}).
     *
     * @param s the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper s) {
      this.sleeper = Objects.requireNonNull(s, "sleeper");
      return this;
    }

    /**
     * Sets the clock for run ids, timestamps and durations (default: system UTC).
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Builds the runner.
     *
     * @return the runner
     */
    public PipelineRunner build() {
      return new PipelineRunner(this);
    }
  }
}
