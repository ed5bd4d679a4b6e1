package dev.mle4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {

  /** 1000 rows: 700 a, 200 b, 97 c, 3 d (interleaved). */
  static List<String> labels() {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      labels.add("a");
    }
    for (int i = 0; i < 200; i++) {
      labels.add("b");
    }
    for (int i = 0; i < 97; i++) {
      labels.add("c");
    }
    labels.addAll(List.of("d", "d", "d"));
    java.util.Collections.shuffle(labels, new java.util.Random(7));
    return labels;
  }

  static void assertPartition(int n, int[]... parts) {
    int[] all = Arrays.stream(parts).flatMapToInt(Arrays::stream).sorted().toArray();
    assertThat(all).containsExactly(IntStream.range(0, n).toArray());
  }

  static Map<String, Integer> counts(List<String> labels, int[] idx) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i : idx) {
      counts.merge(labels.get(i), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void ratiosAreValidated() {
    assertThat(SplitRatios.of(0.7, 0.15, 0.15).train()).isEqualTo(0.7);
    assertThat(SplitRatios.trainTest(0.8, 0.2).validation()).isZero();
    assertThatThrownBy(() -> SplitRatios.of(0.8, 0.1, 0.2))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("sum to 1");
    assertThatThrownBy(() -> SplitRatios.of(1.2, -0.1, -0.1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("validation must be a finite number >= 0, got -0.1");
    assertThatThrownBy(() -> SplitRatios.of(Double.NaN, 0.5, 0.5)).hasMessageContaining("train");
  }

  @Test
  void randomSplitIsAPartitionWithExactSizes() {
    SplitIndices s = Splits.random(1000, SplitRatios.of(0.8, 0.1, 0.1), 42);
    assertThat(s.train()).hasSize(800);
    assertThat(s.validation()).hasSize(100);
    assertThat(s.test()).hasSize(100);
    assertPartition(1000, s.train(), s.validation(), s.test());

    SplitIndices odd = Splits.random(11, SplitRatios.of(0.7, 0.15, 0.15), 1);
    // 7.7, 1.65, 1.65 -> 7, 1, 1 floors; remainders .7, .65, .65 -> train, then validation
    assertThat(new int[] {odd.train().length, odd.validation().length, odd.test().length})
        .containsExactly(8, 2, 1);
    assertPartition(11, odd.train(), odd.validation(), odd.test());
    assertThat(Splits.random(0, SplitRatios.of(0.8, 0.1, 0.1), 1).size()).isZero();
    assertThatThrownBy(() -> Splits.random(-1, SplitRatios.of(0.8, 0.1, 0.1), 1))
        .hasMessageContaining("-1");
  }

  @Test
  void randomSplitIsDeterministicPerSeed() {
    SplitRatios r = SplitRatios.of(0.8, 0.1, 0.1);
    assertThat(Splits.random(500, r, 3).train()).containsExactly(Splits.random(500, r, 3).train());
    assertThat(Splits.random(500, r, 3).train()).isNotEqualTo(Splits.random(500, r, 4).train());
  }

  @Test
  void stratifiedSplitKeepsClassProportions() {
    List<String> labels = labels();
    SplitIndices s = Splits.stratified(labels, SplitRatios.of(0.8, 0.1, 0.1), 42);
    assertPartition(1000, s.train(), s.validation(), s.test());
    assertThat(s.train()).hasSize(800);
    assertThat(s.validation()).hasSize(100);
    assertThat(s.test()).hasSize(100);

    assertThat(counts(labels, s.train())).containsEntry("a", 560).containsEntry("b", 160);
    assertThat(counts(labels, s.validation())).containsEntry("a", 70).containsEntry("b", 20);
    assertThat(counts(labels, s.test())).containsEntry("a", 70).containsEntry("b", 20);
    // c: 97 -> 77.6 / 9.7 / 9.7, within one row of its share in every split
    assertThat(counts(labels, s.train()).get("c")).isBetween(77, 78);
    assertThat(counts(labels, s.validation()).get("c")).isBetween(9, 10);
    assertThat(counts(labels, s.test()).get("c")).isBetween(9, 10);
  }

  @Test
  void stratifiedSplitWith70_15_15AddsUp() {
    List<String> labels = labels();
    SplitIndices s = Splits.stratified(labels, SplitRatios.of(0.7, 0.15, 0.15), 5);
    assertPartition(1000, s.train(), s.validation(), s.test());
    assertThat(s.train()).hasSize(700);
    assertThat(s.validation()).hasSize(150);
    assertThat(s.test()).hasSize(150);
    assertThat(counts(labels, s.train())).containsEntry("a", 490).containsEntry("b", 140);
    assertThat(counts(labels, s.test())).containsEntry("a", 105).containsEntry("b", 30);
  }

  @Test
  void tinyClassesGoToTrainFirst() {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      labels.add("big");
    }
    labels.add("single");
    labels.add("pair");
    labels.add("pair");
    SplitIndices s = Splits.stratified(labels, SplitRatios.of(0.8, 0.1, 0.1), 9);
    assertPartition(23, s.train(), s.validation(), s.test());
    assertThat(s.train()).hasSize(19);
    assertThat(counts(labels, s.train())).containsEntry("single", 1).containsEntry("pair", 2);
  }

  @Test
  void stratifiedSplitIsDeterministicPerSeed() {
    List<String> labels = labels();
    SplitRatios r = SplitRatios.of(0.8, 0.1, 0.1);
    SplitIndices a = Splits.stratified(labels, r, 11);
    SplitIndices b = Splits.stratified(labels, r, 11);
    SplitIndices c = Splits.stratified(labels, r, 12);
    assertThat(a.train()).containsExactly(b.train());
    assertThat(a.test()).containsExactly(b.test());
    assertThat(Arrays.stream(a.test()).sorted().toArray())
        .isNotEqualTo(Arrays.stream(c.test()).sorted().toArray());
  }

  @Test
  void nullLabelIsNamed() {
    List<String> labels = new ArrayList<>(List.of("a", "b"));
    labels.add(null);
    assertThatThrownBy(() -> Splits.stratified(labels, SplitRatios.of(0.8, 0.1, 0.1), 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("index 2");
  }

  @Test
  void stratifiedSplitOfRealSmsLabels() {
    CsvTable sms =
        CsvReader.builder()
            .separator('\t')
            .header(false)
            .columns(List.of("label", "text"))
            .quoting(false)
            .build()
            .read(SharedData.root().resolve("text/sms-spam/SMSSpamCollection"));
    List<String> labels = sms.column("label");
    SplitIndices s = Splits.stratified(labels, SplitRatios.of(0.8, 0.1, 0.1), 42);
    assertPartition(5574, s.train(), s.validation(), s.test());
    // 747 spam -> 597.6 / 74.7 / 74.7
    assertThat(counts(labels, s.train()).get("spam")).isBetween(597, 598);
    assertThat(counts(labels, s.test()).get("spam")).isBetween(74, 75);
    assertThat(counts(labels, s.validation()).get("spam")).isBetween(74, 75);
  }
}
