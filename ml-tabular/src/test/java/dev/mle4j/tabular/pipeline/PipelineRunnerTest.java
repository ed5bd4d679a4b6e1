package dev.mle4j.tabular.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRunnerTest {

  @TempDir Path root;

  private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
  private final List<Duration> sleeps = new ArrayList<>();

  private int count(String name) {
    return executions.getOrDefault(name, new AtomicInteger()).get();
  }

  /** A chain a -> b -> c where each task appends to its input's text file. */
  private Pipeline chain(String failAt) {
    Pipeline.Builder b = Pipeline.builder("chain");
    String prev = null;
    for (String n : List.of("a", "b", "c")) {
      String dep = prev;
      b.add(
          Task.of(
              n,
              "1",
              dep == null ? List.of() : List.of(dep),
              n.equals("a") ? List.of("seed") : List.of(),
              ctx -> {
                executions.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
                String text =
                    dep == null
                        ? ctx.config("seed")
                        : Files.readString(ctx.input(dep).file("out.txt"));
                Files.writeString(ctx.outputDir().resolve("out.txt"), text + n);
                if (n.equals(failAt)) {
                  throw new IllegalStateException("boom in " + n);
                }
                return TaskOutput.of(Map.of("length", text.length() + 1));
              }));
      prev = n;
    }
    return b.build();
  }

  private PipelineRunner runner(RetryPolicy policy) {
    return PipelineRunner.builder(root).retry(policy).sleeper(sleeps::add).build();
  }

  @Test
  void secondRunSkipsEverythingAndConfigChangeRerunsOnlyDependents() throws Exception {
    PipelineRunner r = runner(RetryPolicy.none());
    RunRecord first = r.run(chain(null), Map.of("seed", "s", "unrelated", "1"));
    assertThat(first.succeeded()).isTrue();
    assertThat(first.tasks()).extracting(TaskRecord::status).containsOnly(TaskStatus.SUCCEEDED);
    Path cOut = root.resolve("tasks/c").resolve(first.task("c").key());
    assertThat(Files.readString(cOut.resolve("out.txt"))).isEqualTo("sabc");
    assertThat(cOut.resolve(PipelineRunner.SUCCESS_MARKER)).exists();

    RunRecord second = r.run(chain(null), Map.of("seed", "s", "unrelated", "2"));
    assertThat(second.tasks())
        .extracting(TaskRecord::status)
        .containsOnly(TaskStatus.SKIPPED_CACHED);
    assertThat(second.task("c").key()).isEqualTo(first.task("c").key());
    assertThat(List.of(count("a"), count("b"), count("c"))).containsExactly(1, 1, 1);

    RunRecord third = r.run(chain(null), Map.of("seed", "t"));
    assertThat(third.tasks()).extracting(TaskRecord::status).containsOnly(TaskStatus.SUCCEEDED);
    assertThat(third.task("a").key()).isNotEqualTo(first.task("a").key());
    assertThat(third.task("c").key()).isNotEqualTo(first.task("c").key());
    assertThat(count("c")).isEqualTo(2);
  }

  @Test
  void crashMidRunThenRerunDoesOnlyTheRemainingWork() throws Exception {
    PipelineRunner r = runner(RetryPolicy.none());
    RunRecord crashed = r.run(chain("b"), Map.of("seed", "s"));
    assertThat(crashed.succeeded()).isFalse();
    assertThat(crashed.tasks())
        .extracting(TaskRecord::status)
        .containsExactly(TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.NOT_RUN);
    assertThat(crashed.task("b").error()).isEqualTo("boom in b");
    Path bDir = root.resolve("tasks/b").resolve(crashed.task("b").key());
    assertThat(bDir.resolve("out.txt")).exists();
    assertThat(bDir.resolve(PipelineRunner.SUCCESS_MARKER)).doesNotExist();

    RunRecord resumed = r.run(chain(null), Map.of("seed", "s"));
    assertThat(resumed.tasks())
        .extracting(TaskRecord::status)
        .containsExactly(TaskStatus.SKIPPED_CACHED, TaskStatus.SUCCEEDED, TaskStatus.SUCCEEDED);
    assertThat(List.of(count("a"), count("b"), count("c"))).containsExactly(1, 2, 1);
  }

  @Test
  void halfWrittenFolderWithoutMarkerIsRedone() throws Exception {
    PipelineRunner r = runner(RetryPolicy.none());
    RunRecord first = r.run(chain(null), Map.of("seed", "s"));
    Path cDir = root.resolve("tasks/c").resolve(first.task("c").key());
    Files.delete(cDir.resolve(PipelineRunner.SUCCESS_MARKER));
    Files.writeString(cDir.resolve("out.txt"), "garbage");
    Files.writeString(cDir.resolve("stale.tmp"), "x");
    RunRecord again = r.run(chain(null), Map.of("seed", "s"));
    assertThat(again.tasks())
        .extracting(TaskRecord::status)
        .containsExactly(
            TaskStatus.SKIPPED_CACHED, TaskStatus.SKIPPED_CACHED, TaskStatus.SUCCEEDED);
    assertThat(Files.readString(cDir.resolve("out.txt"))).isEqualTo("sabc");
    assertThat(cDir.resolve("stale.tmp")).doesNotExist();
    assertThat(count("c")).isEqualTo(2);
  }

  @Test
  void retriesWithExponentialBackoffAndAlerts() {
    AtomicInteger calls = new AtomicInteger();
    List<String> alerts = new ArrayList<>();
    Pipeline p =
        Pipeline.builder("flaky")
            .add(
                Task.of(
                    "flaky",
                    "1",
                    List.of(),
                    List.of(),
                    ctx -> {
                      if (calls.incrementAndGet() < 4) {
                        throw new java.io.IOException("transient " + calls.get());
                      }
                      return TaskOutput.of(Map.of("ok", true));
                    }))
            .build();
    PipelineRunner r =
        PipelineRunner.builder(root)
            .retry(new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(300)))
            .sleeper(sleeps::add)
            .listener((run, task, attempt, error, retry) -> alerts.add(task + attempt + retry))
            .build();
    RunRecord rec = r.run(p, Map.of());
    assertThat(rec.succeeded()).isTrue();
    assertThat(rec.task("flaky").attempts()).isEqualTo(4);
    assertThat(sleeps)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
    assertThat(alerts).containsExactly("flaky1true", "flaky2true", "flaky3true");
  }

  @Test
  void givingUpAlertsOnceWithoutRetryFlag() {
    List<String> alerts = new ArrayList<>();
    PipelineRunner r =
        PipelineRunner.builder(root)
            .retry(new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(10)))
            .sleeper(sleeps::add)
            .listener((run, task, attempt, error, retry) -> alerts.add(task + attempt + retry))
            .build();
    RunRecord rec = r.run(chain("a"), Map.of("seed", "s"));
    assertThat(rec.status()).isEqualTo("FAILED");
    assertThat(rec.task("a").attempts()).isEqualTo(2);
    assertThat(alerts).containsExactly("a1true", "a2false");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    assertThat(count("a")).isEqualTo(2);
  }

  @Test
  void independentBranchesRunWhenAnotherBranchFails() {
    Pipeline p =
        Pipeline.builder("branches")
            .add(
                Task.of(
                    "bad",
                    "1",
                    List.of(),
                    List.of(),
                    c -> {
                      throw new IllegalStateException("bad input");
                    }))
            .add(Task.of("after-bad", "1", List.of("bad"), List.of(), c -> TaskOutput.empty()))
            .add(Task.of("good", "1", List.of(), List.of(), c -> TaskOutput.empty()))
            .add(
                Task.of(
                    "join", "1", List.of("after-bad", "good"), List.of(), c -> TaskOutput.empty()))
            .build();
    RunRecord rec = runner(RetryPolicy.none()).run(p, Map.of());
    assertThat(rec.tasks())
        .extracting(TaskRecord::status)
        .containsExactly(
            TaskStatus.FAILED, TaskStatus.NOT_RUN, TaskStatus.SUCCEEDED, TaskStatus.NOT_RUN);
    assertThat(rec.status()).isEqualTo("FAILED");
  }

  @Test
  void concurrentRunOnTheSameRootIsRefused() {
    PipelineRunner r = runner(RetryPolicy.none());
    List<String> inner = new ArrayList<>();
    Pipeline p =
        Pipeline.builder("nested")
            .add(
                Task.of(
                    "outer",
                    "1",
                    List.of(),
                    List.of(),
                    c -> {
                      try {
                        r.run(chain(null), Map.of("seed", "s"));
                      } catch (MlException e) {
                        inner.add(e.getMessage());
                      }
                      return TaskOutput.empty();
                    }))
            .build();
    assertThat(r.run(p, Map.of()).succeeded()).isTrue();
    assertThat(inner).singleElement().asString().contains("another pipeline run is using");
    assertThat(r.run(chain(null), Map.of("seed", "s")).succeeded()).isTrue();
  }

  @Test
  void historyIsWrittenAsJson() throws Exception {
    PipelineRunner r = runner(RetryPolicy.none());
    RunRecord one = r.run(chain("c"), Map.of("seed", "s"));
    RunRecord two = r.run(chain(null), Map.of("seed", "s"));
    List<RunRecord> history = r.history();
    assertThat(history).hasSize(2);
    assertThat(history).extracting(RunRecord::runId).contains(one.runId(), two.runId());
    JsonNode json =
        new ObjectMapper().readTree(root.resolve("runs").resolve(two.runId() + ".json").toFile());
    assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.get("tasks")).hasSize(3);
    assertThat(json.get("tasks").get(2).get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.get("tasks").get(0).get("status").asText()).isEqualTo("SKIPPED_CACHED");
    assertThat(json.get("tasks").get(0).get("key").asText()).hasSize(64);
    assertThat(PipelineRunner.builder(root.resolve("empty")).build().history()).isEmpty();
  }

  @Test
  void keyDependsOnVersionConfigSubsetAndInputs() {
    Task a = Task.of("a", "1", List.of(), List.of("x"), c -> TaskOutput.empty());
    Task a2 = Task.of("a", "2", List.of(), List.of("x"), c -> TaskOutput.empty());
    String k = PipelineRunner.key(a, Map.of("x", "1", "y", "1"), Map.of());
    assertThat(PipelineRunner.key(a, Map.of("x", "1", "y", "2"), Map.of())).isEqualTo(k);
    assertThat(PipelineRunner.key(a, Map.of("x", "2"), Map.of())).isNotEqualTo(k);
    assertThat(PipelineRunner.key(a2, Map.of("x", "1"), Map.of())).isNotEqualTo(k);
    assertThat(PipelineRunner.key(a, Map.of("x", "1"), Map.of("d", "k1")))
        .isNotEqualTo(PipelineRunner.key(a, Map.of("x", "1"), Map.of("d", "k2")));
  }

  @Test
  void badInputsAreRejected() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("maxAttempts must be at least 1, got 0");
    PipelineRunner r = runner(RetryPolicy.none());
    RunRecord rec = r.run(chain(null), Map.of());
    assertThat(rec.task("a").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(rec.task("a").error()).contains("task 'a' needs configuration key 'seed'");
  }
}
