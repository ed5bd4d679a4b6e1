package dev.mle4j.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchHistoryTest {

  private static BatchStats batch(int size, long collectMs, long inferMs, int depth) {
    return new BatchStats(size, collectMs * 1_000_000, inferMs * 1_000_000, depth);
  }

  @Test
  void totalsHistogramAndMeansCoverEveryBatch() {
    BatchHistory h = new BatchHistory(8);
    h.record(batch(1, 2, 10, 0));
    h.record(batch(4, 4, 20, 3));
    h.record(batch(4, 6, 30, 0));
    BatchHistory.Snapshot s = h.snapshot();
    assertThat(s.batches()).isEqualTo(3);
    assertThat(s.items()).isEqualTo(9);
    assertThat(s.sizeHistogram()).isEqualTo(Map.of(1, 1L, 4, 2L));
    assertThat(s.sizeHistogram().keySet()).containsExactly(1, 4);
    assertThat(s.meanBatchSize()).isEqualTo(3.0);
    assertThat(s.meanCollectMs()).isCloseTo(4.0, within(1e-9));
    assertThat(s.meanInferMs()).isCloseTo(20.0, within(1e-9));
    assertThat(s.p50InferMs()).isCloseTo(20.0, within(1e-9));
    assertThat(s.p99InferMs()).isCloseTo(30.0, within(1e-9));
    // 2 workers * 3 requests per batch / 0.020 s per batch
    assertThat(s.predictedMaxQps(2)).isCloseTo(300.0, within(1e-6));
    assertThat(s.recent()).extracting(BatchStats::size).containsExactly(1, 4, 4);
    assertThat(s.recent().get(1).queueDepthAfter()).isEqualTo(3);
  }

  @Test
  void ringKeepsOnlyTheLastBatchesButTotalsKeepEverything() {
    BatchHistory h = new BatchHistory(3);
    for (int i = 1; i <= 5; i++) {
      h.record(batch(i, 0, i, 0));
    }
    BatchHistory.Snapshot s = h.snapshot();
    assertThat(s.batches()).isEqualTo(5);
    assertThat(s.items()).isEqualTo(15);
    assertThat(s.recent()).extracting(BatchStats::size).containsExactly(3, 4, 5);
    // percentiles use the recent window: 3, 4, 5 ms
    assertThat(s.p50InferMs()).isCloseTo(4.0, within(1e-9));
    assertThat(s.p99InferMs()).isCloseTo(5.0, within(1e-9));
    assertThat(h.capacity()).isEqualTo(3);
  }

  @Test
  void snapshotAndResetReturnsTheWindowThenStartsAfresh() {
    BatchHistory h = new BatchHistory(4);
    h.record(batch(2, 1, 1, 0));
    BatchHistory.Snapshot before = h.snapshotAndReset();
    assertThat(before.batches()).isEqualTo(1);
    BatchHistory.Snapshot empty = h.snapshot();
    assertThat(empty.batches()).isZero();
    assertThat(empty.items()).isZero();
    assertThat(empty.sizeHistogram()).isEmpty();
    assertThat(empty.recent()).isEmpty();
    assertThat(empty.meanBatchSize()).isNaN();
    assertThat(empty.p99InferMs()).isNaN();
    assertThat(empty.predictedMaxQps(1)).isNaN();
    h.record(batch(7, 1, 1, 0));
    assertThat(h.snapshot().sizeHistogram()).isEqualTo(Map.of(7, 1L));
  }

  @Test
  void rejectsBadCapacityAndWorkers() {
    assertThatThrownBy(() -> new BatchHistory(0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("capacity must be in 1..1000000, got 0");
    assertThatThrownBy(() -> new BatchHistory().snapshot().predictedMaxQps(0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("workers must be at least 1");
  }
}
