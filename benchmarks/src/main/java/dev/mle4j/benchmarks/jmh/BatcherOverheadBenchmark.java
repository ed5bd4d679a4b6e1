package dev.mle4j.benchmarks.jmh;

import dev.mle4j.core.serving.DynamicBatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the {@link DynamicBatcher} itself costs: submit-and-wait round trips through a handler that
 * does no work, from 4 caller threads, for several maximum queue delays.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks-*-jmh.jar BatcherOverheadBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(4)
public class BatcherOverheadBenchmark {

  /** Longest wait for a batch to fill, in microseconds. */
  @Param({"0", "500", "2000"})
  public int maxQueueDelayMicros;

  private DynamicBatcher<Integer, Integer> batcher;

  /** Starts the batcher. */
  @Setup(Level.Trial)
  public void setUp() {
    batcher =
        DynamicBatcher.<Integer, Integer>builder(inputs -> new ArrayList<>(inputs))
            .maxBatchSize(32)
            .maxQueueDelay(Duration.ofNanos(maxQueueDelayMicros * 1000L))
            .queueCapacity(4096)
            .build();
  }

  /** Stops the batcher. */
  @TearDown(Level.Trial)
  public void tearDown() {
    batcher.close();
  }

  /**
   * One request through the batcher.
   *
   * @return the echoed value
   */
  @Benchmark
  public Integer roundTrip() {
    return batcher.submit(7).join();
  }
}
