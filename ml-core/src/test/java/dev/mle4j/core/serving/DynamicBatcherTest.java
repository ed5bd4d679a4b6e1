package dev.mle4j.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DynamicBatcherTest {

  private static final Function<List<Integer>, List<String>> ECHO =
      inputs -> inputs.stream().map(i -> "out-" + i).toList();

  @Test
  void everyRequestGetsItsOwnOutputUnderConcurrency() throws Exception {
    List<BatchStats> stats = new CopyOnWriteArrayList<>();
    try (DynamicBatcher<Integer, String> batcher =
            DynamicBatcher.builder(ECHO)
                .name("echo")
                .maxBatchSize(16)
                .maxQueueDelay(Duration.ofMillis(2))
                .queueCapacity(10_000)
                .listener(stats::add)
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<List<CompletableFuture<String>>>> submitted = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        submitted.add(
            pool.submit(
                () -> {
                  List<CompletableFuture<String>> mine = new ArrayList<>();
                  for (int i = 0; i < 250; i++) {
                    mine.add(batcher.submit(thread * 1000 + i));
                  }
                  return mine;
                }));
      }
      for (int t = 0; t < 8; t++) {
        List<CompletableFuture<String>> mine = submitted.get(t).get();
        for (int i = 0; i < mine.size(); i++) {
          assertThat(mine.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("out-" + (t * 1000 + i));
        }
      }
      assertThat(stats.stream().mapToInt(BatchStats::size).sum()).isEqualTo(2000);
      assertThat(stats).allSatisfy(s -> assertThat(s.size()).isBetween(1, 16));
    }
  }

  @Test
  void batchesFillUpToMaxUnderLoad() throws Exception {
    CountDownLatch firstBatchEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<BatchStats> stats = new CopyOnWriteArrayList<>();
    Function<List<Integer>, List<String>> gated =
        inputs -> {
          firstBatchEntered.countDown();
          await(release);
          return ECHO.apply(inputs);
        };
    try (DynamicBatcher<Integer, String> batcher =
        DynamicBatcher.builder(gated)
            .maxBatchSize(8)
            .maxQueueDelay(Duration.ofMillis(1))
            .queueCapacity(100)
            .listener(stats::add)
            .build()) {
      List<CompletableFuture<String>> futures = new ArrayList<>();
      futures.add(batcher.submit(0));
      firstBatchEntered.await();
      // the model is busy: 32 more requests pile up in the queue
      for (int i = 1; i <= 32; i++) {
        futures.add(batcher.submit(i));
      }
      assertThat(batcher.queueDepth()).isEqualTo(32);
      release.countDown();
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("out-" + i);
      }
      assertThat(stats).extracting(BatchStats::size).containsExactly(1, 8, 8, 8, 8);
      assertThat(stats.get(1).queueDepthAfter()).isEqualTo(24);
      assertThat(stats.get(4).queueDepthAfter()).isZero();
    }
  }

  @Test
  void batchesHoldOneRequestWhenIdle() throws Exception {
    List<BatchStats> stats = new CopyOnWriteArrayList<>();
    try (DynamicBatcher<Integer, String> batcher =
        DynamicBatcher.builder(ECHO)
            .maxBatchSize(32)
            .maxQueueDelay(Duration.ofMillis(1))
            .listener(stats::add)
            .build()) {
      for (int i = 0; i < 5; i++) {
        assertThat(batcher.submit(i).get(10, TimeUnit.SECONDS)).isEqualTo("out-" + i);
      }
    }
    assertThat(stats).extracting(BatchStats::size).containsExactly(1, 1, 1, 1, 1);
  }

  @Test
  void queueDelayFlushesAPartialBatch() throws Exception {
    List<BatchStats> stats = new CopyOnWriteArrayList<>();
    try (DynamicBatcher<Integer, String> batcher =
        DynamicBatcher.builder(ECHO)
            .maxBatchSize(100)
            .maxQueueDelay(Duration.ofMillis(300))
            .listener(stats::add)
            .build()) {
      List<CompletableFuture<String>> futures = List.of(batcher.submit(1), batcher.submit(2));
      assertThat(futures.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("out-1");
      assertThat(futures.get(1).get(10, TimeUnit.SECONDS)).isEqualTo("out-2");
    }
    assertThat(stats).hasSize(1);
    assertThat(stats.get(0).size()).isEqualTo(2);
    assertThat(stats.get(0).collectNanos()).isPositive();
  }

  @Test
  void rejectsAtOnceWhenTheQueueIsFull() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Function<List<Integer>, List<String>> gated =
        inputs -> {
          entered.countDown();
          await(release);
          return ECHO.apply(inputs);
        };
    try (DynamicBatcher<Integer, String> batcher =
        DynamicBatcher.builder(gated)
            .name("tiny")
            .maxBatchSize(1)
            .maxQueueDelay(Duration.ZERO)
            .queueCapacity(2)
            .build()) {
      CompletableFuture<String> running = batcher.submit(1);
      entered.await();
      CompletableFuture<String> queued1 = batcher.submit(2);
      CompletableFuture<String> queued2 = batcher.submit(3);
      CompletableFuture<String> rejected = batcher.submit(4);
      assertThat(rejected).isCompletedExceptionally();
      assertThatThrownBy(rejected::join)
          .hasCauseInstanceOf(BatcherFullException.class)
          .hasMessageContaining("batcher 'tiny' is full");
      assertThat(batcher.queueDepth()).isEqualTo(2);
      release.countDown();
      assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo("out-1");
      assertThat(queued1.get(10, TimeUnit.SECONDS)).isEqualTo("out-2");
      assertThat(queued2.get(10, TimeUnit.SECONDS)).isEqualTo("out-3");
    }
  }

  @Test
  void wrongOutputCountFailsTheBatchAndTheWorkerGoesOn() throws Exception {
    Function<List<String>, List<String>> lossy =
        inputs ->
            inputs.contains("bad")
                ? List.of()
                : inputs.stream().map(String::length).map(String::valueOf).toList();
    try (DynamicBatcher<String, String> batcher =
        DynamicBatcher.builder(lossy).name("lossy").maxQueueDelay(Duration.ZERO).build()) {
      CompletableFuture<String> bad = batcher.submit("bad");
      assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(BatchMismatchException.class)
          .hasMessageContaining("model returned 0 outputs for 1 inputs");
      assertThat(batcher.submit("fine").get(10, TimeUnit.SECONDS)).isEqualTo("4");
      assertThat(batcher.isRunning()).isTrue();
    }
  }

  @Test
  void nullOutputListFailsTheBatch() {
    try (DynamicBatcher<String, String> batcher =
        DynamicBatcher.<String, String>builder(inputs -> null).build()) {
      assertThatThrownBy(() -> batcher.submit("x").get(10, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(BatchMismatchException.class)
          .hasMessageContaining("model returned null");
    }
  }

  @Test
  void handlerExceptionFailsEveryRequestOfItsBatch() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IllegalStateException boom = new IllegalStateException("boom");
    Function<List<String>, List<String>> failing =
        inputs -> {
          if (inputs.contains("block")) {
            entered.countDown();
            await(release);
            return inputs;
          }
          if (inputs.contains("explode")) {
            throw boom;
          }
          return inputs;
        };
    try (DynamicBatcher<String, String> batcher =
        DynamicBatcher.builder(failing)
            .maxBatchSize(3)
            .maxQueueDelay(Duration.ofMillis(500))
            .build()) {
      CompletableFuture<String> blocker = batcher.submit("block");
      // two more requests fill the first batch with "block"
      batcher.submit("pad");
      batcher.submit("pad");
      entered.await();
      // these three wait together and form the next (full) batch
      CompletableFuture<String> a = batcher.submit("a");
      CompletableFuture<String> explode = batcher.submit("explode");
      CompletableFuture<String> c = batcher.submit("c");
      release.countDown();
      assertThat(blocker.get(10, TimeUnit.SECONDS)).isEqualTo("block");
      for (CompletableFuture<String> f : List.of(a, explode, c)) {
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause().isSameAs(boom);
      }
      assertThat(batcher.submit("later").get(10, TimeUnit.SECONDS)).isEqualTo("later");
    }
  }

  @Test
  void closeFinishesAcceptedRequestsThenRejects() throws Exception {
    Function<List<Integer>, List<String>> slow =
        inputs -> {
          sleep(2);
          return ECHO.apply(inputs);
        };
    DynamicBatcher<Integer, String> batcher =
        DynamicBatcher.builder(slow)
            .name("slow")
            .maxBatchSize(4)
            .maxQueueDelay(Duration.ofMillis(50))
            .queueCapacity(1000)
            .build();
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      futures.add(batcher.submit(i));
    }
    batcher.close();
    for (int i = 0; i < futures.size(); i++) {
      assertThat(futures.get(i)).isDone();
      assertThat(futures.get(i).join()).isEqualTo("out-" + i);
    }
    assertThat(batcher.isRunning()).isFalse();
    assertThat(batcher.queueDepth()).isZero();
    CompletableFuture<String> late = batcher.submit(1);
    assertThatThrownBy(late::join)
        .hasCauseInstanceOf(BatcherClosedException.class)
        .hasMessageContaining("batcher 'slow' is closed");
    batcher.close(); // idempotent
  }

  @Test
  void closeWhileSubmittingNeverStrandsARequest() throws Exception {
    DynamicBatcher<Integer, String> batcher =
        DynamicBatcher.builder(ECHO).maxBatchSize(8).queueCapacity(100_000).build();
    Queue<CompletableFuture<String>> futures = new ConcurrentLinkedQueue<>();
    CountDownLatch started = new CountDownLatch(4);
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (int t = 0; t < 4; t++) {
        pool.submit(
            () -> {
              started.countDown();
              for (int i = 0; i < 5000; i++) {
                futures.add(batcher.submit(i));
              }
            });
      }
      started.await();
      batcher.close();
    }
    assertThat(futures).hasSize(20_000);
    // every future is either answered or rejected as closed: none waits forever
    for (CompletableFuture<String> f : futures) {
      assertThat(f).isDone();
      if (f.isCompletedExceptionally()) {
        assertThat(f.exceptionNow()).isInstanceOf(BatcherClosedException.class);
      }
    }
  }

  @Test
  void builderRejectsBadOptions() {
    assertThatThrownBy(() -> DynamicBatcher.builder(ECHO).maxBatchSize(0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("maxBatchSize");
    assertThatThrownBy(() -> DynamicBatcher.builder(ECHO).queueCapacity(0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> DynamicBatcher.builder(ECHO).maxQueueDelay(Duration.ofMillis(-1)))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("maxQueueDelay");
  }

  @Test
  void preferredSizeDispatchesWithoutWaitingOutALongDelay() throws Exception {
    List<BatchStats> stats = new CopyOnWriteArrayList<>();
    try (DynamicBatcher<Integer, String> batcher =
        DynamicBatcher.builder(ECHO)
            .maxBatchSize(8)
            .maxQueueDelay(Duration.ofSeconds(10))
            .preferredBatchSizes(2)
            .listener(stats::add)
            .build()) {
      CompletableFuture<String> a = batcher.submit(1);
      CompletableFuture<String> b = batcher.submit(2);
      // the 10 s delay would fail these waits: size 2 is preferred and nothing else is queued
      assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("out-1");
      assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo("out-2");
      assertThat(batcher.preferredBatchSizes()).containsExactly(2);
    }
    assertThat(stats).extracting(BatchStats::size).containsExactly(2);
  }

  @Test
  void preferredSizeKeepsCollectingWhileMoreRequestsWait() throws Exception {
    CountDownLatch firstBatchEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<BatchStats> stats = new CopyOnWriteArrayList<>();
    Function<List<Integer>, List<String>> gated =
        inputs -> {
          firstBatchEntered.countDown();
          await(release);
          return ECHO.apply(inputs);
        };
    try (DynamicBatcher<Integer, String> batcher =
        DynamicBatcher.builder(gated)
            .maxBatchSize(8)
            .maxQueueDelay(Duration.ofSeconds(10))
            .preferredBatchSizes(2, 3)
            .listener(stats::add)
            .build()) {
      List<CompletableFuture<String>> futures = new ArrayList<>();
      futures.add(batcher.submit(0));
      futures.add(batcher.submit(1));
      firstBatchEntered.await();
      // three wait while the model runs: the next batch takes all three (size 3, preferred),
      // it does not stop at the preferred size 2 while a third request is waiting
      for (int i = 2; i <= 4; i++) {
        futures.add(batcher.submit(i));
      }
      release.countDown();
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("out-" + i);
      }
    }
    assertThat(stats).extracting(BatchStats::size).containsExactly(2, 3);
  }

  @Test
  void closeDoesNotWaitOutALongQueueDelay() throws Exception {
    DynamicBatcher<Integer, String> batcher =
        DynamicBatcher.builder(ECHO).maxBatchSize(8).maxQueueDelay(Duration.ofMinutes(10)).build();
    CompletableFuture<String> a = batcher.submit(1);
    CompletableFuture<Void> closed = CompletableFuture.runAsync(batcher::close);
    closed.get(5, TimeUnit.SECONDS);
    assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("out-1");
  }

  @Test
  void staleRequestsAreShedWithAnOverloadError() throws Exception {
    CountDownLatch firstBatchEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<BatchStats> stats = new CopyOnWriteArrayList<>();
    Function<List<Integer>, List<String>> gated =
        inputs -> {
          firstBatchEntered.countDown();
          await(release);
          return ECHO.apply(inputs);
        };
    try (DynamicBatcher<Integer, String> batcher =
        DynamicBatcher.builder(gated)
            .name("shedding")
            .maxBatchSize(8)
            .maxQueueDelay(Duration.ZERO)
            .maxQueueWait(Duration.ofMillis(50))
            .listener(stats::add)
            .build()) {
      CompletableFuture<String> first = batcher.submit(0);
      firstBatchEntered.await();
      CompletableFuture<String> late1 = batcher.submit(1);
      CompletableFuture<String> late2 = batcher.submit(2);
      sleep(300); // both wait far longer than the 50 ms limit before a worker is free
      release.countDown();
      assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("out-0");
      for (CompletableFuture<String> late : List.of(late1, late2)) {
        assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(QueueWaitExceededException.class)
            .isInstanceOf(BatcherFullException.class)
            .hasMessageContaining("batcher 'shedding' is overloaded")
            .hasMessageContaining("longer than the limit of 50 ms");
      }
      assertThat(batcher.shedCount()).isEqualTo(2);
      // a fresh request is served again
      assertThat(batcher.submit(3).get(5, TimeUnit.SECONDS)).isEqualTo("out-3");
      assertThat(batcher.maxQueueWait()).contains(Duration.ofMillis(50));
    }
    assertThat(stats).extracting(BatchStats::size).containsExactly(1, 1);
  }

  @Test
  void withoutMaxQueueWaitLateRequestsStillRun() throws Exception {
    CountDownLatch firstBatchEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Function<List<Integer>, List<String>> gated =
        inputs -> {
          firstBatchEntered.countDown();
          await(release);
          return ECHO.apply(inputs);
        };
    try (DynamicBatcher<Integer, String> batcher =
        DynamicBatcher.builder(gated).maxBatchSize(8).maxQueueDelay(Duration.ZERO).build()) {
      CompletableFuture<String> first = batcher.submit(0);
      firstBatchEntered.await();
      CompletableFuture<String> late = batcher.submit(1);
      sleep(100);
      release.countDown();
      assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("out-0");
      assertThat(late.get(5, TimeUnit.SECONDS)).isEqualTo("out-1");
      assertThat(batcher.shedCount()).isZero();
      assertThat(batcher.maxQueueWait()).isEmpty();
    }
  }

  @Test
  void builderRejectsBadPreferredSizesAndQueueWait() {
    assertThatThrownBy(() -> DynamicBatcher.builder(ECHO).preferredBatchSizes(0, 4))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least 1, got 0");
    assertThatThrownBy(() -> DynamicBatcher.builder(ECHO).preferredBatchSizes(8, 4))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("ascending and distinct, got [8, 4]");
    assertThatThrownBy(() -> DynamicBatcher.builder(ECHO).preferredBatchSizes(4, 4))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("ascending and distinct");
    assertThatThrownBy(
            () -> DynamicBatcher.builder(ECHO).maxBatchSize(8).preferredBatchSizes(4, 16).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("preferred batch size 16 exceeds maxBatchSize 8");
    assertThatThrownBy(() -> DynamicBatcher.builder(ECHO).maxQueueWait(Duration.ZERO))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("maxQueueWait must be positive");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void severalWorkersRunBatchesSideBySide() throws Exception {
    // each batch call waits until two batch calls are in flight at once: with one worker this
    // would never happen and the requests would time out below
    CountDownLatch bothRunning = new CountDownLatch(2);
    Function<List<Integer>, List<Integer>> handler =
        inputs -> {
          bothRunning.countDown();
          try {
            if (!bothRunning.await(10, TimeUnit.SECONDS)) {
              throw new IllegalStateException("second worker never ran a batch");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          return new ArrayList<>(inputs);
        };
    try (DynamicBatcher<Integer, Integer> batcher =
        DynamicBatcher.builder(handler)
            .maxBatchSize(1)
            .maxQueueDelay(Duration.ZERO)
            .workers(2)
            .build()) {
      CompletableFuture<Integer> a = batcher.submit(1);
      CompletableFuture<Integer> b = batcher.submit(2);
      assertThat(a.get(15, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(b.get(15, TimeUnit.SECONDS)).isEqualTo(2);
    }
  }

  @Test
  void rejectsAWorkerCountOutOfRange() {
    assertThatThrownBy(() -> DynamicBatcher.<Integer, Integer>builder(x -> x).workers(0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("workers must be in 1..256, got 0");
  }
}
