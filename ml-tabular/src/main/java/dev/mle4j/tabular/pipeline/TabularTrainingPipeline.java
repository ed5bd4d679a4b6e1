package dev.mle4j.tabular.pipeline;

import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.data.Fingerprints;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.tabular.clean.CleaningOptions;
import dev.mle4j.tabular.clean.CleaningResult;
import dev.mle4j.tabular.clean.DtypeCorrections;
import dev.mle4j.tabular.clean.RowCleaner;
import dev.mle4j.tabular.data.CsvProblem;
import dev.mle4j.tabular.data.CsvWriter;
import dev.mle4j.tabular.data.TabularDataset;
import dev.mle4j.tabular.data.TabularDatasets;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.eval.CrossValidation;
import dev.mle4j.tabular.eval.CvResult;
import dev.mle4j.tabular.features.AutoFeatures;
import dev.mle4j.tabular.features.FeatureMatrix;
import dev.mle4j.tabular.features.FeaturePipeline;
import dev.mle4j.tabular.features.FitContext;
import dev.mle4j.tabular.features.FittedPipeline;
import dev.mle4j.tabular.model.Learners;
import dev.mle4j.tabular.model.TabularLearner;
import dev.mle4j.tabular.model.TabularModel;
import dev.mle4j.tabular.model.TabularModels;
import dev.mle4j.tabular.serving.TabularArtifact;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard tabular training pipeline: {@code extract -> preprocess -> features -> train ->
 * evaluate -> register}, each task wrapping the library's own classes and passing files:
 *
 * <ul>
 *   <li>extract: validates the CSV with {@link TabularDatasets#fromCsv} and copies it ({@code
 *       data.csv});
 *   <li>preprocess: {@link DtypeCorrections} and {@link RowCleaner} (duplicates), {@code
 *       cleaned.csv};
 *   <li>features: fits the {@link AutoFeatures} {@link FeaturePipeline}: {@code pipeline.json} and
 *       the training rows it produced ({@code train_features.bin}, out-of-fold for target-using
 *       steps);
 *   <li>train: fits the learner ({@link Learners#byName}) on those rows, {@code model/};
 *   <li>evaluate: k-fold {@link CrossValidation} of pipeline + learner, {@code metrics.json};
 *   <li>register: a {@link TabularArtifact} registered in a {@link ModelRegistry}.
 * </ul>
 *
 * <p>Configuration keys (see {@link #config}): {@code data}, {@code data.sha256}, {@code target},
 * {@code task}, {@code id}, {@code drop}, {@code learner}, {@code folds}, {@code seed}, {@code
 * model.name}, {@code registry}. The register task is idempotent beyond the runner's cache: the
 * registry versions are content hashes of the artifact files, so registering identical files
 * returns the existing version instead of creating a new one. The artifact's timestamps come from
 * the train task's stored output, so re-running only the register task produces identical files.
 */
public final class TabularTrainingPipeline {

  /** The training rows as the fitted pipeline produced them (out-of-fold for target steps). */
  static final String TRAIN_FEATURES = "train_features.bin";

  private static final Logger LOG = LoggerFactory.getLogger(TabularTrainingPipeline.class);

  private TabularTrainingPipeline() {}

  /**
   * The pipeline.
   *
   * @return the six tasks, validated
   */
  public static Pipeline of() {
    return Pipeline.builder("tabular-training")
        .add(
            Task.of(
                "extract",
                "1",
                List.of(),
                List.of("data", "data.sha256", "target", "task", "id", "drop"),
                TabularTrainingPipeline::extract))
        .add(
            Task.of(
                "preprocess",
                "1",
                List.of("extract"),
                List.of(),
                TabularTrainingPipeline::preprocess))
        .add(
            Task.of(
                "features",
                "1",
                List.of("preprocess"),
                List.of("seed"),
                TabularTrainingPipeline::features))
        .add(
            Task.of(
                "train",
                "1",
                List.of("preprocess", "features"),
                List.of("learner", "seed"),
                TabularTrainingPipeline::train))
        .add(
            Task.of(
                "evaluate",
                "1",
                List.of("preprocess", "train"),
                List.of("learner", "seed", "folds"),
                TabularTrainingPipeline::evaluate))
        .add(
            Task.of(
                "register",
                "1",
                List.of("preprocess", "features", "train", "evaluate"),
                List.of("model.name", "registry"),
                TabularTrainingPipeline::register))
        .build();
  }

  /**
   * A configuration for {@link #of()}, with the data file's SHA-256 so that a changed file
   * invalidates every cached output.
   *
   * @param csv the CSV file
   * @param target the target column
   * @param task the task
   * @param learner a learner name from {@link Learners#names}
   * @param registry the registry folder
   * @param modelName the registered model name
   * @return the configuration (add {@code id}, {@code drop}, {@code folds}, {@code seed} as needed)
   * @throws MlException if the file does not exist
   */
  public static Map<String, String> config(
      Path csv, String target, TabularTask task, String learner, Path registry, String modelName) {
    if (!Files.isRegularFile(csv)) {
      throw new MlException("data file " + csv + " does not exist");
    }
    Map<String, String> c = new LinkedHashMap<>();
    c.put("data", csv.toAbsolutePath().toString());
    c.put("data.sha256", Fingerprints.sha256(csv));
    c.put("target", target);
    c.put("task", task.name());
    c.put("learner", learner);
    c.put("registry", registry.toAbsolutePath().toString());
    c.put("model.name", modelName);
    c.put("folds", "5");
    c.put("seed", "42");
    return c;
  }

  private static CsvProblem problem(TaskContext ctx) {
    CsvProblem.Builder b =
        CsvProblem.builder(ctx.config("target"))
            .task(TabularTask.valueOf(ctx.config("task").toUpperCase(Locale.ROOT)));
    String id = ctx.config("id", "");
    if (!id.isBlank()) {
      b.idColumn(id);
    }
    String drop = ctx.config("drop", "");
    if (!drop.isBlank()) {
      b.drop(Arrays.stream(drop.split(",")).map(String::trim).toList(), "configured");
    }
    return b.build();
  }

  private static TabularDataset load(TaskContext ctx, Path csv) {
    return TabularDatasets.fromCsv(ctx.config("model.name", "data"), csv, problem(ctx));
  }

  private static long seed(TaskContext ctx) {
    return Long.parseLong(ctx.config("seed", "42"));
  }

  private static TaskOutput extract(TaskContext ctx) throws Exception {
    Path source = Path.of(ctx.config("data"));
    TabularDataset ds = load(ctx, source);
    String sha = Fingerprints.sha256(source);
    String expected = ctx.config("data.sha256", sha);
    if (!expected.equals(sha)) {
      throw new MlException(
          "data file " + source + " changed: SHA-256 " + sha + ", configured " + expected);
    }
    Files.copy(source, ctx.outputDir().resolve("data.csv"));
    return TaskOutput.of(
        Map.of(
            "rows", ds.features().rows(),
            "columns", ds.features().columns().size(),
            "sha256", sha));
  }

  private static TaskOutput preprocess(TaskContext ctx) {
    TabularDataset ds = load(ctx, ctx.input("extract").file("data.csv"));
    DtypeCorrections.CorrectedFrame corrected = DtypeCorrections.apply(ds.features());
    CleaningResult cleaned =
        new RowCleaner(CleaningOptions.defaults()).clean(corrected.frame(), null);
    int[] kept = cleaned.keptRows();
    TabularDataset out =
        new TabularDataset(
            ds.name(),
            cleaned.frame(),
            ds.target().rows(kept),
            null,
            null,
            ds.logTarget(),
            ds.primaryMetric(),
            ds.higherIsBetter(),
            ds.dropped(),
            ds.fingerprint());
    CsvWriter.write(out, ctx.outputDir().resolve("cleaned.csv"));
    return TaskOutput.of(
        Map.of(
            "rows_in", ds.features().rows(),
            "rows_out", kept.length,
            "corrections", corrected.corrections().size(),
            "summary", cleaned.summary()));
  }

  private static TabularDataset cleaned(TaskContext ctx) {
    return TabularDatasets.fromCsv(
        ctx.config("model.name", "data"),
        ctx.input("preprocess").file("cleaned.csv"),
        CsvProblem.builder(ctx.config("target"))
            .task(TabularTask.valueOf(ctx.config("task").toUpperCase(Locale.ROOT)))
            .build());
  }

  private static FeaturePipeline featurePipeline(TaskContext ctx, TabularDataset ds) {
    return AutoFeatures.builder(ds.features().schema(), ds.task())
        .build()
        .pipeline(new FitContext(seed(ctx), 5));
  }

  private static TabularLearner learner(TaskContext ctx, TabularDataset ds) {
    return Learners.byName(ctx.config("learner"), ds.task(), Map.of(), seed(ctx));
  }

  private static TaskOutput features(TaskContext ctx) throws Exception {
    TabularDataset ds = cleaned(ctx);
    FeaturePipeline.Fitted fitted = featurePipeline(ctx, ds).fit(ds.features(), ds.target());
    Files.writeString(
        ctx.outputDir().resolve("pipeline.json"),
        fitted.pipeline().toJson(),
        StandardCharsets.UTF_8);
    writeMatrix(fitted.trainFeatures(), ctx.outputDir().resolve(TRAIN_FEATURES));
    return TaskOutput.of(Map.of("features", fitted.pipeline().features().size()));
  }

  private static FittedPipeline fittedPipeline(TaskContext ctx) throws Exception {
    return FittedPipeline.fromJson(
        Files.readString(ctx.input("features").file("pipeline.json"), StandardCharsets.UTF_8));
  }

  private static TaskOutput train(TaskContext ctx) throws Exception {
    TabularDataset ds = cleaned(ctx);
    FeatureMatrix x = readMatrix(ctx.input("features").file(TRAIN_FEATURES));
    if (x.size() != ds.target().size()) {
      throw new MlException(
          "features has " + x.size() + " rows but the cleaned data " + ds.target().size());
    }
    TabularModel model = learner(ctx, ds).fit(x, ds.target());
    model.save(ctx.outputDir().resolve("model"));
    return TaskOutput.of(
        Map.of(
            "format",
            model.format(),
            "learner",
            ctx.config("learner"),
            "trained_at",
            Instant.now().toString()));
  }

  private static TaskOutput evaluate(TaskContext ctx) throws Exception {
    TabularDataset ds = cleaned(ctx);
    CrossValidation cv =
        CrossValidation.builder()
            .folds(Integer.parseInt(ctx.config("folds", "5")))
            .seed(seed(ctx))
            .build();
    CvResult r = cv.run(ds.features(), ds.target(), featurePipeline(ctx, ds), learner(ctx, ds));
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("primary_metric", ds.primaryMetric());
    r.mean().forEach((k, v) -> values.put("cv_" + k, v));
    LOG.info("{}-fold cv of {}: {}", cv.k(), ctx.config("learner"), r.mean());
    return TaskOutput.of(values);
  }

  private static TaskOutput register(TaskContext ctx) throws Exception {
    TabularDataset ds = cleaned(ctx);
    FittedPipeline pipeline = fittedPipeline(ctx);
    TaskResult train = ctx.input("train");
    TabularModel model = TabularModels.load(train.file("model"), train.string("format"));
    Map<String, Double> metrics = new LinkedHashMap<>();
    ctx.input("evaluate")
        .values()
        .forEach(
            (k, v) -> {
              if (v instanceof Number n) {
                metrics.put(k, n.doubleValue());
              }
            });
    String name = ctx.config("model.name");
    ModelCard card =
        new ModelCard(
            name,
            "",
            ds.task() == TabularTask.REGRESSION ? "tabular-regression" : "tabular-classification",
            TabularArtifact.CARD_FORMAT,
            ds.target().labels(),
            metrics,
            ctx.config("data.sha256", ""),
            Map.of("learner", ctx.config("learner"), "pipeline_run", ctx.runId()),
            // the training time stored by the (cached) train task keeps the artifact byte-identical
            Instant.parse(train.string("trained_at")));
    Path dir = ctx.outputDir().resolve("artifact");
    try (TabularArtifact artifact =
        TabularArtifact.of(pipeline, model, card, ds.target().name(), ds.features())) {
      artifact.save(dir);
      ModelVersion v =
          ModelRegistry.open(Path.of(ctx.config("registry"))).register(name, dir, artifact.card());
      return TaskOutput.of(Map.of("model", v.name(), "version", v.version()));
    }
  }

  private static void writeMatrix(FeatureMatrix m, Path file) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(m.names().size());
      for (String n : m.names()) {
        out.writeUTF(n);
      }
      out.writeInt(m.size());
      for (double[] row : m.rows()) {
        for (double v : row) {
          out.writeDouble(v);
        }
      }
    }
  }

  private static FeatureMatrix readMatrix(Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      int cols = in.readInt();
      List<String> names = new ArrayList<>(cols);
      for (int j = 0; j < cols; j++) {
        names.add(in.readUTF());
      }
      double[][] rows = new double[in.readInt()][cols];
      for (double[] row : rows) {
        for (int j = 0; j < cols; j++) {
          row[j] = in.readDouble();
        }
      }
      return new FeatureMatrix(names, rows);
    }
  }
}
