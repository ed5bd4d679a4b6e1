package dev.mle4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KFoldTest {

  static void assertValidFolds(int n, int k, List<Fold> folds) {
    assertThat(folds).hasSize(k);
    int[] seen = new int[n];
    for (Fold f : folds) {
      int[] both = IntStream.concat(Arrays.stream(f.train()), Arrays.stream(f.test())).toArray();
      assertThat(Arrays.stream(both).sorted().toArray())
          .as("train and test of a fold are disjoint and cover all rows")
          .containsExactly(IntStream.range(0, n).toArray());
      assertThat(f.test()).isSorted();
      assertThat(f.train()).isSorted();
      for (int i : f.test()) {
        seen[i]++;
      }
    }
    assertThat(seen).as("every index in exactly one test fold").containsOnly(1);
    int min = folds.stream().mapToInt(f -> f.test().length).min().orElseThrow();
    int max = folds.stream().mapToInt(f -> f.test().length).max().orElseThrow();
    assertThat(max - min).isLessThanOrEqualTo(1);
  }

  @Test
  void unshuffledFoldsAreConsecutiveLikeSklearn() {
    List<Fold> folds = KFold.split(10, 3, false, 0);
    assertValidFolds(10, 3, folds);
    assertThat(folds.get(0).test()).containsExactly(0, 1, 2, 3);
    assertThat(folds.get(1).test()).containsExactly(4, 5, 6);
    assertThat(folds.get(2).test()).containsExactly(7, 8, 9);
    assertThat(folds.get(2).train()).containsExactly(0, 1, 2, 3, 4, 5, 6);
  }

  @Test
  void shuffledFoldsAreValidAndSeeded() {
    List<Fold> a = KFold.split(103, 5, true, 1);
    assertValidFolds(103, 5, a);
    List<Fold> b = KFold.split(103, 5, true, 1);
    List<Fold> c = KFold.split(103, 5, true, 2);
    for (int f = 0; f < 5; f++) {
      assertThat(a.get(f).test()).containsExactly(b.get(f).test());
    }
    assertThat(a.get(0).test()).isNotEqualTo(c.get(0).test());
    assertThat(a.get(0).test()).isNotEqualTo(KFold.split(103, 5, false, 1).get(0).test());
  }

  @Test
  void kFoldRejectsBadK() {
    assertThatThrownBy(() -> KFold.split(10, 1, false, 0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("k >= 2")
        .hasMessageContaining("k=1");
    assertThatThrownBy(() -> KFold.split(4, 5, true, 0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("k=5")
        .hasMessageContaining("n=4");
    assertValidFolds(4, 4, KFold.split(4, 4, true, 0));
  }

  static List<String> labels(int a, int b, int c) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < a + b + c; i++) {
      labels.add(i < a ? "a" : i < a + b ? "b" : "c");
    }
    java.util.Collections.shuffle(labels, new java.util.Random(3));
    return labels;
  }

  @Test
  void stratifiedFoldsKeepClassProportions() {
    List<String> labels = labels(50, 30, 7);
    List<Fold> folds = StratifiedKFold.split(labels, 5, 42);
    assertValidFolds(87, 5, folds);
    for (Fold f : folds) {
      long a = Arrays.stream(f.test()).filter(i -> labels.get(i).equals("a")).count();
      long b = Arrays.stream(f.test()).filter(i -> labels.get(i).equals("b")).count();
      long c = Arrays.stream(f.test()).filter(i -> labels.get(i).equals("c")).count();
      assertThat(a).isEqualTo(10);
      assertThat(b).isEqualTo(6);
      assertThat(c).isBetween(1L, 2L);
    }
  }

  @Test
  void stratifiedFoldSizesDifferByAtMostOne() {
    // per-class counts 7, 7, 7 with k=4 would give 2,2,2,1 per class; the round-robin deal
    // keeps fold totals balanced (6,5,5,5) instead of 6,6,6,3
    List<String> labels = labels(7, 7, 7);
    List<Fold> folds = StratifiedKFold.split(labels, 4, 1);
    assertValidFolds(21, 4, folds);
    for (String cls : List.of("a", "b", "c")) {
      int[] perFold =
          folds.stream()
              .mapToInt(
                  f -> (int) Arrays.stream(f.test()).filter(i -> labels.get(i).equals(cls)).count())
              .toArray();
      assertThat(Arrays.stream(perFold).max().getAsInt() - Arrays.stream(perFold).min().getAsInt())
          .isLessThanOrEqualTo(1);
    }
  }

  @Test
  void stratifiedFoldsAreSeeded() {
    List<String> labels = labels(40, 20, 10);
    List<Fold> a = StratifiedKFold.split(labels, 5, 7);
    List<Fold> b = StratifiedKFold.split(labels, 5, 7);
    List<Fold> c = StratifiedKFold.split(labels, 5, 8);
    for (int f = 0; f < 5; f++) {
      assertThat(a.get(f).test()).containsExactly(b.get(f).test());
      assertThat(a.get(f).train()).containsExactly(b.get(f).train());
    }
    assertThat(a.get(0).test()).isNotEqualTo(c.get(0).test());
  }

  @Test
  void stratifiedRejectsBadK() {
    assertThatThrownBy(() -> StratifiedKFold.split(labels(10, 10, 3), 4, 0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("least populated class 'c' (3)")
        .hasMessageContaining("k <= 3");
    assertThatThrownBy(() -> StratifiedKFold.split(labels(10, 10, 3), 1, 0))
        .hasMessageContaining("k >= 2");
    assertThatThrownBy(() -> StratifiedKFold.split(List.of("a", "b"), 3, 0))
        .hasMessageContaining("k=3")
        .hasMessageContaining("n=2");
    assertValidFolds(23, 3, StratifiedKFold.split(labels(10, 10, 3), 3, 0));
  }
}
