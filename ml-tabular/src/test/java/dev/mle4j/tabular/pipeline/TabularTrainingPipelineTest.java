package dev.mle4j.tabular.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.tabular.SharedData;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.serving.TabularArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularTrainingPipelineTest {

  @TempDir Path dir;

  private Map<String, String> config() {
    Map<String, String> c =
        new LinkedHashMap<>(
            TabularTrainingPipeline.config(
                SharedData.root().resolve("tabular/titanic.csv"),
                "survived",
                TabularTask.CLASSIFICATION,
                "logistic",
                dir.resolve("registry"),
                "titanic-pipeline"));
    c.put("drop", "alive");
    c.put("folds", "3");
    return c;
  }

  @Test
  void endToEndOnTitanicThenSecondRunSkipsEverything() throws Exception {
    PipelineRunner runner = PipelineRunner.builder(dir.resolve("pipeline")).build();
    Pipeline p = TabularTrainingPipeline.of();
    assertThat(p.order().stream().map(Task::name))
        .containsExactly("extract", "preprocess", "features", "train", "evaluate", "register");

    RunRecord first = runner.run(p, config());
    assertThat(first.succeeded()).as(first.toString()).isTrue();
    assertThat(first.tasks()).extracting(TaskRecord::status).containsOnly(TaskStatus.SUCCEEDED);

    ModelRegistry registry = ModelRegistry.open(dir.resolve("registry"));
    List<ModelVersion> versions = registry.versions("titanic-pipeline");
    assertThat(versions).hasSize(1);
    Path evalDir = dir.resolve("pipeline/tasks/evaluate").resolve(first.task("evaluate").key());
    String metrics = Files.readString(evalDir.resolve(PipelineRunner.OUTPUT_FILE));
    assertThat(metrics).contains("cv_accuracy");
    try (TabularArtifact artifact = TabularArtifact.load(versions.get(0).dir())) {
      double accuracy = artifact.card().metrics().get("cv_accuracy");
      assertThat(accuracy).isBetween(0.7, 0.95);
      assertThat(artifact.model().featureNames()).isEqualTo(artifact.pipeline().features());
    }

    RunRecord second = runner.run(p, config());
    assertThat(second.tasks())
        .extracting(TaskRecord::status)
        .containsOnly(TaskStatus.SKIPPED_CACHED);
    assertThat(registry.versions("titanic-pipeline")).hasSize(1);
    assertThat(runner.history()).hasSize(2);

    // Lose the register task's cached output: it runs again, and the content-hashed registry
    // returns the same version instead of creating a new one.
    Path registerDir = dir.resolve("pipeline/tasks/register").resolve(first.task("register").key());
    try (Stream<Path> walk = Files.walk(registerDir)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    RunRecord third = runner.run(p, config());
    assertThat(third.task("register").status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(third.task("train").status()).isEqualTo(TaskStatus.SKIPPED_CACHED);
    assertThat(registry.versions("titanic-pipeline"))
        .extracting(ModelVersion::version)
        .containsExactly(versions.get(0).version());

    // A different learner configuration retrains but reuses extract, preprocess and features.
    Map<String, String> tree = config();
    tree.put("learner", "decision-tree");
    RunRecord fourth = runner.run(p, tree);
    assertThat(fourth.tasks())
        .extracting(TaskRecord::status)
        .containsExactly(
            TaskStatus.SKIPPED_CACHED,
            TaskStatus.SKIPPED_CACHED,
            TaskStatus.SKIPPED_CACHED,
            TaskStatus.SUCCEEDED,
            TaskStatus.SUCCEEDED,
            TaskStatus.SUCCEEDED);
    assertThat(registry.versions("titanic-pipeline")).hasSize(2);
  }

  @Test
  void registryRegisterIsIdempotentForIdenticalContent() throws Exception {
    Path files = Files.createDirectories(dir.resolve("files"));
    Files.writeString(files.resolve("weights.bin"), "abc");
    ModelRegistry registry = ModelRegistry.open(dir.resolve("registry"));
    dev.mle4j.core.ModelCard card =
        new dev.mle4j.core.ModelCard(
            "m",
            "",
            "tabular-classification",
            "x",
            List.of("a", "b"),
            Map.of(),
            "fp",
            Map.of(),
            java.time.Instant.EPOCH);
    ModelVersion a = registry.register("m", files, card);
    ModelVersion b = registry.register("m", files, card);
    assertThat(b.version()).isEqualTo(a.version());
    assertThat(registry.versions("m")).hasSize(1);
  }

  @Test
  void badConfigurationFailsWithClearMessage() {
    assertThatThrownBy(
            () ->
                TabularTrainingPipeline.config(
                    dir.resolve("missing.csv"), "y", TabularTask.REGRESSION, "ridge", dir, "m"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("missing.csv does not exist");
    Map<String, String> c = config();
    c.put("target", "nope");
    RunRecord r =
        PipelineRunner.builder(dir.resolve("p")).build().run(TabularTrainingPipeline.of(), c);
    assertThat(r.task("extract").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(r.task("extract").error()).contains("nope");
    assertThat(r.task("register").status()).isEqualTo(TaskStatus.NOT_RUN);
    Map<String, String> stale = config();
    stale.put("data.sha256", "0".repeat(64));
    RunRecord s =
        PipelineRunner.builder(dir.resolve("p")).build().run(TabularTrainingPipeline.of(), stale);
    assertThat(s.task("extract").error()).contains("titanic.csv changed: SHA-256");
  }
}
