package dev.mle4j.tabular.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.tabular.SharedData;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularDataset;
import dev.mle4j.tabular.data.TabularDatasets;
import dev.mle4j.tabular.serving.TabularPredictions;
import dev.mle4j.tabular.serving.TabularPredictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularTrainingJobTest {

  @TempDir Path tmp;

  @Test
  void titanicEndToEndWritesTheOutputContractAndARegisteredArtifact() throws Exception {
    TabularDataset ds = TabularDatasets.load("titanic", SharedData.catalog(tmp.resolve("state")));
    ModelRegistry registry = ModelRegistry.open(tmp.resolve("registry"));
    TabularRunResult r =
        TabularTrainingJob.builder()
            .dataset(ds)
            .outDir(tmp.resolve("out"))
            .folds(3)
            .models(List.of("logistic", "decision-tree", "random-forest"))
            .tune("decision-tree")
            .budget(2)
            .ablation(true, "logistic")
            .registry(registry, "titanic-test", "production")
            .build()
            .run();

    assertThat(r.models())
        .containsKeys(
            "logistic",
            "decision-tree",
            "random-forest",
            "decision-tree-tuned",
            "averaging",
            "stacking");
    assertThat(r.models().get("logistic"))
        .containsKeys("cv_accuracy", "cv_roc_auc", "train_seconds");
    assertThat(r.models().get("logistic").get("cv_accuracy")).isBetween(0.75, 0.9);
    assertThat(r.ablation()).containsKey(FeatureAblation.BASELINE).hasSizeGreaterThan(5);

    JsonNode metrics = new ObjectMapper().readTree(tmp.resolve("out/metrics.json").toFile());
    assertThat(metrics.path("dataset").asText()).isEqualTo("titanic");
    assertThat(metrics.path("best_model").asText()).isEqualTo(r.bestModel());
    assertThat(metrics.path("models").path("stacking").has("cv_accuracy")).isTrue();
    for (String f :
        List.of(
            "model-card.json",
            "report.html",
            "comparison_table.csv",
            "folds.json",
            "tuning_trials.csv",
            "ablation.csv",
            "model_comparison.png",
            "permutation_importance.png",
            "learning_curve.png",
            "eda/report.html")) {
      assertThat(tmp.resolve("out").resolve(f)).as(f).isRegularFile();
    }
    assertThat(Files.readString(tmp.resolve("out/report.html"))).contains("Feature ablation");
    assertThat(r.registered()).isPresent();

    // the saved artifact predicts like a fresh transform of the same rows, one row or many
    try (TabularPredictor p = TabularPredictor.load(r.registered().get().dir())) {
      DataFrame rows = ds.features().rows(new int[] {0, 1, 2, 3, 4});
      TabularPredictions bulk = p.predictFrame(rows);
      for (int i = 0; i < 5; i++) {
        TabularPredictions one = p.predictRow(rows.row(i));
        assertThat(one.outputs()[0]).containsExactly(bulk.outputs()[i]);
      }
    }
  }

  @Test
  void logTargetArtifactPredictsOnTheOriginalScale() throws Exception {
    Path csv = tmp.resolve("prices.csv");
    StringBuilder sb = new StringBuilder("size,zone,price\n");
    java.util.Random rnd = new java.util.Random(3);
    for (int i = 0; i < 200; i++) {
      double size = 50 + rnd.nextInt(150);
      String zone = i % 3 == 0 ? "north" : "south";
      double price =
          Math.exp(
              10 + size / 100.0 + (zone.equals("north") ? 0.3 : 0) + rnd.nextGaussian() * 0.05);
      sb.append(size).append(',').append(zone).append(',').append(Math.round(price)).append('\n');
    }
    Files.writeString(csv, sb);
    TabularDataset ds =
        TabularDatasets.fromCsv(
            "prices",
            csv,
            dev.mle4j.tabular.data.CsvProblem.builder("price")
                .logTarget(true)
                .primaryMetric("rmse_log")
                .build());
    TabularRunResult r =
        TabularTrainingJob.builder()
            .dataset(ds)
            .outDir(tmp.resolve("out2"))
            .folds(3)
            .models(List.of("linear", "ridge"))
            .budget(0)
            .eda(false)
            .learningCurve(false)
            .build()
            .run();
    assertThat(r.bestScore()).isLessThan(0.1);
    try (TabularPredictor p = TabularPredictor.load(r.artifactDir())) {
      double predicted = p.predictRow(java.util.Map.of("size", 100, "zone", "south")).value(0);
      assertThat(predicted).isBetween(Math.exp(11) * 0.9, Math.exp(11) * 1.1);
    }
  }

  @Test
  void badOptionsAreRejected() {
    assertThatThrownBy(() -> TabularTrainingJob.builder().build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("needs a data set");
    assertThatThrownBy(() -> TabularTrainingJob.builder().folds(1))
        .hasMessageContaining("folds must be >= 2");
    assertThatThrownBy(() -> TabularTrainingJob.builder().budget(-1))
        .hasMessageContaining("budget must be >= 0");
    TabularDataset ds = TabularDatasets.load("titanic", SharedData.catalog(tmp.resolve("s2")));
    assertThatThrownBy(
            () ->
                TabularTrainingJob.builder()
                    .dataset(ds)
                    .outDir(tmp.resolve("o3"))
                    .eda(false)
                    .models(List.of("nope"))
                    .build()
                    .run())
        .hasMessageContaining("unknown model 'nope'");
  }
}
