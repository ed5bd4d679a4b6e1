package dev.mle4j.vision.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransformsTest {

  static PixelImage random(int w, int h, int c, long seed) {
    byte[] px = new byte[w * h * c];
    new Random(seed).nextBytes(px);
    return new PixelImage(w, h, c, px);
  }

  @Test
  void flipTwiceIsIdentityAndFlipMirrors() {
    PixelImage img = random(5, 3, 3, 1);
    HorizontalFlip flip = new HorizontalFlip(1);
    PixelImage once = flip.apply(img, new Random(0));
    assertThat(once.get(0, 1, 2)).isEqualTo(img.get(4, 1, 2));
    assertThat(once.pixels()).isNotEqualTo(img.pixels());
    assertThat(flip.apply(once, new Random(0)).pixels()).isEqualTo(img.pixels());
    assertThat(new HorizontalFlip(0).apply(img, new Random(0))).isSameAs(img);
  }

  @Test
  void rotationByZeroIsIdentityAndBy90MovesPixels() {
    PixelImage img = random(6, 6, 1, 2);
    assertThat(new RandomRotation(0, RandomRotation.Fill.ZERO).apply(img, new Random(1)).pixels())
        .isEqualTo(img.pixels());
    PixelImage r = RandomRotation.rotate(img, 90, RandomRotation.Fill.ZERO);
    // counter-clockwise by 90: the top-right pixel moves to the top-left
    assertThat(r.get(0, 0, 0)).isEqualTo(img.get(5, 0, 0));
    assertThat(r.get(0, 5, 0)).isEqualTo(img.get(0, 0, 0));
    PixelImage rotated = new RandomRotation(30, RandomRotation.Fill.EDGE).apply(img, new Random(4));
    assertThat(rotated.width()).isEqualTo(6);
    assertThat(rotated.height()).isEqualTo(6);
  }

  @Test
  void resizeAndCenterCropSizes() {
    PixelImage img = random(40, 30, 3, 3);
    PixelImage resized = Resize.shorterSide(15).apply(img, new Random(0));
    assertThat(resized.width()).isEqualTo(20);
    assertThat(resized.height()).isEqualTo(15);
    PixelImage up = Resize.to(56, 56).apply(random(28, 28, 1, 5), new Random(0));
    assertThat(up.width()).isEqualTo(56);
    PixelImage crop = CenterCrop.square(10).apply(img, new Random(0));
    assertThat(crop.width()).isEqualTo(10);
    assertThat(crop.height()).isEqualTo(10);
    assertThat(crop.get(0, 0, 1)).isEqualTo(img.get(15, 10, 1));
    PixelImage padded = new CenterCrop(44, 30).apply(img, new Random(0));
    assertThat(padded.get(0, 0, 0)).isZero();
    assertThat(padded.get(2, 0, 0)).isEqualTo(img.get(0, 0, 0));
  }

  @Test
  void resizeKeepsConstantImagesConstantAndAveragesWhenHalving() {
    PixelImage gray = new PixelImage(8, 8, 1, filled(64, 77));
    assertThat(Resize.to(3, 5).apply(gray, new Random(0)).pixels()).containsOnly(77);
    assertThat(Resize.to(20, 13).apply(gray, new Random(0)).pixels()).containsOnly(77);
    // 2x1 -> 1x1 averages the two pixels
    PixelImage two = new PixelImage(2, 1, 1, new byte[] {100, (byte) 200});
    assertThat(Resize.to(1, 1).apply(two, new Random(0)).get(0, 0, 0)).isEqualTo(150);
  }

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }

  @Test
  void normalizerValuesAreExactAndChannelFirst() {
    // 2x1 RGB: pixel0 = (0, 51, 255), pixel1 = (255, 102, 0)
    PixelImage img = new PixelImage(2, 1, 3, new byte[] {0, 51, (byte) 255, (byte) 255, 102, 0});
    Normalizer n = new Normalizer(new float[] {0.5f, 0.2f, 0f}, new float[] {0.5f, 0.1f, 1f});
    float[] out = n.apply(img);
    assertThat(out[0]).isCloseTo(-1f, within(1e-6f)); // R of pixel0
    assertThat(out[1]).isCloseTo(1f, within(1e-6f)); // R of pixel1
    assertThat(out[2]).isCloseTo(0f, within(1e-6f)); // G of pixel0: (0.2 - 0.2) / 0.1
    assertThat(out[3]).isCloseTo(2f, within(1e-5f)); // G of pixel1: (0.4 - 0.2) / 0.1
    assertThat(out[4]).isCloseTo(1f, within(1e-6f));
    assertThat(out[5]).isCloseTo(0f, within(1e-6f));
    float[] batch = new float[14];
    n.apply(img, batch, 8);
    assertThat(batch[8]).isCloseTo(-1f, within(1e-6f));
    assertThat(n.applyAll(List.of(img, img))).hasSize(12);
    assertThatThrownBy(() -> Normalizer.fashionMnist().apply(img))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("expects 1 channel");
  }

  @Test
  void randomResizedCropSizeAndDeterminism() {
    PixelImage img = random(64, 48, 3, 6);
    RandomResizedCrop rrc = RandomResizedCrop.of(32);
    for (int seed = 0; seed < 20; seed++) {
      PixelImage a = rrc.apply(img, new Random(seed));
      assertThat(a.width()).isEqualTo(32);
      assertThat(a.height()).isEqualTo(32);
      assertThat(rrc.apply(img, new Random(seed)).pixels()).isEqualTo(a.pixels());
    }
    assertThat(rrc.apply(img, new Random(1)).pixels())
        .isNotEqualTo(rrc.apply(img, new Random(2)).pixels());
    assertThatThrownBy(() -> new RandomResizedCrop(32, 0.5, 0.2, 1, 1))
        .hasMessageContaining("scale range");
  }

  @Test
  void presetsAreSeededAndSized() {
    PixelImage fashion = random(28, 28, 1, 7);
    ImageTransform small = Augmentations.training(InputKind.SMALL_GRAYSCALE, 28);
    PixelImage a = small.apply(fashion, new Random(9));
    assertThat(a.width()).isEqualTo(28);
    assertThat(a.channels()).isEqualTo(1);
    assertThat(small.apply(fashion, new Random(9)).pixels()).isEqualTo(a.pixels());
    PixelImage photo = random(120, 90, 3, 8);
    ImageTransform train = Augmentations.training(InputKind.PHOTO, 64);
    PixelImage b = train.apply(photo, new Random(9));
    assertThat(b.width()).isEqualTo(64);
    assertThat(b.height()).isEqualTo(64);
    assertThat(train.apply(photo, new Random(9)).pixels()).isEqualTo(b.pixels());
    PixelImage eval = Augmentations.evaluation(64).apply(photo, new Random(0));
    assertThat(eval.width()).isEqualTo(64);
    assertThat(eval.height()).isEqualTo(64);
    assertThat(Augmentations.evaluation(64).apply(fashion, new Random(0)).width()).isEqualTo(64);
  }

  @Test
  void colorJitterIsANoOpOnGrayscaleAndChangesColour() {
    ColorJitter jitter = new ColorJitter(0.5, 0.5, 0.5);
    PixelImage gray = random(4, 4, 1, 1);
    assertThat(jitter.apply(gray, new Random(1))).isSameAs(gray);
    PixelImage rgb = random(8, 8, 3, 2);
    PixelImage out = jitter.apply(rgb, new Random(1));
    assertThat(out.pixels()).isNotEqualTo(rgb.pixels());
    assertThat(new ColorJitter(0, 0, 0).apply(rgb, new Random(1)).pixels()).isEqualTo(rgb.pixels());
  }

  @Test
  void randomCropWithPaddingKeepsSizeAndShiftsContent() {
    PixelImage img = random(28, 28, 1, 3);
    RandomCrop crop = RandomCrop.keepSize(2);
    boolean shifted = false;
    for (int seed = 0; seed < 10; seed++) {
      PixelImage out = crop.apply(img, new Random(seed));
      assertThat(out.width()).isEqualTo(28);
      shifted |= !java.util.Arrays.equals(out.pixels(), img.pixels());
    }
    assertThat(shifted).isTrue();
    assertThat(new RandomCrop(4, 4, 0).apply(random(4, 4, 1, 1), new Random(0)).width())
        .isEqualTo(4);
    assertThatThrownBy(() -> new RandomCrop(40, 40, 2).apply(img, new Random(0)))
        .hasMessageContaining("does not fit");
  }
}
