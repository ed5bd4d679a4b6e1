package dev.mle4j.vision.transform;

/** The kind of images a data set holds, which decides the augmentation preset. */
public enum InputKind {
  /**
   * Small centred grayscale images such as Fashion-MNIST (28x28): geometric jitter only, no colour
   * changes, no large crops that would cut the object.
   */
  SMALL_GRAYSCALE,
  /** Natural photos of any size such as ants vs bees: ImageNet-style augmentation. */
  PHOTO
}
