package dev.mle4j.tabular.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularArtifactTest {

  private static DataFrame titanic;
  @TempDir Path tmp;

  @BeforeAll
  static void load() {
    titanic = Fixtures.titanic();
  }

  @Test
  void roundTripKeepsPredictionsMetadataAndCard() throws Exception {
    Path dir = tmp.resolve("artifact");
    DataFrame test = titanic.rows(Fixtures.range(600, 891));
    double[][] before;
    try (TabularArtifact a = Fixtures.classifier(titanic)) {
      assertThat(a.card().format()).isEqualTo("tabular/v1");
      assertThat(a.card().task()).isEqualTo("tabular-classification");
      assertThat(a.card().labels()).containsExactly("0", "1");
      assertThat(a.card().parameters())
          .containsEntry("model_format", TinyModels.CLASSIFIER)
          .containsEntry("target", "survived")
          .containsEntry("learner", "tiny");
      before = TabularPredictor.of(a).predictFrame(test).outputs();
      a.save(dir);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "pipeline.json", "model", "model_metadata.json", "model-card.json");
    }
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("artifact");
    }
    try (TabularArtifact b = TabularArtifact.load(dir)) {
      TabularMetadata m = b.metadata();
      assertThat(m.name()).isEqualTo("titanic-survival");
      assertThat(m.task()).isEqualTo(TabularTask.CLASSIFICATION);
      assertThat(m.modelFormat()).isEqualTo(TinyModels.CLASSIFIER);
      assertThat(m.target()).isEqualTo("survived");
      assertThat(m.labels()).containsExactly("0", "1");
      assertThat(m.metrics()).containsEntry("accuracy", 0.8);
      assertThat(m.trainedAt()).isEqualTo("2026-01-02T03:04:05Z");
      assertThat(m.dataFingerprint()).isEqualTo("sha-of-titanic");
      assertThat(m.features()).isEqualTo(b.pipeline().features()).contains("sex=male");
      assertThat(m.inputSchema().names()).isEqualTo(Fixtures.CLASSIFICATION_INPUT);
      ColumnProfile sex = m.column("sex").orElseThrow();
      assertThat(sex.type()).isEqualTo(ColumnType.CATEGORICAL);
      assertThat(sex.categories()).containsExactly("female", "male");
      assertThat(sex.hadMissing()).isFalse();
      ColumnProfile age = m.column("age").orElseThrow();
      assertThat(age.hadMissing()).isTrue();
      double[] trainAge = titanic.rows(Fixtures.range(0, 600)).numeric("age");
      assertThat(age.min())
          .isEqualTo(
              java.util.Arrays.stream(trainAge).filter(v -> !Double.isNaN(v)).min().orElseThrow());
      assertThat(age.max())
          .isEqualTo(
              java.util.Arrays.stream(trainAge).filter(v -> !Double.isNaN(v)).max().orElseThrow());
      assertThat(age.min()).isLessThan(age.max());
      assertThat(age.missing())
          .isEqualTo(java.util.Arrays.stream(trainAge).filter(Double::isNaN).count())
          .isPositive();
      assertThat(m.column("embarked").orElseThrow().categories()).containsExactly("C", "Q", "S");
      assertThat(m.column("adult_male").orElseThrow().type()).isEqualTo(ColumnType.BOOLEAN);
      assertThat(m.column("passenger_id").orElseThrow().categories()).isEmpty();
      double[][] after = TabularPredictor.of(b).predictFrame(test).outputs();
      assertThat(after).isDeepEqualTo(before);
    }
  }

  @Test
  void saveReplacesAnExistingArtifact() throws Exception {
    Path dir = tmp.resolve("a");
    try (TabularArtifact c = Fixtures.classifier(titanic);
        TabularArtifact r = Fixtures.regressor(titanic)) {
      c.save(dir);
      Files.writeString(dir.resolve("stale.txt"), "old");
      r.save(dir);
    }
    assertThat(dir.resolve("stale.txt")).doesNotExist();
    try (TabularArtifact back = TabularArtifact.load(dir)) {
      assertThat(back.task()).isEqualTo(TabularTask.REGRESSION);
      assertThat(back.card().task()).isEqualTo("tabular-regression");
      assertThat(back.metadata().labels()).isEmpty();
    }
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("a");
    }
  }

  @Test
  void missingAndCorruptFilesAreNamed() throws Exception {
    Path dir = tmp.resolve("x");
    try (TabularArtifact a = Fixtures.regressor(titanic)) {
      a.save(dir);
    }
    assertThatThrownBy(() -> TabularArtifact.load(tmp.resolve("nope")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("model-card.json' is missing");

    Path noPipeline = copy(dir, "p1");
    Files.delete(noPipeline.resolve("pipeline.json"));
    assertThatThrownBy(() -> TabularArtifact.load(noPipeline))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'pipeline.json' is missing");

    Path badPipeline = copy(dir, "p2");
    Files.writeString(badPipeline.resolve("pipeline.json"), "{\"format\": \"x\"}");
    assertThatThrownBy(() -> TabularArtifact.load(badPipeline))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("corrupt tabular artifact file")
        .hasMessageContaining("pipeline.json")
        .hasMessageContaining("not a saved feature pipeline");

    Path badMeta = copy(dir, "p3");
    Files.writeString(badMeta.resolve("model_metadata.json"), "{\"format\": ");
    assertThatThrownBy(() -> TabularArtifact.load(badMeta))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("corrupt tabular artifact file")
        .hasMessageContaining("model_metadata.json");

    Path wrongMeta = copy(dir, "p4");
    Files.writeString(wrongMeta.resolve("model_metadata.json"), "{\"format\": \"other/v9\"}");
    assertThatThrownBy(() -> TabularArtifact.load(wrongMeta))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("format is 'other/v9'");

    Path noModel = copy(dir, "p5");
    Files.delete(noModel.resolve("model").resolve(TinyModels.FILE));
    assertThatThrownBy(() -> TabularArtifact.load(noModel))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cannot read the model in")
        .hasMessageContaining(TinyModels.REGRESSOR);

    Path badCard = copy(dir, "p6");
    Files.writeString(badCard.resolve("model-card.json"), "[1, 2]");
    assertThatThrownBy(() -> TabularArtifact.load(badCard))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("model-card.json");

    Path otherFormat = copy(dir, "p7");
    String meta = Files.readString(otherFormat.resolve("model_metadata.json"));
    Files.writeString(
        otherFormat.resolve("model_metadata.json"),
        meta.replace(TinyModels.REGRESSOR, "martian-model/v1"));
    assertThatThrownBy(() -> TabularArtifact.load(otherFormat))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("unknown tabular model format 'martian-model/v1'");

    ModelCard textCard =
        new ModelCard(
            "m", "1", "text", "tfidf-logreg/v1", List.of(), Map.of(), "", Map.of(), Instant.now());
    assertThatThrownBy(() -> TabularArtifact.load(dir, textCard))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not a tabular artifact");
  }

  @Test
  void modelAndPipelineMustFit() {
    try (TabularArtifact c = Fixtures.classifier(titanic);
        TabularArtifact r = Fixtures.regressor(titanic)) {
      assertThatThrownBy(
              () ->
                  TabularArtifact.of(
                      c.pipeline(),
                      r.model(),
                      c.card(),
                      "survived",
                      titanic.select(Fixtures.CLASSIFICATION_INPUT)))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("the model expects features");
      assertThatThrownBy(
              () ->
                  TabularArtifact.of(
                      c.pipeline(),
                      c.model(),
                      c.card(),
                      "survived",
                      titanic.select(List.of("sex", "age"))))
          .isInstanceOf(MlException.class)
          .hasMessageContaining("training rows lack it");
    }
  }

  private Path copy(Path dir, String name) throws Exception {
    Path target = tmp.resolve(name);
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.toList()) {
        Path t = target.resolve(dir.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return target;
  }
}
