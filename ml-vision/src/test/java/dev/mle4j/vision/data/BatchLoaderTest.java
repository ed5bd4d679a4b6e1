package dev.mle4j.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.transform.Augmentations;
import dev.mle4j.vision.transform.InputKind;
import dev.mle4j.vision.transform.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {

  static ImageDataset randomImages(int n) {
    Random random = new Random(5);
    List<LabeledImage> images = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] px = new byte[28 * 28];
      random.nextBytes(px);
      PixelImage image = new PixelImage(28, 28, 1, px);
      images.add(new LabeledImage("img" + i, i % 3, () -> image));
    }
    return new ImageDataset("random", List.of("a", "b", "c"), images);
  }

  private static List<BatchLoader.Batch> all(ImageDataset ds, int threads, int prefetch) {
    List<BatchLoader.Batch> out = new ArrayList<>();
    try (BatchLoader loader =
        BatchLoader.builder(ds)
            .batchSize(8)
            .transform(Augmentations.training(InputKind.SMALL_GRAYSCALE, 28))
            .normalizer(Normalizer.fashionMnist())
            .seed(3)
            .epoch(2)
            .shuffle(true)
            .threads(threads)
            .prefetch(prefetch)
            .build()) {
      assertThat(loader.batchCount()).isEqualTo(5);
      loader.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void batchesDoNotDependOnThreadCount() {
    ImageDataset ds = randomImages(37);
    List<BatchLoader.Batch> one = all(ds, 1, 1);
    List<BatchLoader.Batch> four = all(ds, 4, 6);
    assertThat(one).hasSize(5);
    assertThat(one.get(4).size()).isEqualTo(5);
    assertThat(one.get(0).pixels()).hasSize(8 * 28 * 28);
    for (int b = 0; b < one.size(); b++) {
      assertThat(four.get(b).ids()).isEqualTo(one.get(b).ids());
      assertThat(four.get(b).labels()).isEqualTo(one.get(b).labels());
      assertThat(four.get(b).pixels()).isEqualTo(one.get(b).pixels());
    }
    List<String> ids = one.stream().flatMap(b -> b.ids().stream()).toList();
    assertThat(ids)
        .hasSize(37)
        .doesNotHaveDuplicates()
        .isNotEqualTo(ds.images().stream().map(LabeledImage::id).toList());
  }

  @Test
  void convertsChannelsAndHonoursExplicitOrderAndDropLast() {
    ImageDataset ds = randomImages(10);
    try (BatchLoader loader =
        BatchLoader.builder(ds)
            .batchSize(4)
            .order(new int[] {9, 9, 1, 2, 3, 4})
            .normalizer(Normalizer.imagenet())
            .dropLast(true)
            .threads(2)
            .build()) {
      BatchLoader.Batch batch = loader.next();
      assertThat(batch.channels()).isEqualTo(3);
      assertThat(batch.ids()).containsExactly("img9", "img9", "img1", "img2");
      assertThat(loader.hasNext()).isFalse();
    }
  }

  @Test
  void workerFailureNamesTheImage() {
    List<LabeledImage> images = new ArrayList<>(randomImages(6).images());
    images.set(
        4,
        new LabeledImage(
            "broken.png",
            0,
            () -> {
              throw new MlException("cannot decode image broken.png: bad data");
            }));
    ImageDataset ds = new ImageDataset("bad", List.of("a", "b", "c"), images);
    try (BatchLoader loader =
        BatchLoader.builder(ds).batchSize(2).normalizer(Normalizer.unit(1)).threads(3).build()) {
      assertThat(loader.next().size()).isEqualTo(2);
      assertThat(loader.next().size()).isEqualTo(2);
      assertThatThrownBy(loader::next)
          .isInstanceOf(MlException.class)
          .hasMessageContaining("broken.png")
          .hasMessageContaining("bad data");
      assertThat(loader.hasNext()).isFalse();
    }
  }

  @Test
  void rejectsMixedSizesWithoutResize() {
    PixelImage small = new PixelImage(2, 2, 1, new byte[4]);
    PixelImage big = new PixelImage(3, 3, 1, new byte[9]);
    ImageDataset ds =
        new ImageDataset(
            "mixed",
            List.of("a", "b"),
            List.of(new LabeledImage("s", 0, () -> small), new LabeledImage("big", 1, () -> big)));
    try (BatchLoader loader =
        BatchLoader.builder(ds).batchSize(2).normalizer(Normalizer.unit(1)).build()) {
      assertThatThrownBy(loader::next).hasMessageContaining("image big is 3x3");
    }
    assertThatThrownBy(() -> BatchLoader.builder(ds).build()).hasMessageContaining("normalizer");
  }
}
