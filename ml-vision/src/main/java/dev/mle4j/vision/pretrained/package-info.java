/**
 * Pretrained weights: a safe reader for PyTorch checkpoints ({@link
 * dev.mle4j.vision.pretrained.TorchCheckpoint}, legacy and zip formats, no arbitrary code) and the
 * locator of the EfficientNet-Lite0 ImageNet checkpoint ({@link
 * dev.mle4j.vision.pretrained.PretrainedWeights}).
 */
package dev.mle4j.vision.pretrained;
