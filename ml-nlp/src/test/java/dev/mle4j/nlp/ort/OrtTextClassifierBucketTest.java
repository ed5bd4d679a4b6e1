package dev.mle4j.nlp.ort;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sub-batches of length-sorted texts keep padding under 25 % and at most 32 texts. */
class OrtTextClassifierBucketTest {

  private static List<Integer> buckets(int... lengths) {
    List<long[]> ids = new ArrayList<>();
    Integer[] order = new Integer[lengths.length];
    for (int i = 0; i < lengths.length; i++) {
      ids.add(new long[lengths[i]]);
      order[i] = i;
    }
    List<Integer> sizes = new ArrayList<>();
    for (int start = 0; start < order.length; ) {
      int end = OrtTextClassifier.bucketEnd(order, ids, start);
      assertThat(end).isGreaterThan(start);
      sizes.add(end - start);
      start = end;
    }
    return sizes;
  }

  @Test
  void equalLengthsFillBatchesOf32() {
    int[] lengths = new int[70];
    java.util.Arrays.fill(lengths, 12);
    assertThat(buckets(lengths)).containsExactly(32, 32, 6);
  }

  @Test
  void aLongTextStartsANewBatchInsteadOfPaddingShortOnes() {
    // 10 + 10 + 10 = 30 real tokens; adding a 40-token text would pad to 160 for 70 real tokens
    assertThat(buckets(10, 10, 10, 40)).containsExactly(3, 1);
    // 20% longer is within the 25% padding budget
    assertThat(buckets(10, 10, 10, 12)).containsExactly(4);
  }

  @Test
  void everyTextIsInExactlyOneBatchEvenWhenEachNeedsItsOwn() {
    assertThat(buckets(1, 2, 4, 8, 16, 32, 64)).containsExactly(1, 1, 1, 1, 1, 1, 1);
    assertThat(buckets(5)).containsExactly(1);
    assertThat(buckets(0, 0, 1)).containsExactly(3);
  }
}
