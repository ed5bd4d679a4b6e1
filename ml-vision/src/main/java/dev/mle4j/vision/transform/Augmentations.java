package dev.mle4j.vision.transform;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.PixelImage;
import java.util.Objects;
import java.util.Random;

/**
 * Augmentation presets per domain.
 *
 * <ul>
 *   <li>{@link InputKind#SMALL_GRAYSCALE} training: random crop of the image's own size after
 *       padding by 2, horizontal flip with p = 0.5, then resize to {@code size} if it differs; no
 *       colour jitter (it is a no-op on grayscale anyway) and no rotation.
 *   <li>{@link InputKind#PHOTO} training: {@link RandomResizedCrop} to {@code size} (scale 0.08-1,
 *       ratio 3/4-4/3), horizontal flip p = 0.5, rotation within ±15° (edge fill), colour jitter
 *       0.2 for brightness, contrast and saturation.
 *   <li>Evaluation: photos are resized so the shorter side is {@code size * 256 / 224} and centre
 *       cropped to {@code size}; small images are resized to {@code size x size}.
 * </ul>
 */
public final class Augmentations {

  private Augmentations() {}

  /**
   * The training preset for a kind of input.
   *
   * @param kind what the images are
   * @param size output side length
   * @return the transform
   */
  public static ImageTransform training(InputKind kind, int size) {
    Objects.requireNonNull(kind, "kind");
    requireSize(size);
    return switch (kind) {
      case SMALL_GRAYSCALE ->
          RandomCrop.keepSize(2).then(new HorizontalFlip(0.5)).then(Resize.to(size, size));
      case PHOTO ->
          RandomResizedCrop.of(size)
              .then(new HorizontalFlip(0.5))
              .then(new RandomRotation(15, RandomRotation.Fill.EDGE))
              .then(new ColorJitter(0.2, 0.2, 0.2));
      default -> throw new MlException("unknown input kind " + kind);
    };
  }

  /**
   * The evaluation preset for a kind of input (deterministic; ignores the random source).
   *
   * @param kind what the images are
   * @param size output side length
   * @return the transform
   */
  public static ImageTransform evaluation(InputKind kind, int size) {
    Objects.requireNonNull(kind, "kind");
    requireSize(size);
    return switch (kind) {
      case SMALL_GRAYSCALE -> Resize.to(size, size);
      case PHOTO -> Resize.shorterSide(size * 256 / 224).then(CenterCrop.square(size));
      default -> throw new MlException("unknown input kind " + kind);
    };
  }

  /**
   * The evaluation preset chosen per image: an image whose shorter side is at most {@code size}
   * (e.g. 28x28 Fashion-MNIST) is resized to {@code size x size}; a larger one (a photo) gets the
   * {@link InputKind#PHOTO} resize plus centre crop.
   *
   * @param size output side length
   * @return the transform
   */
  public static ImageTransform evaluation(int size) {
    requireSize(size);
    ImageTransform small = evaluation(InputKind.SMALL_GRAYSCALE, size);
    ImageTransform photo = evaluation(InputKind.PHOTO, size);
    return (PixelImage image, Random random) ->
        Math.min(image.width(), image.height()) <= size
            ? small.apply(image, random)
            : photo.apply(image, random);
  }

  private static void requireSize(int size) {
    if (size < 1) {
      throw new MlException("augmentation output size must be positive, got " + size);
    }
  }
}
