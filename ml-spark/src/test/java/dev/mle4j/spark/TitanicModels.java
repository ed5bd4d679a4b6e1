package dev.mle4j.spark;

import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.SchemaInference;
import dev.mle4j.tabular.data.TableLoader;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.DropColumns;
import dev.mle4j.tabular.features.FeaturePipeline;
import dev.mle4j.tabular.features.Imputer;
import dev.mle4j.tabular.features.OneHotEncoder;
import dev.mle4j.tabular.features.StepPipeline;
import dev.mle4j.tabular.model.Learners;
import dev.mle4j.tabular.model.TabularModel;
import dev.mle4j.tabular.serving.TabularArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Trains real mle4j models on the Titanic data and registers them. */
final class TitanicModels {

  static final List<String> CLASSIFIER_INPUT =
      List.of("pclass", "sex", "age", "sibsp", "parch", "fare", "embarked", "adult_male", "deck");
  static final List<String> REGRESSOR_INPUT =
      List.of("pclass", "sex", "age", "sibsp", "parch", "embarked", "who");

  private TitanicModels() {}

  static Path csv(Path data) {
    return data.resolve("tabular").resolve("titanic.csv");
  }

  static DataFrame read(Path data) {
    return TableLoader.read(
        csv(data), SchemaInference.withOverrides(Map.of("pclass", ColumnType.NUMERIC)));
  }

  /** The Titanic CSV with a first column {@code row_id} (R1, R2, ...), written to {@code file}. */
  static Path withRowIds(Path data, Path file) throws IOException {
    List<String> lines = Files.readAllLines(csv(data), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    out.add("row_id," + lines.get(0));
    for (int i = 1; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        out.add("R" + i + "," + lines.get(i));
      }
    }
    Files.write(file, out, StandardCharsets.UTF_8);
    return file;
  }

  /** A logistic-regression survival classifier, registered as {@code titanic-survival}. */
  static ModelVersion registerClassifier(DataFrame all, Path work, ModelRegistry registry) {
    String[] labels = new String[all.rows()];
    double[] survived = all.numeric("survived");
    for (int i = 0; i < labels.length; i++) {
      labels[i] = Integer.toString((int) survived[i]);
    }
    Target y = Target.classification("survived", labels);
    return register(
        all.select(CLASSIFIER_INPUT), y, "logistic", "titanic-survival", work, registry);
  }

  /** A ridge fare regressor, registered as {@code titanic-fare}. */
  static ModelVersion registerRegressor(DataFrame all, Path work, ModelRegistry registry) {
    Target y = Target.regression("fare", all.numeric("fare"));
    return register(all.select(REGRESSOR_INPUT), y, "ridge", "titanic-fare", work, registry);
  }

  private static ModelVersion register(
      DataFrame input, Target y, String learner, String name, Path work, ModelRegistry registry) {
    FeaturePipeline pipeline =
        StepPipeline.of(
            List.of(
                DropColumns.ofTypes(Set.of(ColumnType.ID)),
                Imputer.defaults(),
                OneHotEncoder.defaults()));
    FeaturePipeline.Fitted fitted = pipeline.fit(input, y);
    TabularTask task = y.task();
    TabularModel model =
        Learners.byName(learner, task, Map.of(), 7L).fit(fitted.trainFeatures(), y);
    ModelCard card =
        new ModelCard(
            name,
            "",
            "tabular",
            TabularArtifact.CARD_FORMAT,
            model.labels(),
            Map.of(),
            "titanic",
            Map.of("learner", learner),
            Instant.parse("2026-01-02T03:04:05Z"));
    Path dir = work.resolve(name);
    try (TabularArtifact a = TabularArtifact.of(fitted.pipeline(), model, card, y.name(), input)) {
      a.save(dir);
      return registry.register(name, dir, a.card());
    }
  }
}
