/**
 * Evaluation of image classifiers: predictions and metrics over a data set ({@link
 * dev.mle4j.vision.eval.Evaluation}), Grad-CAM heat maps ({@link dev.mle4j.vision.eval.GradCam}),
 * charts and galleries ({@link dev.mle4j.vision.eval.VisionCharts}), latency ({@link
 * dev.mle4j.vision.eval.Latency}) and the run's {@code report.html} ({@link
 * dev.mle4j.vision.eval.VisionReport}).
 */
package dev.mle4j.vision.eval;
