/**
 * Image classification with transfer learning: datasets ({@code data}), augmentation ({@code
 * transform}), networks trained from scratch or on a pretrained ImageNet backbone ({@code model}),
 * the training loop ({@code train}), evaluation with Grad-CAM ({@code eval}) and serving ({@code
 * serving}). Training and inference run on DJL's PyTorch engine (CPU).
 */
package dev.mle4j.vision;
