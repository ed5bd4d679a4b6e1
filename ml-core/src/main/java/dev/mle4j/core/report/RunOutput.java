package dev.mle4j.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.registry.ModelCardJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The output folder of one training or evaluation run, holding {@code metrics.json}, {@code
 * model-card.json}, PNG charts and {@code report.html}. Every file is written atomically (temporary
 * file + rename), so a reader never sees a half-written file.
 *
 * <pre>{@code
 * RunOutput out = RunOutput.create(RunOutput.defaultDir("text"));
 * out.writeMetrics(MetricsFile.of("sms-spam", "text-classification", models));
 * Charts.confusionMatrix(out.file("confusion.png"), "Confusion", labels, counts);
 * }</pre>
 */
public final class RunOutput {
  /** Name of the metrics file. */
  public static final String METRICS_FILE = "metrics.json";

  /** Name of the report file. */
  public static final String REPORT_FILE = "report.html";

  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final Pattern CAPABILITY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Path dir;

  private RunOutput(Path dir) {
    this.dir = dir;
  }

  /**
   * Uses a folder for a run's outputs, creating it (and its parents) if needed.
   *
   * @param dir the folder
   * @return the run output
   * @throws MlException when the folder cannot be created or a file is in the way
   */
  public static RunOutput create(Path dir) {
    Objects.requireNonNull(dir, "dir");
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new MlException("output folder " + dir + " exists but is a file");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new MlException("cannot create output folder " + dir + ": " + e, e);
    }
    return new RunOutput(dir);
  }

  /**
   * The default folder of a run started now: {@code outputs/<capability>/<yyyyMMdd-HHmmss>},
   * relative to the working directory, in local time.
   *
   * @param capability the capability, e.g. {@code text}, {@code tabular}, {@code rag}
   * @return the folder (not created)
   * @throws MlException when the capability is not a lowercase name
   */
  public static Path defaultDir(String capability) {
    return defaultDir(capability, Clock.systemDefaultZone());
  }

  /**
   * The default folder of a run started at the clock's time: {@code
   * outputs/<capability>/<yyyyMMdd-HHmmss>} in the clock's zone.
   *
   * @param capability the capability, e.g. {@code text}
   * @param clock the clock
   * @return the folder (not created)
   * @throws MlException when the capability is not a lowercase name
   */
  public static Path defaultDir(String capability, Clock clock) {
    if (capability == null || !CAPABILITY.matcher(capability).matches()) {
      throw new MlException(
          "invalid capability name '"
              + capability
              + "': use lowercase letters, digits, '-' or '_' (e.g. text, tabular)");
    }
    return Path.of("outputs", capability, LocalDateTime.now(clock).format(RUN_ID));
  }

  /**
   * The output folder.
   *
   * @return the folder
   */
  public Path dir() {
    return dir;
  }

  /**
   * The path of a file in the output folder, for charts ({@code roc.png}) and the report ({@code
   * report.html}).
   *
   * @param name a plain file name without folders
   * @return the path inside {@link #dir()}
   * @throws MlException when the name is blank, hidden or contains a path separator
   */
  public Path file(String name) {
    if (name == null
        || name.isBlank()
        || name.startsWith(".")
        || name.contains("/")
        || name.contains("\\")
        || name.indexOf('\0') >= 0) {
      throw new MlException(
          "invalid output file name '" + name + "': use a plain name such as roc.png");
    }
    return dir.resolve(name);
  }

  /**
   * Writes {@code metrics.json}: {@code dataset}, {@code task}, {@code models}, then the extra
   * entries.
   *
   * @param metrics the metrics
   * @return the written file
   * @throws MlException when the file cannot be written
   */
  public Path writeMetrics(MetricsFile metrics) {
    Objects.requireNonNull(metrics, "metrics");
    Path file = file(METRICS_FILE);
    AtomicFiles.writeString(file, metricsJson(metrics));
    return file;
  }

  /**
   * Writes {@code model-card.json}.
   *
   * @param card the card
   * @return the written file
   * @throws MlException when the card has a non-finite metric or the file cannot be written
   */
  public Path writeModelCard(ModelCard card) {
    Path file = file(ModelCardJson.FILE_NAME);
    ModelCardJson.write(card, file);
    return file;
  }

  /**
   * Renders a metrics file as JSON, the format {@link #writeMetrics(MetricsFile)} writes.
   *
   * @param metrics the metrics
   * @return pretty-printed JSON
   */
  public static String metricsJson(MetricsFile metrics) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("dataset", metrics.dataset());
    root.put("task", metrics.task());
    root.put("models", metrics.models());
    root.putAll(metrics.extra());
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new MlException("cannot serialize metrics: " + e, e);
    }
  }

  /**
   * Reads a {@code metrics.json} written by {@link #writeMetrics(MetricsFile)}.
   *
   * @param file the file
   * @return its content
   * @throws MlException when the file is missing, not JSON or breaks the metrics format
   */
  public static MetricsFile readMetrics(Path file) {
    Objects.requireNonNull(file, "file");
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new MlException("metrics file " + file + " does not exist", e);
    } catch (JsonProcessingException e) {
      throw new MlException(
          "metrics file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MlException("cannot read metrics file " + file + ": " + e, e);
    }
    if (root == null || !root.isObject()) {
      throw new MlException("metrics file " + file + " must hold a JSON object");
    }
    String dataset = text(file, root, "dataset");
    String task = text(file, root, "task");
    JsonNode modelsNode = root.get("models");
    if (modelsNode == null || !modelsNode.isObject()) {
      throw new MlException("metrics file " + file + ": 'models' must be an object");
    }
    Map<String, Map<String, Double>> models = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> model : modelsNode.properties()) {
      if (!model.getValue().isObject()) {
        throw new MlException(
            "metrics file " + file + ": model '" + model.getKey() + "' must be an object");
      }
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> metric : model.getValue().properties()) {
        if (!metric.getValue().isNumber()) {
          throw new MlException(
              "metrics file "
                  + file
                  + ": metric '"
                  + metric.getKey()
                  + "' of model '"
                  + model.getKey()
                  + "' is not a number: "
                  + metric.getValue());
        }
        metrics.put(metric.getKey(), metric.getValue().doubleValue());
      }
      models.put(model.getKey(), metrics);
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (!e.getKey().equals("dataset")
          && !e.getKey().equals("task")
          && !e.getKey().equals("models")) {
        extra.put(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class));
      }
    }
    try {
      return new MetricsFile(dataset, task, models, extra);
    } catch (MlException e) {
      throw new MlException("invalid " + file + ": " + e.getMessage(), e);
    }
  }

  private static String text(Path file, JsonNode root, String key) {
    JsonNode node = root.get(key);
    if (node == null || !node.isTextual()) {
      throw new MlException("metrics file " + file + ": '" + key + "' must be a string");
    }
    return node.asText();
  }
}
