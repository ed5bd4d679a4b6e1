package dev.mle4j.tabular.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {

  private static Task t(String name, String... deps) {
    return Task.of(name, "1", List.of(deps), List.of(), c -> TaskOutput.empty());
  }

  private static List<String> names(Pipeline p) {
    return p.order().stream().map(Task::name).toList();
  }

  @Test
  void topologicalOrderIsDeterministicAndRespectsDependencies() {
    Pipeline p =
        Pipeline.builder("p")
            .add(t("report", "train", "features"))
            .add(t("train", "features"))
            .add(t("extract"))
            .add(t("features", "extract"))
            .add(t("audit"))
            .build();
    assertThat(names(p)).containsExactly("extract", "features", "train", "report", "audit");
  }

  @Test
  void unknownDependencyIsRejected() {
    assertThatThrownBy(() -> Pipeline.builder("p").add(t("a", "missing")).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("task 'a' depends on unknown task 'missing'");
  }

  @Test
  void cycleIsNamed() {
    assertThatThrownBy(
            () ->
                Pipeline.builder("p")
                    .add(t("x"))
                    .add(t("a", "c"))
                    .add(t("b", "a", "x"))
                    .add(t("c", "b"))
                    .build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cycle in pipeline 'p': a -> c -> b -> a");
    assertThatThrownBy(() -> Pipeline.builder("p").add(t("s", "s")).build())
        .hasMessageContaining("s -> s");
  }

  @Test
  void badNamesDuplicatesAndEmptyPipelinesAreRejected() {
    assertThatThrownBy(() -> Pipeline.builder("p").add(t("a")).add(t("a")))
        .hasMessageContaining("duplicate task name 'a'");
    assertThatThrownBy(() -> Pipeline.builder("p").add(t("a b")))
        .hasMessageContaining("invalid task name 'a b'");
    assertThatThrownBy(() -> Pipeline.builder("p").build()).hasMessageContaining("no tasks");
    assertThatThrownBy(() -> Pipeline.builder("p").add(t("a")).build().task("zz"))
        .hasMessageContaining("no task 'zz'");
  }
}
