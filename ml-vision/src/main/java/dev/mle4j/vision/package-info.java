/**
 * Image classification with transfer learning (datasets, augmentation, CNNs, Grad-CAM). The
 * capability lands with its own issue; this module fixes its place in the build.
 */
package dev.mle4j.vision;
