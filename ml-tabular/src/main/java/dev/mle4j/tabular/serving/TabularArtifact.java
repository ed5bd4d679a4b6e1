package dev.mle4j.tabular.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.tabular.data.ColumnSpec;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.features.FittedPipeline;
import dev.mle4j.tabular.model.TabularModel;
import dev.mle4j.tabular.model.TabularModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A production tabular model in one folder: the fitted feature pipeline, the model, its metadata
 * (including the input schema training saw) and its model card, so that serving runs exactly the
 * training-time transformation.
 *
 * <p>Layout of a saved artifact:
 *
 * <pre>
 * pipeline.json         FittedPipeline.toJson()
 * model/                TabularModel.save(dir): the model's own files
 * model_metadata.json   TabularMetadata
 * model-card.json       the ModelCard, format {@value #CARD_FORMAT}
 * </pre>
 *
 * <p>The folder can be registered as is in a {@link dev.mle4j.core.registry.ModelRegistry}; the
 * {@link TabularModelLoader} reads it back for {@code mle4j serve}. The artifact owns its model:
 * {@link #close()} closes it.
 */
public final class TabularArtifact implements AutoCloseable {

  /** The {@link ModelCard#format()} of tabular artifacts. */
  public static final String CARD_FORMAT = "tabular/v1";

  /** File name of the fitted pipeline. */
  public static final String PIPELINE_FILE = "pipeline.json";

  /** Folder name of the model's own files. */
  public static final String MODEL_DIR = "model";

  /** File name of the metadata. */
  public static final String METADATA_FILE = "model_metadata.json";

  private final FittedPipeline pipeline;
  private final TabularModel model;
  private final TabularMetadata metadata;
  private final ModelCard card;

  private TabularArtifact(
      FittedPipeline pipeline, TabularModel model, TabularMetadata metadata, ModelCard card) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.model = Objects.requireNonNull(model, "model");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.card = Objects.requireNonNull(card, "card");
    check(pipeline, model, metadata);
  }

  /**
   * Assembles an artifact after training.
   *
   * <p>The card is normalised: its format becomes {@value #CARD_FORMAT}, its task {@code
   * tabular-regression} or {@code tabular-classification}, its labels the model's labels, and its
   * parameters gain {@code model_format} and {@code target}.
   *
   * @param pipeline the fitted feature pipeline
   * @param model the fitted model over the pipeline's features (the artifact takes ownership)
   * @param card the model card (name, version, metrics, data fingerprint, parameters, created-at)
   * @param target the target column name
   * @param trainInput the training rows the pipeline was fitted on (at least its input columns),
   *     profiled for serving-time validation
   * @return the artifact
   * @throws MlException if model and pipeline do not fit together or the rows lack an input column
   */
  public static TabularArtifact of(
      FittedPipeline pipeline,
      TabularModel model,
      ModelCard card,
      String target,
      DataFrame trainInput) {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(card, "card");
    Objects.requireNonNull(trainInput, "trainInput");
    TabularTask task =
        model.labels().isEmpty() ? TabularTask.REGRESSION : TabularTask.CLASSIFICATION;
    List<ColumnProfile> input = new ArrayList<>();
    for (ColumnSpec c : pipeline.input()) {
      input.add(ColumnProfile.of(trainInput, c));
    }
    Map<String, String> params = new LinkedHashMap<>(card.parameters());
    params.put("model_format", model.format());
    params.put("target", target);
    ModelCard normal =
        new ModelCard(
            card.name(),
            card.version(),
            taskName(task),
            CARD_FORMAT,
            model.labels(),
            card.metrics(),
            card.dataFingerprint(),
            params,
            card.createdAt());
    TabularMetadata metadata =
        new TabularMetadata(
            card.name(),
            card.version(),
            task,
            model.format(),
            target,
            model.labels(),
            card.metrics(),
            card.createdAt().toString(),
            card.dataFingerprint(),
            model.featureNames(),
            input);
    return new TabularArtifact(pipeline, model, metadata, normal);
  }

  /**
   * The card task name of a tabular task.
   *
   * @param task the task
   * @return {@code tabular-regression} or {@code tabular-classification}
   */
  public static String taskName(TabularTask task) {
    return "tabular-" + task.name().toLowerCase(Locale.ROOT);
  }

  private static void check(FittedPipeline pipeline, TabularModel model, TabularMetadata meta) {
    if (!model.featureNames().equals(pipeline.features())) {
      throw new MlException(
          "the model expects features "
              + abbreviate(model.featureNames())
              + " but the pipeline produces "
              + abbreviate(pipeline.features()));
    }
    if (!meta.labels().equals(model.labels())) {
      throw new MlException(
          "metadata labels " + meta.labels() + " differ from the model's " + model.labels());
    }
    if (!meta.inputSchema().columns().equals(pipeline.input())) {
      throw new MlException(
          "metadata input columns "
              + meta.inputSchema().names()
              + " differ from the pipeline's "
              + pipeline.inputSchema().names());
    }
  }

  private static String abbreviate(List<String> names) {
    return names.size() <= 12
        ? names.toString()
        : names.subList(0, 12) + " ... (" + names.size() + " in all)";
  }

  /**
   * The fitted feature pipeline.
   *
   * @return the pipeline
   */
  public FittedPipeline pipeline() {
    return pipeline;
  }

  /**
   * The fitted model.
   *
   * @return the model
   */
  public TabularModel model() {
    return model;
  }

  /**
   * The metadata.
   *
   * @return the metadata
   */
  public TabularMetadata metadata() {
    return metadata;
  }

  /**
   * The model card.
   *
   * @return the card
   */
  public ModelCard card() {
    return card;
  }

  /**
   * The task.
   *
   * @return regression or classification
   */
  public TabularTask task() {
    return metadata.task();
  }

  /**
   * Returns this artifact with another card (e.g. the registry's, which carries the version). The
   * returned artifact shares the model.
   *
   * @param newCard the card; its format must be {@value #CARD_FORMAT}
   * @return the artifact
   */
  public TabularArtifact withCard(ModelCard newCard) {
    Objects.requireNonNull(newCard, "card");
    if (!CARD_FORMAT.equals(newCard.format())) {
      throw new MlException(
          "model card of '"
              + newCard.name()
              + "' has format '"
              + newCard.format()
              + "', expected "
              + CARD_FORMAT);
    }
    return new TabularArtifact(pipeline, model, metadata.withVersion(newCard.version()), newCard);
  }

  // ---------------------------------------------------------------- save

  /**
   * Saves the artifact into a folder, atomically: the files are written to a temporary sibling
   * folder that is then renamed to {@code dir}; an existing artifact in {@code dir} is replaced
   * only once the new one is complete.
   *
   * @param dir the folder to create or replace
   * @throws MlException if the folder cannot be written
   */
  public void save(Path dir) {
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Path temp = parent.resolve(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
    Path old = parent.resolve(".old-" + target.getFileName() + "-" + UUID.randomUUID());
    try {
      Files.createDirectories(parent);
      Files.createDirectory(temp);
      Files.writeString(temp.resolve(PIPELINE_FILE), pipeline.toJson(), StandardCharsets.UTF_8);
      Path modelDir = Files.createDirectory(temp.resolve(MODEL_DIR));
      model.save(modelDir);
      Files.writeString(
          temp.resolve(METADATA_FILE),
          mapper().writeValueAsString(metadata),
          StandardCharsets.UTF_8);
      Files.writeString(
          temp.resolve(ModelCardJson.FILE_NAME),
          ModelCardJson.toJson(card),
          StandardCharsets.UTF_8);
      boolean replaced = false;
      if (Files.exists(target)) {
        if (!Files.isDirectory(target)) {
          throw new MlException("cannot save the artifact: " + target + " is a file");
        }
        move(target, old);
        replaced = true;
      }
      try {
        move(temp, target);
      } catch (IOException | RuntimeException e) {
        if (replaced) {
          move(old, target);
        }
        throw e;
      }
      if (replaced) {
        deleteTree(old);
      }
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new MlException("cannot save the tabular artifact to " + target + ": " + e, e);
    } catch (RuntimeException e) {
      deleteQuietly(temp);
      if (e instanceof MlException ml) {
        throw ml;
      }
      throw new MlException("cannot save the tabular artifact to " + target + ": " + e, e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      // best effort: a leftover hidden temporary folder does not harm the artifact
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  // ---------------------------------------------------------------- load

  /**
   * Loads an artifact saved by {@link #save(Path)}, with the card saved in it.
   *
   * @param dir the artifact folder
   * @return the artifact, which the caller closes
   * @throws MlException naming the missing or corrupt file
   */
  public static TabularArtifact load(Path dir) {
    Path cardFile = dir.resolve(ModelCardJson.FILE_NAME);
    requireFile(dir, cardFile);
    ModelCard card;
    try {
      card = ModelCardJson.read(cardFile);
    } catch (RuntimeException e) {
      throw corrupt(cardFile, e);
    }
    return load(dir, card);
  }

  /**
   * Loads an artifact with a given card (e.g. the registry's, which carries the version).
   *
   * @param dir the artifact folder
   * @param card the card; its format must be {@value #CARD_FORMAT}
   * @return the artifact, which the caller closes
   * @throws MlException naming the missing or corrupt file
   */
  public static TabularArtifact load(Path dir, ModelCard card) {
    Objects.requireNonNull(card, "card");
    if (!Files.isDirectory(dir)) {
      throw new MlException("tabular artifact folder " + dir + " does not exist");
    }
    if (!CARD_FORMAT.equals(card.format())) {
      throw new MlException(
          "model '"
              + card.name()
              + "' has card format '"
              + card.format()
              + "', not a tabular artifact ("
              + CARD_FORMAT
              + ")");
    }
    Path pipelineFile = dir.resolve(PIPELINE_FILE);
    Path metadataFile = dir.resolve(METADATA_FILE);
    Path modelDir = dir.resolve(MODEL_DIR);
    requireFile(dir, metadataFile);
    requireFile(dir, pipelineFile);
    if (!Files.isDirectory(modelDir)) {
      throw new MlException(
          "tabular artifact " + dir + " is incomplete: folder '" + MODEL_DIR + "/' is missing");
    }
    TabularMetadata metadata = readMetadata(metadataFile);
    FittedPipeline pipeline;
    try {
      pipeline = FittedPipeline.fromJson(Files.readString(pipelineFile, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw corrupt(pipelineFile, e);
    }
    TabularModel model;
    try {
      model = TabularModels.load(modelDir, metadata.modelFormat());
    } catch (RuntimeException e) {
      throw new MlException(
          "cannot read the model in "
              + modelDir
              + " (format '"
              + metadata.modelFormat()
              + "'): "
              + e.getMessage(),
          e);
    }
    try {
      return new TabularArtifact(pipeline, model, metadata.withVersion(card.version()), card);
    } catch (RuntimeException e) {
      model.close();
      throw new MlException("tabular artifact " + dir + " is inconsistent: " + e.getMessage(), e);
    }
  }

  private static TabularMetadata readMetadata(Path file) {
    try {
      JsonNode node = mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
      if (node == null || !node.isObject()) {
        throw new MlException("not a JSON object");
      }
      String format = node.path("format").asText("");
      if (!TabularMetadata.FORMAT.equals(format)) {
        throw new MlException("format is '" + format + "', expected " + TabularMetadata.FORMAT);
      }
      return mapper().treeToValue(node, TabularMetadata.class);
    } catch (JsonProcessingException e) {
      throw corrupt(file, new MlException(e.getOriginalMessage(), e));
    } catch (IOException | RuntimeException e) {
      throw corrupt(file, e);
    }
  }

  private static void requireFile(Path dir, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new MlException(
          "tabular artifact "
              + dir
              + " is incomplete: file '"
              + file.getFileName()
              + "' is missing (expected "
              + expectedFiles()
              + ")");
    }
  }

  private static String expectedFiles() {
    return String.join(
        ", ",
        Stream.of(PIPELINE_FILE, MODEL_DIR + "/", METADATA_FILE, ModelCardJson.FILE_NAME).toList());
  }

  private static MlException corrupt(Path file, Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new MlException(
        "corrupt tabular artifact file " + file + ": " + message.lines().findFirst().orElse(""), e);
  }

  private static ObjectMapper mapper() {
    return JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  /** Closes the model. */
  @Override
  public void close() {
    model.close();
  }
}
