package dev.mle4j.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsAndSamplingTest {

  /** A data set with {@code counts[c]} 2x2 images of class c. */
  static ImageDataset dataset(int... counts) {
    List<String> classes = new ArrayList<>();
    List<LabeledImage> images = new ArrayList<>();
    for (int c = 0; c < counts.length; c++) {
      classes.add("c" + c);
      for (int i = 0; i < counts[c]; i++) {
        PixelImage px = new PixelImage(2, 2, 1, new byte[] {(byte) c, (byte) i, 0, 0});
        images.add(new LabeledImage("c" + c + "/" + i, c, () -> px));
      }
    }
    return new ImageDataset("toy", classes, images);
  }

  @Test
  void stratifiedSplitKeepsProportionsAndCoversEverythingOnce() {
    ImageDataset ds = dataset(100, 40, 20);
    DatasetSplit split = StratifiedSplitter.trainValidationTest(ds, 0.2, 0.1, 7);
    assertThat(split.train().classCounts()).containsExactly(70, 28, 14);
    assertThat(split.validation().classCounts()).containsExactly(20, 8, 4);
    assertThat(split.test().classCounts()).containsExactly(10, 4, 2);
    Set<String> ids = new HashSet<>();
    for (ImageDataset part : List.of(split.train(), split.validation(), split.test())) {
      part.images().forEach(i -> assertThat(ids.add(i.id())).isTrue());
    }
    assertThat(ids).hasSize(160);
    assertThat(split.train().name()).isEqualTo("toy-train");
  }

  @Test
  void splitsAreSeeded() {
    ImageDataset ds = dataset(50, 50);
    List<String> a = ids(StratifiedSplitter.split(ds, new double[] {0.5, 0.5}, 1).get(1));
    List<String> b = ids(StratifiedSplitter.split(ds, new double[] {0.5, 0.5}, 1).get(1));
    List<String> c = ids(StratifiedSplitter.split(ds, new double[] {0.5, 0.5}, 2).get(1));
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    assertThatThrownBy(() -> StratifiedSplitter.split(ds, new double[] {0.5, 0.4}, 1))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("sum to 1");
  }

  private static List<String> ids(ImageDataset ds) {
    return ds.images().stream().map(LabeledImage::id).toList();
  }

  @Test
  void subsetClassesRemapsLabels() {
    ImageDataset ds = dataset(3, 4, 5, 6);
    ImageDataset sub = StratifiedSplitter.subsetClasses(ds, List.of(3, 1));
    assertThat(sub.classes()).containsExactly("c3", "c1");
    assertThat(sub.classCounts()).containsExactly(6, 4);
    assertThat(sub.images())
        .allSatisfy(i -> assertThat(i.id()).startsWith(i.label() == 0 ? "c3/" : "c1/"));
    assertThatThrownBy(() -> StratifiedSplitter.subsetClasses(ds, List.of(4)))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> StratifiedSplitter.subsetClasses(ds, List.of(1, 1)))
        .hasMessageContaining("twice");
  }

  @Test
  void fewPerClassTakesExactlyNPerClass() {
    ImageDataset ds = dataset(30, 10, 12);
    ImageDataset few = StratifiedSplitter.fewPerClass(ds, 5, 3);
    assertThat(few.classCounts()).containsExactly(5, 5, 5);
    assertThat(ids(few)).isEqualTo(ids(StratifiedSplitter.fewPerClass(ds, 5, 3)));
    assertThatThrownBy(() -> StratifiedSplitter.fewPerClass(ds, 11, 3))
        .hasMessageContaining("class 'c1'")
        .hasMessageContaining("has 10 examples");
  }

  @Test
  void inverseFrequencyMatchesSklearnBalanced() {
    double[] w = ClassWeights.inverseFrequency(new int[] {10, 30, 60});
    // n / (k * count): 100 / (3 * 10), 100 / 90, 100 / 180
    assertThat(w[0]).isCloseTo(100.0 / 30, within(1e-12));
    assertThat(w[1]).isCloseTo(100.0 / 90, within(1e-12));
    assertThat(w[2]).isCloseTo(100.0 / 180, within(1e-12));
    assertThat(ClassWeights.inverseFrequency(new int[] {5, 5})).containsExactly(1.0, 1.0);
    assertThatThrownBy(() -> ClassWeights.inverseFrequency(new int[] {5, 0}))
        .hasMessageContaining("class 1 has 0 examples");
  }

  @Test
  void balancedSamplerEqualisesClasses() {
    ImageDataset ds = dataset(900, 100);
    BalancedSampler sampler = new BalancedSampler(ds, 11);
    int[] order = sampler.epoch(0, 20_000);
    int minority = 0;
    for (int i : order) {
      if (ds.images().get(i).label() == 1) {
        minority++;
      }
    }
    assertThat(minority / 20_000.0).isCloseTo(0.5, within(0.02));
    assertThat(sampler.epoch(3)).hasSize(1000).isEqualTo(new BalancedSampler(ds, 11).epoch(3));
    assertThat(sampler.epoch(3)).isNotEqualTo(sampler.epoch(4));
  }
}
