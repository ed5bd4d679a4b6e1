package dev.mle4j.examples.cli;

import dev.mle4j.examples.Locations;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.pipeline.CronExpression;
import dev.mle4j.tabular.pipeline.Pipeline;
import dev.mle4j.tabular.pipeline.PipelineRunner;
import dev.mle4j.tabular.pipeline.RetryPolicy;
import dev.mle4j.tabular.pipeline.RunRecord;
import dev.mle4j.tabular.pipeline.Scheduler;
import dev.mle4j.tabular.pipeline.TabularTrainingPipeline;
import dev.mle4j.tabular.pipeline.TaskRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mle4j pipeline ...}: the idempotent tabular training pipeline. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description =
        "Tabular training pipeline (extract, preprocess, features, train, evaluate,"
            + " register) with cached, content-keyed tasks and run history.",
    subcommands = {
      PipelineCommand.RunCommand.class,
      PipelineCommand.ScheduleCommand.class,
      PipelineCommand.StatusCommand.class
    })
public final class PipelineCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Creates the command. */
  public PipelineCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Path defaultRoot() {
    return Locations.home().resolve("pipelines").resolve("tabular");
  }

  /** The pipeline's inputs, shared by {@code run} and {@code schedule}. */
  static final class PipelineOptions {
    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "Training CSV.")
    Path csv;

    @Option(names = "--target", required = true, paramLabel = "COL", description = "Target.")
    String target;

    @Option(names = "--task", required = true, description = "regression or classification.")
    TabularTask task;

    @Option(names = "--learner", defaultValue = "xgboost", description = "Model (xgboost).")
    String learner;

    @Option(names = "--name", required = true, description = "Registry model name.")
    String name;

    @Option(names = "--root", paramLabel = "DIR", description = "Pipeline state folder.")
    Path root;

    @Option(names = "--registry", paramLabel = "DIR", description = "Registry folder.")
    Path registry;

    @Option(names = "--retries", defaultValue = "3", description = "Attempts per task.")
    int retries;

    PipelineRunner runner() {
      return PipelineRunner.builder(root != null ? root : defaultRoot())
          .retry(new RetryPolicy(retries, Duration.ofSeconds(1), Duration.ofSeconds(30)))
          .build();
    }

    Map<String, String> config() {
      return TabularTrainingPipeline.config(
          csv, target, task, learner, registry != null ? registry : Locations.registry(), name);
    }
  }

  /** {@code mle4j pipeline run}. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Run the pipeline; tasks whose inputs and settings did not change are reused.")
  static final class RunCommand implements Callable<Integer> {
    @Mixin PipelineOptions options = new PipelineOptions();

    @Option(
        names = "--until",
        paramLabel = "TASK",
        description = {
          "Run only this task and what it needs (extract, preprocess, features, train, evaluate,"
              + " register): one orchestrator step, e.g. an Airflow task."
        })
    String until;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Pipeline p = TabularTrainingPipeline.of();
      if (until != null) {
        p = p.upTo(until);
      }
      RunRecord r = options.runner().run(p, options.config());
      print(spec.commandLine().getOut(), r);
      return r.succeeded() ? 0 : 1;
    }
  }

  /** {@code mle4j pipeline schedule}. */
  @Command(
      name = "schedule",
      mixinStandardHelpOptions = true,
      description = {
        "Run the pipeline on a cron schedule (minute hour day-of-month month day-of-week, e.g."
            + " '0 3 * * *'); unchanged inputs cost nothing. Runs until stopped or --max-runs."
      })
  static final class ScheduleCommand implements Callable<Integer> {
    @Mixin PipelineOptions options = new PipelineOptions();

    @Option(names = "--cron", required = true, description = "Cron expression (5 fields).")
    String cron;

    @Option(
        names = "--max-runs",
        defaultValue = "0",
        description = "Stop after this many scheduled runs (0: run until stopped).")
    int maxRuns;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      CronExpression expression = CronExpression.parse(cron);
      if (maxRuns < 0) {
        throw new IllegalArgumentException("--max-runs must be >= 0, got " + maxRuns);
      }
      PrintWriter w = spec.commandLine().getOut();
      PipelineRunner runner = options.runner();
      Map<String, String> config = options.config();
      Pipeline p = TabularTrainingPipeline.of();
      java.util.concurrent.Semaphore done = new java.util.concurrent.Semaphore(0);
      try (Scheduler scheduler =
          new Scheduler(
              expression,
              () -> {
                print(w, runner.run(p, config));
                done.release();
              },
              java.time.Clock.systemDefaultZone(),
              Duration.ofSeconds(1))) {
        w.println("scheduled '" + cron + "'; next run at " + scheduler.nextFire());
        w.flush();
        scheduler.start();
        if (maxRuns == 0) {
          new java.util.concurrent.CountDownLatch(1).await();
        }
        done.acquire(maxRuns);
      }
      return 0;
    }
  }

  /** {@code mle4j pipeline status}. */
  @Command(name = "status", mixinStandardHelpOptions = true, description = "Run history.")
  static final class StatusCommand implements Callable<Integer> {
    @Option(names = "--root", paramLabel = "DIR", description = "Pipeline state folder.")
    Path root;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      List<RunRecord> runs =
          PipelineRunner.builder(root != null ? root : defaultRoot()).build().history();
      PrintWriter w = spec.commandLine().getOut();
      if (runs.isEmpty()) {
        w.println("no runs yet");
      }
      for (RunRecord r : runs) {
        print(w, r);
      }
      w.flush();
      return 0;
    }
  }

  static void print(PrintWriter w, RunRecord r) {
    w.printf(
        "run %s (%s): %s, %s -> %s%n",
        r.runId(), r.pipeline(), r.status(), r.startedAt(), r.finishedAt());
    for (TaskRecord t : r.tasks()) {
      w.printf(
          "  %-11s %-15s attempts %d, %d ms%s%n",
          t.task(),
          t.status(),
          t.attempts(),
          t.durationMillis(),
          t.error() == null ? "" : "  " + t.error());
    }
    w.flush();
  }
}
