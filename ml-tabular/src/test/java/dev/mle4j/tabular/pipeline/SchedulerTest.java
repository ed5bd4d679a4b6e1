package dev.mle4j.tabular.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SchedulerTest {

  /** A clock the test moves by hand. */
  static final class FakeClock extends Clock {
    final AtomicReference<Instant> now;

    FakeClock(String start) {
      now = new AtomicReference<>(Instant.parse(start));
    }

    void set(String t) {
      now.set(Instant.parse(t));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  @Test
  void runsAtFireTimesOnly() {
    FakeClock clock = new FakeClock("2026-11-26T08:00:30Z");
    AtomicInteger runs = new AtomicInteger();
    Scheduler s =
        new Scheduler(
            CronExpression.parse("*/10 * * * *"),
            runs::incrementAndGet,
            clock,
            Duration.ofSeconds(1));
    assertThat(s.nextFire()).isEqualTo("2026-11-26T08:10:00Z");
    assertThat(s.poll()).isFalse();
    clock.set("2026-11-26T08:09:59Z");
    assertThat(s.poll()).isFalse();
    clock.set("2026-11-26T08:10:00Z");
    assertThat(s.poll()).isTrue();
    assertThat(s.poll()).isFalse();
    assertThat(s.nextFire()).isEqualTo("2026-11-26T08:20:00Z");
    // a long gap does not replay missed fire times
    clock.set("2026-11-26T09:05:00Z");
    assertThat(s.poll()).isTrue();
    assertThat(s.poll()).isFalse();
    assertThat(s.nextFire()).isEqualTo("2026-11-26T09:10:00Z");
    assertThat(runs.get()).isEqualTo(2);
  }

  @Test
  void schedulesAPipelineRunWithHistory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
    FakeClock clock = new FakeClock("2026-11-26T08:00:30Z");
    java.util.concurrent.atomic.AtomicInteger executions = new AtomicInteger();
    Pipeline p =
        Pipeline.builder("p")
            .add(
                Task.of(
                    "only",
                    "1",
                    java.util.List.of(),
                    java.util.List.of(),
                    c -> {
                      executions.incrementAndGet();
                      return TaskOutput.empty();
                    }))
            .build();
    PipelineRunner runner = PipelineRunner.builder(root).clock(clock).build();
    Scheduler s =
        Scheduler.forPipeline(
            CronExpression.parse("0 * * * *"), runner, p, java.util.Map.of(), clock);
    clock.set("2026-11-26T09:00:00Z");
    assertThat(s.poll()).isTrue();
    clock.set("2026-11-26T10:00:00Z");
    assertThat(s.poll()).isTrue();
    assertThat(runner.history())
        .extracting(r -> r.tasks().get(0).status())
        .containsExactly(TaskStatus.SUCCEEDED, TaskStatus.SKIPPED_CACHED);
    assertThat(runner.history().get(0).startedAt()).isEqualTo("2026-11-26T09:00:00Z");
    assertThat(executions.get()).isEqualTo(1);
  }

  @Test
  void noOverlappingRuns() throws Exception {
    FakeClock clock = new FakeClock("2026-11-26T08:00:30Z");
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    Runnable job =
        () -> {
          maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
          started.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          concurrent.decrementAndGet();
        };
    Scheduler s =
        new Scheduler(CronExpression.parse("* * * * *"), job, clock, Duration.ofMillis(5));
    clock.set("2026-11-26T08:01:00Z");
    s.start();
    try {
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      // while the scheduled thread is busy, the next fire time passes; a concurrent poll skips it
      clock.set("2026-11-26T08:02:00Z");
      assertThat(s.poll()).isFalse();
      assertThat(s.skipped()).isEqualTo(1);
      release.countDown();
    } finally {
      s.stop();
    }
    assertThat(maxConcurrent.get()).isEqualTo(1);
    assertThat(s.runs()).isEqualTo(1);
    assertThatThrownBy(
            () -> new Scheduler(CronExpression.parse("* * * * *"), job, clock, Duration.ZERO))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("poll interval must be positive");
  }
}
