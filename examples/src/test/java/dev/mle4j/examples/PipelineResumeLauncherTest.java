package dev.mle4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.examples.LauncherTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training pipeline survives interruption: a launcher process killed mid-run (SIGKILL) and run
 * again finishes, reuses the tasks that had finished and registers exactly one version; an
 * orchestrator running it one task at a time ({@code --until}) gets the same result.
 */
class PipelineResumeLauncherTest {
  @TempDir Path tmp;

  private List<String> args(Path root, Path registry) {
    return new ArrayList<>(
        List.of(
            "pipeline",
            "run",
            "--csv",
            LauncherTest.sharedData().resolve("tabular/titanic.csv").toString(),
            "--target",
            "survived",
            "--task",
            "classification",
            "--learner",
            "xgboost",
            "--name",
            "titanic-resume",
            "--root",
            root.toString(),
            "--registry",
            registry.toString()));
  }

  private static long finishedTasks(Path root) throws Exception {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.getFileName().toString().equals("_SUCCESS")).count();
    }
  }

  @Test
  void killedRunResumesWithoutDuplicateWorkOrVersions() throws Exception {
    Path root = tmp.resolve("pipe");
    Path registry = tmp.resolve("reg");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(
        "-D" + dev.mle4j.core.data.DatasetCatalog.DATA_PROPERTY + "=" + LauncherTest.sharedData());
    command.add(Mle4j.class.getName());
    command.addAll(args(root, registry));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("first.log").toFile())
            .start();
    // kill it as soon as some tasks have finished (or let it end if the machine is faster)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (p.isAlive() && finishedTasks(root) < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
    long doneBeforeKill = finishedTasks(root);

    Run resumed = LauncherTest.run(args(root, registry).toArray(String[]::new));
    assertThat(resumed.code()).as(resumed.toString()).isZero();
    long cached = resumed.out().lines().filter(l -> l.contains("SKIPPED_CACHED")).count();
    assertThat(cached).isGreaterThanOrEqualTo(Math.min(doneBeforeKill, 6));
    Run again = LauncherTest.run(args(root, registry).toArray(String[]::new));
    assertThat(again.out()).doesNotContain("SUCCEEDED ");
    assertThat(ModelRegistry.open(registry).versions("titanic-resume")).hasSize(1);
  }

  @Test
  void oneTaskAtATimeLikeAnOrchestrator() {
    Path root = tmp.resolve("steps");
    Path registry = tmp.resolve("steps-reg");
    for (String task :
        List.of("extract", "preprocess", "features", "train", "evaluate", "register")) {
      List<String> a = args(root, registry);
      a.add("--until");
      a.add(task);
      Run r = LauncherTest.run(a.toArray(String[]::new));
      assertThat(r.code()).as(task + ": " + r).isZero();
      assertThat(r.out()).contains(task);
    }
    Run full = LauncherTest.run(args(root, registry).toArray(String[]::new));
    assertThat(full.out()).doesNotContain("SUCCEEDED ");
    assertThat(ModelRegistry.open(registry).versions("titanic-resume")).hasSize(1);
    LauncherTest.assertOneLineUsageError(
        LauncherTest.run(
            "pipeline",
            "run",
            "--csv",
            "x.csv",
            "--target",
            "y",
            "--task",
            "regression",
            "--name",
            "n",
            "--until",
            "deploy"),
        "has no task 'deploy'");
    LauncherTest.assertOneLineUsageError(
        LauncherTest.run(
            "pipeline",
            "schedule",
            "--csv",
            "x.csv",
            "--target",
            "y",
            "--task",
            "regression",
            "--name",
            "n",
            "--cron",
            "61 * * * *"),
        "61");
  }
}
