/**
 * Reading ONNX models without an ONNX library: {@link dev.mle4j.nlp.onnx.OnnxWeights} decodes the
 * initializers (weights) and node list of a {@code .onnx} file, e.g. to load pretrained encoder
 * weights into a DJL block or to take the word-embedding table of a sentence encoder.
 */
package dev.mle4j.nlp.onnx;
