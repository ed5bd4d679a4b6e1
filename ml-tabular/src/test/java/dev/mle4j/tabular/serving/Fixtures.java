package dev.mle4j.tabular.serving;

import dev.mle4j.core.ModelCard;
import dev.mle4j.tabular.SharedData;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.SchemaInference;
import dev.mle4j.tabular.data.TableLoader;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.DropColumns;
import dev.mle4j.tabular.features.FeaturePipeline;
import dev.mle4j.tabular.features.Imputer;
import dev.mle4j.tabular.features.OneHotEncoder;
import dev.mle4j.tabular.features.StepPipeline;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Real titanic data through a real feature pipeline and a tiny model. */
final class Fixtures {

  static final List<String> CLASSIFICATION_INPUT =
      List.of("passenger_id", "pclass", "sex", "age", "fare", "embarked", "adult_male", "deck");
  static final List<String> REGRESSION_INPUT =
      List.of("pclass", "sex", "age", "sibsp", "parch", "embarked", "adult_male");

  private Fixtures() {}

  static Path titanicCsv() {
    return SharedData.root().resolve("tabular").resolve("titanic.csv");
  }

  private static DataFrame cached;

  /** The titanic table with an added id column {@code passenger_id} ("P1", "P2", ...). */
  static synchronized DataFrame titanic() {
    if (cached == null) {
      cached = readTitanic();
    }
    return cached;
  }

  private static DataFrame readTitanic() {
    DataFrame df =
        TableLoader.read(
            titanicCsv(), SchemaInference.withOverrides(Map.of("pclass", ColumnType.NUMERIC)));
    String[] ids = new String[df.rows()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "P" + (i + 1);
    }
    return df.with("passenger_id", ColumnType.ID, ids);
  }

  private static final Map<String, TabularArtifact> FITTED = new java.util.HashMap<>();

  /**
   * Survival classifier on the first 600 rows, fitted once per JVM (tiny models hold no resources,
   * so closing the shared artifact is harmless).
   */
  static synchronized TabularArtifact classifier(DataFrame all) {
    return all == cached
        ? FITTED.computeIfAbsent("c", k -> fitClassifier(all))
        : fitClassifier(all);
  }

  /** Fare regressor on the first 600 rows, fitted once per JVM. */
  static synchronized TabularArtifact regressor(DataFrame all) {
    return all == cached ? FITTED.computeIfAbsent("r", k -> fitRegressor(all)) : fitRegressor(all);
  }

  private static TabularArtifact fitClassifier(DataFrame all) {
    DataFrame train = all.rows(range(0, 600));
    Target y = Target.classification("survived", labels(train.numeric("survived")));
    return fit(train.select(CLASSIFICATION_INPUT), y, "titanic-survival");
  }

  private static TabularArtifact fitRegressor(DataFrame all) {
    DataFrame train = all.rows(range(0, 600));
    Target y = Target.regression("fare", train.numeric("fare"));
    return fit(train.select(REGRESSION_INPUT), y, "titanic-fare");
  }

  static TabularArtifact fit(DataFrame input, Target y, String name) {
    FeaturePipeline pipeline =
        StepPipeline.of(
            List.of(
                DropColumns.ofTypes(Set.of(ColumnType.ID)),
                Imputer.defaults(),
                OneHotEncoder.defaults()));
    FeaturePipeline.Fitted fitted = pipeline.fit(input, y);
    TinyModels.Model model = TinyModels.fit(fitted.trainFeatures(), y);
    ModelCard card =
        new ModelCard(
            name,
            "",
            "whatever",
            "whatever",
            List.of(),
            Map.of("accuracy", 0.8),
            "sha-of-titanic",
            Map.of("learner", "tiny"),
            Instant.parse("2026-01-02T03:04:05Z"));
    return TabularArtifact.of(fitted.pipeline(), model, card, y.name(), input);
  }

  static String[] labels(double[] survived) {
    String[] out = new String[survived.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Integer.toString((int) survived[i]);
    }
    return out;
  }

  static int[] range(int from, int to) {
    int[] out = new int[to - from];
    for (int i = 0; i < out.length; i++) {
      out[i] = from + i;
    }
    return out;
  }
}
