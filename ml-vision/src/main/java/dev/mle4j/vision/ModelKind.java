package dev.mle4j.vision;

/** Which network a training run builds. */
public enum ModelKind {
  /** The small CNN trained from random weights ({@link dev.mle4j.vision.model.SimpleCnn}). */
  CNN,
  /**
   * EfficientNet-Lite0 with ImageNet weights and a new head ({@link
   * dev.mle4j.vision.model.EfficientNetLite0}).
   */
  PRETRAINED
}
