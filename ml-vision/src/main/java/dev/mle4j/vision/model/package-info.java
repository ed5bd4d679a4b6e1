/**
 * Networks: the from-scratch {@link dev.mle4j.vision.model.SimpleCnn}, pretrained ImageNet
 * backbones with a new head, and the {@link dev.mle4j.vision.model.Network} split into features and
 * head that fine-tuning and Grad-CAM rely on.
 */
package dev.mle4j.vision.model;
